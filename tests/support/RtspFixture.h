#pragma once

#include <QObject>
#include <QProcess>
#include <QString>

// A live RTSP camera for tests: tests/fixtures/rtsp_server.py (gst-rtsp-server) on a
// free loopback port. Counts the client connections it reports.
class RtspFixture final : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QString user;
        QString password;
        QString audio = QStringLiteral("none"); // none | aac | pcmu
        QString size = QStringLiteral("640x360");
        quint16 port = 0; // 0 = any free port
    };

    RtspFixture() : RtspFixture(Options{}) {}
    explicit RtspFixture(Options options);
    ~RtspFixture() override;

    bool start(QString *error = nullptr); // waits for "PORT n"
    void kill();                          // like a camera losing power: no goodbye
    void pause();                         // SIGSTOP: connections stay open, nothing is sent
    void resume();

    quint16 port() const { return m_port; }
    QString url() const;                                // with credentials when set
    int clientsConnected() const { return m_connects; } // total, since start
    int clientsOpen() const { return m_open; }

private:
    void onOutput();

    Options m_options;
    QProcess m_process;
    QByteArray m_buffer;
    quint16 m_port = 0;
    int m_connects = 0;
    int m_open = 0;
};
