#pragma once

#include <QMutex>
#include <QStringList>

// Collects every log line (any thread) while alive, still printing them.
class LogCapture final
{
public:
    LogCapture();
    ~LogCapture();
    QString text() const;

private:
    static void handler(QtMsgType type, const QMessageLogContext &context, const QString &msg);
    static LogCapture *s_current;
    static QtMessageHandler s_previous;
    mutable QMutex m_mutex;
    QStringList m_lines;
};
