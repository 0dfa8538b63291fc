#include "UiText.h"

#include <QCoreApplication>
#include <QHash>
#include <QPainter>
#include <QPixmap>

namespace camhub::UiText {

QString state(StreamState s)
{
    switch (s) {
    case StreamState::Starting:
        return QCoreApplication::translate("camhub", "starting");
    case StreamState::Running:
        return QCoreApplication::translate("camhub", "live");
    case StreamState::Reconnecting:
        return QCoreApplication::translate("camhub", "reconnecting");
    case StreamState::Dead:
        return QCoreApplication::translate("camhub", "dead");
    case StreamState::Stopped:
        return QCoreApplication::translate("camhub", "stopped");
    }
    return {};
}

QColor stateColor(StreamState s)
{
    switch (s) {
    case StreamState::Starting:
        return QColor(0xf0, 0xad, 0x4e);
    case StreamState::Running:
        return QColor(0x2e, 0xb8, 0x5c);
    case StreamState::Reconnecting:
        return QColor(0xf0, 0x7f, 0x2e);
    case StreamState::Dead:
        return QColor(0xdc, 0x35, 0x45);
    case StreamState::Stopped:
        break;
    }
    return QColor(0x8a, 0x93, 0x9e);
}

QIcon stateIcon(StreamState s)
{
    static QHash<int, QIcon> cache;
    auto it = cache.find(int(s));
    if (it != cache.end())
        return *it;
    QPixmap pm(16, 16);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(stateColor(s));
    p.drawEllipse(QRectF(3, 3, 10, 10));
    p.end();
    return *cache.insert(int(s), QIcon(pm));
}

QString duration(double seconds)
{
    const qint64 s = qint64(seconds);
    if (s < 60)
        return QStringLiteral("%1 s").arg(s);
    if (s < 3600)
        return QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1 h %2 min")
        .arg(s / 3600)
        .arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
}

} // namespace camhub::UiText
