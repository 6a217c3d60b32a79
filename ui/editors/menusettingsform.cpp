#include "editors/menusettingsform.h"

#include "editors/fielderror.h"
#include "menu/menupassword.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPromise>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QThreadPool>

#include <memory>

namespace bootbench {

namespace {
constexpr int kMinPasswordLength = 4;
constexpr int kHashDelayMs = 300; // typing pause before a confirmed password is hashed

// One worker for every password hash: a stale one (typed on meanwhile) never competes with the
// newest, and a form closed while hashing does not wait for it (the watcher just goes away).
struct HashPool : QThreadPool
{
    HashPool() { setMaxThreadCount(1); }
};
Q_GLOBAL_STATIC(HashPool, hashPool)
} // namespace

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

    // Wrapped, not cut by the button next to it (Japanese), and narrow enough for a laptop screen.
    m_passwordState->setWordWrap(true);
    m_mode->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_mode->setMinimumContentsLength(16);
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
    m_hashDelay.setSingleShot(true);
    m_hashDelay.setInterval(kHashDelayMs);
    connect(&m_hashDelay, &QTimer::timeout, this, &MenuSettingsForm::startHashing);
    connect(&m_hashWatcher, &QFutureWatcher<QString>::finished, this, &MenuSettingsForm::hashFinished);
    setSettings(MenuSettings{});
}

QString MenuSettingsForm::passwordToHash() const
{
    const QString pw = m_password->text();
    return !pw.isEmpty() && isValid() && m_confirm->text() == pw ? pw : QString();
}

bool MenuSettingsForm::isHashing() const
{
    const QString pw = passwordToHash();
    return !pw.isEmpty() && pw != m_hashedPassword;
}

void MenuSettingsForm::hashNow()
{
    m_hashDelay.stop();
    startHashing();
}

void MenuSettingsForm::startHashing()
{
    const QString pw = passwordToHash();
    if (pw.isEmpty() || pw == m_hashedPassword || pw == m_hashing)
        return;
    m_hashing = pw;
    auto promise = std::make_shared<QPromise<QString>>();
    m_hashWatcher.setFuture(promise->future());
    promise->start();
    hashPool()->start([promise, pw] {
        promise->addResult(MenuPassword::hash(pw));
        promise->finish();
    });
}

void MenuSettingsForm::hashFinished()
{
    const QFuture<QString> future = m_hashWatcher.future();
    if (future.isCanceled() || future.resultCount() == 0)
        return;
    m_hashedPassword = m_hashing;
    m_hash = future.result();
    m_hashing.clear();
    if (isHashing()) { // typed on meanwhile: hash the newer password
        startHashing();
        return;
    }
    updatePasswordState();
    emit hashReady();
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
    m_hashDelay.stop();
    m_hashing.clear();
    m_hashedPassword.clear();
    m_hash.clear();
    m_hashWatcher.setFuture(QFuture<QString>()); // a hash still running is for nothing now
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
    if (isHashing())
        m_hashDelay.start();
    else
        m_hashDelay.stop();
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
    if (!m_password->text().isEmpty()) {
        if (m_password->text() == m_hashedPassword)
            s.passwordHash = m_hash;
        // else still hashing (isHashing()): callers wait for hashReady(); the stored hash stays.
    } else if (m_clearRequested)
        s.passwordHash.clear();
    return s;
}

} // namespace bootbench
