#include "LogCapture.h"

LogCapture *LogCapture::s_current = nullptr;
QtMessageHandler LogCapture::s_previous = nullptr;

LogCapture::LogCapture()
{
    s_current = this;
    s_previous = qInstallMessageHandler(&LogCapture::handler);
}

LogCapture::~LogCapture()
{
    qInstallMessageHandler(s_previous);
    s_current = nullptr;
}

QString LogCapture::text() const
{
    QMutexLocker lock(&m_mutex);
    return m_lines.join(u'\n');
}

void LogCapture::handler(QtMsgType type, const QMessageLogContext &context, const QString &msg)
{
    if (LogCapture *c = s_current) {
        QMutexLocker lock(&c->m_mutex);
        c->m_lines.append(msg);
    }
    if (s_previous)
        s_previous(type, context, msg);
}
