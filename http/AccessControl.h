#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QReadWriteLock>
#include <QUrlQuery>

namespace camhub {

struct HttpRequest;

// Who may use the hub. Loopback clients need nothing (the seed's curl examples keep
// working). Anyone else must present the access token: "Authorization: Bearer <t>",
// the camhub_token cookie, or "?token=<t>" once (which sets that HttpOnly cookie).
// State-changing requests whose Origin is not the hub itself are refused, so a web
// page elsewhere cannot drive the user's browser against the hub, and tokenless
// requests must name the hub by address or "localhost" (a DNS-rebinding page names it
// by its own host name). Thread-safe.
class AccessControl final
{
public:
    static constexpr char kCookieName[] = "camhub_token";

    enum class Verdict
    {
        Allow,
        Unauthorized,
        ForeignOrigin,
        ForeignHost
    };

    explicit AccessControl(QByteArray token = {});

    QByteArray token() const;
    void setToken(QByteArray token);
    static QByteArray generateToken(); // 32 random bytes, base64url

    // setCookie: filled when the request authenticated with ?token= (a Set-Cookie value).
    Verdict check(const QByteArray &method, const QHostAddress &remote,
                  const QList<QPair<QByteArray, QByteArray>> &headers, const QUrlQuery &query,
                  QByteArray *setCookie = nullptr) const;
    Verdict check(const HttpRequest &request, QByteArray *setCookie = nullptr) const;

    static bool isLoopback(const QHostAddress &address);
    // "127.0.0.1:5001", "[::1]:5001", "localhost:5001", "192.168.1.5": not a DNS name.
    static bool hostIsAddress(const QByteArray &hostHeader);

private:
    bool matches(const QByteArray &candidate) const; // constant time

    mutable QReadWriteLock m_lock;
    QByteArray m_token;
};

} // namespace camhub
