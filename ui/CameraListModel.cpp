#include "CameraListModel.h"

#include "CameraRegistry.h"
#include "StreamManager.h"
#include "UiText.h"

namespace camhub {

namespace {
constexpr quintptr kCameraRow = quintptr(-1); // internalId of top-level rows
}

CameraListModel::CameraListModel(CameraRegistry &cameras, StreamManager &manager, QObject *parent)
    : QAbstractItemModel(parent), m_registry(cameras)
{
    reload();
    for (const StreamStatus &s : manager.all())
        m_status.insert(s.streamId, s);
    connect(&cameras, &CameraRegistry::camerasChanged, this, &CameraListModel::reload);
    connect(&manager, &StreamManager::streamStarted, this, &CameraListModel::update);
    connect(&manager, &StreamManager::streamReused, this, &CameraListModel::update);
    connect(&manager, &StreamManager::streamChanged, this, &CameraListModel::update);
    connect(&manager, &StreamManager::streamStopped, this,
            [this](const StreamStatus &s) { remove(s.streamId); });
    connect(&manager, &StreamManager::streamsCleanedUp, this, [this](const QStringList &ids) {
        for (const QString &id : ids)
            remove(id);
    });
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, [this] {
        for (const StreamStatus &s : std::as_const(m_status))
            if (s.alive()) {
                const QModelIndex i = indexOfStream(s.streamId, UptimeColumn);
                emit dataChanged(i, i, {Qt::DisplayRole});
            }
    });
    m_tick.start();
}

void CameraListModel::reload()
{
    beginResetModel();
    m_cameras = m_registry.cameras();
    endResetModel();
}

void CameraListModel::update(const StreamStatus &status)
{
    m_status.insert(status.streamId, status);
    const QModelIndex first = indexOfStream(status.streamId, NameColumn);
    if (first.isValid())
        emit dataChanged(first, indexOfStream(status.streamId, UptimeColumn));
}

void CameraListModel::remove(const QString &streamId)
{
    if (!m_status.remove(streamId))
        return;
    const QModelIndex first = indexOfStream(streamId, NameColumn);
    if (first.isValid())
        emit dataChanged(first, indexOfStream(streamId, UptimeColumn));
}

StreamStatus CameraListModel::statusOf(const QString &streamId) const
{
    StreamStatus s = m_status.value(streamId);
    if (!m_status.contains(streamId)) {
        s.streamId = streamId;
        s.state = StreamState::Stopped;
    }
    return s;
}

QModelIndex CameraListModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0)
        return {};
    if (!parent.isValid())
        return row < m_cameras.size() ? createIndex(row, column, kCameraRow) : QModelIndex();
    if (parent.internalId() != kCameraRow || row >= m_cameras[parent.row()].profiles.size())
        return {};
    return createIndex(row, column, quintptr(parent.row()));
}

QModelIndex CameraListModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == kCameraRow)
        return {};
    return createIndex(int(child.internalId()), 0, kCameraRow);
}

int CameraListModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_cameras.size());
    if (parent.internalId() == kCameraRow && parent.column() == 0)
        return int(m_cameras[parent.row()].profiles.size());
    return 0;
}

int CameraListModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QString CameraListModel::streamIdAt(const QModelIndex &index) const
{
    if (!index.isValid())
        return {};
    if (index.internalId() == kCameraRow) {
        const Camera &c = m_cameras[index.row()];
        return c.profiles.isEmpty() ? QString() : c.profiles.first().streamId;
    }
    return m_cameras[int(index.internalId())].profiles[index.row()].streamId;
}

QModelIndex CameraListModel::indexOfStream(const QString &streamId, int column) const
{
    for (int c = 0; c < m_cameras.size(); ++c)
        for (int p = 0; p < m_cameras[c].profiles.size(); ++p)
            if (m_cameras[c].profiles[p].streamId == streamId)
                return createIndex(p, column, quintptr(c));
    return {};
}

QVariant CameraListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    if (index.internalId() == kCameraRow) {
        const Camera &c = m_cameras[index.row()];
        if (index.column() == NameColumn && role == Qt::DisplayRole)
            return c.name;
        if (index.column() == NameColumn && role == Qt::ToolTipRole)
            return tr("Camera %1").arg(c.id);
        if (role == StreamIdRole)
            return streamIdAt(index);
        return {};
    }
    const CameraProfile &p = m_cameras[int(index.internalId())].profiles[index.row()];
    const StreamStatus s = statusOf(p.streamId);
    switch (role) {
    case StreamIdRole:
        return p.streamId;
    case StateRole:
        return toString(s.state);
    case Qt::ToolTipRole:
        return s.lastError.isEmpty() ? p.streamId : p.streamId + u'\n' + s.lastError;
    case Qt::DecorationRole:
        return index.column() == StateColumn ? QVariant(UiText::stateIcon(s.state)) : QVariant();
    case Qt::DisplayRole:
        if (index.column() == NameColumn)
            return p.name;
        if (index.column() == StateColumn)
            return UiText::state(s.state);
        if (s.alive() && s.startedAt.isValid())
            return UiText::duration(double(s.startedAt.msecsTo(QDateTime::currentDateTimeUtc())) /
                                    1000.0);
        return QString();
    default:
        return {};
    }
}

QVariant CameraListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Camera");
    case StateColumn:
        return tr("State");
    case UptimeColumn:
        return tr("Uptime");
    }
    return {};
}

} // namespace camhub
