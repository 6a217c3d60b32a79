#pragma once

#include "model/bootevent.h"

#include <QByteArray>
#include <QString>

namespace bootbench {

// Recorded event logs: a JSON array of BootEvent::toJson objects (what
// `bootbench device events --all --json` prints and the monitor exports), or one object per line
// (JSON Lines). Parsing errors say where: "line 12: ..." / "offset 345: ...".
BootEventBatch parseEventLog(const QByteArray &data, QString *error);
BootEventBatch readEventLog(const QString &path, QString *error);
QByteArray eventLogJson(const BootEventBatch &events);
bool writeEventLog(const QString &path, const BootEventBatch &events, QString *error);
// CSV (RFC 4180) with a header: time,mac,service,kind,phase,outcome,severity,bytes,total,peer,detail
QByteArray eventsCsv(const BootEventBatch &events);
bool writeEventsCsv(const QString &path, const BootEventBatch &events, QString *error);

} // namespace bootbench
