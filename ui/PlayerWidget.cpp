#include "PlayerWidget.h"

#include "FrameConverter.h"
#include "StreamManager.h"
#include "UiText.h"
#include "VideoDecoder.h"
#include "VideoView.h"

#include <QLabel>
#include <QThread>
#include <QVBoxLayout>

namespace camhub {

namespace {
constexpr int kStallMs = 3000;
constexpr int kMaxPendingFrames = 2; // frames queued to the GUI thread before dropping
} // namespace

PlayerWidget::PlayerWidget(StreamManager &manager, QWidget *parent)
    : QFrame(parent), m_manager(manager), m_view(new VideoView(this)), m_title(new QLabel(this))
{
    setObjectName(QStringLiteral("player"));
    setFrameShape(QFrame::Box);
    setLineWidth(2);
    setSelected(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->setSpacing(0);
    m_title->setObjectName(QStringLiteral("playerTitle"));
    m_title->setContentsMargins(6, 3, 6, 3);
    m_title->setText(tr("No stream — pick a camera and press Play"));
    layout->addWidget(m_title);
    layout->addWidget(m_view, 1);
    m_view->setMessage(tr("Select a camera profile and press Play"));

    connect(m_view, &VideoView::doubleClicked, this, [this] { emit focusRequested(this); });
    connect(m_view, &VideoView::framePresented, this, [this] {
        if (m_view->framesPresented() == 1 || !m_view->message().isEmpty())
            if (m_status.state == StreamState::Running || m_status.state == StreamState::Starting)
                m_view->setMessage({});
    });
    connect(&manager, &StreamManager::streamChanged, this, &PlayerWidget::onStreamChanged);
    connect(&manager, &StreamManager::streamStopped, this,
            [this](const StreamStatus &s) { onStreamGone(s.streamId, tr("Stream stopped")); });
    connect(&manager, &StreamManager::streamsCleanedUp, this, [this](const QStringList &ids) {
        for (const QString &id : ids)
            onStreamGone(id, tr("Dead stream cleaned up"));
    });
    m_watch.setInterval(500);
    connect(&m_watch, &QTimer::timeout, this, &PlayerWidget::checkPicture);
}

PlayerWidget::~PlayerWidget()
{
    stopDecoder();
}

void PlayerWidget::setSelected(bool selected)
{
    setStyleSheet(selected ? QStringLiteral("camhub--PlayerWidget { color: #3d8bfd; }")
                           : QStringLiteral("camhub--PlayerWidget { color: #2b2f36; }"));
}

void PlayerWidget::mousePressEvent(QMouseEvent *event)
{
    emit activated(this);
    QFrame::mousePressEvent(event);
}

void PlayerWidget::play(const QString &streamId)
{
    emit activated(this);
    const StreamManager::StartResult r = m_manager.start(streamId);
    if (!r.ok()) {
        m_view->setMessage(r.message);
        return;
    }
    const bool sameStream = streamId == m_streamId && m_decoder;
    m_streamId = streamId;
    m_status = r.status;
    if (r.alreadyRunning)
        m_view->setMessage(
            tr("Connecting to existing stream… (up %1)").arg(UiText::duration(r.status.uptime)));
    else
        m_view->setMessage(tr("Starting stream…"));
    if (!sameStream) {
        stopDecoder();
        m_view->clearPicture();
        attach();
    }
    updateTitle();
    m_watch.start();
}

void PlayerWidget::attach()
{
    auto queue = m_manager.subscribe(m_streamId);
    if (!queue)
        return;
    auto converter = std::make_shared<FrameConverter>();
    VideoView *view = m_view; // outlives the decoder: stopDecoder() joins before we go
    m_decoder =
        new VideoDecoder(std::move(queue), [converter, view](const AVFrame *frame, auto arrival) {
            if (view->pending.load() >= kMaxPendingFrames)
                return; // the GUI is behind: show fresh frames, not old ones
            const QVideoFrame qf = converter->convert(frame);
            if (!qf.isValid())
                return;
            ++view->pending;
            QMetaObject::invokeMethod(
                view,
                [view, qf, arrival] {
                    --view->pending;
                    view->present(qf, arrival);
                },
                Qt::QueuedConnection);
        });
    m_decoderThread = new QThread(this);
    m_decoderThread->setObjectName(QStringLiteral("decoder:") + m_streamId);
    m_decoder->moveToThread(m_decoderThread);
    connect(m_decoderThread, &QThread::started, m_decoder, &VideoDecoder::run);
    connect(m_decoder, &VideoDecoder::finished, m_decoderThread, &QThread::quit);
    m_decoderThread->start();
}

void PlayerWidget::stopDecoder()
{
    if (!m_decoderThread)
        return;
    m_decoder->stop();
    m_decoderThread->quit();
    m_decoderThread->wait();
    delete m_decoder;
    delete m_decoderThread;
    m_decoder = nullptr;
    m_decoderThread = nullptr;
    m_view->pending = 0;
}

void PlayerWidget::detach()
{
    stopDecoder();
    m_streamId.clear();
    m_status = {};
    m_watch.stop();
    m_view->clearPicture();
    m_view->setMessage(tr("Select a camera profile and press Play"));
    m_title->setText(tr("No stream"));
}

void PlayerWidget::stopStream()
{
    if (!m_streamId.isEmpty())
        m_manager.stop(m_streamId);
}

void PlayerWidget::onStreamChanged(const StreamStatus &s)
{
    if (s.streamId != m_streamId)
        return;
    const StreamState before = m_status.state;
    m_status = s;
    switch (s.state) {
    case StreamState::Reconnecting:
        m_view->setMessage(tr("Camera lost — reconnecting…\n%1").arg(s.lastError));
        break;
    case StreamState::Dead:
        stopDecoder();
        m_view->setMessage(tr("Camera unavailable\n%1").arg(s.lastError));
        break;
    case StreamState::Running:
        if (before == StreamState::Reconnecting && !m_decoder)
            attach();
        break;
    default:
        break;
    }
    updateTitle();
}

void PlayerWidget::onStreamGone(const QString &streamId, const QString &why)
{
    if (streamId != m_streamId)
        return;
    stopDecoder();
    m_status.state = StreamState::Stopped;
    m_view->setMessage(why);
    m_watch.stop();
    updateTitle();
}

void PlayerWidget::checkPicture()
{
    updateTitle();
    if (m_status.state != StreamState::Running)
        return;
    const qint64 since = m_view->msSinceLastFrame();
    if (since > kStallMs)
        m_view->setMessage(tr("No picture for %1 s").arg(since / 1000));
}

void PlayerWidget::updateTitle()
{
    if (m_streamId.isEmpty())
        return;
    QString text = m_streamId + QStringLiteral("  ·  ") + UiText::state(m_status.state);
    if (m_status.alive() && m_status.startedAt.isValid()) {
        const double up =
            double(m_status.startedAt.msecsTo(QDateTime::currentDateTimeUtc())) / 1000.0;
        text += QStringLiteral("  ·  ") + tr("up %1").arg(UiText::duration(up));
    }
    m_title->setText(text);
}

} // namespace camhub
