#include "model/devicecsv.h"

#include "model/macaddress.h"

#include <QHash>

#include <algorithm>

namespace bootbench {

namespace {
enum class Column { Mac, Name, Serial, AssetTag, Manufacturer, Model, Architecture, Uuid, RamMb, DiskMb, HostName };

bool columnFromHeader(QString h, Column *c)
{
    h = h.trimmed().toLower().remove(QLatin1Char(' ')).remove(QLatin1Char('-')).remove(QLatin1Char('_'));
    static const QHash<QString, Column> names{
        {QStringLiteral("mac"), Column::Mac},
        {QStringLiteral("macaddress"), Column::Mac},
        {QStringLiteral("name"), Column::Name},
        {QStringLiteral("serial"), Column::Serial},
        {QStringLiteral("serialnumber"), Column::Serial},
        {QStringLiteral("assettag"), Column::AssetTag},
        {QStringLiteral("asset"), Column::AssetTag},
        {QStringLiteral("manufacturer"), Column::Manufacturer},
        {QStringLiteral("vendor"), Column::Manufacturer},
        {QStringLiteral("model"), Column::Model},
        {QStringLiteral("product"), Column::Model},
        {QStringLiteral("architecture"), Column::Architecture},
        {QStringLiteral("arch"), Column::Architecture},
        {QStringLiteral("uuid"), Column::Uuid},
        {QStringLiteral("rammb"), Column::RamMb},
        {QStringLiteral("ram"), Column::RamMb},
        {QStringLiteral("diskmb"), Column::DiskMb},
        {QStringLiteral("disk"), Column::DiskMb},
        {QStringLiteral("hostname"), Column::HostName},
    };
    const auto it = names.constFind(h);
    if (it == names.cend())
        return false;
    *c = *it;
    return true;
}

// Splits one record; `pos` advances past it (a quoted field may span lines). `line` counts the
// line breaks consumed.
QStringList splitRecord(const QString &text, qsizetype *pos, QChar sep, int *lines, bool *unterminated)
{
    QStringList fields;
    QString field;
    bool quoted = false, wasQuoted = false;
    qsizetype i = *pos;
    *unterminated = false;
    for (; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == QLatin1Char('"')) {
                if (i + 1 < text.size() && text.at(i + 1) == QLatin1Char('"')) {
                    field += c;
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == QLatin1Char('\n'))
                    ++*lines;
                field += c;
            }
            continue;
        }
        if (c == QLatin1Char('"') && field.trimmed().isEmpty() && !wasQuoted) {
            quoted = wasQuoted = true;
            field.clear();
        } else if (c == sep) {
            fields << (wasQuoted ? field : field.trimmed());
            field.clear();
            wasQuoted = false;
        } else if (c == QLatin1Char('\n')) {
            ++i;
            break;
        } else if (c != QLatin1Char('\r')) {
            field += c;
        }
    }
    if (quoted)
        *unterminated = true;
    fields << (wasQuoted ? field : field.trimmed());
    *pos = i;
    return fields;
}
} // namespace

int DeviceCsv::problemCount() const
{
    int n = 0;
    for (const DeviceCsvRow &r : rows)
        n += r.problem != DeviceCsvRow::Problem::None ? 1 : 0;
    return n;
}

DeviceCsv parseDeviceCsv(const QString &input)
{
    DeviceCsv out;
    QString text = input;
    if (text.startsWith(QChar(0xFEFF)))
        text.remove(0, 1);

    // The separator is whichever of , ; TAB the first non-comment line uses most.
    QChar sep = QLatin1Char(',');
    for (const QStringView l : QStringView(text).split(QLatin1Char('\n'))) {
        const QStringView t = l.trimmed();
        if (t.isEmpty() || t.startsWith(QLatin1Char('#')))
            continue;
        int best = int(t.count(QLatin1Char(',')));
        for (QChar c : {QLatin1Char(';'), QLatin1Char('\t')}) {
            if (int(t.count(c)) > best) {
                best = int(t.count(c));
                sep = c;
            }
        }
        break;
    }

    QList<Column> columns{Column::Mac,      Column::Name,         Column::Serial,
                          Column::AssetTag, Column::Manufacturer, Column::Model};
    QHash<QString, int> firstLine;
    bool first = true;
    qsizetype pos = 0;
    int line = 1;
    while (pos < text.size()) {
        const int recordLine = line;
        int extraLines = 0;
        bool unterminated = false;
        const QStringList fields = splitRecord(text, &pos, sep, &extraLines, &unterminated);
        line += 1 + extraLines;
        if (fields.size() == 1 && fields.first().isEmpty())
            continue;
        if (fields.first().startsWith(QLatin1Char('#')))
            continue;
        if (first) {
            first = false;
            const bool anyMac =
                std::any_of(fields.cbegin(), fields.cend(), [](const QString &f) { return isValidMac(f); });
            const bool namesMac = std::any_of(fields.cbegin(), fields.cend(), [](const QString &f) {
                Column c = Column::Name;
                return columnFromHeader(f, &c) && c == Column::Mac;
            });
            if (!anyMac && namesMac) {
                out.hasHeader = true;
                columns.clear();
                for (const QString &h : fields) {
                    Column c = Column::Mac;
                    if (columnFromHeader(h, &c)) {
                        columns << c;
                    } else {
                        columns << Column(-1);
                        out.ignoredColumns << h;
                    }
                }
                continue;
            }
        }
        DeviceCsvRow row;
        row.line = recordLine;
        if (unterminated) {
            row.problem = DeviceCsvRow::Problem::UnterminatedQuote;
            out.rows << row;
            break; // the rest of the file was swallowed by the open quote
        }
        Device &d = row.device;
        for (int i = 0; i < fields.size() && i < columns.size(); ++i) {
            const QString &v = fields.at(i);
            switch (columns.at(i)) {
            case Column::Mac: d.mac = v; break;
            case Column::Name: d.name = v; break;
            case Column::Serial: d.serial = v; break;
            case Column::AssetTag: d.assetTag = v; break;
            case Column::Manufacturer: d.manufacturer = v; break;
            case Column::Model: d.model = v; break;
            case Column::Architecture: d.architecture = v; break;
            case Column::Uuid: d.uuid = v; break;
            case Column::HostName: d.imageSafe.hostName = v; break;
            case Column::RamMb:
            case Column::DiskMb: {
                bool ok = v.isEmpty();
                const qint64 n = v.isEmpty() ? 0 : v.toLongLong(&ok);
                if (!ok || n < 0) {
                    row.problem = DeviceCsvRow::Problem::BadNumber;
                    row.detail = columns.at(i) == Column::RamMb ? QStringLiteral("ram-mb") : QStringLiteral("disk-mb");
                }
                (columns.at(i) == Column::RamMb ? d.ramMb : d.diskMb) = n;
                break;
            }
            }
        }
        const QString mac = normaliseMac(d.mac);
        if (mac.isEmpty()) {
            row.problem = DeviceCsvRow::Problem::BadMac;
            row.detail = d.mac;
        } else {
            d.mac = mac;
            if (firstLine.contains(mac)) {
                row.problem = DeviceCsvRow::Problem::DuplicateInFile;
                row.detail = QString::number(firstLine.value(mac));
            } else {
                firstLine.insert(mac, recordLine);
            }
        }
        out.rows << row;
    }
    return out;
}

} // namespace bootbench
