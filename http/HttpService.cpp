#include "HttpService.h"

#include "ApiServer.h"

#include <QThread>

namespace camhub {

HttpService::HttpService(CameraRegistry &cameras, StreamManager &manager,
                         const AccessControl *access, HttpLimits limits)
    : m_cameras(cameras), m_manager(manager), m_access(access), m_limits(limits)
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
    m_thread->start();
    // The server is built on its own thread, not moved there: QHttpServer keeps a
    // WebSocket server that is not a child object and would stay behind.
    QObject context;
    context.moveToThread(m_thread.get());
    bool ok = false;
    QMetaObject::invokeMethod(
        &context,
        [&] {
            m_server =
                new ApiServer(m_cameras, m_manager, m_access, m_limits, m_discoveryInterfaces);
            ok = m_server->listen(address, port, error);
            context.moveToThread(nullptr); // let it be destroyed on our stack
        },
        Qt::BlockingQueuedConnection);
    m_port = ok ? m_server->port() : 0;
    m_address = address;
    if (!ok)
        stop();
    return ok;
}

bool HttpService::rebind(const QHostAddress &address, QString *error)
{
    if (!m_server)
        return false;
    bool ok = false;
    QMetaObject::invokeMethod(
        m_server, [&] { ok = m_server->rebind(address, error); }, Qt::BlockingQueuedConnection);
    if (ok)
        m_address = address;
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
