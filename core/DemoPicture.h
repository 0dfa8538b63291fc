#pragma once

#include <QDateTime>

struct AVFrame;

namespace camhub {

// Paints the demo camera's picture into a YUV420P frame: a still backdrop, a ball
// that bounces, a seconds bar and a clock, so a viewer sees at a glance that the
// stream is live and how far behind real time it is.
class DemoPicture final
{
public:
    DemoPicture(int width, int height);

    void paint(AVFrame *frame, qint64 frameIndex, const QDateTime &now) const;

private:
    void fillRect(AVFrame *f, int x, int y, int w, int h, int Y, int U, int V) const;
    void drawText(AVFrame *f, const char *text, int x, int y, int scale, int Y) const;

    int m_width;
    int m_height;
};

} // namespace camhub
