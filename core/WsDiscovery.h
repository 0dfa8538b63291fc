#pragma once

#include "OnvifMessages.h"

#include <QList>
#include <QObject>
#include <QStringList>
#include <QTimer>

QT_BEGIN_NAMESPACE
class QUdpSocket;
QT_END_NAMESPACE

namespace camhub {

// WS-Discovery for ONVIF cameras: a Probe for NetworkVideoTransmitter sent to
// 239.255.255.250:3702 from every usable IPv4 interface (or only the ones named),
// answers collected for a few seconds. Asynchronous; emits finished() once.
class WsDiscovery final : public QObject
{
    Q_OBJECT

public:
    explicit WsDiscovery(QObject *parent = nullptr);

    void setInterfaces(const QStringList &names) { m_interfaces = names; }
    void start(int durationMs = 3000);

signals:
    void finished(const QList<camhub::Onvif::ProbeMatch> &devices);

private:
    void read(QUdpSocket *socket);

    QStringList m_interfaces;
    QList<QUdpSocket *> m_sockets;
    QList<Onvif::ProbeMatch> m_found;
    QTimer m_timer;
    QString m_messageId;
};

} // namespace camhub
