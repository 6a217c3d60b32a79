#include "editors/editorpages.h"

#include "editors/assignmentseditor.h"
#include "editors/bundleseditor.h"
#include "editors/deviceseditor.h"
#include "editors/imagespage.h"
#include "editors/menueditor.h"
#include "editors/ruleseditor.h"
#include "images/imagestore.h"
#include "store/storewatcher.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QStandardPaths>

namespace bootbench {

namespace {
QString dataDir(const AppContext &context)
{
    if (!context.dataDir.isEmpty())
        return context.dataDir;
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

QString shippedMenu()
{
    QFile f(QStringLiteral(":/bootbench/pxemenu.txt"));
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(EditorPages)
};
} // namespace

QString editorImageRoot(const AppContext &context)
{
    return ImageStore::defaultRoot(dataDir(context));
}

QString editorMenuFile(const AppContext &context)
{
    return QDir(dataDir(context)).filePath(QStringLiteral("pxemenu.txt"));
}

QList<QPair<QWidget *, QString>> createEditorPages(const AppContext &context, QWidget *parent)
{
    const Store &store = *context.store;
    auto *bundles = new BundlesEditor(store, ImageStore(editorImageRoot(context)), parent);
    auto *assignments = new AssignmentsEditor(store, parent);
    auto *rules = new RulesEditor(store, parent);
    auto *devices = new DevicesEditor(store, parent);
    auto *menu = new MenuEditor(store, editorMenuFile(context), shippedMenu(), parent);
    auto *images = new ImagesPage(store, editorImageRoot(context), parent);

    // A change on one page shows on the others at once; changes from elsewhere within a second.
    auto *watcher = new StoreWatcher(store, 1000, bundles);
    const auto reloadAll = [=] {
        bundles->reload();
        assignments->reload();
        rules->reload();
        devices->reload();
        menu->storeChanged();
    };
    QObject::connect(watcher, &StoreWatcher::changed, bundles, reloadAll);
    QObject::connect(bundles, &BundlesEditor::bundlesChanged, assignments, [=] {
        assignments->reload();
        rules->reload();
        menu->storeChanged();
    });
    QObject::connect(devices, &DevicesEditor::devicesChanged, assignments, [=] {
        assignments->reload();
        rules->reload();
    });
    QObject::connect(assignments, &AssignmentsEditor::assignmentsChanged, rules, &RulesEditor::reload);
    QObject::connect(assignments, &AssignmentsEditor::assignmentsChanged, bundles, &BundlesEditor::reload);
    QObject::connect(rules, &RulesEditor::rulesChanged, bundles, &BundlesEditor::reload);
    QObject::connect(images, &ImagesPage::imagesChanged, bundles, &BundlesEditor::reload);

    return {{bundles, Tr::tr("Bundles")}, {assignments, Tr::tr("Assignments")}, {rules, Tr::tr("Hardware rules")},
            {devices, Tr::tr("Devices")}, {menu, Tr::tr("Preboot menu")},       {images, Tr::tr("Images")}};
}

} // namespace bootbench
