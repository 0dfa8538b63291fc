#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QString>
#include <QStringList>

class QTcpServer;
class QTcpSocket;
class QThread;

// A fake ONVIF device for tests of camhub's ONVIF client: real HTTP/1.1 on a free
// loopback port, SOAP 1.2 (application/soap+xml), WS-Security UsernameToken
// (PasswordDigest) or HTTP Digest authentication, the device service, media (ver10)
// and/or media2 (ver20).
//
// Endpoints (POST only):
//   /onvif/device_service  tds: GetSystemDateAndTime (never needs authentication),
//                          GetDeviceInformation, GetCapabilities, GetServices
//   /onvif/media_service   trt: GetProfiles, GetProfile, GetStreamUri, GetSnapshotUri
//   /onvif/media2_service  tr2: GetProfiles, GetStreamUri, GetSnapshotUri
// An endpoint whose media service is not offered answers 404.
//
// Threading: the simulator serves on the thread its object lives in. Either
//  - start(): serve on the creating thread; the test must then run an event loop
//    while the client waits (QSignalSpy::wait, QEventLoop, QTRY_*): fine for an
//    asynchronous client (QNetworkAccessManager) driven from the test's thread; or
//  - startInThread(): the simulator moves itself to its own QThread (the object must
//    have no parent) and serves there, so a blocking client works too.
// Everything public is thread-safe; the destructor stops the server (and the thread).
class OnvifSimulator final : public QObject
{
    Q_OBJECT

public:
    enum class Auth
    {
        None,       // every operation is open
        WsSecurity, // wsse:UsernameToken with PasswordDigest in the SOAP header
        HttpDigest, // RFC 7616 HTTP Digest (MD5, qop=auth); WS-Security headers are ignored
    };
    Q_ENUM(Auth)

    // Which prefixes the answers use; the namespaces are always the same.
    enum class NamespacePrefixes
    {
        Standard, // env, tds, trt, tr2, tt, ter (like Axis)
        Numbered, // SOAP-ENV, ns1 = tt, ns2 = tds, ns3 = trt, ns4 = tr2, ns5 = ter (gSOAP-like)
        DefaultNamespace, // s for the envelope; payload unprefixed, xmlns="..." where it changes
        Swapped,          // misleading but legal: "tt" is bound to tr2, "trt" to tds, "tds" to trt,
                          // "tr2" to tt, "env" to ter and "s" to the SOAP envelope
    };
    Q_ENUM(NamespacePrefixes)

    struct Profile
    {
        QString token;
        QString name;
        QString encoding =
            QStringLiteral("H264"); // "H264" or "H265" (ver10 answers carry it as is)
        int width = 1920;
        int height = 1080;
        int frameRate = 25;
        int bitrateKbps = 4096;
        QString rtspUri; // empty: rtsp://127.0.0.1:8554/<token>
        QString
            snapshotUri; // empty: http://127.0.0.1:<port>/onvif/snapshot?token=<token> (not served)
        bool hasVideoEncoder = true; // false: the profile has no video encoder configuration
    };

    struct Options
    {
        Options(); // two profiles: Profile_1 (H264 1920x1080) and Profile_2 (H265 640x360)

        QString username = QStringLiteral("admin");
        QString password = QStringLiteral("secret");
        Auth auth = Auth::WsSecurity;
        bool acceptPasswordText = false;   // WsSecurity: also accept #PasswordText
        int createdToleranceSeconds = 300; // WsSecurity: |Created - device clock| allowed
        int authFaultHttpStatus = 400;     // WsSecurity: status of the NotAuthorized fault
        QString digestRealm = QStringLiteral("ONVIF Simulator"); // HttpDigest
        QStringList unauthenticatedOperations; // besides GetSystemDateAndTime, e.g. "GetServices"

        qint64 clockOffsetSeconds = 0; // device clock = UTC + offset
        bool reportUtc = true;         // false: GetSystemDateAndTime carries LocalDateTime only
        QString timeZone = QStringLiteral("UTC0"); // POSIX TZ reported in TimeZone/TZ
        qint64 localTimeOffsetSeconds = 0;         // LocalDateTime = device clock + this

        int mediaVersion = 1;           // 1: media ver10 (trt), 2: media2 ver20 (tr2)
        bool bothMediaServices = false; // offer (and advertise) ver10 and ver20 together
        NamespacePrefixes namespacePrefixes = NamespacePrefixes::Standard;
        QList<Profile> profiles;

        QString manufacturer = QStringLiteral("Simulated Devices Inc.");
        QString model = QStringLiteral("SIM-1000");
        QString firmware = QStringLiteral("1.2.3");
        QString serial = QStringLiteral("SN0001");
        QString hardwareId = QStringLiteral("HW-42");

        int answerDelayMs = 0; // every HTTP answer is sent this late (the request is read at once)

        QString faultOn; // operation (local name, e.g. "GetStreamUri") that always faults
        QString faultReason = QStringLiteral("Simulated failure");
        QString faultCode = QStringLiteral("Receiver");  // env:Receiver or env:Sender
        QString faultSubcode = QStringLiteral("Action"); // ter:<this>
        int faultHttpStatus = 500;

        QHostAddress address = QHostAddress(QHostAddress::LocalHost);
        quint16 port = 0; // 0: a free port
    };

    // One request as the simulator saw it.
    struct Request
    {
        QString path;
        QString operation;          // local name of the body's first child ("" if none)
        QString operationNamespace; // its namespace URI
        QByteArray contentType;
        QByteArray authorization; // the Authorization header, if any
        QByteArray body;
        int httpStatus = 0;      // what was answered
        bool authorized = false; // passed authentication (or needed none)
    };

    explicit OnvifSimulator(const Options &options = Options(), QObject *parent = nullptr);
    ~OnvifSimulator() override;

    bool start(QString *error = nullptr);         // serve on this object's thread
    bool startInThread(QString *error = nullptr); // serve on an own thread (no parent allowed)

    quint16 port() const;
    QString baseUrl() const;   // http://127.0.0.1:<port>
    QString deviceUrl() const; // <baseUrl>/onvif/device_service
    QString mediaUrl() const;  // <baseUrl>/onvif/media_service
    QString media2Url() const; // <baseUrl>/onvif/media2_service

    Options options() const;
    void setOptions(const Options &options); // takes effect with the next request
    QDateTime deviceTime() const;            // UTC + clockOffsetSeconds

    // Requests whose body names this operation (local name), whatever the answer was
    // (rejected ones and Digest challenges included); "" counts every request.
    int requestCount(const QString &operation = {}) const;
    // Requests of this operation that passed authentication (answered or faulted by the operation).
    int authorizedCount(const QString &operation = {}) const;
    // Credentials presented and refused (missing/wrong WS-Security token, stale Created,
    // reused nonce, wrong Digest answer). A Digest challenge to a request without an
    // Authorization header is not a failure; see digestChallenges().
    int authFailures() const;
    int digestChallenges() const;
    QString lastAuthFailure() const; // why the last refusal happened, for test messages
    QList<Request> requests() const;
    void resetCounters();

signals:
    void requestHandled(const QString &operation, int httpStatus);

private:
    struct Connection
    {
        QByteArray buffer;
        bool busy = false; // an answer is being delayed
        bool continueSent = false;
    };
    struct HttpRequest
    {
        QByteArray method;
        QByteArray target;
        QByteArray version;
        QList<QPair<QByteArray, QByteArray>> headers; // names lower-cased
        QByteArray body;
        QByteArray header(const QByteArray &name) const;
    };
    struct HttpResponse
    {
        int status = 200;
        QList<QPair<QByteArray, QByteArray>> headers;
        QByteArray body;
        bool close = false;
    };
    struct SoapRequest;

    bool listen(QString *error);
    void shutdown();
    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);
    void processBuffer(QTcpSocket *socket);
    void send(QTcpSocket *socket, const HttpResponse &response);
    HttpResponse handle(const HttpRequest &request, const Options &options);
    HttpResponse dispatch(const SoapRequest &soap, const QString &service, const Options &options);
    bool checkWsSecurity(const SoapRequest &soap, const Options &options, QString *why);
    bool checkDigest(const HttpRequest &request, const Options &options, QString *why);
    QByteArray digestChallenge(const Options &options);
    void record(const Request &request);

    mutable QMutex m_mutex;
    Options m_options;
    QTcpServer *m_server = nullptr;
    QThread *m_thread = nullptr;
    QHash<QTcpSocket *, Connection> m_connections;
    quint16 m_port = 0;
    QHostAddress m_address;

    // all under m_mutex
    QHash<QString, int> m_requestCounts;
    QHash<QString, int> m_authorizedCounts;
    int m_totalRequests = 0;
    int m_totalAuthorized = 0;
    int m_authFailures = 0;
    int m_digestChallenges = 0;
    QString m_lastAuthFailure;
    QList<Request> m_requests;
    QHash<QByteArray, QDateTime> m_usedNonces; // WS-Security nonces already accepted
    QHash<QByteArray, quint32> m_digestNonces; // issued Digest nonce -> highest nc seen
};
