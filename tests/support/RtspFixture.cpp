#include "RtspFixture.h"

#include <QDeadlineTimer>
#include <QTest>
#include <csignal>

RtspFixture::RtspFixture(Options options) : m_options(std::move(options))
{
    connect(&m_process, &QProcess::readyReadStandardOutput, this, &RtspFixture::onOutput);
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
}

RtspFixture::~RtspFixture()
{
    kill();
}

bool RtspFixture::start(QString *error)
{
    QStringList args{QStringLiteral(CAMHUB_FIXTURES_DIR "/rtsp_server.py"),
                     QStringLiteral("--port"),
                     QString::number(m_options.port),
                     QStringLiteral("--audio"),
                     m_options.audio,
                     QStringLiteral("--size"),
                     m_options.size};
    if (!m_options.user.isEmpty())
        args << QStringLiteral("--user") << m_options.user << QStringLiteral("--password")
             << m_options.password;
    m_port = 0;
    m_connects = m_open = 0;
    m_buffer.clear();
    // Debian's interpreter: it has python3-gi, a python3 earlier on PATH may not.
    m_process.start(QStringLiteral("/usr/bin/python3"), args);
    QDeadlineTimer deadline(15000);
    while (m_port == 0 && !deadline.hasExpired() && m_process.state() != QProcess::NotRunning)
        m_process.waitForReadyRead(100);
    onOutput();
    if (m_port == 0 && error)
        *error = QStringLiteral("RTSP fixture did not start: ") + m_process.errorString();
    if (m_port != 0)
        m_options.port = m_port; // a restart keeps the camera's address
    return m_port != 0;
}

void RtspFixture::onOutput()
{
    m_buffer += m_process.readAllStandardOutput();
    qsizetype nl;
    while ((nl = m_buffer.indexOf('\n')) >= 0) {
        const QByteArray line = m_buffer.left(nl).trimmed();
        m_buffer.remove(0, nl + 1);
        if (line.startsWith("PORT "))
            m_port = quint16(line.mid(5).toUInt());
        else if (line.startsWith("CLIENT ")) {
            ++m_connects;
            m_open = line.mid(7).toInt();
        } else if (line.startsWith("CLOSED "))
            m_open = line.mid(7).toInt();
    }
}

void RtspFixture::kill()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    resume();
    m_process.kill();
    m_process.waitForFinished(5000);
}

void RtspFixture::pause()
{
    ::kill(pid_t(m_process.processId()), SIGSTOP);
}

void RtspFixture::resume()
{
    if (m_process.state() != QProcess::NotRunning)
        ::kill(pid_t(m_process.processId()), SIGCONT);
}

QString RtspFixture::url() const
{
    const QString auth =
        m_options.user.isEmpty() ? QString() : m_options.user + u':' + m_options.password + u'@';
    return QStringLiteral("rtsp://") + auth + QStringLiteral("127.0.0.1:%1/cam").arg(m_port);
}
