#pragma once

#include <QElapsedTimer>
#include <QVideoFrame>
#include <QWidget>
#include <atomic>
#include <chrono>

class QVideoSink;

namespace camhub {

// Presents frames through a QVideoSink and paints them aspect-correct, with a message
// over the picture ("Starting stream…", "Camera lost…"). Lives on the GUI thread;
// present() is queued to it from the decoder thread.
class VideoView final : public QWidget
{
    Q_OBJECT

public:
    explicit VideoView(QWidget *parent = nullptr);

    QVideoSink *videoSink() const { return m_sink; }
    void present(const QVideoFrame &frame, std::chrono::steady_clock::time_point arrival);
    void clearPicture();
    void setMessage(const QString &message);
    QString message() const { return m_message; }

    qint64 framesPresented() const { return m_presented; }
    // Packet arrival on the reader -> setVideoFrame, in microseconds (last frame).
    qint64 lastLatencyUs() const { return m_lastLatencyUs; }
    qint64 msSinceLastFrame() const;

    // Frames queued to us but not yet presented: the decoder drops frames beyond this.
    std::atomic<int> pending{0};

signals:
    void doubleClicked();
    void framePresented(qint64 latencyUs);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;

private:
    QVideoSink *m_sink;
    QVideoFrame m_frame;
    QString m_message;
    qint64 m_presented = 0;
    qint64 m_lastLatencyUs = 0;
    QElapsedTimer m_sinceFrame;
};

} // namespace camhub
