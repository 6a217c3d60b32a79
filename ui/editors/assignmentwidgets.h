#pragma once

#include <QListWidget>
#include <QTableWidget>

namespace bootbench {

// The MIME type of dragged devices: their MACs, one per line.
inline constexpr char kDeviceMacsMimeType[] = "application/x-bootbench-macs";

// A device table whose selected rows can be dragged onto a bundle. Column 0 holds the MAC in
// Qt::UserRole.
class DeviceDragTable final : public QTableWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeviceDragTable)

public:
    explicit DeviceDragTable(QWidget *parent = nullptr);
    QStringList selectedMacs() const;
    QMimeData *mimeDataFor(const QList<QTableWidgetItem *> &items) const { return mimeData(items); }

protected:
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QList<QTableWidgetItem *> &items) const override;
};

// The bundle list: dropping devices on a bundle asks for them to be assigned to it. Items hold
// the bundle name in Qt::UserRole.
class BundleDropList final : public QListWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BundleDropList)

public:
    explicit BundleDropList(QWidget *parent = nullptr);

signals:
    void devicesDropped(const QString &bundleName, const QStringList &macs);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    QString bundleAt(const QPoint &pos) const;
};

} // namespace bootbench
