#pragma once

#include <QString>

// A second host for tests: a network namespace joined to this one by a veth pair,
// so that a client inside it reaches the server from a non-loopback address.
// Needs CAP_NET_ADMIN (root); ok() is false otherwise, with the reason in error().
class NetNamespace final
{
public:
    NetNamespace();
    ~NetNamespace();
    NetNamespace(const NetNamespace &) = delete;
    NetNamespace &operator=(const NetNamespace &) = delete;

    bool ok() const { return m_ok; }
    QString error() const { return m_error; }
    QString hostAddress() const { return m_hostAddress; } // our side of the link
    QString peerAddress() const { return m_peerAddress; } // the namespace's side
    QString name() const { return m_name; }               // for `ip netns exec <name> ...`
    QString hostInterface() const { return m_hostIf; }    // our end of the veth pair
    QString peerInterface() const { return m_peerIf; }    // the namespace's end

    // Runs a program inside the namespace; returns its stdout (exit code in *code).
    QByteArray run(const QStringList &command, int *code = nullptr, int timeoutMs = 15000) const;

private:
    bool ip(const QStringList &args, bool inside = false);

    QString m_name;
    QString m_hostIf;
    QString m_peerIf;
    QString m_hostAddress;
    QString m_peerAddress;
    bool m_ok = false;
    QString m_error;
};
