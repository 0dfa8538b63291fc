#include "AccessControl.h"

#include "HttpRequest.h"

#include <QRandomGenerator>
#include <QUrl>

namespace camhub {

namespace {

QByteArray headerValue(const QList<QPair<QByteArray, QByteArray>> &headers, const char *name)
{
    for (const auto &h : headers)
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    return {};
}

QByteArray cookieValue(const QByteArray &cookieHeader, const QByteArray &name)
{
    for (const QByteArray &part : cookieHeader.split(';')) {
        const QByteArray item = part.trimmed();
        if (item.startsWith(name + '='))
            return item.mid(name.size() + 1);
    }
    return {};
}

} // namespace

AccessControl::AccessControl(QByteArray token) : m_token(std::move(token))
{
}

QByteArray AccessControl::token() const
{
    QReadLocker lock(&m_lock);
    return m_token;
}

void AccessControl::setToken(QByteArray token)
{
    QWriteLocker lock(&m_lock);
    m_token = std::move(token);
}

QByteArray AccessControl::generateToken()
{
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()),
                                          bytes.size() / 4);
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

bool AccessControl::isLoopback(const QHostAddress &address)
{
    bool mapped = false;
    const QHostAddress v4(address.toIPv4Address(&mapped));
    return address.isLoopback() || (mapped && v4.isLoopback());
}

bool AccessControl::hostIsAddress(const QByteArray &hostHeader)
{
    QByteArray host = hostHeader.trimmed();
    if (host.startsWith('[')) {
        host = host.mid(1, host.indexOf(']') - 1);
    } else if (host.count(':') == 1) {
        host = host.left(host.indexOf(':'));
    }
    if (host.isEmpty() || host.compare("localhost", Qt::CaseInsensitive) == 0)
        return true; // HTTP/1.0 without Host, or the loopback name
    return !QHostAddress(QString::fromLatin1(host)).isNull();
}

bool AccessControl::matches(const QByteArray &candidate) const
{
    QReadLocker lock(&m_lock);
    if (m_token.isEmpty() || candidate.size() != m_token.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < candidate.size(); ++i)
        diff |= static_cast<unsigned char>(candidate[i] ^ m_token[i]);
    return diff == 0;
}

AccessControl::Verdict AccessControl::check(const QByteArray &method, const QHostAddress &remote,
                                            const QList<QPair<QByteArray, QByteArray>> &headers,
                                            const QUrlQuery &query, QByteArray *setCookie) const
{
    // Cross-site requests that change state: refused for everyone, loopback included.
    const QByteArray origin = headerValue(headers, "Origin");
    const bool changesState = method != "GET" && method != "HEAD" && method != "OPTIONS";
    if (changesState && !origin.isEmpty()) {
        const QUrl o(QString::fromLatin1(origin));
        const QByteArray host = headerValue(headers, "Host");
        QByteArray hostPart = o.host().toLatin1();
        if (hostPart.contains(':'))
            hostPart = '[' + hostPart + ']'; // IPv6, as in a Host header
        const QByteArray originHost =
            hostPart + (o.port() > 0 ? ':' + QByteArray::number(o.port()) : QByteArray());
        if (origin == "null" || host.isEmpty() ||
            originHost.compare(host, Qt::CaseInsensitive) != 0)
            return Verdict::ForeignOrigin;
    }
    const QByteArray auth = headerValue(headers, "Authorization");
    const bool hasToken = (auth.startsWith("Bearer ") && matches(auth.mid(7).trimmed())) ||
                          matches(cookieValue(headerValue(headers, "Cookie"), kCookieName));
    if (isLoopback(remote))
        return hasToken || hostIsAddress(headerValue(headers, "Host")) ? Verdict::Allow
                                                                       : Verdict::ForeignHost;

    if (auth.startsWith("Bearer ") && matches(auth.mid(7).trimmed()))
        return Verdict::Allow;
    if (matches(cookieValue(headerValue(headers, "Cookie"), kCookieName)))
        return Verdict::Allow;
    const QByteArray fromQuery = query.queryItemValue(QStringLiteral("token")).toLatin1();
    if (matches(fromQuery)) {
        if (setCookie)
            *setCookie = QByteArray(kCookieName) + '=' + fromQuery +
                         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=31536000";
        return Verdict::Allow;
    }
    return Verdict::Unauthorized;
}

AccessControl::Verdict AccessControl::check(const HttpRequest &request, QByteArray *setCookie) const
{
    return check(request.method, request.remote, request.headers, request.query, setCookie);
}

} // namespace camhub
