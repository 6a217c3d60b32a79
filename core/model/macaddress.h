#pragma once

#include <QByteArray>
#include <QString>

namespace bootbench {

// Normalises "AA-BB-CC-DD-EE-FF", "aabb.ccdd.eeff", "AABBCCDDEEFF" and "aa:bb:..." to
// "aa:bb:cc:dd:ee:ff". Returns an empty string for anything that is not a 48-bit MAC.
QString normaliseMac(const QString &text);
QString macFromBytes(const QByteArray &sixBytes);
bool isValidMac(const QString &text);

} // namespace bootbench
