#pragma once

#include <QObject>

namespace camhub {

// Turns SIGINT/SIGTERM into a clean QCoreApplication::quit() (streams stopped, readers
// joined) through a self-pipe, the async-signal-safe way.
class SignalWatcher final : public QObject
{
    Q_OBJECT

public:
    explicit SignalWatcher(QObject *parent = nullptr);
};

} // namespace camhub
