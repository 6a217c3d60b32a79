#include "editors/unsavededits.h"

#include "editors/bundleform.h"
#include "editors/bundleseditor.h"
#include "editors/deviceform.h"
#include "editors/deviceseditor.h"
#include "editors/menueditor.h"
#include "editors/ruleform.h"
#include "editors/ruleseditor.h"

#include <QMessageBox>
#include <QPushButton>

namespace bootbench {

UnsavedEdits UnsavedEditsOf::of(QWidget *page)
{
    UnsavedEdits e;
    if (auto *bundles = qobject_cast<BundlesEditor *>(page)) {
        e.editor = true;
        e.unsaved = bundles->form()->isDirty();
        const QString name = bundles->form()->bundle().name;
        e.what = name.isEmpty() ? tr("The new bundle") : tr("The bundle \"%1\"").arg(name);
        e.save = [bundles] { return bundles->save(); };
        e.discard = [bundles] { bundles->revert(); };
    } else if (auto *rules = qobject_cast<RulesEditor *>(page)) {
        e.editor = true;
        e.unsaved = rules->form()->isDirty();
        const QString name = rules->form()->rule().name;
        e.what = name.isEmpty() ? tr("The new hardware rule") : tr("The hardware rule \"%1\"").arg(name);
        e.save = [rules] { return rules->save(); };
        e.discard = [rules] { rules->revert(); };
    } else if (auto *devices = qobject_cast<DevicesEditor *>(page)) {
        e.editor = true;
        e.unsaved = devices->form()->isDirty();
        const Device d = devices->form()->device();
        e.what = tr("The device %1").arg(d.name.isEmpty() ? d.mac : d.name);
        e.save = [devices] { return devices->save(); };
        e.discard = [devices] { devices->revert(); };
    } else if (auto *menu = qobject_cast<MenuEditor *>(page)) {
        e.editor = true;
        e.unsaved = menu->isModified();
        e.what = tr("The preboot menu");
        e.save = [menu] { return menu->save(); };
        e.discard = [menu] { menu->revert(); };
    }
    return e;
}

UnsavedPrompt messageBoxUnsavedPrompt()
{
    return [](QWidget *parent, const QString &what) {
        QMessageBox box(QMessageBox::Warning, UnsavedEditsOf::tr("Unsaved changes"),
                        UnsavedEditsOf::tr("%1 has changes that are not saved.").arg(what),
                        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, parent);
        box.setInformativeText(UnsavedEditsOf::tr("Save them, discard them, or go back to them?"));
        box.setDefaultButton(QMessageBox::Save);
        switch (box.exec()) {
        case QMessageBox::Save: return UnsavedChoice::Save;
        case QMessageBox::Discard: return UnsavedChoice::Discard;
        default: return UnsavedChoice::Cancel;
        }
    };
}

} // namespace bootbench
