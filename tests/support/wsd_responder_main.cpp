// wsd_responder: a WS-Discovery responder for an ONVIF camera, as a program, so that a
// test can run it inside a network namespace (multicast stays off the host's networks):
//
//   ip netns exec <ns> wsd_responder --interface <veth peer>
//       --xaddr http://198.51.100.2:8080/onvif/device_service --name "Front Door" --hardware
//       SIM-1000
//
// Prints "READY" (flushed) once it listens, one "ANSWERED <ip>:<port> <MessageID>" or
// "IGNORED <ip> <why>" line per Probe; exits on SIGTERM/SIGINT (default actions) or
// when stdin is closed if --stdin-lifeline is given.
#include "WsDiscoveryResponder.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTextStream>
#include <cstdio>
#include <unistd.h>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("wsd_responder"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Answers WS-Discovery Probes like an ONVIF camera."));
    parser.addHelpOption();
    const QCommandLineOption xaddr(QStringLiteral("xaddr"),
                                   QStringLiteral("Device service URL (repeatable)."),
                                   QStringLiteral("URL"));
    const QCommandLineOption name(QStringLiteral("name"), QStringLiteral("Camera name scope."),
                                  QStringLiteral("N"), QStringLiteral("Simulated Camera"));
    const QCommandLineOption hardware(QStringLiteral("hardware"),
                                      QStringLiteral("Hardware (model) scope."),
                                      QStringLiteral("H"), QStringLiteral("SIM-1000"));
    const QCommandLineOption location(QStringLiteral("location"), QStringLiteral("Location scope."),
                                      QStringLiteral("L"), QStringLiteral("lab"));
    const QCommandLineOption scope(QStringLiteral("scope"),
                                   QStringLiteral("Extra scope URI (repeatable)."),
                                   QStringLiteral("URI"));
    const QCommandLineOption iface(QStringLiteral("interface"),
                                   QStringLiteral("Join 239.255.255.250 on this interface."),
                                   QStringLiteral("IFNAME"));
    const QCommandLineOption bind(QStringLiteral("bind"),
                                  QStringLiteral("Local address to bind (default 0.0.0.0)."),
                                  QStringLiteral("ADDRESS"), QStringLiteral("0.0.0.0"));
    const QCommandLineOption port(QStringLiteral("port"),
                                  QStringLiteral("UDP port (default 3702)."),
                                  QStringLiteral("PORT"), QStringLiteral("3702"));
    const QCommandLineOption uuid(QStringLiteral("uuid"),
                                  QStringLiteral("Endpoint UUID (default random)."),
                                  QStringLiteral("UUID"));
    const QCommandLineOption noMulticast(
        QStringLiteral("no-multicast"),
        QStringLiteral("Do not join the multicast group (directed probes only)."));
    const QCommandLineOption delay(QStringLiteral("delay-ms"), QStringLiteral("Answer this late."),
                                   QStringLiteral("MS"), QStringLiteral("0"));
    const QCommandLineOption lifeline(QStringLiteral("stdin-lifeline"),
                                      QStringLiteral("Exit when stdin closes."));
    parser.addOptions({xaddr, name, hardware, location, scope, iface, bind, port, uuid, noMulticast,
                       delay, lifeline});
    parser.process(app);

    WsDiscoveryResponder::Options o;
    o.xaddrs = parser.values(xaddr);
    o.name = parser.value(name);
    o.hardware = parser.value(hardware);
    o.location = parser.value(location);
    o.extraScopes = parser.values(scope);
    o.interfaceName = parser.value(iface);
    o.bindAddress = QHostAddress(parser.value(bind));
    o.port = quint16(parser.value(port).toUInt());
    o.endpointUuid = parser.value(uuid);
    o.joinMulticast = !parser.isSet(noMulticast);
    o.answerDelayMs = parser.value(delay).toInt();

    WsDiscoveryResponder responder(o);
    QTextStream out(stdout);
    QObject::connect(&responder, &WsDiscoveryResponder::probeAnswered,
                     [&out](const QHostAddress &to, quint16 p, const QString &relatesTo) {
                         out << "ANSWERED " << to.toString() << ':' << p << ' ' << relatesTo
                             << Qt::endl;
                     });
    QObject::connect(&responder, &WsDiscoveryResponder::probeIgnored,
                     [&out](const QHostAddress &from, const QString &why) {
                         out << "IGNORED " << from.toString() << ' ' << why << Qt::endl;
                     });
    QString error;
    if (!responder.start(&error)) {
        QTextStream(stderr) << "wsd_responder: " << error << Qt::endl;
        return 1;
    }
    QSocketNotifier *stdinWatch = nullptr;
    if (parser.isSet(lifeline)) {
        stdinWatch = new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, &app);
        QObject::connect(stdinWatch, &QSocketNotifier::activated, &app, [&app] {
            char buf[256];
            if (::read(STDIN_FILENO, buf, sizeof buf) <= 0)
                app.quit();
        });
    }
    out << "READY " << responder.port() << ' ' << responder.endpointAddress() << Qt::endl;
    return app.exec();
}
