#pragma once

#include "StreamStatus.h"

#include <QColor>
#include <QIcon>
#include <QString>

namespace camhub::UiText {

QString state(StreamState state); // "live", "starting", ...
QColor stateColor(StreamState state);
QIcon stateIcon(StreamState state); // a coloured dot
QString duration(double seconds);   // "45 s", "12 min 03 s", "3 h 07 min"

} // namespace camhub::UiText
