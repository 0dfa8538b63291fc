#pragma once

#include <QList>
#include <QWidget>

class QGridLayout;

namespace camhub {

class PlayerWidget;
class StreamManager;

// 1, 4 or 9 player tiles. One tile is current (Play goes there); double-clicking a
// tile shows it alone, double-clicking again returns to the grid.
class PlayerGrid final : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kMaxTiles = 9;

    explicit PlayerGrid(StreamManager &manager, QWidget *parent = nullptr);

    void setTileCount(int count); // 1, 4 or 9
    int tileCount() const { return m_count; }
    PlayerWidget *current() const { return m_tiles[m_current]; }
    PlayerWidget *tile(int i) const { return m_tiles.value(i); }
    void setCurrent(PlayerWidget *tile);
    bool isFocused() const { return m_focused != nullptr; }

signals:
    void currentChanged(camhub::PlayerWidget *tile);

private:
    void relayout();
    void toggleFocus(PlayerWidget *tile);

    QGridLayout *m_layout;
    QList<PlayerWidget *> m_tiles;
    int m_count = 1;
    int m_current = 0;
    PlayerWidget *m_focused = nullptr;
};

} // namespace camhub
