#pragma once

#include "StreamOptions.h"
#include "StreamStatus.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QTimer>
#include <memory>
#include <optional>

namespace camhub {

class CameraRegistry;
class PacketQueue;
class Stream;

// The one owner of streams. Every method is thread-safe and returns at once (no
// camera I/O happens on the caller's thread): the HTTP server and the window call it
// from their own threads. Start-or-reuse is atomic: N concurrent starts of one stream
// create one reader and one camera connection.
class StreamManager final : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        StreamOptions stream;
        int cleanupIntervalSeconds = 300; // 0 disables the timer
    };

    enum class Error
    {
        None,
        UnknownStream,
        UnknownCamera,
        UnknownProfile
    };

    struct StartResult
    {
        Error error = Error::None;
        QString message;
        StreamStatus status;
        bool alreadyRunning = false;
        bool ok() const { return error == Error::None; }
    };

    StreamManager(CameraRegistry &cameras, Options options, QObject *parent = nullptr);
    ~StreamManager() override;

    StartResult start(const QString &streamId);
    // An empty profileToken means the camera's first profile.
    StartResult startProfile(const QString &cameraId, const QString &profileToken);

    // Returns false for an id that is not a configured stream. wasRunning tells
    // whether a live stream was actually stopped.
    bool stop(const QString &streamId, bool *wasRunning = nullptr);

    // Status of any configured stream; one that is not running reports "stopped".
    std::optional<StreamStatus> status(const QString &streamId) const;
    QList<StreamStatus> all() const;

    // Removes dead streams (and their segments). Returns how many.
    int cleanup();

    // The video packets of a live stream for a local player (no second camera
    // connection); null when the stream is not alive.
    std::shared_ptr<PacketQueue> subscribe(const QString &streamId);

    // A playlist or segment of a live stream, or nullopt.
    std::optional<QByteArray> hlsFile(const QString &streamId, const QString &fileName) const;

    // Stops every stream and waits for the readers (bounded by the interrupt poll).
    void shutdown();

    const Options &options() const { return m_options; }

signals:
    void streamStarted(const camhub::StreamStatus &status);
    void streamReused(const camhub::StreamStatus &status);
    void streamChanged(const camhub::StreamStatus &status); // state or segment updates
    void streamStopped(const camhub::StreamStatus &status);
    void streamsCleanedUp(const QStringList &streamIds);

private:
    StartResult startResolved(const QString &streamId, const QString &cameraId,
                              const QString &token, const QString &url);
    void retire(std::shared_ptr<Stream> stream); // under m_mutex
    void reap();
    void logReuse(const QString &streamId, double uptime);

    struct ReuseLog
    {
        QElapsedTimer last;
        qint64 pending = 0;
    };
    QHash<QString, ReuseLog> m_reuseLog; // under m_mutex
    CameraRegistry &m_cameras;
    const Options m_options;
    mutable QMutex m_mutex;
    QHash<QString, std::shared_ptr<Stream>> m_streams;
    QList<std::shared_ptr<Stream>> m_retiring; // stopped, reader still winding down
    QTimer m_cleanupTimer;
    bool m_shutDown = false;
};

} // namespace camhub

Q_DECLARE_METATYPE(camhub::StreamStatus)
