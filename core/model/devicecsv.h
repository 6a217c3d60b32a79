#pragma once

#include "model/device.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace bootbench {

// A CSV of devices to add ahead of time: MAC,name[,serial,asset tag,manufacturer,model]. A first
// line naming its columns (mac, name, serial, asset-tag, manufacturer, model, architecture, uuid,
// ram-mb, disk-mb, host-name) is a header and may put them in any order. Commas, semicolons or
// tabs separate fields (whichever the first line uses); double quotes as in RFC 4180; a UTF-8 BOM,
// CRLF line ends, blank lines and lines starting with '#' are accepted.
struct DeviceCsvRow
{
    enum class Problem : int {
        None = 0,
        BadMac,            // detail: the text
        DuplicateInFile,   // detail: line of the first occurrence
        UnterminatedQuote, // a quoted field without its closing quote
        BadNumber,         // detail: the column name
    };
    int line = 0; // 1-based
    Device device;
    Problem problem = Problem::None;
    QString detail;
};

struct DeviceCsv
{
    QList<DeviceCsvRow> rows;
    bool hasHeader = false;
    QStringList ignoredColumns; // header names that are not known
    int problemCount() const;
};

DeviceCsv parseDeviceCsv(const QString &text);

} // namespace bootbench
