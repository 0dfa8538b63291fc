#include "VideoView.h"

#include <QPainter>
#include <QVideoSink>

namespace camhub {

VideoView::VideoView(QWidget *parent) : QWidget(parent), m_sink(new QVideoSink(this))
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(160, 90);
    connect(m_sink, &QVideoSink::videoFrameChanged, this, [this](const QVideoFrame &frame) {
        m_frame = frame;
        update();
    });
}

void VideoView::present(const QVideoFrame &frame, std::chrono::steady_clock::time_point arrival)
{
    m_sink->setVideoFrame(frame); // Qt 6.4: on the GUI thread
    m_lastLatencyUs = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::steady_clock::now() - arrival)
                          .count();
    ++m_presented;
    m_sinceFrame.start();
    emit framePresented(m_lastLatencyUs);
}

void VideoView::clearPicture()
{
    m_frame = QVideoFrame();
    m_sinceFrame.invalidate();
    update();
}

void VideoView::setMessage(const QString &message)
{
    if (m_message == message)
        return;
    m_message = message;
    update();
}

qint64 VideoView::msSinceLastFrame() const
{
    return m_sinceFrame.isValid() ? m_sinceFrame.elapsed() : -1;
}

void VideoView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), QColor(18, 20, 24));
    if (m_frame.isValid()) {
        QSizeF size = m_frame.size();
        size.scale(QSizeF(this->size()), Qt::KeepAspectRatio);
        const QRectF target(QPointF((width() - size.width()) / 2, (height() - size.height()) / 2),
                            size);
        QVideoFrame::PaintOptions options;
        m_frame.paint(&p, target, options);
    }
    if (!m_message.isEmpty()) {
        QFont f = font();
        f.setPointSizeF(f.pointSizeF() * 1.2);
        p.setFont(f);
        const QRect text = p.fontMetrics()
                               .boundingRect(rect().adjusted(24, 0, -24, 0),
                                             Qt::AlignCenter | Qt::TextWordWrap, m_message)
                               .adjusted(-14, -10, 14, 10);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0, 0, 0, 170));
        p.drawRoundedRect(text, 8, 8);
        p.setPen(QColor(235, 238, 242));
        p.drawText(text, Qt::AlignCenter | Qt::TextWordWrap, m_message);
    }
}

void VideoView::mouseDoubleClickEvent(QMouseEvent *)
{
    emit doubleClicked();
}

} // namespace camhub
