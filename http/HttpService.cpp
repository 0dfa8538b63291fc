#include "HttpService.h"

#include "ApiServer.h"

#include <QThread>

namespace camhub {

HttpService::HttpService(CameraRegistry &cameras, StreamManager &manager, HttpLimits limits)
    : m_cameras(cameras), m_manager(manager), m_limits(limits)
{
}

HttpService::~HttpService()
{
    stop();
}

bool HttpService::start(const QHostAddress &address, quint16 port, QString *error)
{
    m_thread = std::make_unique<QThread>();
    m_thread->setObjectName(QStringLiteral("http"));
    m_server = new ApiServer(m_cameras, m_manager, m_limits);
    m_server->moveToThread(m_thread.get());
    m_thread->start();
    bool ok = false;
    // Sockets are created on the server's own thread.
    QMetaObject::invokeMethod(
        m_server, [&] { ok = m_server->listen(address, port, error); },
        Qt::BlockingQueuedConnection);
    m_port = ok ? m_server->port() : 0;
    if (!ok)
        stop();
    return ok;
}

void HttpService::stop()
{
    if (!m_thread)
        return;
    if (m_server) {
        ApiServer *server = m_server;
        m_server = nullptr;
        QMetaObject::invokeMethod(
            server, [server] { delete server; }, Qt::BlockingQueuedConnection);
    }
    m_thread->quit();
    m_thread->wait();
    m_thread.reset();
}

} // namespace camhub
