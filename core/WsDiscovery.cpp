#include "WsDiscovery.h"

#include "Log.h"
#include "XmlElement.h"

#include <QNetworkDatagram>
#include <QNetworkInterface>
#include <QUdpSocket>
#include <QUuid>

namespace camhub {

WsDiscovery::WsDiscovery(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<QList<camhub::Onvif::ProbeMatch>>();
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        for (QUdpSocket *s : std::as_const(m_sockets))
            s->close();
        emit finished(m_found);
    });
}

void WsDiscovery::start(int durationMs)
{
    m_messageId = QStringLiteral("urn:uuid:") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QByteArray probe = Onvif::probe(m_messageId);
    const QHostAddress group(QStringLiteral("239.255.255.250"));
    for (const QNetworkInterface &iface : QNetworkInterface::allInterfaces()) {
        const auto flags = iface.flags();
        if (!(flags & QNetworkInterface::IsUp) || !(flags & QNetworkInterface::IsRunning) ||
            !(flags & QNetworkInterface::CanMulticast) || (flags & QNetworkInterface::IsLoopBack))
            continue;
        if (!m_interfaces.isEmpty() && !m_interfaces.contains(iface.name()))
            continue;
        for (const QNetworkAddressEntry &entry : iface.addressEntries()) {
            if (entry.ip().protocol() != QAbstractSocket::IPv4Protocol)
                continue;
            auto *socket = new QUdpSocket(this);
            if (!socket->bind(entry.ip(), 0)) {
                delete socket;
                continue;
            }
            socket->setMulticastInterface(iface);
            socket->setSocketOption(QAbstractSocket::MulticastTtlOption, 1); // this link only
            connect(socket, &QUdpSocket::readyRead, this, [this, socket] { read(socket); });
            // UDP may drop one: send twice, as the spec suggests.
            socket->writeDatagram(probe, group, 3702);
            socket->writeDatagram(probe, group, 3702);
            m_sockets.append(socket);
        }
    }
    qCInfo(lcConfig) << "ONVIF discovery on" << m_sockets.size() << "address(es)";
    m_timer.start(durationMs);
}

void WsDiscovery::read(QUdpSocket *socket)
{
    while (socket->hasPendingDatagrams()) {
        const QNetworkDatagram d = socket->receiveDatagram(65536);
        const auto env = XmlElement::parse(d.data());
        if (!env)
            continue;
        // Answers to someone else's probe are fine too, but not our own probe echoed.
        for (Onvif::ProbeMatch &m : Onvif::probeMatches(*env)) {
            const bool known = std::any_of(m_found.cbegin(), m_found.cend(), [&](const auto &f) {
                return (!m.endpoint.isEmpty() && f.endpoint == m.endpoint) || f.xaddrs == m.xaddrs;
            });
            if (!known)
                m_found.append(std::move(m));
        }
    }
}

} // namespace camhub
