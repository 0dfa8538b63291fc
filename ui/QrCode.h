#pragma once

#include <QByteArray>
#include <QImage>

namespace camhub {

// A QR code of text (libqrencode), `scale` pixels per module with a quiet zone.
QImage qrCodeImage(const QByteArray &text, int scale = 6);

} // namespace camhub
