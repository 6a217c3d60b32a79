#include "editors/deviceform.h"

#include "editors/fielderror.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QRadioButton>
#include <QSignalBlocker>
#include <QVBoxLayout>

namespace bootbench {

namespace {
constexpr int kGlobal = -1; // menu combo: no per-device override
}

DeviceForm::DeviceForm(QWidget *parent)
    : QWidget(parent)
    , m_mac(new QLabel(this))
    , m_hardware(new QLabel(this))
    , m_name(new QLineEdit(this))
    , m_dhcp(new QRadioButton(tr("Get an address by &DHCP"), this))
    , m_static(new QRadioButton(tr("Use a &static address"), this))
    , m_justImaged(new QCheckBox(tr("&Just imaged (the imaging engine sets and clears this)"), this))
    , m_menu(new QComboBox(this))
{
    m_mac->setObjectName(QStringLiteral("deviceMac"));
    m_mac->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_hardware->setObjectName(QStringLiteral("deviceHardware"));
    m_hardware->setWordWrap(true);
    m_hardware->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_name->setObjectName(QStringLiteral("deviceName"));
    m_name->setPlaceholderText(tr("e.g. lab-pc-07"));
    m_dhcp->setObjectName(QStringLiteral("useDhcp"));
    m_static->setObjectName(QStringLiteral("useStatic"));
    m_justImaged->setObjectName(QStringLiteral("justImaged"));
    m_menu->setObjectName(QStringLiteral("menuOverride"));
    m_menu->addItem(tr("Use the global setting"), kGlobal);
    m_menu->addItem(tr("Only when the hotkey is pressed"), int(MenuMode::Hotkey));
    m_menu->addItem(tr("Always show the menu"), int(MenuMode::Always));
    m_menu->addItem(tr("Never show the menu"), int(MenuMode::Never));
    auto *group = new QButtonGroup(this);
    group->addButton(m_dhcp);
    group->addButton(m_static);

    auto *nameError = new FieldError(m_name, this);
    m_errors.insert(QStringLiteral("name"), nameError);
    auto *identity = new QFormLayout;
    identity->addRow(tr("MAC address:"), m_mac);
    identity->addRow(tr("&Name:"), withError(m_name, nameError));
    identity->addRow(tr("Reported hardware:"), m_hardware);
    identity->addRow(tr("Preboot &menu:"), m_menu);

    auto *safeBox = new QGroupBox(tr("Image-safe data (kept on the disk, survives re-imaging)"), this);
    auto *safe = new QFormLayout(safeBox);
    auto *mode = new QHBoxLayout;
    mode->addWidget(m_dhcp);
    mode->addWidget(m_static);
    mode->addStretch();
    safe->addRow(mode);
    const struct
    {
        const char *key;
        QString label;
        QString placeholder;
    } fields[] = {
        {"ip", tr("&IP address:"), QStringLiteral("192.168.10.21")},
        {"mask", tr("Subnet mas&k:"), QStringLiteral("255.255.255.0")},
        {"gateway", tr("&Gateway:"), QStringLiteral("192.168.10.1")},
        {"dnsServers", tr("DNS ser&vers:"), tr("separated by commas")},
        {"hostName", tr("&Host name:"), QStringLiteral("lab-pc-07")},
        {"dnsSuffix", tr("DNS s&uffix:"), QStringLiteral("lab.example")},
    };
    for (const auto &f : fields) {
        const QString key = QString::fromLatin1(f.key);
        auto *edit = new QLineEdit(safeBox);
        edit->setObjectName(key);
        edit->setPlaceholderText(f.placeholder);
        auto *error = new FieldError(edit, safeBox);
        m_fields.insert(key, edit);
        m_errors.insert(key, error);
        safe->addRow(f.label, withError(edit, error));
        connect(edit, &QLineEdit::textChanged, this, &DeviceForm::validate);
    }
    safe->addRow(m_justImaged);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(identity);
    layout->addWidget(safeBox);
    layout->addStretch();

    connect(m_name, &QLineEdit::textChanged, this, &DeviceForm::validate);
    connect(m_static, &QRadioButton::toggled, this, [this] {
        updateEnabled();
        validate();
    });
    connect(m_justImaged, &QCheckBox::toggled, this, &DeviceForm::validate);
    connect(m_menu, &QComboBox::currentIndexChanged, this, &DeviceForm::validate);
    clear();
}

void DeviceForm::clear()
{
    setDevice(Device{});
    m_mac->setText(tr("(no device selected)"));
    setEnabled(false);
}

void DeviceForm::setDevice(const Device &d)
{
    m_loading = true;
    m_device = d;
    setEnabled(!d.mac.isEmpty());
    m_mac->setText(d.mac);
    QStringList hw;
    for (const QString &s : {d.manufacturer, d.model, d.serial, d.architecture}) {
        if (!s.isEmpty())
            hw << s;
    }
    const QLocale locale;
    if (d.ramMb > 0)
        hw << tr("RAM %1 MB").arg(locale.toString(d.ramMb));
    if (d.diskMb > 0)
        hw << tr("disk %1 MB").arg(locale.toString(d.diskMb));
    m_hardware->setText(hw.isEmpty() ? tr("(not reported yet: the device has not booted from Bootbench)")
                                     : hw.join(QStringLiteral(" · ")));
    m_name->setText(d.name);
    (d.imageSafe.useDhcp ? m_dhcp : m_static)->setChecked(true);
    m_fields.value(QStringLiteral("ip"))->setText(d.imageSafe.ip);
    m_fields.value(QStringLiteral("mask"))->setText(d.imageSafe.mask);
    m_fields.value(QStringLiteral("gateway"))->setText(d.imageSafe.gateway);
    m_fields.value(QStringLiteral("dnsServers"))->setText(d.imageSafe.dnsServers.join(QStringLiteral(", ")));
    m_fields.value(QStringLiteral("hostName"))->setText(d.imageSafe.hostName);
    m_fields.value(QStringLiteral("dnsSuffix"))->setText(d.imageSafe.dnsSuffix);
    m_justImaged->setChecked(d.imageSafe.justImaged);
    m_menu->setCurrentIndex(m_menu->findData(d.hasMenuOverride ? int(d.menuOverride) : kGlobal));
    updateEnabled();
    m_loading = false;
    m_baseline = device();
    validate();
}

Device DeviceForm::device() const
{
    Device d = m_device;
    d.name = m_name->text();
    ImageSafeData &s = d.imageSafe;
    s.useDhcp = !m_static->isChecked();
    s.ip = m_fields.value(QStringLiteral("ip"))->text().trimmed();
    s.mask = m_fields.value(QStringLiteral("mask"))->text().trimmed();
    s.gateway = m_fields.value(QStringLiteral("gateway"))->text().trimmed();
    s.dnsServers = splitDnsServers(m_fields.value(QStringLiteral("dnsServers"))->text());
    s.hostName = m_fields.value(QStringLiteral("hostName"))->text().trimmed();
    s.dnsSuffix = m_fields.value(QStringLiteral("dnsSuffix"))->text().trimmed();
    s.justImaged = m_justImaged->isChecked();
    const int menu = m_menu->currentData().toInt();
    d.hasMenuOverride = menu != kGlobal;
    d.menuOverride = menu != kGlobal ? MenuMode(menu) : MenuMode::Hotkey;
    return d;
}

bool DeviceForm::isDirty() const
{
    return hasDevice() && device() != m_baseline;
}

void DeviceForm::updateEnabled()
{
    for (const char *k : {"ip", "mask", "gateway"})
        m_fields.value(QString::fromLatin1(k))->setEnabled(m_static->isChecked());
}

QString DeviceForm::problemText(const DeviceProblem &p)
{
    switch (p.code) {
    case DeviceProblemCode::NameEmpty: return tr("Enter a name for the device.");
    case DeviceProblemCode::NameTooLong: return tr("Use at most 64 characters.");
    case DeviceProblemCode::NameInvalid: return tr("Remove the spaces at either end and any control characters.");
    case DeviceProblemCode::IpMissing: return tr("A static address needs an IP address.");
    case DeviceProblemCode::IpInvalid: return tr("\"%1\" is not an IPv4 address (e.g. 192.168.10.21).").arg(p.detail);
    case DeviceProblemCode::MaskMissing: return tr("A static address needs a subnet mask.");
    case DeviceProblemCode::MaskInvalid:
        return tr("\"%1\" is not a subnet mask (e.g. 255.255.255.0 or /24).").arg(p.detail);
    case DeviceProblemCode::GatewayInvalid: return tr("\"%1\" is not an IPv4 address.").arg(p.detail);
    case DeviceProblemCode::GatewayOutsideSubnet:
        return tr("The gateway %1 is not in the device's subnet.").arg(p.detail);
    case DeviceProblemCode::DnsServerInvalid:
        return tr("\"%1\" is not an IPv4 address; separate servers with commas.").arg(p.detail);
    case DeviceProblemCode::HostNameInvalid:
        return tr("Use letters, digits and '-' (at most 63 per label), e.g. lab-pc-07.");
    case DeviceProblemCode::DnsSuffixInvalid: return tr("Use a domain name such as lab.example.");
    }
    return {};
}

void DeviceForm::validate()
{
    if (m_loading)
        return;
    m_problems = hasDevice() ? validateDevice(device()) : QList<DeviceProblem>{};
    QHash<QString, QString> messages;
    for (const DeviceProblem &p : std::as_const(m_problems)) {
        if (!messages.contains(p.field))
            messages.insert(p.field, problemText(p));
    }
    for (auto it = m_errors.cbegin(); it != m_errors.cend(); ++it)
        it.value()->setError(messages.value(it.key()));
    emit changed();
}

QStringList DeviceForm::problemMessages() const
{
    QStringList out;
    for (const DeviceProblem &p : m_problems)
        out << problemText(p);
    return out;
}

} // namespace bootbench
