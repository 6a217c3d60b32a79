#pragma once

#include "model/device.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace bootbench {

// A criteria tree: AND / OR / NOT nodes over leaf comparisons.
struct RuleCriterion
{
    enum class Node : int { Leaf = 0, And, Or, Not };
    // Leaf fields. Strings compare case-insensitively; RAM and disk compare as numbers in MB.
    enum class Field : int { Mac = 0, Manufacturer, Model, Serial, AssetTag, Architecture, RamMb, DiskMb };
    enum class Compare : int { Contains = 0, Equals, StartsWith, Less, LessOrEqual, Greater, GreaterOrEqual };

    Node node = Node::Leaf;
    Field field = Field::Mac;
    Compare compare = Compare::Equals;
    QString value;
    QList<RuleCriterion> children; // And/Or: 1..n, Not: exactly 1

    bool matches(const Device &device) const;
    // Empty when well formed, else what is wrong (leaf without value, numeric compare on a string
    // field, NOT without exactly one child, empty AND/OR).
    QString validationError() const;

    QJsonObject toJson() const;
    static RuleCriterion fromJson(const QJsonObject &object, QString *error);
    friend bool operator==(const RuleCriterion &, const RuleCriterion &) = default;

    static RuleCriterion leaf(Field field, Compare compare, const QString &value);
    static RuleCriterion all(const QList<RuleCriterion> &children);
    static RuleCriterion any(const QList<RuleCriterion> &children);
    static RuleCriterion negate(const RuleCriterion &child);
};

bool isNumericField(RuleCriterion::Field field);
QString ruleFieldKey(RuleCriterion::Field field);
bool ruleFieldFromKey(const QString &key, RuleCriterion::Field *field);
QString ruleCompareKey(RuleCriterion::Compare compare);
bool ruleCompareFromKey(const QString &key, RuleCriterion::Compare *compare);

struct HardwareRule
{
    qint64 id = 0;
    QString name;
    int position = 0; // order: first match wins
    bool enabled = true;
    QString bundleName;
    RuleCriterion criteria;

    QJsonObject toJson() const;
    static HardwareRule fromJson(const QJsonObject &object, QString *error);
    friend bool operator==(const HardwareRule &, const HardwareRule &) = default;
};

} // namespace bootbench
