#include "PlayerGrid.h"

#include "PlayerWidget.h"

#include <QGridLayout>
#include <cmath>

namespace camhub {

PlayerGrid::PlayerGrid(StreamManager &manager, QWidget *parent)
    : QWidget(parent), m_layout(new QGridLayout(this))
{
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setSpacing(4);
    for (int i = 0; i < kMaxTiles; ++i) {
        auto *tile = new PlayerWidget(manager, this);
        tile->setObjectName(QStringLiteral("player%1").arg(i));
        connect(tile, &PlayerWidget::activated, this, &PlayerGrid::setCurrent);
        connect(tile, &PlayerWidget::focusRequested, this, &PlayerGrid::toggleFocus);
        m_tiles.append(tile);
    }
    relayout();
    setCurrent(m_tiles.first());
}

void PlayerGrid::setTileCount(int count)
{
    m_count = count >= 9 ? 9 : count >= 4 ? 4 : 1;
    m_focused = nullptr;
    // Tiles that leave the grid stop showing their stream (it keeps running).
    for (int i = m_count; i < kMaxTiles; ++i)
        m_tiles[i]->detach();
    if (m_current >= m_count)
        setCurrent(m_tiles.first());
    relayout();
}

void PlayerGrid::setCurrent(PlayerWidget *tile)
{
    const int i = int(m_tiles.indexOf(tile));
    if (i < 0)
        return;
    m_current = i;
    for (PlayerWidget *t : std::as_const(m_tiles))
        t->setSelected(t == tile && m_count > 1);
    emit currentChanged(tile);
}

void PlayerGrid::toggleFocus(PlayerWidget *tile)
{
    m_focused = m_focused ? nullptr : tile;
    setCurrent(tile);
    relayout();
}

void PlayerGrid::relayout()
{
    for (PlayerWidget *t : std::as_const(m_tiles)) {
        m_layout->removeWidget(t);
        t->hide();
    }
    if (m_focused) {
        m_layout->addWidget(m_focused, 0, 0);
        m_focused->show();
        return;
    }
    const int side = int(std::lround(std::sqrt(double(m_count))));
    for (int i = 0; i < m_count; ++i) {
        m_layout->addWidget(m_tiles[i], i / side, i % side);
        m_tiles[i]->show();
    }
}

} // namespace camhub
