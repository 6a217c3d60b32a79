#pragma once

#include "model/menusettings.h"

#include <QFutureWatcher>
#include <QTimer>
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
    // The settings to save; a new password goes in only as its PBKDF2 hash. Hashing takes about
    // half a second, so it runs on a worker thread once the two passwords match and typing pauses:
    // while isHashing(), settings() is not ready yet — wait for hashReady() (never block on it).
    MenuSettings settings() const;
    bool isHashing() const;
    // Starts hashing a confirmed new password now instead of after the typing pause.
    void hashNow();
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
    // The hash of the confirmed new password is ready: settings() holds it.
    void hashReady();

private:
    void validate();
    void updatePasswordState();
    QString passwordToHash() const; // the confirmed valid new password, or empty
    void startHashing();
    void hashFinished();

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
    QTimer m_hashDelay;                    // typing pause before hashing
    QFutureWatcher<QString> m_hashWatcher; // the hash being computed (for m_hashing)
    QString m_hashing;                     // the password being hashed
    QString m_hashedPassword;              // the password m_hash is the hash of
    QString m_hash;
};

} // namespace bootbench
