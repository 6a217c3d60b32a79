#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace bootbench {

enum class AssignmentState : int { Pending = 0, Running, Done, Failed };
QString assignmentStateKey(AssignmentState state);
bool assignmentStateFromKey(const QString &key, AssignmentState *state);

// A bundle assigned to one device. "Once" is cleared after success; "persistent" stays.
struct Assignment
{
    qint64 id = 0;
    QString mac;
    QString bundleName;
    bool persistent = false;
    AssignmentState state = AssignmentState::Pending;
    QString reason; // failure reason
    QDateTime created;
    QDateTime started;
    QDateTime finished;

    QJsonObject toJson() const;
    static Assignment fromJson(const QJsonObject &object);
    friend bool operator==(const Assignment &, const Assignment &) = default;
};

} // namespace bootbench
