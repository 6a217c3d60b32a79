#pragma once

#include "model/phase.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

namespace bootbench {

// One thing a service saw. Value type: crosses threads by copy.
struct BootEvent
{
    enum class Severity : int { Debug = 0, Info = 1, Warning = 2, Error = 3 };

    QDateTime time;  // UTC
    QString mac;     // normalised "aa:bb:cc:dd:ee:ff"; empty when unknown
    QString service; // "tftp", "proxydhcp", "dhcp", "policy", "engine", "host"
    QString kind;    // e.g. "discover", "offer", "transfer-started", "transfer-finished"
    Phase phase = Phase::None;
    Outcome outcome = Outcome::None;
    Severity severity = Severity::Info;
    qint64 bytes = 0; // bytes moved so far / in total, where it applies
    qint64 total = 0; // expected size, where known (transfer progress)
    QString peer;     // client address:port, where it applies
    QString detail;   // human-readable detail (file name, reason, option summary)
    // Read from a shared store: the bench that saw it (empty: this one) and its id there.
    QString bench;
    qint64 storeId = 0;

    QJsonObject toJson() const;
    static BootEvent fromJson(const QJsonObject &object);
    QString toLogLine() const;
    friend bool operator==(const BootEvent &, const BootEvent &) = default;
};

using BootEventBatch = QList<BootEvent>;

QString severityKey(BootEvent::Severity severity);
BootEvent::Severity severityFromKey(const QString &key);

} // namespace bootbench

Q_DECLARE_METATYPE(bootbench::BootEvent)
Q_DECLARE_METATYPE(bootbench::BootEventBatch)
