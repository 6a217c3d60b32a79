#pragma once

#include "model/devicevalidation.h"

#include <QHash>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QRadioButton;

namespace bootbench {

class FieldError;

// Edits one device: its name, the image-safe data kept on its disk, and the per-device menu
// setting (or the global one). The MAC is the device's identity and is not edited here.
class DeviceForm final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeviceForm)

public:
    explicit DeviceForm(QWidget *parent = nullptr);

    void setDevice(const Device &device);
    void clear();
    Device device() const; // the loaded device with the edits applied
    bool hasDevice() const { return !m_device.mac.isEmpty(); }
    bool isDirty() const;
    bool isValid() const { return m_problems.isEmpty(); }
    QStringList problemMessages() const;
    static QString problemText(const DeviceProblem &problem);

    QLineEdit *nameEdit() const { return m_name; }
    QLineEdit *field(const QString &key) const { return m_fields.value(key); }
    QRadioButton *staticButton() const { return m_static; }
    QComboBox *menuCombo() const { return m_menu; }

public slots:
    void validate();

signals:
    void changed();

private:
    void updateEnabled();

    Device m_device;
    Device m_baseline;
    QLabel *m_mac;
    QLabel *m_hardware;
    QLineEdit *m_name;
    QRadioButton *m_dhcp;
    QRadioButton *m_static;
    QHash<QString, QLineEdit *> m_fields; // ip, mask, gateway, dnsSuffix, hostName, dnsServers
    QHash<QString, FieldError *> m_errors;
    QCheckBox *m_justImaged;
    QComboBox *m_menu;
    QList<DeviceProblem> m_problems;
    bool m_loading = false;
};

} // namespace bootbench
