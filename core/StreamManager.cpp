#include "StreamManager.h"

#include "CameraRegistry.h"
#include "Log.h"
#include "Stream.h"

#include <QThread>

namespace camhub {

StreamManager::StreamManager(CameraRegistry &cameras, Options options, QObject *parent)
    : QObject(parent), m_cameras(cameras), m_options(options)
{
    qRegisterMetaType<camhub::StreamStatus>();
    if (m_options.cleanupIntervalSeconds > 0) {
        m_cleanupTimer.setInterval(m_options.cleanupIntervalSeconds * 1000);
        connect(&m_cleanupTimer, &QTimer::timeout, this, [this] {
            const int n = cleanup();
            if (n > 0)
                qCInfo(lcStream) << "periodic cleanup removed" << n << "dead stream(s)";
        });
        m_cleanupTimer.start();
    }
    // A camera removed or re-pointed: its readers must not go on with the old source.
    connect(
        &cameras, &CameraRegistry::streamsInvalidated, this,
        [this](const QStringList &ids) {
            for (const QString &id : ids)
                stop(id);
        },
        Qt::DirectConnection);
}

StreamManager::~StreamManager()
{
    shutdown();
}

StreamManager::StartResult StreamManager::start(const QString &streamId)
{
    const auto resolved = m_cameras.findStream(streamId);
    if (!resolved) {
        StartResult r;
        r.error = Error::UnknownStream;
        r.message = QStringLiteral("Unknown stream: %1").arg(streamId);
        return r;
    }
    return startResolved(streamId, resolved->camera.id, resolved->profile.token,
                         authenticatedUrl(resolved->camera, resolved->profile));
}

StreamManager::StartResult StreamManager::startProfile(const QString &cameraId,
                                                       const QString &profileToken)
{
    const auto resolved = m_cameras.findProfile(cameraId, profileToken);
    if (!resolved) {
        StartResult r;
        const bool cameraKnown = m_cameras.hasCamera(cameraId);
        r.error = cameraKnown ? Error::UnknownProfile : Error::UnknownCamera;
        r.message = cameraKnown
                        ? QStringLiteral("Camera %1 has no profile %2").arg(cameraId, profileToken)
                        : QStringLiteral("Unknown camera: %1").arg(cameraId);
        return r;
    }
    return startResolved(resolved->profile.streamId, resolved->camera.id, resolved->profile.token,
                         authenticatedUrl(resolved->camera, resolved->profile));
}

StreamManager::StartResult StreamManager::startResolved(const QString &streamId,
                                                        const QString &cameraId,
                                                        const QString &token, const QString &url)
{
    StartResult result;
    std::shared_ptr<Stream> created;
    {
        QMutexLocker lock(&m_mutex);
        if (m_shutDown) {
            result.error = Error::UnknownStream;
            result.message = QStringLiteral("camhub is shutting down");
            return result;
        }
        if (const auto it = m_streams.constFind(streamId); it != m_streams.cend()) {
            const StreamStatus s = (*it)->status();
            if (s.alive()) {
                result.status = s;
                result.alreadyRunning = true;
            } else {
                qCInfo(lcStream).noquote()
                    << streamId << "restarts; previous instance died:" << s.lastError;
                retire(*it);
                m_streams.erase(it);
            }
        }
        if (!result.alreadyRunning) {
            created =
                std::make_shared<Stream>(streamId, cameraId, token, url, m_options.stream,
                                         [this](const StreamStatus &s) { emit streamChanged(s); });
            m_streams.insert(streamId, created);
            created->start();
            result.status = created->status();
        }
    }
    if (result.alreadyRunning) {
        logReuse(streamId, result.status.uptime);
        emit streamReused(result.status);
    } else {
        qCInfo(lcStream).noquote() << streamId << "started";
        emit streamStarted(result.status);
    }
    return result;
}

void StreamManager::logReuse(const QString &streamId, double uptime)
{
    // One line per stream and second at most: a hundred viewers polling Play must not
    // turn the log into the bottleneck (or bury everything else in it).
    qint64 count = 0;
    {
        QMutexLocker lock(&m_mutex);
        ReuseLog &log = m_reuseLog[streamId];
        ++log.pending;
        if (log.last.isValid() && log.last.elapsed() < 1000)
            return;
        log.last.start();
        count = std::exchange(log.pending, 0);
    }
    if (count == 1)
        qCInfo(lcStream).noquote()
            << streamId << "reused, uptime" << QString::number(uptime, 'f', 1) << "s";
    else
        qCInfo(lcStream).noquote()
            << streamId << "reused" << count << "times in the last second, uptime"
            << QString::number(uptime, 'f', 1) << "s";
}

bool StreamManager::stop(const QString &streamId, bool *wasRunning)
{
    if (wasRunning)
        *wasRunning = false;
    std::shared_ptr<Stream> stream;
    {
        QMutexLocker lock(&m_mutex);
        stream = m_streams.take(streamId);
        if (stream) {
            if (wasRunning)
                *wasRunning = stream->status().alive();
            retire(stream);
        }
    }
    if (!stream)
        return m_cameras.findStream(streamId).has_value();
    const StreamStatus s = stream->status();
    qCInfo(lcStream).noquote() << streamId << "stopped after" << QString::number(s.uptime, 'f', 1)
                               << "s";
    emit streamStopped(s);
    return true;
}

void StreamManager::retire(std::shared_ptr<Stream> stream)
{
    stream->requestStop();
    if (QThread *t = stream->thread()) {
        // Reap on our own thread once the reader has wound down.
        connect(t, &QThread::finished, this, &StreamManager::reap, Qt::QueuedConnection);
        if (t->isFinished())
            QMetaObject::invokeMethod(this, &StreamManager::reap, Qt::QueuedConnection);
    }
    m_retiring.append(std::move(stream));
}

void StreamManager::reap()
{
    QList<std::shared_ptr<Stream>> done;
    {
        QMutexLocker lock(&m_mutex);
        for (auto it = m_retiring.begin(); it != m_retiring.end();) {
            if (!(*it)->thread() || (*it)->thread()->isFinished()) {
                done.append(std::move(*it));
                it = m_retiring.erase(it);
            } else {
                ++it;
            }
        }
    }
    // Streams are destroyed outside the lock; their threads have already finished.
}

std::optional<StreamStatus> StreamManager::status(const QString &streamId) const
{
    {
        QMutexLocker lock(&m_mutex);
        if (const auto it = m_streams.constFind(streamId); it != m_streams.cend())
            return (*it)->status();
    }
    const auto resolved = m_cameras.findStream(streamId);
    if (!resolved)
        return std::nullopt;
    StreamStatus s;
    s.streamId = streamId;
    s.cameraId = resolved->camera.id;
    s.profileToken = resolved->profile.token;
    s.state = StreamState::Stopped;
    return s;
}

QList<StreamStatus> StreamManager::all() const
{
    QList<StreamStatus> out;
    QMutexLocker lock(&m_mutex);
    out.reserve(m_streams.size());
    for (const auto &s : m_streams)
        out.append(s->status());
    std::sort(out.begin(), out.end(),
              [](const StreamStatus &a, const StreamStatus &b) { return a.streamId < b.streamId; });
    return out;
}

int StreamManager::cleanup()
{
    QStringList removed;
    {
        QMutexLocker lock(&m_mutex);
        for (auto it = m_streams.begin(); it != m_streams.end();) {
            if ((*it)->status().state == StreamState::Dead) {
                removed.append(it.key());
                retire(*it);
                it = m_streams.erase(it);
            } else {
                ++it;
            }
        }
    }
    qCInfo(lcStream) << "cleanup removed" << removed.size() << "dead stream(s)";
    if (!removed.isEmpty())
        emit streamsCleanedUp(removed);
    return int(removed.size());
}

std::shared_ptr<PacketQueue> StreamManager::subscribe(const QString &streamId)
{
    std::shared_ptr<Stream> stream;
    {
        QMutexLocker lock(&m_mutex);
        stream = m_streams.value(streamId);
    }
    if (!stream || !stream->status().alive())
        return nullptr;
    return stream->subscribe();
}

std::optional<QByteArray> StreamManager::hlsFile(const QString &streamId,
                                                 const QString &fileName) const
{
    std::shared_ptr<Stream> stream;
    {
        QMutexLocker lock(&m_mutex);
        stream = m_streams.value(streamId);
    }
    if (!stream || !stream->status().alive())
        return std::nullopt;
    return stream->playlist().file(fileName);
}

void StreamManager::shutdown()
{
    QList<std::shared_ptr<Stream>> all;
    {
        QMutexLocker lock(&m_mutex);
        m_shutDown = true;
        for (const auto &s : std::as_const(m_streams))
            all.append(s);
        all.append(m_retiring);
        m_streams.clear();
        m_retiring.clear();
    }
    for (const auto &s : all)
        s->requestStop();
    for (const auto &s : all)
        s->wait(5000);
}

} // namespace camhub
