#include "WsDiscoveryResponder.h"

#include "OnvifNamespaces.h"

#include <QDateTime>
#include <QHash>
#include <QNetworkDatagram>
#include <QNetworkInterface>
#include <QRegularExpression>
#include <QTimer>
#include <QUdpSocket>
#include <QUrl>
#include <QUuid>
#include <QXmlStreamReader>

namespace {

using namespace OnvifNs;

const QString kMatchByRfc2396 =
    QStringLiteral("http://schemas.xmlsoap.org/ws/2005/04/discovery/rfc2396");
const QString kMatchByStrcmp0 =
    QStringLiteral("http://schemas.xmlsoap.org/ws/2005/04/discovery/strcmp0");

QString escape(const QString &s)
{
    QString out = s;
    out.replace(QLatin1Char('&'), QLatin1String("&amp;"));
    out.replace(QLatin1Char('<'), QLatin1String("&lt;"));
    out.replace(QLatin1Char('>'), QLatin1String("&gt;"));
    out.replace(QLatin1Char('"'), QLatin1String("&quot;"));
    return out;
}

QString newUrnUuid()
{
    return QStringLiteral("urn:uuid:") + QUuid::createUuid().toString(QUuid::WithoutBraces);
}

struct Probe
{
    bool isProbe = false;
    QString messageId;
    bool hasTypes = false;
    QList<QPair<QString, QString>> types; // (namespace, local name)
    QStringList unresolved;               // QNames with an unbound prefix
    bool hasScopes = false;
    QStringList scopes;
    QString matchBy;
    QString error;
};

Probe parseProbe(const QByteArray &data)
{
    Probe p;
    QXmlStreamReader r(data);
    QList<QHash<QString, QString>> scopesStack; // prefix -> namespace, per open element
    QList<QPair<QString, QString>> path;        // (namespace, local name)
    QString text;
    auto resolve = [&scopesStack](const QString &prefix, bool *ok) {
        for (qsizetype i = scopesStack.size() - 1; i >= 0; --i) {
            const auto it = scopesStack[i].constFind(prefix);
            if (it != scopesStack[i].constEnd()) {
                *ok = true;
                return it.value();
            }
        }
        *ok = prefix.isEmpty(); // an unprefixed QName without a default namespace has none
        return QString();
    };
    auto at = [&path](std::initializer_list<QPair<QString, QString>> expected) {
        if (path.size() != qsizetype(expected.size()))
            return false;
        qsizetype i = 0;
        for (const auto &e : expected) {
            if (path[i].second != e.second || (!e.first.isEmpty() && path[i].first != e.first))
                return false;
            ++i;
        }
        return true;
    };
    while (!r.atEnd()) {
        r.readNext();
        if (r.isStartElement()) {
            QHash<QString, QString> declarations;
            for (const auto &d : r.namespaceDeclarations())
                declarations.insert(d.prefix().toString(), d.namespaceUri().toString());
            scopesStack.append(declarations);
            path.append({r.namespaceUri().toString(), r.name().toString()});
            text.clear();
            if (at({{kSoap12, QStringLiteral("Envelope")},
                    {kSoap12, QStringLiteral("Body")},
                    {kWsd, QStringLiteral("Probe")}}))
                p.isProbe = true;
            if (at({{kSoap12, QStringLiteral("Envelope")},
                    {kSoap12, QStringLiteral("Body")},
                    {kWsd, QStringLiteral("Probe")},
                    {kWsd, QStringLiteral("Scopes")}}))
                p.matchBy = r.attributes().value(QLatin1String("MatchBy")).toString().trimmed();
        } else if (r.isCharacters()) {
            text += r.text();
        } else if (r.isEndElement()) {
            if (at({{kSoap12, QStringLiteral("Envelope")},
                    {kSoap12, QStringLiteral("Header")},
                    {kWsa, QStringLiteral("MessageID")}})) {
                p.messageId = text.trimmed();
            } else if (at({{kSoap12, QStringLiteral("Envelope")},
                           {kSoap12, QStringLiteral("Body")},
                           {kWsd, QStringLiteral("Probe")},
                           {kWsd, QStringLiteral("Types")}})) {
                p.hasTypes = true;
                for (const QString &qname :
                     text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts)) {
                    const qsizetype colon = qname.indexOf(QLatin1Char(':'));
                    const QString prefix = colon < 0 ? QString() : qname.left(colon);
                    const QString local = colon < 0 ? qname : qname.mid(colon + 1);
                    bool ok = false;
                    const QString ns = resolve(prefix, &ok);
                    if (ok)
                        p.types.append({ns, local});
                    else
                        p.unresolved.append(qname);
                }
            } else if (at({{kSoap12, QStringLiteral("Envelope")},
                           {kSoap12, QStringLiteral("Body")},
                           {kWsd, QStringLiteral("Probe")},
                           {kWsd, QStringLiteral("Scopes")}})) {
                p.hasScopes = true;
                p.scopes =
                    text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
            }
            if (!scopesStack.isEmpty())
                scopesStack.removeLast();
            if (!path.isEmpty())
                path.removeLast();
            text.clear();
        }
    }
    if (r.hasError())
        p.error = r.errorString();
    return p;
}

// RFC 2396 prefix match as WS-Discovery 2005/04 defines it: same scheme and authority
// (case-insensitive), and the probe's path segments are a prefix of the target's.
bool rfc2396Match(const QString &probeScope, const QString &ourScope)
{
    const QUrl a(probeScope);
    const QUrl b(ourScope);
    if (!a.isValid() || !b.isValid())
        return false;
    if (a.scheme().compare(b.scheme(), Qt::CaseInsensitive) != 0 ||
        a.authority(QUrl::FullyEncoded)
                .compare(b.authority(QUrl::FullyEncoded), Qt::CaseInsensitive) != 0)
        return false;
    const QStringList as = a.path(QUrl::FullyEncoded).split(QLatin1Char('/'), Qt::SkipEmptyParts);
    const QStringList bs = b.path(QUrl::FullyEncoded).split(QLatin1Char('/'), Qt::SkipEmptyParts);
    if (as.size() > bs.size())
        return false;
    for (qsizetype i = 0; i < as.size(); ++i)
        if (as[i] != bs[i])
            return false;
    return true;
}

} // namespace

WsDiscoveryResponder::WsDiscoveryResponder(const Options &options, QObject *parent)
    : QObject(parent), m_options(options)
{
    m_uuid = m_options.endpointUuid.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces)
                                              : m_options.endpointUuid;
    m_instanceId = quint32(QDateTime::currentSecsSinceEpoch());
}

WsDiscoveryResponder::~WsDiscoveryResponder() = default;

bool WsDiscoveryResponder::start(QString *error)
{
    auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    delete m_socket;
    m_socket = new QUdpSocket(this);
    if (!m_socket->bind(m_options.bindAddress, m_options.port,
                        QUdpSocket::ShareAddress | QUdpSocket::ReuseAddressHint))
        return fail(QStringLiteral("bind %1:%2: %3")
                        .arg(m_options.bindAddress.toString())
                        .arg(m_options.port)
                        .arg(m_socket->errorString()));
    if (m_options.joinMulticast) {
        QNetworkInterface iface;
        if (!m_options.interfaceName.isEmpty()) {
            iface = QNetworkInterface::interfaceFromName(m_options.interfaceName);
            if (!iface.isValid())
                return fail(
                    QStringLiteral("no network interface \"%1\"").arg(m_options.interfaceName));
        } else if (m_options.bindAddress != QHostAddress(QHostAddress::AnyIPv4) &&
                   m_options.bindAddress != QHostAddress(QHostAddress::Any)) {
            for (const QNetworkInterface &candidate : QNetworkInterface::allInterfaces())
                for (const QNetworkAddressEntry &e : candidate.addressEntries())
                    if (e.ip() == m_options.bindAddress)
                        iface = candidate;
        }
        const bool joined = iface.isValid() ? m_socket->joinMulticastGroup(multicastGroup(), iface)
                                            : m_socket->joinMulticastGroup(multicastGroup());
        if (!joined)
            return fail(
                QStringLiteral("joining %1 on %2: %3")
                    .arg(multicastGroup().toString(),
                         iface.isValid() ? iface.name() : QStringLiteral("the default interface"),
                         m_socket->errorString()));
    }
    connect(m_socket, &QUdpSocket::readyRead, this, &WsDiscoveryResponder::onReadyRead);
    return true;
}

quint16 WsDiscoveryResponder::port() const
{
    return m_socket ? m_socket->localPort() : 0;
}

QString WsDiscoveryResponder::endpointAddress() const
{
    return QStringLiteral("urn:uuid:") + m_uuid;
}

QStringList WsDiscoveryResponder::scopes() const
{
    const QString base = QStringLiteral("onvif://www.onvif.org/");
    QStringList s = {base + QStringLiteral("type/video_encoder"),
                     base + QStringLiteral("Profile/Streaming")};
    if (!m_options.name.isEmpty())
        s.append(base + QStringLiteral("name/") +
                 QString::fromLatin1(QUrl::toPercentEncoding(m_options.name)));
    if (!m_options.hardware.isEmpty())
        s.append(base + QStringLiteral("hardware/") +
                 QString::fromLatin1(QUrl::toPercentEncoding(m_options.hardware)));
    if (!m_options.location.isEmpty())
        s.append(base + QStringLiteral("location/") +
                 QString::fromLatin1(QUrl::toPercentEncoding(m_options.location, "/")));
    s += m_options.extraScopes;
    return s;
}

void WsDiscoveryResponder::onReadyRead()
{
    while (m_socket->hasPendingDatagrams()) {
        const QNetworkDatagram d = m_socket->receiveDatagram();
        if (d.isValid())
            handleDatagram(d.data(), d.senderAddress(), quint16(d.senderPort()));
    }
}

void WsDiscoveryResponder::handleDatagram(const QByteArray &data, const QHostAddress &from,
                                          quint16 fromPort)
{
    const Probe probe = parseProbe(data);
    if (!probe.isProbe)
        return; // Hello, Bye, ProbeMatches, noise
    ++m_probes;
    auto ignore = [&](const QString &why) { emit probeIgnored(from, why); };
    if (!probe.error.isEmpty())
        return ignore(QStringLiteral("malformed Probe: ") + probe.error);
    if (probe.messageId.isEmpty())
        return ignore(QStringLiteral("Probe without wsa:MessageID"));
    if (!probe.unresolved.isEmpty())
        return ignore(QStringLiteral("Types with unbound prefixes: ") +
                      probe.unresolved.join(u' '));
    const QList<QPair<QString, QString>> ours = {{kDn, QStringLiteral("NetworkVideoTransmitter")},
                                                 {kTds, QStringLiteral("Device")}};
    for (const auto &t : probe.types)
        if (!ours.contains(t))
            return ignore(QStringLiteral("type {%1}%2 is not ours").arg(t.first, t.second));
    if (probe.hasScopes && !probe.scopes.isEmpty()) {
        const QStringList mine = scopes();
        const QString matchBy = probe.matchBy.isEmpty() ? kMatchByRfc2396 : probe.matchBy;
        if (matchBy != kMatchByRfc2396 && matchBy != kMatchByStrcmp0)
            return ignore(QStringLiteral("unsupported MatchBy ") + matchBy);
        for (const QString &wanted : probe.scopes) {
            bool found = false;
            for (const QString &have : mine)
                found = found ||
                        (matchBy == kMatchByStrcmp0 ? wanted == have : rfc2396Match(wanted, have));
            if (!found)
                return ignore(QStringLiteral("scope %1 does not match").arg(wanted));
        }
    }
    const QByteArray answer = probeMatches(probe.messageId);
    const QString relatesTo = probe.messageId;
    auto reply = [this, answer, from, fromPort, relatesTo] {
        if (!m_socket)
            return;
        if (m_socket->writeDatagram(answer, from, fromPort) == answer.size()) {
            ++m_matches;
            emit probeAnswered(from, fromPort, relatesTo);
        } else {
            emit probeIgnored(from, QStringLiteral("sending the ProbeMatches failed: ") +
                                        m_socket->errorString());
        }
    };
    if (m_options.answerDelayMs > 0)
        QTimer::singleShot(m_options.answerDelayMs, this, reply);
    else
        reply();
}

QByteArray WsDiscoveryResponder::probeMatches(const QString &relatesTo)
{
    ++m_messageNumber;
    QString x;
    x += QStringLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x += QStringLiteral("<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"%1\" xmlns:wsa=\"%2\" xmlns:d=\"%3\" "
                        "xmlns:dn=\"%4\" xmlns:tds=\"%5\">")
             .arg(kSoap12, kWsa, kWsd, kDn, kTds);
    x += QStringLiteral("<SOAP-ENV:Header>");
    x += QStringLiteral("<wsa:MessageID>%1</wsa:MessageID>").arg(newUrnUuid());
    x += QStringLiteral("<wsa:RelatesTo>%1</wsa:RelatesTo>").arg(escape(relatesTo));
    x += QStringLiteral(
        "<wsa:To>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</wsa:To>");
    x += QStringLiteral(
        "<wsa:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches</wsa:Action>");
    x += QStringLiteral("<d:AppSequence InstanceId=\"%1\" MessageNumber=\"%2\"/>")
             .arg(m_instanceId)
             .arg(m_messageNumber);
    x += QStringLiteral("</SOAP-ENV:Header><SOAP-ENV:Body><d:ProbeMatches><d:ProbeMatch>");
    x += QStringLiteral(
             "<wsa:EndpointReference><wsa:Address>%1</wsa:Address></wsa:EndpointReference>")
             .arg(escape(endpointAddress()));
    x += QStringLiteral("<d:Types>dn:NetworkVideoTransmitter tds:Device</d:Types>");
    x += QStringLiteral("<d:Scopes>%1</d:Scopes>").arg(escape(scopes().join(u' ')));
    x += QStringLiteral("<d:XAddrs>%1</d:XAddrs>").arg(escape(m_options.xaddrs.join(u' ')));
    x += QStringLiteral("<d:MetadataVersion>1</d:MetadataVersion>");
    x += QStringLiteral("</d:ProbeMatch></d:ProbeMatches></SOAP-ENV:Body></SOAP-ENV:Envelope>\n");
    return x.toUtf8();
}

QByteArray WsDiscoveryResponder::probeMessage(const QString &messageId, const QString &types,
                                              const QStringList &scopes)
{
    QString x;
    x += QStringLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x += QStringLiteral("<s:Envelope xmlns:s=\"%1\" xmlns:a=\"%2\" xmlns:d=\"%3\" xmlns:dn=\"%4\" "
                        "xmlns:tds=\"%5\">")
             .arg(kSoap12, kWsa, kWsd, kDn, kTds);
    x += QStringLiteral("<s:Header><a:Action s:mustUnderstand=\"1\">"
                        "http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action>");
    x += QStringLiteral("<a:MessageID>%1</a:MessageID>").arg(escape(messageId));
    x += QStringLiteral(
        "<a:To s:mustUnderstand=\"1\">urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To>");
    x += QStringLiteral("</s:Header><s:Body><d:Probe>");
    if (!types.isEmpty())
        x += QStringLiteral("<d:Types>%1</d:Types>").arg(escape(types));
    if (!scopes.isEmpty())
        x += QStringLiteral("<d:Scopes>%1</d:Scopes>").arg(escape(scopes.join(u' ')));
    x += QStringLiteral("</d:Probe></s:Body></s:Envelope>\n");
    return x.toUtf8();
}
