#pragma once

#include <QString>

#include <functional>

namespace bootbench {

// Copies `from` to `to` (created or replaced), hashing on the way and syncing the copy; fails
// naming the file when it has not `size` bytes or not the SHA-256 `sha256` (truncated or damaged).
// `progress(file, done, total)` after each MiB. Blocking.
bool copyChecked(const QString &from, const QString &to, qint64 size, const QString &sha256,
                 const std::function<void(const QString &, qint64, qint64)> &progress, QString *error);

} // namespace bootbench
