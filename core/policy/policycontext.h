#pragma once

#include "config/serviceconfig.h"
#include "model/bootevent.h"
#include "policy/policysnapshot.h"

#include <QByteArray>
#include <QString>

#include <functional>

namespace bootbench {

class Store;

// What the policy and engine routes share on the service's thread: the store, the settings, the
// current snapshot (reloaded when the configuration revision moves), the token secret, event
// publishing and the per-device config files.
class PolicyContext
{
public:
    using Publisher = std::function<void(const BootEvent &)>;

    PolicyContext(const Store &store, const ServiceConfig &config, const QString &defaultMenuText, Publisher publish);

    const Store &store() const { return m_store; }
    const ServiceConfig &config() const { return m_config; }
    // The snapshot of the current revision (one cheap query per call to notice changes made by
    // the GUI, the command line or another process). Null with *error when the store fails.
    PolicySnapshotPtr snapshot(QString *error);
    // "http://ADDRESS:PORT" as devices reach us.
    QString baseUrl() const;
    // "http://ADDRESS:IMAGEPORT", the image routes' server (config.policy.imagePort as chosen).
    QString imageBaseUrl() const;
    // The image store's folder: config.policy.imageRoot, else <dataDir>/images.
    QString imageRoot() const;
    void setImagePort(quint16 port) { m_config.policy.imagePort = port; }
    QString tftpServer() const { return m_config.address.toString(); }
    // The secret behind the per-device tokens (created in the store on first use).
    QByteArray tokenSecret(QString *error);

    // Publishes a "policy" event now. `service` may be "engine" for phase-8 reports.
    void publish(const QString &mac, const QString &kind, Phase phase, Outcome outcome, const QString &detail,
                 const QString &peer, BootEvent::Severity severity = BootEvent::Severity::Info,
                 const QString &service = QStringLiteral("policy")) const;

    // Publishes a prepared event (its time set now when it has none).
    void publish(BootEvent event) const;

    // Makes a device's config file available over TFTP at ConfigFile::devicePath(mac, name).
    // Until the TFTP service offers virtual files, the file is written into the TFTP root.
    bool publishConfigFile(const QString &mac, const QString &name, const QString &text, QString *error) const;

private:
    const Store &m_store;
    ServiceConfig m_config;
    const QString m_defaultMenuText;
    const Publisher m_publish;
    PolicySnapshotPtr m_snapshot;
    QByteArray m_secret;
};

} // namespace bootbench
