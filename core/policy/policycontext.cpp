#include "policy/policycontext.h"

#include "images/imagestore.h"
#include "policy/configfile.h"
#include "policy/devicetoken.h"
#include "store/repository.h"
#include "store/settingsrepository.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

namespace bootbench {

PolicyContext::PolicyContext(const Store &store, const ServiceConfig &config, const QString &defaultMenuText,
                             Publisher publish)
    : m_store(store)
    , m_config(config)
    , m_defaultMenuText(defaultMenuText)
    , m_publish(std::move(publish))
{}

PolicySnapshotPtr PolicyContext::snapshot(QString *error)
{
    const qint64 revision = configurationRevision(m_store);
    if (!m_snapshot || revision != m_snapshot->revision || revision < 0) {
        PolicySnapshotPtr fresh = PolicySnapshot::load(m_store, m_defaultMenuText, error);
        if (!fresh)
            return nullptr;
        m_snapshot = fresh;
    }
    return m_snapshot;
}

QString PolicyContext::baseUrl() const
{
    const QHostAddress &a = m_config.address;
    const QString host =
        a.protocol() == QAbstractSocket::IPv6Protocol ? QStringLiteral("[%1]").arg(a.toString()) : a.toString();
    return QStringLiteral("http://%1:%2").arg(host).arg(m_config.httpPort);
}

QString PolicyContext::imageBaseUrl() const
{
    const QHostAddress &a = m_config.address;
    const QString host =
        a.protocol() == QAbstractSocket::IPv6Protocol ? QStringLiteral("[%1]").arg(a.toString()) : a.toString();
    return QStringLiteral("http://%1:%2").arg(host).arg(m_config.policy.imagePort);
}

QString PolicyContext::imageRoot() const
{
    return m_config.policy.imageRoot.isEmpty() ? ImageStore::defaultRoot(m_config.dataDir) : m_config.policy.imageRoot;
}

QByteArray PolicyContext::tokenSecret(QString *error)
{
    if (!m_secret.isEmpty())
        return m_secret;
    SettingsRepository settings(m_store);
    QString stored = settings.value(DeviceToken::settingKey(), QString(), error);
    if (!error->isEmpty())
        return {};
    if (stored.isEmpty()) {
        // Another bench on the same store may create it at the same moment: both keep the first.
        stored =
            settings.valueOrInsert(DeviceToken::settingKey(), QString::fromLatin1(DeviceToken::newSecret()), error);
        if (stored.isEmpty())
            return {};
    }
    m_secret = stored.toLatin1();
    return m_secret;
}

void PolicyContext::publish(const QString &mac, const QString &kind, Phase phase, Outcome outcome,
                            const QString &detail, const QString &peer, BootEvent::Severity severity,
                            const QString &service) const
{
    if (!m_publish)
        return;
    BootEvent e;
    e.time = QDateTime::currentDateTimeUtc();
    e.mac = mac;
    e.service = service;
    e.kind = kind;
    e.phase = phase;
    e.outcome = outcome;
    e.severity = severity;
    e.peer = peer;
    e.detail = detail;
    m_publish(e);
}

void PolicyContext::publish(BootEvent event) const
{
    if (!m_publish)
        return;
    if (!event.time.isValid())
        event.time = QDateTime::currentDateTimeUtc();
    m_publish(event);
}

bool PolicyContext::publishConfigFile(const QString &mac, const QString &name, const QString &text,
                                      QString *error) const
{
    if (m_config.tftpRoot.isEmpty()) {
        *error = QStringLiteral("no TFTP root is configured, so %1 cannot be served: set --tftp-root").arg(name);
        return false;
    }
    const QString path = QDir(m_config.tftpRoot).filePath(ConfigFile::devicePath(mac, name));
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        *error = QStringLiteral("cannot create the folder %1 for %2").arg(QFileInfo(path).absolutePath(), name);
        return false;
    }
    QSaveFile file(path);
    const QByteArray bytes = text.toUtf8();
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace bootbench
