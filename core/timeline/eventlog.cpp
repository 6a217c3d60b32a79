#include "timeline/eventlog.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

namespace bootbench {

namespace {

bool readObject(const QJsonValue &value, BootEvent *event, QString *error, const QString &where)
{
    if (!value.isObject()) {
        *error = QStringLiteral("%1: expected an event object").arg(where);
        return false;
    }
    const QJsonObject object = value.toObject();
    *event = BootEvent::fromJson(object);
    if (!event->time.isValid()) {
        *error =
            QStringLiteral("%1: the event has no valid \"time\" (ISO 8601, e.g. 2024-05-01T10:00:00.000Z)").arg(where);
        return false;
    }
    return true;
}

QString csvField(const QString &field)
{
    if (!field.contains(QLatin1Char(',')) && !field.contains(QLatin1Char('"')) && !field.contains(QLatin1Char('\n')) &&
        !field.contains(QLatin1Char('\r')))
        return field;
    return QLatin1Char('"') + QString(field).replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
}

bool save(const QString &path, const QByteArray &data, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace

BootEventBatch parseEventLog(const QByteArray &data, QString *error)
{
    BootEventBatch events;
    const QByteArray trimmed = data.trimmed();
    if (trimmed.isEmpty())
        return events;
    if (trimmed.startsWith('[')) {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(trimmed, &parseError);
        if (parseError.error != QJsonParseError::NoError) {
            *error = QStringLiteral("offset %1: %2").arg(parseError.offset).arg(parseError.errorString());
            return {};
        }
        const QJsonArray array = doc.array();
        events.reserve(array.size());
        for (qsizetype i = 0; i < array.size(); ++i) {
            BootEvent event;
            if (!readObject(array.at(i), &event, error, QStringLiteral("event %1").arg(i + 1)))
                return {};
            events.append(event);
        }
        return events;
    }
    const QList<QByteArray> lines = data.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &parseError);
        const QString where = QStringLiteral("line %1").arg(i + 1);
        if (parseError.error != QJsonParseError::NoError) {
            *error = QStringLiteral("%1: %2").arg(where, parseError.errorString());
            return {};
        }
        BootEvent event;
        if (!readObject(doc.object(), &event, error, where))
            return {};
        events.append(event);
    }
    return events;
}

BootEventBatch readEventLog(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return {};
    }
    QString parseError;
    BootEventBatch events = parseEventLog(file.readAll(), &parseError);
    if (!parseError.isEmpty())
        *error = path + QStringLiteral(", ") + parseError;
    return events;
}

QByteArray eventLogJson(const BootEventBatch &events)
{
    QJsonArray array;
    for (const BootEvent &e : events)
        array.append(e.toJson());
    return QJsonDocument(array).toJson(QJsonDocument::Indented);
}

bool writeEventLog(const QString &path, const BootEventBatch &events, QString *error)
{
    return save(path, eventLogJson(events), error);
}

QByteArray eventsCsv(const BootEventBatch &events)
{
    QString out = QStringLiteral("time,mac,service,kind,phase,outcome,severity,bytes,total,peer,detail\r\n");
    for (const BootEvent &e : events) {
        const QStringList fields{e.time.toUTC().toString(Qt::ISODateWithMs),
                                 e.mac,
                                 e.service,
                                 e.kind,
                                 QString::number(int(e.phase)),
                                 outcomeKey(e.outcome),
                                 severityKey(e.severity),
                                 QString::number(e.bytes),
                                 QString::number(e.total),
                                 e.peer,
                                 e.detail};
        QStringList quoted;
        for (const QString &f : fields)
            quoted << csvField(f);
        out += quoted.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    }
    return out.toUtf8();
}

bool writeEventsCsv(const QString &path, const BootEventBatch &events, QString *error)
{
    return save(path, eventsCsv(events), error);
}

} // namespace bootbench
