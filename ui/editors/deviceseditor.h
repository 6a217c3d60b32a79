#pragma once

#include "editors/editorcommon.h"
#include "model/device.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace bootbench {

class DeviceForm;
class FieldError;
class Store;

// The devices page: add devices ahead of time (MAC validated and normalised, name), import a CSV,
// and edit a device's name, image-safe data and per-device menu setting.
class DevicesEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DevicesEditor)

public:
    explicit DevicesEditor(const Store &store, QWidget *parent = nullptr);

    void setConfirm(ConfirmFunction confirm) { m_confirm = std::move(confirm); }
    DeviceForm *form() const { return m_form; }
    QTableWidget *table() const { return m_table; }
    QLineEdit *newMacEdit() const { return m_newMac; }
    QLineEdit *newNameEdit() const { return m_newName; }
    QString statusText() const;

public slots:
    void reload();
    bool addDevice(); // from the "add" fields; false (nothing saved) when they are not valid
    bool save();      // the selected device's edits
    void revert();
    bool deleteSelected();
    bool selectDevice(const QString &mac);
    // Opens the CSV import dialog for a file (the button asks for the file first).
    void importCsvFile(const QString &path);

signals:
    void devicesChanged();

private:
    void validateNew();
    void chooseCsv();
    void currentChanged();
    void updateButtons();
    void setStatus(const QString &text, bool error);

    const Store &m_store;
    QLineEdit *m_newMac;
    QLineEdit *m_newName;
    FieldError *m_newMacError;
    FieldError *m_newNameError;
    QPushButton *m_add;
    QPushButton *m_import;
    QTableWidget *m_table;
    DeviceForm *m_form;
    QPushButton *m_save;
    QPushButton *m_revert;
    QPushButton *m_delete;
    QLabel *m_status;
    ConfirmFunction m_confirm = messageBoxConfirm();
    QStringList m_knownMacs;
    QString m_selected;
    bool m_reverting = false;
};

} // namespace bootbench
