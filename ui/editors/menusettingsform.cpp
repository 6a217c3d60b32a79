#include "editors/menusettingsform.h"

#include "editors/fielderror.h"
#include "menu/menupassword.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>

namespace bootbench {

namespace {
constexpr int kMinPasswordLength = 4;
}

MenuSettingsForm::MenuSettingsForm(QWidget *parent)
    : QWidget(parent)
    , m_mode(new QComboBox(this))
    , m_timeout(new QSpinBox(this))
    , m_passwordState(new QLabel(this))
    , m_password(new QLineEdit(this))
    , m_confirm(new QLineEdit(this))
    , m_clear(new QPushButton(tr("C&lear password"), this))
{
    m_mode->setObjectName(QStringLiteral("menuMode"));
    m_mode->addItem(tr("Only when the hotkey is pressed"), int(MenuMode::Hotkey));
    m_mode->addItem(tr("Always"), int(MenuMode::Always));
    m_mode->addItem(tr("Never"), int(MenuMode::Never));
    m_timeout->setObjectName(QStringLiteral("menuTimeout"));
    m_timeout->setRange(0, 3600);
    m_timeout->setSuffix(tr(" s"));
    m_timeout->setToolTip(tr("How long the device waits for the hotkey (and on UEFI for Enter) before going on"));
    m_passwordState->setObjectName(QStringLiteral("passwordState"));
    m_password->setObjectName(QStringLiteral("menuPassword"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("new password"));
    m_confirm->setObjectName(QStringLiteral("menuPasswordConfirm"));
    m_confirm->setEchoMode(QLineEdit::Password);
    m_confirm->setPlaceholderText(tr("the same again"));
    m_clear->setObjectName(QStringLiteral("clearPassword"));
    m_passwordError = new FieldError(m_password, this);
    m_confirmError = new FieldError(m_confirm, this);

    auto *passwordRow = new QHBoxLayout;
    passwordRow->setContentsMargins(0, 0, 0, 0);
    passwordRow->addWidget(m_passwordState, 1);
    passwordRow->addWidget(m_clear);
    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("Show the menu:"), m_mode);
    form->addRow(tr("Hotkey time-out:"), m_timeout);
    form->addRow(tr("Password:"), passwordRow);
    form->addRow(tr("Set a new password:"), withError(m_password, m_passwordError));
    form->addRow(tr("Confirm:"), withError(m_confirm, m_confirmError));

    connect(m_mode, &QComboBox::currentIndexChanged, this, &MenuSettingsForm::validate);
    connect(m_timeout, &QSpinBox::valueChanged, this, &MenuSettingsForm::validate);
    connect(m_password, &QLineEdit::textChanged, this, &MenuSettingsForm::validate);
    connect(m_confirm, &QLineEdit::textChanged, this, &MenuSettingsForm::validate);
    connect(m_clear, &QPushButton::clicked, this, &MenuSettingsForm::clearPassword);
    setSettings(MenuSettings{});
}

void MenuSettingsForm::setSettings(const MenuSettings &settings)
{
    m_loaded = settings;
    m_clearRequested = false;
    {
        const QSignalBlocker b1(m_mode), b2(m_timeout), b3(m_password), b4(m_confirm);
        m_mode->setCurrentIndex(m_mode->findData(int(settings.mode)));
        m_timeout->setValue(settings.timeoutSeconds);
        m_password->clear();
        m_confirm->clear();
    }
    validate();
}

void MenuSettingsForm::clearPassword()
{
    m_clearRequested = true;
    m_password->clear();
    m_confirm->clear();
    validate();
}

void MenuSettingsForm::updatePasswordState()
{
    const bool hasNew = !m_password->text().isEmpty();
    QString state;
    if (hasNew)
        state = tr("A new password will be set when you save.");
    else if (m_clearRequested && !m_loaded.passwordHash.isEmpty())
        state = tr("The password will be cleared when you save.");
    else if (!m_loaded.passwordHash.isEmpty())
        state = tr("Set (stored as a salted hash; the menu asks for it).");
    else
        state = tr("None: anyone at the device can use the menu.");
    m_passwordState->setText(state);
    m_clear->setEnabled(!m_loaded.passwordHash.isEmpty() && !m_clearRequested);
}

void MenuSettingsForm::validate()
{
    QString passwordError, confirmError;
    const QString pw = m_password->text();
    if (!pw.isEmpty() && pw.size() < kMinPasswordLength)
        passwordError = tr("Use at least %1 characters.").arg(kMinPasswordLength);
    else if (!pw.isEmpty() && pw.trimmed() != pw)
        passwordError = tr("The password starts or ends with a space; a keyboard at the device may not match it.");
    if (passwordError.isEmpty() && (!pw.isEmpty() || !m_confirm->text().isEmpty()) && m_confirm->text() != pw)
        confirmError = tr("The two passwords differ.");
    m_passwordError->setError(passwordError);
    m_confirmError->setError(confirmError);
    updatePasswordState();
    emit changed();
}

bool MenuSettingsForm::isValid() const
{
    return !m_passwordError->hasError() && !m_confirmError->hasError();
}

QString MenuSettingsForm::problem() const
{
    return m_passwordError->hasError() ? m_passwordError->text() : m_confirmError->text();
}

bool MenuSettingsForm::isDirty() const
{
    return m_mode->currentData().toInt() != int(m_loaded.mode) || m_timeout->value() != m_loaded.timeoutSeconds ||
           !m_password->text().isEmpty() || (m_clearRequested && !m_loaded.passwordHash.isEmpty());
}

MenuSettings MenuSettingsForm::settings() const
{
    MenuSettings s = m_loaded;
    s.mode = MenuMode(m_mode->currentData().toInt());
    s.timeoutSeconds = m_timeout->value();
    if (!m_password->text().isEmpty())
        s.passwordHash = MenuPassword::hash(m_password->text());
    else if (m_clearRequested)
        s.passwordHash.clear();
    return s;
}

} // namespace bootbench
