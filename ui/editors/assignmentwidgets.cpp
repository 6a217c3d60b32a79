#include "editors/assignmentwidgets.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QHeaderView>
#include <QMimeData>
#include <QSet>

namespace bootbench {

namespace {
QStringList macsFrom(const QMimeData *data)
{
    if (!data || !data->hasFormat(QLatin1String(kDeviceMacsMimeType)))
        return {};
    return QString::fromUtf8(data->data(QLatin1String(kDeviceMacsMimeType)))
        .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}
} // namespace

DeviceDragTable::DeviceDragTable(QWidget *parent)
    : QTableWidget(parent)
{
    setDragEnabled(true);
    setDragDropMode(QAbstractItemView::DragOnly);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    verticalHeader()->hide();
    horizontalHeader()->setStretchLastSection(true);
}

QStringList DeviceDragTable::selectedMacs() const
{
    QStringList out;
    QSet<int> rows;
    for (const QTableWidgetItem *item : selectedItems())
        rows.insert(item->row());
    for (int row = 0; row < rowCount(); ++row) {
        if (rows.contains(row))
            out << item(row, 0)->data(Qt::UserRole).toString();
    }
    return out;
}

QStringList DeviceDragTable::mimeTypes() const
{
    return {QString::fromLatin1(kDeviceMacsMimeType)};
}

QMimeData *DeviceDragTable::mimeData(const QList<QTableWidgetItem *> &items) const
{
    QStringList macs;
    for (const QTableWidgetItem *i : items) {
        const QString mac = item(i->row(), 0)->data(Qt::UserRole).toString();
        if (!macs.contains(mac))
            macs << mac;
    }
    auto *data = new QMimeData;
    data->setData(QLatin1String(kDeviceMacsMimeType), macs.join(QLatin1Char('\n')).toUtf8());
    data->setText(macs.join(QLatin1Char('\n')));
    return data;
}

BundleDropList::BundleDropList(QWidget *parent)
    : QListWidget(parent)
{
    setAcceptDrops(true);
    viewport()->setAcceptDrops(true);
    setDropIndicatorShown(true);
    setDragDropMode(QAbstractItemView::DropOnly);
}

QString BundleDropList::bundleAt(const QPoint &pos) const
{
    const QListWidgetItem *item = itemAt(pos);
    return item ? item->data(Qt::UserRole).toString() : QString();
}

void BundleDropList::dragEnterEvent(QDragEnterEvent *event)
{
    if (macsFrom(event->mimeData()).isEmpty())
        event->ignore();
    else
        event->acceptProposedAction();
}

void BundleDropList::dragMoveEvent(QDragMoveEvent *event)
{
    const QString bundle = bundleAt(event->position().toPoint());
    if (bundle.isEmpty() || macsFrom(event->mimeData()).isEmpty()) {
        event->ignore();
        return;
    }
    setCurrentItem(itemAt(event->position().toPoint()));
    event->acceptProposedAction();
}

void BundleDropList::dropEvent(QDropEvent *event)
{
    const QString bundle = bundleAt(event->position().toPoint());
    const QStringList macs = macsFrom(event->mimeData());
    if (bundle.isEmpty() || macs.isEmpty()) {
        event->ignore();
        return;
    }
    event->acceptProposedAction();
    emit devicesDropped(bundle, macs);
}

} // namespace bootbench
