#include "images/sfdiskdump.h"

#include <QRegularExpression>

#include <algorithm>

namespace bootbench {

std::optional<SfdiskDump> SfdiskDump::parse(const QString &text, const QString &what, QString *error)
{
    static const QRegularExpression header(QStringLiteral("^([a-z-]+):\\s*(\\S+)\\s*$"));
    static const QRegularExpression line(QStringLiteral("^\\S*?(\\d+)\\s*:\\s*(.*)$"));
    static const QRegularExpression field(QStringLiteral("(start|size|type|Id)\\s*=\\s*([0-9A-Fa-f-]+)"));
    SfdiskDump d;
    for (const QString &raw : text.split(QLatin1Char('\n'))) {
        const QString l = raw.trimmed();
        if (l.isEmpty() || l.startsWith(QLatin1Char('#')))
            continue;
        if (const QRegularExpressionMatch h = header.match(l); h.hasMatch()) {
            if (h.captured(1) == QLatin1String("label"))
                d.label = h.captured(2);
            else if (h.captured(1) == QLatin1String("sector-size"))
                d.sectorSize = h.captured(2).toInt();
            else if (h.captured(1) == QLatin1String("last-lba"))
                d.lastLba = h.captured(2).toLongLong();
            continue;
        }
        const QRegularExpressionMatch m = line.match(l);
        if (!m.hasMatch())
            continue;
        Partition p;
        p.number = m.captured(1).toInt();
        bool hasStart = false;
        bool hasSize = false;
        auto it = field.globalMatch(m.captured(2));
        while (it.hasNext()) {
            const QRegularExpressionMatch f = it.next();
            if (f.captured(1) == QLatin1String("start")) {
                p.start = f.captured(2).toLongLong(&hasStart);
            } else if (f.captured(1) == QLatin1String("size")) {
                p.size = f.captured(2).toLongLong(&hasSize);
            } else {
                p.type = f.captured(2);
            }
        }
        if (!hasStart || !hasSize || p.number < 1 || p.size <= 0) {
            *error = QStringLiteral("%1: the partition line \"%2\" has no start or size").arg(what, l);
            return std::nullopt;
        }
        d.partitions.append(p);
    }
    if (d.label != QLatin1String("gpt") && d.label != QLatin1String("dos")) {
        *error = QStringLiteral("%1 is not an sfdisk dump of a gpt or dos table (label: \"%2\")").arg(what, d.label);
        return std::nullopt;
    }
    if (d.sectorSize != 512 && d.sectorSize != 4096) {
        *error = QStringLiteral("%1: sector-size %2 is neither 512 nor 4096").arg(what).arg(d.sectorSize);
        return std::nullopt;
    }
    if (d.partitions.isEmpty()) {
        *error = QStringLiteral("%1 lists no partitions").arg(what);
        return std::nullopt;
    }
    std::sort(d.partitions.begin(), d.partitions.end(),
              [](const Partition &a, const Partition &b) { return a.number < b.number; });
    return d;
}

qint64 SfdiskDump::minimumDiskBytes() const
{
    qint64 end = 0;
    for (const Partition &p : partitions)
        end = std::max(end, p.start + p.size);
    if (label == QLatin1String("gpt")) {
        const qint64 gptEntries = 16384 / sectorSize; // 128 entries of 128 bytes
        end = std::max(end, lastLba + 1) + gptEntries + 1;
    }
    return end * sectorSize;
}

} // namespace bootbench
