#pragma once

#include "editors/editorcommon.h"
#include "images/imagestore.h"
#include "model/bundle.h"

#include <QWidget>

class QLabel;
class QListWidget;
class QPushButton;

namespace bootbench {

class BundleForm;
class ImageChecksummer;
class Store;

// The bundles page: the list of imaging bundles and the editor of the selected one. Saving is one
// transaction; deleting a bundle that is in use asks first and names the devices and rules.
class BundlesEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BundlesEditor)

public:
    BundlesEditor(const Store &store, const ImageStore &images, QWidget *parent = nullptr);

    void setConfirm(ConfirmFunction confirm) { m_confirm = std::move(confirm); }
    BundleForm *form() const { return m_form; }
    QListWidget *list() const { return m_list; }
    QString statusText() const;
    ImageChecksummer *checksummer() const { return m_checksummer; }

public slots:
    void reload(); // reads the store again (keeps unsaved edits)
    void newBundle();
    bool save(); // false when invalid or the store refused (nothing saved then)
    void revert();
    bool deleteSelected();
    bool selectBundle(const QString &name);

signals:
    void bundlesChanged(); // saved, renamed or deleted

private:
    void currentChanged();
    void updateButtons();
    void setStatus(const QString &text, bool error);
    bool confirmDiscard();

    const Store &m_store;
    ImageChecksummer *m_checksummer;
    QListWidget *m_list;
    QPushButton *m_new;
    QPushButton *m_delete;
    BundleForm *m_form;
    QPushButton *m_save;
    QPushButton *m_revert;
    QLabel *m_status;
    ConfirmFunction m_confirm = messageBoxConfirm();
    QString m_selected; // the bundle shown in the form (empty for a new one)
    bool m_reverting = false;
};

} // namespace bootbench
