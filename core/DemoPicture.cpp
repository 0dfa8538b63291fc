#include "DemoPicture.h"

extern "C" {
#include <libavutil/frame.h>
}

#include <algorithm>
#include <cmath>
#include <cstring>

namespace camhub {

namespace {

// 5x7 glyphs, one byte per row, bit 4 = leftmost column.
struct Glyph
{
    char c;
    unsigned char rows[7];
};
constexpr Glyph kFont[] = {
    {'0', {0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E}},
    {'1', {0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E}},
    {'2', {0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F}},
    {'3', {0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E}},
    {'4', {0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02}},
    {'5', {0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E}},
    {'6', {0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E}},
    {'7', {0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08}},
    {'8', {0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E}},
    {'9', {0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C}},
    {':', {0x00, 0x0C, 0x0C, 0x00, 0x0C, 0x0C, 0x00}},
    {'.', {0x00, 0x00, 0x00, 0x00, 0x00, 0x0C, 0x0C}},
    {'-', {0x00, 0x00, 0x00, 0x1F, 0x00, 0x00, 0x00}},
    {'A', {0x0E, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11}},
    {'B', {0x1E, 0x11, 0x11, 0x1E, 0x11, 0x11, 0x1E}},
    {'C', {0x0E, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0E}},
    {'D', {0x1C, 0x12, 0x11, 0x11, 0x11, 0x12, 0x1C}},
    {'E', {0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x1F}},
    {'F', {0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x10}},
    {'H', {0x11, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11}},
    {'M', {0x11, 0x1B, 0x15, 0x15, 0x11, 0x11, 0x11}},
    {'O', {0x0E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E}},
    {'R', {0x1E, 0x11, 0x11, 0x1E, 0x14, 0x12, 0x11}},
    {'T', {0x1F, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04}},
    {'U', {0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E}},
};

const Glyph *glyphFor(char c)
{
    for (const Glyph &g : kFont)
        if (g.c == c)
            return &g;
    return nullptr;
}

} // namespace

DemoPicture::DemoPicture(int width, int height) : m_width(width), m_height(height)
{
}

void DemoPicture::fillRect(AVFrame *f, int x, int y, int w, int h, int Y, int U, int V) const
{
    const int x0 = std::clamp(x, 0, m_width), x1 = std::clamp(x + w, 0, m_width);
    const int y0 = std::clamp(y, 0, m_height), y1 = std::clamp(y + h, 0, m_height);
    if (x0 >= x1 || y0 >= y1)
        return;
    for (int row = y0; row < y1; ++row)
        std::memset(f->data[0] + row * f->linesize[0] + x0, Y, size_t(x1 - x0));
    if (U < 0)
        return;
    for (int row = y0 / 2; row < (y1 + 1) / 2; ++row) {
        std::memset(f->data[1] + row * f->linesize[1] + x0 / 2, U, size_t((x1 - x0 + 1) / 2));
        std::memset(f->data[2] + row * f->linesize[2] + x0 / 2, V, size_t((x1 - x0 + 1) / 2));
    }
}

void DemoPicture::drawText(AVFrame *f, const char *text, int x, int y, int scale, int Y) const
{
    for (const char *p = text; *p; ++p, x += 6 * scale) {
        const Glyph *g = glyphFor(*p);
        if (!g)
            continue;
        for (int r = 0; r < 7; ++r)
            for (int c = 0; c < 5; ++c)
                if (g->rows[r] & (0x10 >> c))
                    fillRect(f, x + c * scale, y + r * scale, scale, scale, Y, -1, -1);
    }
}

void DemoPicture::paint(AVFrame *f, qint64 frameIndex, const QDateTime &now) const
{
    // Backdrop: a dark blue vertical gradient.
    for (int row = 0; row < m_height; ++row)
        std::memset(f->data[0] + row * f->linesize[0], 40 + 50 * row / m_height, size_t(m_width));
    for (int row = 0; row < (m_height + 1) / 2; ++row) {
        std::memset(f->data[1] + row * f->linesize[1], 150, size_t((m_width + 1) / 2));
        std::memset(f->data[2] + row * f->linesize[2], 118, size_t((m_width + 1) / 2));
    }

    const int unit = std::max(1, m_height / 120);

    // Bouncing ball (a square blob is enough to show motion), orange.
    const double t = double(frameIndex) / 25.0;
    const int size = m_height / 8;
    const int bx = int((m_width - size) * (0.5 + 0.5 * std::sin(t * 1.3)));
    const int by = int((m_height - size) * (0.5 + 0.5 * std::sin(t * 2.1 + 1.0)));
    fillRect(f, bx, by, size, size, 160, 60, 190);

    // Seconds bar along the bottom, green.
    const int ms = now.time().msec();
    fillRect(f, 0, m_height - 4 * unit, m_width * ms / 1000, 4 * unit, 150, 80, 70);

    // Labels and the clock, white.
    drawText(f, "CAMHUB DEMO", 4 * unit, 4 * unit, unit, 235);
    const QByteArray clock = now.toString(QStringLiteral("HH:mm:ss.zzz")).toLatin1();
    const int scale = unit * 2;
    const int clockWidth = int(clock.size()) * 6 * scale;
    drawText(f, clock.constData(), (m_width - clockWidth) / 2, (m_height - 7 * scale) / 2, scale,
             235);
    const QByteArray date = now.toString(QStringLiteral("yyyy-MM-dd")).toLatin1();
    drawText(f, date.constData(), (m_width - int(date.size()) * 6 * unit) / 2,
             m_height / 2 + 6 * scale, unit, 210);
    const QByteArray frameLabel = "FRAME " + QByteArray::number(frameIndex);
    drawText(f, frameLabel.constData(), 4 * unit, m_height - 14 * unit, unit, 200);
}

} // namespace camhub
