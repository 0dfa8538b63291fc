#pragma once

#include "HttpLimits.h"

#include <QHostAddress>
#include <QString>
#include <QStringList>
#include <memory>

QT_BEGIN_NAMESPACE
class QThread;
QT_END_NAMESPACE

namespace camhub {

class AccessControl;
class ApiServer;
class CameraRegistry;
class StreamManager;

// Runs the ApiServer on a thread of its own, so a busy GUI never delays an answer and
// a burst of requests never freezes the GUI.
class HttpService final
{
public:
    // access: the token and origin rules; null lets every client in.
    HttpService(CameraRegistry &cameras, StreamManager &manager,
                const AccessControl *access = nullptr, HttpLimits limits = {});
    ~HttpService();

    // Blocks until the server listens (or failed to).
    bool start(const QHostAddress &address, quint16 port, QString *error);
    void stop();
    bool rebind(const QHostAddress &address, QString *error);
    // Interfaces ONVIF discovery may probe (empty = all); set before start().
    void setDiscoveryInterfaces(const QStringList &names) { m_discoveryInterfaces = names; }
    quint16 port() const { return m_port; }
    QHostAddress address() const { return m_address; }

private:
    CameraRegistry &m_cameras;
    StreamManager &m_manager;
    const AccessControl *m_access;
    const HttpLimits m_limits;
    std::unique_ptr<QThread> m_thread;
    ApiServer *m_server = nullptr; // lives on m_thread
    quint16 m_port = 0;
    QHostAddress m_address;
    QStringList m_discoveryInterfaces;
};

} // namespace camhub
