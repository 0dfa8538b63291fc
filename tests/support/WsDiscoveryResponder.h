#pragma once

#include <QHostAddress>
#include <QObject>
#include <QString>
#include <QStringList>

class QUdpSocket;

// Answers WS-Discovery (2005/04, SOAP 1.2 over UDP) Probes like an ONVIF
// NetworkVideoTransmitter: a ProbeMatches is sent unicast to the Probe's source
// address and port, RelatesTo = the Probe's MessageID, with the endpoint's urn:uuid,
// Types "dn:NetworkVideoTransmitter tds:Device", the onvif:// Scopes and the XAddrs.
//
// A Probe matches when each of its Types (QNames, resolved namespace-aware) is one of
// ours and each of its Scopes matches one of ours (MatchBy rfc2396 prefix match, the
// default, or strcmp0). Non-matching Probes, Hellos, Byes and ProbeMatches are ignored.
//
// Multicast (239.255.255.250:3702) is only for a network namespace a test creates: run
// the wsd_responder program inside it (see wsd_responder_main.cpp) or create this class
// in-process with joinMulticast = false and bindAddress = 127.0.0.1, port 0, and send it
// a directed (unicast) Probe. The object serves on the thread it lives in (event loop).
class WsDiscoveryResponder final : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QStringList
            xaddrs; // device service URLs, e.g. http://198.51.100.2:8080/onvif/device_service
        QString name = QStringLiteral("Simulated Camera"); // scope .../name/<percent-encoded>
        QString hardware = QStringLiteral("SIM-1000");     // scope .../hardware/<percent-encoded>
        QString location = QStringLiteral("lab"); // scope .../location/<percent-encoded>; "" = none
        QStringList extraScopes;                  // added verbatim
        QString endpointUuid; // "" = a random one; EndpointReference/Address = urn:uuid:<it>
        QHostAddress bindAddress = QHostAddress(QHostAddress::AnyIPv4);
        quint16 port = 3702; // 0: a free port (directed probes only)
        bool joinMulticast = true;
        QString interfaceName; // join 239.255.255.250 on this interface ("" = the one owning
                               // bindAddress, or the system's choice)
        int answerDelayMs =
            0; // WS-Discovery allows a random delay up to 500 ms; 0 = answer at once
    };

    explicit WsDiscoveryResponder(const Options &options, QObject *parent = nullptr);
    ~WsDiscoveryResponder() override;

    bool start(QString *error = nullptr);

    quint16 port() const;            // the local UDP port
    QString endpointAddress() const; // urn:uuid:...
    QStringList scopes() const;
    int probesReceived() const { return m_probes; }
    int matchesSent() const { return m_matches; }

    // A WS-Discovery 2005/04 Probe for dn:NetworkVideoTransmitter (for tests and tools).
    static QByteArray
    probeMessage(const QString &messageId,
                 const QString &types = QStringLiteral("dn:NetworkVideoTransmitter"),
                 const QStringList &scopes = {});

    static QHostAddress multicastGroup() { return QHostAddress(QStringLiteral("239.255.255.250")); }

signals:
    void probeAnswered(const QHostAddress &to, quint16 port, const QString &relatesTo);
    void probeIgnored(const QHostAddress &from, const QString &why);

private:
    void onReadyRead();
    void handleDatagram(const QByteArray &data, const QHostAddress &from, quint16 fromPort);
    QByteArray probeMatches(const QString &relatesTo);

    Options m_options;
    QUdpSocket *m_socket = nullptr;
    QString m_uuid;
    quint32 m_instanceId = 0;
    quint32 m_messageNumber = 0;
    int m_probes = 0;
    int m_matches = 0;
};
