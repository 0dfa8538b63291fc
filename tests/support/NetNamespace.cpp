#include "NetNamespace.h"

#include <QCoreApplication>
#include <QProcess>

NetNamespace::NetNamespace()
{
    const qint64 pid = QCoreApplication::applicationPid();
    m_name = QStringLiteral("camhub-test-%1").arg(pid);
    m_hostIf = QStringLiteral("chh%1").arg(pid % 100000);
    const QString peerIf = QStringLiteral("chn%1").arg(pid % 100000);
    m_peerIf = peerIf;
    // A /30 from TEST-NET-2 that exists only on this veth pair.
    const int octet = int(pid % 60) * 4;
    m_hostAddress = QStringLiteral("198.51.100.%1").arg(octet + 1);
    m_peerAddress = QStringLiteral("198.51.100.%1").arg(octet + 2);
    m_ok =
        ip({QStringLiteral("netns"), QStringLiteral("add"), m_name}) &&
        ip({QStringLiteral("link"), QStringLiteral("add"), m_hostIf, QStringLiteral("type"),
            QStringLiteral("veth"), QStringLiteral("peer"), QStringLiteral("name"), peerIf}) &&
        ip({QStringLiteral("link"), QStringLiteral("set"), peerIf, QStringLiteral("netns"),
            m_name}) &&
        ip({QStringLiteral("addr"), QStringLiteral("add"), m_hostAddress + QStringLiteral("/30"),
            QStringLiteral("dev"), m_hostIf}) &&
        ip({QStringLiteral("link"), QStringLiteral("set"), m_hostIf, QStringLiteral("up")}) &&
        ip({QStringLiteral("addr"), QStringLiteral("add"), m_peerAddress + QStringLiteral("/30"),
            QStringLiteral("dev"), peerIf},
           true) &&
        ip({QStringLiteral("link"), QStringLiteral("set"), peerIf, QStringLiteral("up")}, true) &&
        ip({QStringLiteral("link"), QStringLiteral("set"), QStringLiteral("lo"),
            QStringLiteral("up")},
           true);
}

NetNamespace::~NetNamespace()
{
    QProcess::execute(QStringLiteral("ip"),
                      {QStringLiteral("link"), QStringLiteral("del"), m_hostIf});
    QProcess::execute(QStringLiteral("ip"),
                      {QStringLiteral("netns"), QStringLiteral("del"), m_name});
}

bool NetNamespace::ip(const QStringList &args, bool inside)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    if (inside)
        p.start(QStringLiteral("ip"), QStringList{QStringLiteral("netns"), QStringLiteral("exec"),
                                                  m_name, QStringLiteral("ip")} +
                                          args);
    else
        p.start(QStringLiteral("ip"), args);
    if (!p.waitForFinished(10000) || p.exitCode() != 0) {
        m_error = QStringLiteral("ip %1: %2")
                      .arg(args.join(u' '), QString::fromLocal8Bit(p.readAll()).trimmed());
        return false;
    }
    return true;
}

QByteArray NetNamespace::run(const QStringList &command, int *code, int timeoutMs) const
{
    QProcess p;
    p.start(QStringLiteral("ip"),
            QStringList{QStringLiteral("netns"), QStringLiteral("exec"), m_name} + command);
    p.waitForFinished(timeoutMs);
    if (code)
        *code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return p.readAllStandardOutput();
}
