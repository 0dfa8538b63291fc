#pragma once

#include "StreamStatus.h"

#include <QFrame>
#include <QTimer>
#include <memory>

class QLabel;
class QThread;

namespace camhub {

class StreamManager;
class VideoDecoder;
class VideoView;

// One player tile. Play goes through StreamManager's start-or-reuse like every other
// client; the picture comes from the stream's own reader (no second camera
// connection), decoded off the GUI thread.
class PlayerWidget final : public QFrame
{
    Q_OBJECT

public:
    explicit PlayerWidget(StreamManager &manager, QWidget *parent = nullptr);
    ~PlayerWidget() override;

    void play(const QString &streamId);
    void stopStream(); // stops the stream itself, for every viewer
    void detach();     // stops showing it here; the stream runs on

    QString streamId() const { return m_streamId; }
    VideoView *view() const { return m_view; }
    void setSelected(bool selected);

signals:
    void activated(camhub::PlayerWidget *player);
    void focusRequested(camhub::PlayerWidget *player);

protected:
    void mousePressEvent(QMouseEvent *event) override;

private:
    void attach();
    void stopDecoder();
    void onStreamChanged(const camhub::StreamStatus &status);
    void onStreamGone(const QString &streamId, const QString &why);
    void checkPicture();
    void updateTitle();

    StreamManager &m_manager;
    VideoView *m_view;
    QLabel *m_title;
    QString m_streamId;
    StreamStatus m_status;
    QThread *m_decoderThread = nullptr;
    VideoDecoder *m_decoder = nullptr;
    QTimer m_watch; // stall detection and uptime in the title
};

} // namespace camhub
