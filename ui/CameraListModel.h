#pragma once

#include "Camera.h"
#include "StreamStatus.h"

#include <QAbstractItemModel>
#include <QHash>
#include <QTimer>

namespace camhub {

class CameraRegistry;
class StreamManager;

// Cameras and their profiles, with each profile's stream state and a ticking uptime.
// Driven by StreamManager's signals (streams started from a browser or curl appear
// at once); the one-second timer only repaints the uptime column.
class CameraListModel final : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        StateColumn,
        UptimeColumn,
        ColumnCount
    };
    enum Role
    {
        StreamIdRole = Qt::UserRole + 1,
        StateRole
    };

    CameraListModel(CameraRegistry &cameras, StreamManager &manager, QObject *parent = nullptr);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    QString streamIdAt(const QModelIndex &index) const; // a profile row, or a camera's first
    QModelIndex indexOfStream(const QString &streamId, int column = NameColumn) const;
    StreamStatus statusOf(const QString &streamId) const;

private:
    void reload();
    void update(const StreamStatus &status);
    void remove(const QString &streamId);

    CameraRegistry &m_registry;
    QList<Camera> m_cameras;
    QHash<QString, StreamStatus> m_status; // streams the manager has told us about
    QTimer m_tick;
};

} // namespace camhub
