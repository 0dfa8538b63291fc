#include "OnvifSimulator.h"

#include "OnvifNamespaces.h"

#include <QCryptographicHash>
#include <QMetaObject>
#include <QMultiHash>
#include <QPointer>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>
#include <QXmlStreamReader>
#include <cstdlib>

namespace {

using namespace OnvifNs;

const QString kWsse = QStringLiteral(
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd");
const QString kWsu = QStringLiteral(
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd");
const QString kPasswordDigest =
    QStringLiteral("http://docs.oasis-open.org/wss/2004/01/"
                   "oasis-200401-wss-username-token-profile-1.0#PasswordDigest");
const QString kPasswordText =
    QStringLiteral("http://docs.oasis-open.org/wss/2004/01/"
                   "oasis-200401-wss-username-token-profile-1.0#PasswordText");
const QString kBase64Binary =
    QStringLiteral("http://docs.oasis-open.org/wss/2004/01/"
                   "oasis-200401-wss-soap-message-security-1.0#Base64Binary");

const QByteArray kSoapContentType = "application/soap+xml; charset=utf-8";
constexpr qsizetype kMaxHeaderBytes = 64 * 1024;
constexpr qsizetype kMaxBodyBytes = 4 * 1024 * 1024;

// ---------------------------------------------------------------------------------------
// A tiny element tree for the answers, serialised with the configured prefix style.

struct XNode
{
    QString ns;
    QString name;
    QList<QPair<QString, QString>> attributes; // unqualified names, or "xml:lang"
    QString text;
    QString textQNameNs; // non-empty: text is a local name in this namespace (a QName value)
    QList<XNode> children;
};

XNode E(const QString &ns, const QString &name, const QList<XNode> &children = {},
        const QList<QPair<QString, QString>> &attributes = {})
{
    XNode n;
    n.ns = ns;
    n.name = name;
    n.children = children;
    n.attributes = attributes;
    return n;
}

XNode T(const QString &ns, const QString &name, const QString &text,
        const QList<QPair<QString, QString>> &attributes = {})
{
    XNode n;
    n.ns = ns;
    n.name = name;
    n.text = text;
    n.attributes = attributes;
    return n;
}

XNode Q(const QString &ns, const QString &name, const QString &valueNs, const QString &valueLocal)
{
    XNode n = T(ns, name, valueLocal);
    n.textQNameNs = valueNs;
    return n;
}

XNode B(const QString &ns, const QString &name, bool value)
{
    return T(ns, name, value ? QStringLiteral("true") : QStringLiteral("false"));
}

XNode I(const QString &ns, const QString &name, qint64 value)
{
    return T(ns, name, QString::number(value));
}

QString escape(const QString &s, bool attribute)
{
    QString out;
    out.reserve(s.size());
    for (const QChar c : s) {
        switch (c.unicode()) {
        case '&':
            out += QLatin1String("&amp;");
            break;
        case '<':
            out += QLatin1String("&lt;");
            break;
        case '>':
            out += QLatin1String("&gt;");
            break;
        case '"':
            if (attribute) {
                out += QLatin1String("&quot;");
                break;
            }
            out += c;
            break;
        default:
            out += c;
        }
    }
    return out;
}

class Serializer
{
public:
    explicit Serializer(OnvifSimulator::NamespacePrefixes mode)
    {
        using P = OnvifSimulator::NamespacePrefixes;
        switch (mode) {
        case P::Standard:
            m_prefixes = {{kSoap12, QStringLiteral("env")}, {kTds, QStringLiteral("tds")},
                          {kTrt, QStringLiteral("trt")},    {kTr2, QStringLiteral("tr2")},
                          {kTt, QStringLiteral("tt")},      {kTer, QStringLiteral("ter")}};
            break;
        case P::Numbered:
            m_prefixes = {{kSoap12, QStringLiteral("SOAP-ENV")}, {kTt, QStringLiteral("ns1")},
                          {kTds, QStringLiteral("ns2")},         {kTrt, QStringLiteral("ns3")},
                          {kTr2, QStringLiteral("ns4")},         {kTer, QStringLiteral("ns5")}};
            break;
        case P::DefaultNamespace:
            m_prefixes = {{kSoap12, QStringLiteral("s")}, {kTer, QStringLiteral("ter")}};
            break;
        case P::Swapped:
            m_prefixes = {{kSoap12, QStringLiteral("s")}, {kTds, QStringLiteral("trt")},
                          {kTrt, QStringLiteral("tds")},  {kTr2, QStringLiteral("tt")},
                          {kTt, QStringLiteral("tr2")},   {kTer, QStringLiteral("env")}};
            break;
        }
    }

    QByteArray envelope(const XNode &bodyChild)
    {
        m_out.clear();
        const QString env = prefixFor(kSoap12);
        m_out += QLatin1String("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        m_out += QLatin1Char('<') + env + QLatin1String(":Envelope");
        for (const auto &[uri, prefix] : m_prefixes)
            m_out += QStringLiteral(" xmlns:%1=\"%2\"").arg(prefix, uri);
        m_out += QLatin1Char('>');
        m_out += QLatin1Char('<') + env + QLatin1String(":Body>");
        write(bodyChild, QString());
        m_out += QLatin1String("</") + env + QLatin1String(":Body></") + env +
                 QLatin1String(":Envelope>\n");
        return m_out.toUtf8();
    }

private:
    QString prefixFor(const QString &ns) const
    {
        for (const auto &[uri, prefix] : m_prefixes)
            if (uri == ns)
                return prefix;
        return QString();
    }

    void write(const XNode &n, const QString &defaultNs)
    {
        QString tag;
        QString declaration;
        QString childDefault = defaultNs;
        const QString prefix = prefixFor(n.ns);
        if (!prefix.isEmpty()) {
            tag = prefix + QLatin1Char(':') + n.name;
        } else {
            // DefaultNamespace mode (or a namespace without a prefix): unprefixed element
            tag = n.name;
            if (n.ns != defaultNs)
                declaration = QStringLiteral(" xmlns=\"%1\"").arg(n.ns);
            childDefault = n.ns;
        }
        m_out += QLatin1Char('<') + tag + declaration;
        for (const auto &[name, value] : n.attributes)
            m_out += QStringLiteral(" %1=\"%2\"").arg(name, escape(value, true));
        QString text = n.text;
        if (!n.textQNameNs.isEmpty())
            text = prefixFor(n.textQNameNs) + QLatin1Char(':') + n.text;
        if (text.isEmpty() && n.children.isEmpty()) {
            m_out += QLatin1String("/>");
            return;
        }
        m_out += QLatin1Char('>');
        m_out += escape(text, false);
        for (const XNode &c : n.children)
            write(c, childDefault);
        m_out += QLatin1String("</") + tag + QLatin1Char('>');
    }

    QList<QPair<QString, QString>> m_prefixes; // uri -> prefix, in declaration order
    QString m_out;
};

XNode fault(const QString &code, const QStringList &subcodes, const QString &reason)
{
    // Subcodes nest: the first is the outermost.
    XNode sub;
    bool haveSub = false;
    for (qsizetype i = subcodes.size() - 1; i >= 0; --i) {
        XNode s = E(kSoap12, QStringLiteral("Subcode"),
                    {Q(kSoap12, QStringLiteral("Value"), kTer, subcodes[i])});
        if (haveSub)
            s.children.append(sub);
        sub = s;
        haveSub = true;
    }
    XNode codeNode =
        E(kSoap12, QStringLiteral("Code"), {Q(kSoap12, QStringLiteral("Value"), kSoap12, code)});
    if (haveSub)
        codeNode.children.append(sub);
    return E(kSoap12, QStringLiteral("Fault"),
             {codeNode, E(kSoap12, QStringLiteral("Reason"),
                          {T(kSoap12, QStringLiteral("Text"), reason,
                             {{QStringLiteral("xml:lang"), QStringLiteral("en")}})})});
}

XNode dateTime(const QString &name, const QDateTime &t)
{
    const QDate d = t.date();
    const QTime tm = t.time();
    return E(
        kTt, name,
        {E(kTt, QStringLiteral("Time"),
           {I(kTt, QStringLiteral("Hour"), tm.hour()),
            I(kTt, QStringLiteral("Minute"), tm.minute()),
            I(kTt, QStringLiteral("Second"), tm.second())}),
         E(kTt, QStringLiteral("Date"),
           {I(kTt, QStringLiteral("Year"), d.year()), I(kTt, QStringLiteral("Month"), d.month()),
            I(kTt, QStringLiteral("Day"), d.day())})});
}

XNode version(const QString &ns, int major, int minor)
{
    return E(ns, QStringLiteral("Version"),
             {I(kTt, QStringLiteral("Major"), major), I(kTt, QStringLiteral("Minor"), minor)});
}

QByteArray md5Hex(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Md5).toHex();
}

QByteArray randomHex(int bytes)
{
    QByteArray raw(bytes, Qt::Uninitialized);
    for (int i = 0; i < bytes; ++i)
        raw[i] = char(QRandomGenerator::global()->bounded(256));
    return raw.toHex();
}

// Digest auth-params: name=token or name="quoted string", comma separated.
QHash<QByteArray, QByteArray> parseAuthParams(const QByteArray &s)
{
    QHash<QByteArray, QByteArray> out;
    qsizetype i = 0;
    const qsizetype n = s.size();
    auto skipSpace = [&] {
        while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == ','))
            ++i;
    };
    while (true) {
        skipSpace();
        if (i >= n)
            break;
        const qsizetype nameStart = i;
        while (i < n && s[i] != '=' && s[i] != ',' && s[i] != ' ')
            ++i;
        const QByteArray name = s.mid(nameStart, i - nameStart).trimmed().toLower();
        while (i < n && s[i] == ' ')
            ++i;
        if (i >= n || s[i] != '=') {
            out.insert(name, QByteArray());
            continue;
        }
        ++i; // '='
        while (i < n && s[i] == ' ')
            ++i;
        QByteArray value;
        if (i < n && s[i] == '"') {
            ++i;
            while (i < n && s[i] != '"') {
                if (s[i] == '\\' && i + 1 < n)
                    ++i;
                value += s[i++];
            }
            ++i; // closing quote
        } else {
            const qsizetype valueStart = i;
            while (i < n && s[i] != ',')
                ++i;
            value = s.mid(valueStart, i - valueStart).trimmed();
        }
        out.insert(name, value);
    }
    return out;
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 100:
        return "Continue";
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 413:
        return "Payload Too Large";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}

QString key(const QString &ns, const QString &local)
{
    return QLatin1Char('{') + ns + QLatin1Char('}') + local;
}

} // namespace

// ---------------------------------------------------------------------------------------

struct OnvifSimulator::SoapRequest
{
    QString envelopeNs;
    QString operation;
    QString operationNs;
    QMultiHash<QString, QString> args; // "{ns}local" of every leaf under the operation element
    bool hasSecurity = false;
    bool hasUsernameToken = false;
    QString username;
    QString password;
    QString passwordType;
    QString nonce;
    QString nonceEncoding;
    bool hasCreated = false;
    QString created;
    QString parseError;

    QString arg(const QString &ns, const QString &local) const
    {
        return args.value(key(ns, local)).trimmed();
    }
    QStringList argList(const QString &ns, const QString &local) const
    {
        return args.values(key(ns, local));
    }

    bool parse(const QByteArray &body)
    {
        QXmlStreamReader r(body);
        if (!r.readNextStartElement()) {
            parseError = r.hasError() ? r.errorString() : QStringLiteral("empty document");
            return false;
        }
        envelopeNs = r.namespaceUri().toString();
        if (r.name() != QLatin1String("Envelope") ||
            (envelopeNs != kSoap12 && envelopeNs != kSoap11)) {
            parseError = QStringLiteral("the root element is not a SOAP Envelope");
            return false;
        }
        while (r.readNextStartElement()) {
            const QString ns = r.namespaceUri().toString();
            if (ns == envelopeNs && r.name() == QLatin1String("Header")) {
                parseHeader(r);
            } else if (ns == envelopeNs && r.name() == QLatin1String("Body")) {
                if (r.readNextStartElement()) {
                    operation = r.name().toString();
                    operationNs = r.namespaceUri().toString();
                    collectArgs(r);
                    while (r.readNextStartElement())
                        r.skipCurrentElement();
                }
            } else {
                r.skipCurrentElement();
            }
        }
        if (r.hasError()) {
            parseError = QStringLiteral("line %1: %2").arg(r.lineNumber()).arg(r.errorString());
            return false;
        }
        return true;
    }

private:
    void parseHeader(QXmlStreamReader &r)
    {
        while (r.readNextStartElement()) {
            if (r.namespaceUri() == kWsse && r.name() == QLatin1String("Security")) {
                hasSecurity = true;
                while (r.readNextStartElement()) {
                    if (!hasUsernameToken && r.namespaceUri() == kWsse &&
                        r.name() == QLatin1String("UsernameToken")) {
                        hasUsernameToken = true;
                        parseUsernameToken(r);
                    } else {
                        r.skipCurrentElement();
                    }
                }
            } else {
                r.skipCurrentElement();
            }
        }
    }

    void parseUsernameToken(QXmlStreamReader &r)
    {
        while (r.readNextStartElement()) {
            const QStringView name = r.name();
            if (r.namespaceUri() == kWsse && name == QLatin1String("Username")) {
                username = r.readElementText();
            } else if (r.namespaceUri() == kWsse && name == QLatin1String("Password")) {
                passwordType = r.attributes().value(QLatin1String("Type")).toString();
                password = r.readElementText();
            } else if (r.namespaceUri() == kWsse && name == QLatin1String("Nonce")) {
                nonceEncoding = r.attributes().value(QLatin1String("EncodingType")).toString();
                nonce = r.readElementText();
            } else if (r.namespaceUri() == kWsu && name == QLatin1String("Created")) {
                hasCreated = true;
                created = r.readElementText();
            } else {
                r.skipCurrentElement();
            }
        }
    }

    // Leaves under the operation element, keyed by their expanded name.
    void collectArgs(QXmlStreamReader &r)
    {
        struct Open
        {
            QString key;
            QString text;
            bool hasChildren = false;
        };
        QList<Open> stack;
        while (!r.atEnd()) {
            r.readNext();
            if (r.isStartElement()) {
                if (!stack.isEmpty())
                    stack.last().hasChildren = true;
                stack.append(
                    {key(r.namespaceUri().toString(), r.name().toString()), QString(), false});
            } else if (r.isCharacters()) {
                if (!stack.isEmpty())
                    stack.last().text += r.text();
            } else if (r.isEndElement()) {
                if (stack.isEmpty())
                    return; // the operation element ends
                const Open done = stack.takeLast();
                if (!done.hasChildren)
                    args.insert(done.key, done.text);
            }
        }
    }
};

QByteArray OnvifSimulator::HttpRequest::header(const QByteArray &name) const
{
    for (const auto &h : headers)
        if (h.first == name)
            return h.second;
    return {};
}

OnvifSimulator::Options::Options()
{
    Profile main;
    main.token = QStringLiteral("Profile_1");
    main.name = QStringLiteral("mainStream");
    main.encoding = QStringLiteral("H264");
    main.width = 1920;
    main.height = 1080;
    Profile sub;
    sub.token = QStringLiteral("Profile_2");
    sub.name = QStringLiteral("subStream");
    sub.encoding = QStringLiteral("H265");
    sub.width = 640;
    sub.height = 360;
    sub.bitrateKbps = 512;
    profiles = {main, sub};
}

OnvifSimulator::OnvifSimulator(const Options &options, QObject *parent)
    : QObject(parent), m_options(options)
{
}

OnvifSimulator::~OnvifSimulator()
{
    if (m_thread) {
        QThread *origin = QThread::currentThread();
        QMetaObject::invokeMethod(
            this,
            [this, origin] {
                shutdown();
                moveToThread(origin);
            },
            Qt::BlockingQueuedConnection);
        m_thread->quit();
        m_thread->wait();
        delete m_thread;
        m_thread = nullptr;
    } else {
        shutdown();
    }
}

bool OnvifSimulator::start(QString *error)
{
    Q_ASSERT(QThread::currentThread() == thread());
    return listen(error);
}

bool OnvifSimulator::startInThread(QString *error)
{
    if (parent() || m_thread || m_server) {
        if (error)
            *error =
                QStringLiteral("startInThread: the simulator must have no parent and not run yet");
        return false;
    }
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("OnvifSimulator"));
    moveToThread(m_thread);
    m_thread->start();
    bool ok = false;
    QString why;
    QMetaObject::invokeMethod(
        this, [this, &ok, &why] { ok = listen(&why); }, Qt::BlockingQueuedConnection);
    if (!ok && error)
        *error = why;
    return ok;
}

bool OnvifSimulator::listen(QString *error)
{
    const Options o = options();
    m_server = new QTcpServer(this);
    if (!m_server->listen(o.address, o.port)) {
        if (error)
            *error = QStringLiteral("OnvifSimulator: listen on %1:%2 failed: %3")
                         .arg(o.address.toString())
                         .arg(o.port)
                         .arg(m_server->errorString());
        delete m_server;
        m_server = nullptr;
        return false;
    }
    connect(m_server, &QTcpServer::newConnection, this, &OnvifSimulator::onNewConnection);
    QMutexLocker lock(&m_mutex);
    m_port = m_server->serverPort();
    m_address = o.address;
    return true;
}

void OnvifSimulator::shutdown()
{
    const auto sockets = m_connections.keys();
    m_connections.clear();
    for (QTcpSocket *s : sockets) {
        s->disconnect(this);
        s->abort();
        delete s;
    }
    delete m_server;
    m_server = nullptr;
}

quint16 OnvifSimulator::port() const
{
    QMutexLocker lock(&m_mutex);
    return m_port;
}

QString OnvifSimulator::baseUrl() const
{
    QMutexLocker lock(&m_mutex);
    const QHostAddress a = m_address.isNull() ? m_options.address : m_address;
    const QString host = a.protocol() == QAbstractSocket::IPv6Protocol
                             ? QLatin1Char('[') + a.toString() + QLatin1Char(']')
                             : a.toString();
    return QStringLiteral("http://%1:%2").arg(host).arg(m_port);
}

QString OnvifSimulator::deviceUrl() const
{
    return baseUrl() + QLatin1String("/onvif/device_service");
}

QString OnvifSimulator::mediaUrl() const
{
    return baseUrl() + QLatin1String("/onvif/media_service");
}

QString OnvifSimulator::media2Url() const
{
    return baseUrl() + QLatin1String("/onvif/media2_service");
}

OnvifSimulator::Options OnvifSimulator::options() const
{
    QMutexLocker lock(&m_mutex);
    return m_options;
}

void OnvifSimulator::setOptions(const Options &options)
{
    QMutexLocker lock(&m_mutex);
    m_options = options;
}

QDateTime OnvifSimulator::deviceTime() const
{
    return QDateTime::currentDateTimeUtc().addSecs(options().clockOffsetSeconds);
}

int OnvifSimulator::requestCount(const QString &operation) const
{
    QMutexLocker lock(&m_mutex);
    return operation.isEmpty() ? m_totalRequests : m_requestCounts.value(operation);
}

int OnvifSimulator::authorizedCount(const QString &operation) const
{
    QMutexLocker lock(&m_mutex);
    return operation.isEmpty() ? m_totalAuthorized : m_authorizedCounts.value(operation);
}

int OnvifSimulator::authFailures() const
{
    QMutexLocker lock(&m_mutex);
    return m_authFailures;
}

int OnvifSimulator::digestChallenges() const
{
    QMutexLocker lock(&m_mutex);
    return m_digestChallenges;
}

QString OnvifSimulator::lastAuthFailure() const
{
    QMutexLocker lock(&m_mutex);
    return m_lastAuthFailure;
}

QList<OnvifSimulator::Request> OnvifSimulator::requests() const
{
    QMutexLocker lock(&m_mutex);
    return m_requests;
}

void OnvifSimulator::resetCounters()
{
    QMutexLocker lock(&m_mutex);
    m_requestCounts.clear();
    m_authorizedCounts.clear();
    m_totalRequests = 0;
    m_totalAuthorized = 0;
    m_authFailures = 0;
    m_digestChallenges = 0;
    m_lastAuthFailure.clear();
    m_requests.clear();
}

void OnvifSimulator::record(const Request &request)
{
    {
        QMutexLocker lock(&m_mutex);
        ++m_totalRequests;
        if (!request.operation.isEmpty())
            ++m_requestCounts[request.operation];
        if (request.authorized) {
            ++m_totalAuthorized;
            if (!request.operation.isEmpty())
                ++m_authorizedCounts[request.operation];
        }
        m_requests.append(request);
    }
    emit requestHandled(request.operation, request.httpStatus);
}

// ---------------------------------------------------------------------------------------
// HTTP/1.1

void OnvifSimulator::onNewConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        m_connections.insert(socket, Connection());
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_connections.remove(socket);
            socket->deleteLater();
        });
    }
}

void OnvifSimulator::onReadyRead(QTcpSocket *socket)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end())
        return;
    it->buffer += socket->readAll();
    processBuffer(socket);
}

void OnvifSimulator::processBuffer(QTcpSocket *socket)
{
    while (true) {
        auto it = m_connections.find(socket);
        if (it == m_connections.end() || it->busy)
            return;
        QByteArray &buffer = it->buffer;
        if (buffer.isEmpty())
            return;

        HttpResponse error;
        error.close = true;
        const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0) {
            if (buffer.size() > kMaxHeaderBytes) {
                error.status = 431;
                send(socket, error);
            }
            return;
        }
        HttpRequest req;
        QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
        for (QByteArray &l : lines)
            if (l.endsWith('\r'))
                l.chop(1);
        const QList<QByteArray> requestLine = lines.value(0).split(' ');
        if (requestLine.size() != 3 || !requestLine[2].startsWith("HTTP/1.")) {
            error.status = 400;
            send(socket, error);
            return;
        }
        req.method = requestLine[0];
        req.target = requestLine[1];
        req.version = requestLine[2];
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon <= 0 || lines[i].startsWith(' ') || lines[i].startsWith('\t')) {
                error.status = 400;
                send(socket, error);
                return;
            }
            req.headers.append(
                {lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed()});
        }

        qsizetype consumed = headerEnd + 4;
        bool complete = false;
        if (req.header("transfer-encoding").toLower().contains("chunked")) {
            qsizetype pos = consumed;
            while (true) {
                const qsizetype lineEnd = buffer.indexOf("\r\n", pos);
                if (lineEnd < 0)
                    break;
                QByteArray sizeField = buffer.mid(pos, lineEnd - pos);
                const qsizetype semi = sizeField.indexOf(';');
                if (semi >= 0)
                    sizeField.truncate(semi);
                bool ok = false;
                const qint64 size = sizeField.trimmed().toLongLong(&ok, 16);
                if (!ok || size < 0 || req.body.size() + size > kMaxBodyBytes) {
                    error.status = ok ? 413 : 400;
                    send(socket, error);
                    return;
                }
                if (size == 0) {
                    // optional trailers, then an empty line
                    const qsizetype p = lineEnd + 2;
                    if (buffer.size() < p + 2)
                        break;
                    if (buffer.mid(p, 2) == "\r\n") {
                        consumed = p + 2;
                        complete = true;
                    } else {
                        const qsizetype end = buffer.indexOf("\r\n\r\n", p);
                        if (end >= 0) {
                            consumed = end + 4;
                            complete = true;
                        }
                    }
                    break;
                }
                if (buffer.size() < lineEnd + 2 + size + 2)
                    break;
                req.body += buffer.mid(lineEnd + 2, size);
                pos = lineEnd + 2 + size + 2;
            }
        } else {
            const QByteArray cl = req.header("content-length");
            qint64 length = 0;
            if (!cl.isEmpty()) {
                bool ok = false;
                length = cl.toLongLong(&ok);
                if (!ok || length < 0) {
                    error.status = 400;
                    send(socket, error);
                    return;
                }
                if (length > kMaxBodyBytes) {
                    error.status = 413;
                    send(socket, error);
                    return;
                }
            }
            if (buffer.size() - consumed >= length) {
                req.body = buffer.mid(consumed, length);
                consumed += length;
                complete = true;
            }
        }
        if (!complete) {
            if (!it->continueSent && req.header("expect").toLower() == "100-continue") {
                it->continueSent = true;
                socket->write("HTTP/1.1 100 Continue\r\n\r\n");
            }
            return;
        }
        buffer.remove(0, consumed);
        it->continueSent = false;

        const Options o = options();
        HttpResponse response = handle(req, o);
        const QByteArray connection = req.header("connection").toLower();
        if (connection.contains("close") ||
            (req.version == "HTTP/1.0" && !connection.contains("keep-alive")))
            response.close = true;

        if (o.answerDelayMs > 0) {
            it->busy = true;
            QPointer<QTcpSocket> guard(socket);
            QTimer::singleShot(o.answerDelayMs, socket, [this, guard, response] {
                if (!guard)
                    return;
                auto it2 = m_connections.find(guard.data());
                if (it2 == m_connections.end())
                    return;
                it2->busy = false;
                send(guard.data(), response);
                if (!response.close)
                    processBuffer(guard.data());
            });
            return;
        }
        send(socket, response);
        if (response.close)
            return;
    }
}

void OnvifSimulator::send(QTcpSocket *socket, const HttpResponse &response)
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(response.status) + ' ' +
                     reasonPhrase(response.status) + "\r\n";
    out += "Server: camhub-onvif-simulator\r\n";
    bool haveType = false;
    for (const auto &h : response.headers) {
        out += h.first + ": " + h.second + "\r\n";
        if (h.first.toLower() == "content-type")
            haveType = true;
    }
    if (!haveType && !response.body.isEmpty())
        out += "Content-Type: text/plain\r\n";
    out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    out += response.close ? "Connection: close\r\n" : "Connection: keep-alive\r\n";
    out += "\r\n";
    out += response.body;
    socket->write(out);
    if (response.close) {
        m_connections.remove(socket);
        socket->disconnectFromHost();
    }
}

// ---------------------------------------------------------------------------------------
// SOAP

OnvifSimulator::HttpResponse OnvifSimulator::handle(const HttpRequest &req, const Options &o)
{
    Serializer xml(o.namespacePrefixes);
    auto soapAnswer = [&xml](int status, const XNode &bodyChild) {
        HttpResponse r;
        r.status = status;
        r.headers.append({QByteArray("Content-Type"), kSoapContentType});
        r.body = xml.envelope(bodyChild);
        return r;
    };

    Request rec;
    QByteArray path = req.target;
    if (const qsizetype q = path.indexOf('?'); q >= 0)
        path.truncate(q);
    rec.path = QString::fromUtf8(path);
    rec.contentType = req.header("content-type");
    rec.authorization = req.header("authorization");
    rec.body = req.body;

    const bool media1 = o.mediaVersion == 1 || o.bothMediaServices;
    const bool media2 = o.mediaVersion == 2 || o.bothMediaServices;
    QString service;
    if (path == "/onvif/device_service")
        service = QStringLiteral("device");
    else if (path == "/onvif/media_service" && media1)
        service = QStringLiteral("media");
    else if (path == "/onvif/media2_service" && media2)
        service = QStringLiteral("media2");

    HttpResponse response;
    if (service.isEmpty()) {
        response.status = 404;
        response.body = "Not Found\n";
    } else if (req.method != "POST") {
        response.status = 405;
        response.headers.append({QByteArray("Allow"), QByteArray("POST")});
        response.body = "Method Not Allowed\n";
    }
    if (response.status != 200) {
        rec.httpStatus = response.status;
        record(rec);
        return response;
    }

    SoapRequest soap;
    if (!soap.parse(req.body)) {
        response = soapAnswer(400, fault(QStringLiteral("Sender"), {QStringLiteral("WellFormed")},
                                         QStringLiteral("Well-formed Error: ") + soap.parseError));
        rec.httpStatus = response.status;
        record(rec);
        return response;
    }
    rec.operation = soap.operation;
    rec.operationNamespace = soap.operationNs;
    if (soap.envelopeNs != kSoap12) {
        response = soapAnswer(
            500, fault(QStringLiteral("VersionMismatch"), {},
                       QStringLiteral("SOAP 1.2 (http://www.w3.org/2003/05/soap-envelope) only")));
        rec.httpStatus = response.status;
        record(rec);
        return response;
    }
    if (soap.operation.isEmpty()) {
        response = soapAnswer(400, fault(QStringLiteral("Sender"), {QStringLiteral("InvalidArgs")},
                                         QStringLiteral("The SOAP Body is empty")));
        rec.httpStatus = response.status;
        record(rec);
        return response;
    }

    const bool preAuth =
        (soap.operation == QLatin1String("GetSystemDateAndTime") && soap.operationNs == kTds) ||
        o.unauthenticatedOperations.contains(soap.operation);
    bool authorized = true;
    if (!preAuth && o.auth == Auth::WsSecurity) {
        QString why;
        if (!checkWsSecurity(soap, o, &why)) {
            authorized = false;
            {
                QMutexLocker lock(&m_mutex);
                ++m_authFailures;
                m_lastAuthFailure = why;
            }
            response = soapAnswer(o.authFaultHttpStatus,
                                  fault(QStringLiteral("Sender"), {QStringLiteral("NotAuthorized")},
                                        QStringLiteral("Sender not Authorized")));
        }
    } else if (!preAuth && o.auth == Auth::HttpDigest) {
        QString why;
        const bool presented = !req.header("authorization").isEmpty();
        if (!presented || !checkDigest(req, o, &why)) {
            authorized = false;
            {
                QMutexLocker lock(&m_mutex);
                if (presented) {
                    ++m_authFailures;
                    m_lastAuthFailure = why;
                } else {
                    ++m_digestChallenges;
                }
            }
            response.status = 401;
            response.headers.append({QByteArray("WWW-Authenticate"), digestChallenge(o)});
            response.headers.append({QByteArray("Content-Type"), QByteArray("text/html")});
            response.body = "<html><body><h1>401 Unauthorized</h1></body></html>\n";
        }
    }

    if (authorized) {
        if (!o.faultOn.isEmpty() && soap.operation == o.faultOn)
            response =
                soapAnswer(o.faultHttpStatus, fault(o.faultCode, {o.faultSubcode}, o.faultReason));
        else
            response = dispatch(soap, service, o);
    }
    rec.authorized = authorized;
    rec.httpStatus = response.status;
    record(rec);
    return response;
}

bool OnvifSimulator::checkWsSecurity(const SoapRequest &soap, const Options &o, QString *why)
{
    if (!soap.hasSecurity || !soap.hasUsernameToken) {
        *why = QStringLiteral("no wsse:Security/wsse:UsernameToken header");
        return false;
    }
    if (soap.username != o.username) {
        *why = QStringLiteral("unknown user \"%1\"").arg(soap.username);
        return false;
    }
    const QString type = soap.passwordType.trimmed();
    if (type.isEmpty() || type == kPasswordText) {
        if (!o.acceptPasswordText) {
            *why = QStringLiteral("PasswordText refused, PasswordDigest required");
            return false;
        }
        if (soap.password != o.password) {
            *why = QStringLiteral("wrong password (PasswordText)");
            return false;
        }
        return true;
    }
    if (type != kPasswordDigest) {
        *why = QStringLiteral("unknown Password Type \"%1\"").arg(type);
        return false;
    }
    if (soap.nonce.isEmpty() || !soap.hasCreated) {
        *why = QStringLiteral("PasswordDigest without wsse:Nonce or wsu:Created");
        return false;
    }
    if (!soap.nonceEncoding.isEmpty() && soap.nonceEncoding != kBase64Binary) {
        *why = QStringLiteral("unsupported Nonce EncodingType \"%1\"").arg(soap.nonceEncoding);
        return false;
    }
    const auto decoded = QByteArray::fromBase64Encoding(soap.nonce.trimmed().toLatin1(),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded) {
        *why = QStringLiteral("wsse:Nonce is not base64");
        return false;
    }
    const QByteArray nonce = *decoded;
    const QString createdText = soap.created.trimmed();
    const QDateTime created = QDateTime::fromString(createdText, Qt::ISODateWithMs);
    if (!created.isValid()) {
        *why = QStringLiteral("wsu:Created \"%1\" is not an xsd:dateTime").arg(createdText);
        return false;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc().addSecs(o.clockOffsetSeconds);
    const qint64 skew = created.secsTo(now);
    if (std::llabs(skew) > o.createdToleranceSeconds) {
        *why = QStringLiteral("wsu:Created %1 is %2 s away from the device clock %3")
                   .arg(createdText)
                   .arg(-skew)
                   .arg(now.toString(Qt::ISODate));
        return false;
    }
    QCryptographicHash sha1(QCryptographicHash::Sha1);
    sha1.addData(nonce);
    sha1.addData(createdText.toUtf8());
    sha1.addData(o.password.toUtf8());
    const QByteArray expected = sha1.result().toBase64();
    if (soap.password.trimmed().toLatin1() != expected) {
        *why = QStringLiteral("wrong PasswordDigest");
        return false;
    }
    QMutexLocker lock(&m_mutex);
    // forget nonces that are out of the Created window anyway
    const QDateTime horizon =
        QDateTime::currentDateTimeUtc().addSecs(-2 * qint64(o.createdToleranceSeconds) - 60);
    for (auto it = m_usedNonces.begin(); it != m_usedNonces.end();)
        it = it.value() < horizon ? m_usedNonces.erase(it) : std::next(it);
    if (m_usedNonces.contains(nonce)) {
        *why = QStringLiteral("wsse:Nonce reused");
        return false;
    }
    m_usedNonces.insert(nonce, QDateTime::currentDateTimeUtc());
    return true;
}

QByteArray OnvifSimulator::digestChallenge(const Options &o)
{
    const QByteArray nonce = randomHex(16);
    {
        QMutexLocker lock(&m_mutex);
        m_digestNonces.insert(nonce, 0);
    }
    return "Digest realm=\"" + o.digestRealm.toUtf8() + "\", qop=\"auth\", nonce=\"" + nonce +
           "\", opaque=\"" + md5Hex(o.digestRealm.toUtf8()) + "\", algorithm=MD5";
}

bool OnvifSimulator::checkDigest(const HttpRequest &req, const Options &o, QString *why)
{
    const QByteArray header = req.header("authorization");
    if (!header.toLower().startsWith("digest ")) {
        *why = QStringLiteral("Authorization is not Digest: %1")
                   .arg(QString::fromLatin1(header.left(20)));
        return false;
    }
    const auto p = parseAuthParams(header.mid(7));
    const QByteArray username = p.value("username");
    const QByteArray realm = p.value("realm");
    const QByteArray nonce = p.value("nonce");
    const QByteArray uri = p.value("uri");
    const QByteArray response = p.value("response").toLower();
    const QByteArray algorithm = p.value("algorithm");
    const QByteArray qop = p.value("qop");
    const QByteArray nc = p.value("nc");
    const QByteArray cnonce = p.value("cnonce");
    const QByteArray opaque = p.value("opaque");
    if (username != o.username.toUtf8()) {
        *why = QStringLiteral("Digest: unknown user \"%1\"").arg(QString::fromUtf8(username));
        return false;
    }
    if (realm != o.digestRealm.toUtf8()) {
        *why = QStringLiteral("Digest: wrong realm");
        return false;
    }
    if (!algorithm.isEmpty() && algorithm.toUpper() != "MD5") {
        *why =
            QStringLiteral("Digest: unsupported algorithm %1").arg(QString::fromLatin1(algorithm));
        return false;
    }
    if (qop != "auth" || nc.isEmpty() || cnonce.isEmpty()) {
        *why = QStringLiteral("Digest: qop=auth with nc and cnonce required");
        return false;
    }
    if (uri != req.target) {
        *why = QStringLiteral("Digest: uri \"%1\" is not the request target \"%2\"")
                   .arg(QString::fromUtf8(uri), QString::fromUtf8(req.target));
        return false;
    }
    if (!opaque.isEmpty() && opaque != md5Hex(o.digestRealm.toUtf8())) {
        *why = QStringLiteral("Digest: wrong opaque");
        return false;
    }
    bool ok = false;
    const quint32 count = nc.toUInt(&ok, 16);
    if (!ok) {
        *why = QStringLiteral("Digest: bad nc");
        return false;
    }
    const QByteArray ha1 = md5Hex(username + ':' + realm + ':' + o.password.toUtf8());
    const QByteArray ha2 = md5Hex(req.method + ':' + uri);
    const QByteArray expected =
        md5Hex(ha1 + ':' + nonce + ':' + nc + ':' + cnonce + ':' + qop + ':' + ha2);
    QMutexLocker lock(&m_mutex);
    auto it = m_digestNonces.find(nonce);
    if (it == m_digestNonces.end()) {
        *why = QStringLiteral("Digest: nonce was not issued by this device");
        return false;
    }
    if (response != expected) {
        *why = QStringLiteral("Digest: wrong response (password?)");
        return false;
    }
    if (count <= it.value()) {
        *why = QStringLiteral("Digest: nc %1 replayed").arg(QString::fromLatin1(nc));
        return false;
    }
    it.value() = count;
    return true;
}

OnvifSimulator::HttpResponse OnvifSimulator::dispatch(const SoapRequest &soap,
                                                      const QString &service, const Options &o)
{
    Serializer xml(o.namespacePrefixes);
    auto ok = [&xml](const XNode &bodyChild) {
        HttpResponse r;
        r.headers.append({QByteArray("Content-Type"), kSoapContentType});
        r.body = xml.envelope(bodyChild);
        return r;
    };
    auto failure = [&xml](int status, const QString &code, const QStringList &subcodes,
                          const QString &reason) {
        HttpResponse r;
        r.status = status;
        r.headers.append({QByteArray("Content-Type"), kSoapContentType});
        r.body = xml.envelope(fault(code, subcodes, reason));
        return r;
    };
    const HttpResponse notSupported =
        failure(500, QStringLiteral("Receiver"), {QStringLiteral("ActionNotSupported")},
                QStringLiteral("Optional Action Not Implemented"));
    const HttpResponse noProfile =
        failure(400, QStringLiteral("Sender"),
                {QStringLiteral("InvalidArgVal"), QStringLiteral("NoProfile")},
                QStringLiteral("The requested profile token does not exist"));
    const HttpResponse badSetup =
        failure(400, QStringLiteral("Sender"),
                {QStringLiteral("InvalidArgVal"), QStringLiteral("InvalidStreamSetup")},
                QStringLiteral("The requested stream setup is not supported"));

    const QString op = soap.operation;
    const QString base = baseUrl();
    const bool media1 = o.mediaVersion == 1 || o.bothMediaServices;
    const bool media2 = o.mediaVersion == 2 || o.bothMediaServices;
    auto findProfile = [&o](const QString &token) -> const Profile * {
        for (const Profile &p : o.profiles)
            if (p.token == token)
                return &p;
        return nullptr;
    };
    auto rtspUri = [](const Profile &p) {
        return p.rtspUri.isEmpty() ? QStringLiteral("rtsp://127.0.0.1:8554/") + p.token : p.rtspUri;
    };
    auto snapshotUri = [&base](const Profile &p) {
        return p.snapshotUri.isEmpty() ? base + QStringLiteral("/onvif/snapshot?token=") + p.token
                                       : p.snapshotUri;
    };
    auto mediaUri = [&](const QString &ns, const QString &uri, const QString &timeout) {
        return E(ns, QStringLiteral("MediaUri"),
                 {T(kTt, QStringLiteral("Uri"), uri),
                  B(kTt, QStringLiteral("InvalidAfterConnect"), false),
                  B(kTt, QStringLiteral("InvalidAfterReboot"), false),
                  T(kTt, QStringLiteral("Timeout"), timeout)});
    };
    auto videoSourceConfiguration = [](const QString &ns, const QString &name, const Profile &p) {
        return E(ns, name,
                 {T(kTt, QStringLiteral("Name"), QStringLiteral("VideoSourceConfig")),
                  I(kTt, QStringLiteral("UseCount"), 2),
                  T(kTt, QStringLiteral("SourceToken"), QStringLiteral("VideoSource_1")),
                  E(kTt, QStringLiteral("Bounds"), {},
                    {{QStringLiteral("x"), QStringLiteral("0")},
                     {QStringLiteral("y"), QStringLiteral("0")},
                     {QStringLiteral("width"), QString::number(p.width)},
                     {QStringLiteral("height"), QString::number(p.height)}})},
                 {{QStringLiteral("token"), QStringLiteral("VideoSourceConfig_1")}});
    };
    auto multicast = [] {
        return E(kTt, QStringLiteral("Multicast"),
                 {E(kTt, QStringLiteral("Address"),
                    {T(kTt, QStringLiteral("Type"), QStringLiteral("IPv4")),
                     T(kTt, QStringLiteral("IPv4Address"), QStringLiteral("0.0.0.0"))}),
                  I(kTt, QStringLiteral("Port"), 0), I(kTt, QStringLiteral("TTL"), 5),
                  B(kTt, QStringLiteral("AutoStart"), false)});
    };
    auto encoderToken = [](const Profile &p) { return QStringLiteral("VideoEncoder_") + p.token; };

    if (service == QLatin1String("device")) {
        if (soap.operationNs != kTds)
            return notSupported;
        if (op == QLatin1String("GetSystemDateAndTime")) {
            const QDateTime utc = QDateTime::currentDateTimeUtc().addSecs(o.clockOffsetSeconds);
            QList<XNode> fields = {
                T(kTt, QStringLiteral("DateTimeType"),
                  o.clockOffsetSeconds == 0 ? QStringLiteral("NTP") : QStringLiteral("Manual")),
                B(kTt, QStringLiteral("DaylightSavings"), false),
                E(kTt, QStringLiteral("TimeZone"), {T(kTt, QStringLiteral("TZ"), o.timeZone)})};
            if (o.reportUtc)
                fields.append(dateTime(QStringLiteral("UTCDateTime"), utc));
            fields.append(
                dateTime(QStringLiteral("LocalDateTime"), utc.addSecs(o.localTimeOffsetSeconds)));
            return ok(E(kTds, QStringLiteral("GetSystemDateAndTimeResponse"),
                        {E(kTds, QStringLiteral("SystemDateAndTime"), fields)}));
        }
        if (op == QLatin1String("GetDeviceInformation")) {
            return ok(E(kTds, QStringLiteral("GetDeviceInformationResponse"),
                        {T(kTds, QStringLiteral("Manufacturer"), o.manufacturer),
                         T(kTds, QStringLiteral("Model"), o.model),
                         T(kTds, QStringLiteral("FirmwareVersion"), o.firmware),
                         T(kTds, QStringLiteral("SerialNumber"), o.serial),
                         T(kTds, QStringLiteral("HardwareId"), o.hardwareId)}));
        }
        if (op == QLatin1String("GetCapabilities")) {
            QStringList categories = soap.argList(kTds, QStringLiteral("Category"));
            for (QString &c : categories)
                c = c.trimmed();
            const bool all = categories.isEmpty() || categories.contains(QLatin1String("All"));
            for (const QString &c : categories) {
                const bool known = c == QLatin1String("All") || c == QLatin1String("Device") ||
                                   (c == QLatin1String("Media") && media1);
                if (!known)
                    return failure(
                        500, QStringLiteral("Receiver"),
                        {QStringLiteral("ActionNotSupported"), QStringLiteral("NoSuchService")},
                        QStringLiteral(
                            "The requested WSDL service category is not supported by the device"));
            }
            QList<XNode> caps;
            if (all || categories.contains(QLatin1String("Device"))) {
                caps.append(E(kTt, QStringLiteral("Device"),
                              {T(kTt, QStringLiteral("XAddr"), deviceUrl()),
                               E(kTt, QStringLiteral("Network"),
                                 {B(kTt, QStringLiteral("IPFilter"), false),
                                  B(kTt, QStringLiteral("ZeroConfiguration"), false),
                                  B(kTt, QStringLiteral("IPVersion6"), false),
                                  B(kTt, QStringLiteral("DynDNS"), false)}),
                               E(kTt, QStringLiteral("System"),
                                 {B(kTt, QStringLiteral("DiscoveryResolve"), false),
                                  B(kTt, QStringLiteral("DiscoveryBye"), true),
                                  B(kTt, QStringLiteral("RemoteDiscovery"), false),
                                  B(kTt, QStringLiteral("SystemBackup"), false),
                                  B(kTt, QStringLiteral("SystemLogging"), false),
                                  B(kTt, QStringLiteral("FirmwareUpgrade"), false),
                                  E(kTt, QStringLiteral("SupportedVersions"),
                                    {I(kTt, QStringLiteral("Major"), 2),
                                     I(kTt, QStringLiteral("Minor"), 60)})}),
                               E(kTt, QStringLiteral("Security"),
                                 {B(kTt, QStringLiteral("TLS1.1"), false),
                                  B(kTt, QStringLiteral("TLS1.2"), false),
                                  B(kTt, QStringLiteral("OnboardKeyGeneration"), false),
                                  B(kTt, QStringLiteral("AccessPolicyConfig"), false),
                                  B(kTt, QStringLiteral("X.509Token"), false),
                                  B(kTt, QStringLiteral("SAMLToken"), false),
                                  B(kTt, QStringLiteral("KerberosToken"), false),
                                  B(kTt, QStringLiteral("RELToken"), false)})}));
            }
            if (media1 && (all || categories.contains(QLatin1String("Media")))) {
                caps.append(E(kTt, QStringLiteral("Media"),
                              {T(kTt, QStringLiteral("XAddr"), mediaUrl()),
                               E(kTt, QStringLiteral("StreamingCapabilities"),
                                 {B(kTt, QStringLiteral("RTPMulticast"), false),
                                  B(kTt, QStringLiteral("RTP_TCP"), true),
                                  B(kTt, QStringLiteral("RTP_RTSP_TCP"), true)}),
                               E(kTt, QStringLiteral("Extension"),
                                 {E(kTt, QStringLiteral("ProfileCapabilities"),
                                    {I(kTt, QStringLiteral("MaximumNumberOfProfiles"),
                                       o.profiles.size())})})}));
            }
            return ok(E(kTds, QStringLiteral("GetCapabilitiesResponse"),
                        {E(kTds, QStringLiteral("Capabilities"), caps)}));
        }
        if (op == QLatin1String("GetServices")) {
            const bool include =
                soap.arg(kTds, QStringLiteral("IncludeCapability")) == QLatin1String("true") ||
                soap.arg(kTds, QStringLiteral("IncludeCapability")) == QLatin1String("1");
            const QString yes = QStringLiteral("true");
            const QString no = QStringLiteral("false");
            QList<XNode> services;
            {
                QList<XNode> s = {T(kTds, QStringLiteral("Namespace"), kTds),
                                  T(kTds, QStringLiteral("XAddr"), deviceUrl())};
                if (include)
                    s.append(E(kTds, QStringLiteral("Capabilities"),
                               {E(kTds, QStringLiteral("Capabilities"),
                                  {E(kTds, QStringLiteral("Network"), {},
                                     {{QStringLiteral("IPFilter"), no},
                                      {QStringLiteral("ZeroConfiguration"), no},
                                      {QStringLiteral("IPVersion6"), no},
                                      {QStringLiteral("DynDNS"), no}}),
                                   E(kTds, QStringLiteral("Security"), {},
                                     {{QStringLiteral("TLS1.2"), no},
                                      {QStringLiteral("UsernameToken"),
                                       o.auth == Auth::WsSecurity ? yes : no},
                                      {QStringLiteral("HttpDigest"),
                                       o.auth == Auth::HttpDigest ? yes : no}}),
                                   E(kTds, QStringLiteral("System"), {},
                                     {{QStringLiteral("DiscoveryBye"), yes},
                                      {QStringLiteral("SystemLogging"), no}})})}));
                s.append(version(kTds, 2, 60));
                services.append(E(kTds, QStringLiteral("Service"), s));
            }
            if (media1) {
                QList<XNode> s = {T(kTds, QStringLiteral("Namespace"), kTrt),
                                  T(kTds, QStringLiteral("XAddr"), mediaUrl())};
                if (include)
                    s.append(E(kTds, QStringLiteral("Capabilities"),
                               {E(kTrt, QStringLiteral("Capabilities"),
                                  {E(kTrt, QStringLiteral("ProfileCapabilities"), {},
                                     {{QStringLiteral("MaximumNumberOfProfiles"),
                                       QString::number(o.profiles.size())}}),
                                   E(kTrt, QStringLiteral("StreamingCapabilities"), {},
                                     {{QStringLiteral("RTPMulticast"), no},
                                      {QStringLiteral("RTP_TCP"), yes},
                                      {QStringLiteral("RTP_RTSP_TCP"), yes}})},
                                  {{QStringLiteral("SnapshotUri"), yes},
                                   {QStringLiteral("Rotation"), no}})}));
                s.append(version(kTds, 2, 60));
                services.append(E(kTds, QStringLiteral("Service"), s));
            }
            if (media2) {
                QList<XNode> s = {T(kTds, QStringLiteral("Namespace"), kTr2),
                                  T(kTds, QStringLiteral("XAddr"), media2Url())};
                if (include)
                    s.append(E(kTds, QStringLiteral("Capabilities"),
                               {E(kTr2, QStringLiteral("Capabilities"),
                                  {E(kTr2, QStringLiteral("ProfileCapabilities"), {},
                                     {{QStringLiteral("MaximumNumberOfProfiles"),
                                       QString::number(o.profiles.size())}}),
                                   E(kTr2, QStringLiteral("StreamingCapabilities"), {},
                                     {{QStringLiteral("RTSPStreaming"), yes},
                                      {QStringLiteral("RTPMulticast"), no},
                                      {QStringLiteral("RTP_RTSP_TCP"), yes}})},
                                  {{QStringLiteral("SnapshotUri"), yes},
                                   {QStringLiteral("Rotation"), no}})}));
                s.append(version(kTds, 18, 12));
                services.append(E(kTds, QStringLiteral("Service"), s));
            }
            return ok(E(kTds, QStringLiteral("GetServicesResponse"), services));
        }
        return notSupported;
    }

    if (service == QLatin1String("media")) {
        if (soap.operationNs != kTrt)
            return notSupported;
        auto profileNode = [&](const QString &elementName, const Profile &p) {
            QList<XNode> children = {
                T(kTt, QStringLiteral("Name"), p.name),
                videoSourceConfiguration(kTt, QStringLiteral("VideoSourceConfiguration"), p)};
            if (p.hasVideoEncoder) {
                QList<XNode> enc = {T(kTt, QStringLiteral("Name"), encoderToken(p)),
                                    I(kTt, QStringLiteral("UseCount"), 1),
                                    T(kTt, QStringLiteral("Encoding"), p.encoding),
                                    E(kTt, QStringLiteral("Resolution"),
                                      {I(kTt, QStringLiteral("Width"), p.width),
                                       I(kTt, QStringLiteral("Height"), p.height)}),
                                    I(kTt, QStringLiteral("Quality"), 4),
                                    E(kTt, QStringLiteral("RateControl"),
                                      {I(kTt, QStringLiteral("FrameRateLimit"), p.frameRate),
                                       I(kTt, QStringLiteral("EncodingInterval"), 1),
                                       I(kTt, QStringLiteral("BitrateLimit"), p.bitrateKbps)})};
                if (p.encoding == QLatin1String("H264"))
                    enc.append(E(kTt, QStringLiteral("H264"),
                                 {I(kTt, QStringLiteral("GovLength"), 2 * p.frameRate),
                                  T(kTt, QStringLiteral("H264Profile"), QStringLiteral("Main"))}));
                enc.append(multicast());
                enc.append(T(kTt, QStringLiteral("SessionTimeout"), QStringLiteral("PT60S")));
                children.append(E(kTt, QStringLiteral("VideoEncoderConfiguration"), enc,
                                  {{QStringLiteral("token"), encoderToken(p)}}));
            }
            return E(kTrt, elementName, children,
                     {{QStringLiteral("token"), p.token},
                      {QStringLiteral("fixed"), QStringLiteral("true")}});
        };
        if (op == QLatin1String("GetProfiles")) {
            QList<XNode> profiles;
            for (const Profile &p : o.profiles)
                profiles.append(profileNode(QStringLiteral("Profiles"), p));
            return ok(E(kTrt, QStringLiteral("GetProfilesResponse"), profiles));
        }
        if (op == QLatin1String("GetProfile")) {
            const Profile *p = findProfile(soap.arg(kTrt, QStringLiteral("ProfileToken")));
            if (!p)
                return noProfile;
            return ok(E(kTrt, QStringLiteral("GetProfileResponse"),
                        {profileNode(QStringLiteral("Profile"), *p)}));
        }
        if (op == QLatin1String("GetStreamUri")) {
            const Profile *p = findProfile(soap.arg(kTrt, QStringLiteral("ProfileToken")));
            if (!p)
                return noProfile;
            const QString stream = soap.arg(kTt, QStringLiteral("Stream"));
            const QString protocol = soap.arg(kTt, QStringLiteral("Protocol"));
            const bool okProtocol = protocol == QLatin1String("RTSP") ||
                                    protocol == QLatin1String("UDP") ||
                                    protocol == QLatin1String("TCP");
            if (stream != QLatin1String("RTP-Unicast") || !okProtocol)
                return badSetup;
            return ok(E(kTrt, QStringLiteral("GetStreamUriResponse"),
                        {mediaUri(kTrt, rtspUri(*p), QStringLiteral("PT60S"))}));
        }
        if (op == QLatin1String("GetSnapshotUri")) {
            const Profile *p = findProfile(soap.arg(kTrt, QStringLiteral("ProfileToken")));
            if (!p)
                return noProfile;
            return ok(E(kTrt, QStringLiteral("GetSnapshotUriResponse"),
                        {mediaUri(kTrt, snapshotUri(*p), QStringLiteral("PT0S"))}));
        }
        return notSupported;
    }

    if (service == QLatin1String("media2")) {
        if (soap.operationNs != kTr2)
            return notSupported;
        if (op == QLatin1String("GetProfiles")) {
            const QString token = soap.arg(kTr2, QStringLiteral("Token"));
            QStringList types;
            for (const QString &t : soap.argList(kTr2, QStringLiteral("Type")))
                types += t.split(QLatin1Char(' '), Qt::SkipEmptyParts);
            const bool all = types.contains(QLatin1String("All"));
            QList<XNode> profiles;
            for (const Profile &p : o.profiles) {
                if (!token.isEmpty() && p.token != token)
                    continue;
                QList<XNode> configs;
                if (all || types.contains(QLatin1String("VideoSource")))
                    configs.append(
                        videoSourceConfiguration(kTr2, QStringLiteral("VideoSource"), p));
                if (p.hasVideoEncoder && (all || types.contains(QLatin1String("VideoEncoder")))) {
                    QList<QPair<QString, QString>> attrs = {
                        {QStringLiteral("token"), encoderToken(p)},
                        {QStringLiteral("GovLength"), QString::number(2 * p.frameRate)},
                        {QStringLiteral("Profile"), QStringLiteral("Main")}};
                    configs.append(
                        E(kTr2, QStringLiteral("VideoEncoder"),
                          {T(kTt, QStringLiteral("Name"), encoderToken(p)),
                           I(kTt, QStringLiteral("UseCount"), 1),
                           T(kTt, QStringLiteral("Encoding"), p.encoding),
                           E(kTt, QStringLiteral("Resolution"),
                             {I(kTt, QStringLiteral("Width"), p.width),
                              I(kTt, QStringLiteral("Height"), p.height)}),
                           E(kTt, QStringLiteral("RateControl"),
                             {I(kTt, QStringLiteral("FrameRateLimit"), p.frameRate),
                              I(kTt, QStringLiteral("BitrateLimit"), p.bitrateKbps)},
                             {{QStringLiteral("ConstantBitRate"), QStringLiteral("false")}}),
                           multicast(), I(kTt, QStringLiteral("Quality"), 4)},
                          attrs));
                }
                profiles.append(E(kTr2, QStringLiteral("Profiles"),
                                  {T(kTr2, QStringLiteral("Name"), p.name),
                                   E(kTr2, QStringLiteral("Configurations"), configs)},
                                  {{QStringLiteral("token"), p.token},
                                   {QStringLiteral("fixed"), QStringLiteral("true")}}));
            }
            if (!token.isEmpty() && profiles.isEmpty())
                return noProfile;
            return ok(E(kTr2, QStringLiteral("GetProfilesResponse"), profiles));
        }
        if (op == QLatin1String("GetStreamUri")) {
            const Profile *p = findProfile(soap.arg(kTr2, QStringLiteral("ProfileToken")));
            if (!p)
                return noProfile;
            const QString protocol = soap.arg(kTr2, QStringLiteral("Protocol"));
            if (protocol != QLatin1String("RtspUnicast") && protocol != QLatin1String("RTSP"))
                return badSetup;
            return ok(E(kTr2, QStringLiteral("GetStreamUriResponse"),
                        {T(kTr2, QStringLiteral("Uri"), rtspUri(*p))}));
        }
        if (op == QLatin1String("GetSnapshotUri")) {
            const Profile *p = findProfile(soap.arg(kTr2, QStringLiteral("ProfileToken")));
            if (!p)
                return noProfile;
            return ok(E(kTr2, QStringLiteral("GetSnapshotUriResponse"),
                        {T(kTr2, QStringLiteral("Uri"), snapshotUri(*p))}));
        }
        return notSupported;
    }
    return notSupported;
}
