#pragma once

#include "model/menusettings.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace bootbench {

class FieldError;

// The global Preboot Menu settings: when the menu is shown (never / always / on the hotkey), the
// time-out, and the password (set or cleared here; only its hash is kept).
class MenuSettingsForm final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MenuSettingsForm)

public:
    explicit MenuSettingsForm(QWidget *parent = nullptr);

    void setSettings(const MenuSettings &settings);
    // The settings to save; a new password is hashed here (PBKDF2), never kept in clear.
    MenuSettings settings() const;
    bool isDirty() const;
    bool isValid() const;
    QString problem() const;

    QComboBox *modeCombo() const { return m_mode; }
    QSpinBox *timeoutSpin() const { return m_timeout; }
    QLineEdit *passwordEdit() const { return m_password; }
    QLineEdit *confirmEdit() const { return m_confirm; }
    QPushButton *clearButton() const { return m_clear; }

public slots:
    void clearPassword();

signals:
    void changed();

private:
    void validate();
    void updatePasswordState();

    MenuSettings m_loaded;
    bool m_clearRequested = false;
    QComboBox *m_mode;
    QSpinBox *m_timeout;
    QLabel *m_passwordState;
    QLineEdit *m_password;
    QLineEdit *m_confirm;
    QPushButton *m_clear;
    FieldError *m_passwordError;
    FieldError *m_confirmError;
};

} // namespace bootbench
