#pragma once

#include <QByteArray>
#include <QString>

namespace bootbench {

// Text for a terminal: what is not printable (control bytes, bytes that are not UTF-8) is shown
// escaped as \xNN (\u{XXXX} for other invisible characters), never sent raw.
namespace TerminalText {

// Escapes the characters of `text` that a terminal would not show as text (newlines and tabs stay).
QString escaped(const QString &text);
// Decodes UTF-8: bytes that are not valid UTF-8 become \xNN; then as escaped().
QString fromBytes(const QByteArray &bytes);
// True when `bytes` is UTF-8 text without control bytes (tab, newline, carriage return and form
// feed allowed). Else false, with the offset of the first offending byte.
bool isText(const QByteArray &bytes, qsizetype *badOffset = nullptr);

} // namespace TerminalText

} // namespace bootbench
