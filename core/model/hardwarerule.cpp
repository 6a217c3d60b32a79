#include "model/hardwarerule.h"

#include <QJsonArray>

namespace bootbench {

namespace {
constexpr const char *kFieldKeys[] = {"mac",       "manufacturer", "model",  "serial",
                                      "asset-tag", "architecture", "ram-mb", "disk-mb"};
constexpr const char *kCompareKeys[] = {"contains", "equals", "starts-with", "lt", "le", "gt", "ge"};
constexpr const char *kNodeKeys[] = {"leaf", "and", "or", "not"};

template <size_t N>
int indexOf(const char *const (&keys)[N], const QString &key)
{
    for (size_t i = 0; i < N; ++i) {
        if (key == QLatin1String(keys[i]))
            return static_cast<int>(i);
    }
    return -1;
}

QString stringField(const Device &d, RuleCriterion::Field f)
{
    switch (f) {
    case RuleCriterion::Field::Mac: return d.mac;
    case RuleCriterion::Field::Manufacturer: return d.manufacturer;
    case RuleCriterion::Field::Model: return d.model;
    case RuleCriterion::Field::Serial: return d.serial;
    case RuleCriterion::Field::AssetTag: return d.assetTag;
    case RuleCriterion::Field::Architecture: return d.architecture;
    case RuleCriterion::Field::RamMb: return QString::number(d.ramMb);
    case RuleCriterion::Field::DiskMb: return QString::number(d.diskMb);
    }
    return {};
}

bool isNumericCompare(RuleCriterion::Compare c)
{
    return c == RuleCriterion::Compare::Less || c == RuleCriterion::Compare::LessOrEqual ||
           c == RuleCriterion::Compare::Greater || c == RuleCriterion::Compare::GreaterOrEqual;
}
} // namespace

bool isNumericField(RuleCriterion::Field field)
{
    return field == RuleCriterion::Field::RamMb || field == RuleCriterion::Field::DiskMb;
}

QString ruleFieldKey(RuleCriterion::Field field)
{
    return QString::fromLatin1(kFieldKeys[static_cast<int>(field)]);
}
QString ruleCompareKey(RuleCriterion::Compare c)
{
    return QString::fromLatin1(kCompareKeys[static_cast<int>(c)]);
}

bool ruleFieldFromKey(const QString &key, RuleCriterion::Field *field)
{
    const int i = indexOf(kFieldKeys, key);
    if (i < 0)
        return false;
    *field = static_cast<RuleCriterion::Field>(i);
    return true;
}

bool ruleCompareFromKey(const QString &key, RuleCriterion::Compare *compare)
{
    const int i = indexOf(kCompareKeys, key);
    if (i < 0)
        return false;
    *compare = static_cast<RuleCriterion::Compare>(i);
    return true;
}

bool RuleCriterion::matches(const Device &device) const
{
    switch (node) {
    case Node::And:
        for (const auto &c : children) {
            if (!c.matches(device))
                return false;
        }
        return !children.isEmpty();
    case Node::Or:
        for (const auto &c : children) {
            if (c.matches(device))
                return true;
        }
        return false;
    case Node::Not: return children.size() == 1 && !children.first().matches(device);
    case Node::Leaf: break;
    }
    if (isNumericField(field)) {
        bool ok = false;
        const qint64 want = value.trimmed().toLongLong(&ok);
        if (!ok)
            return false;
        const qint64 have = field == Field::RamMb ? device.ramMb : device.diskMb;
        switch (compare) {
        case Compare::Less: return have < want;
        case Compare::LessOrEqual: return have <= want;
        case Compare::Greater: return have > want;
        case Compare::GreaterOrEqual: return have >= want;
        default: return have == want;
        }
    }
    const QString have = stringField(device, field);
    // A MAC compares in its normalised form whatever the user typed.
    const QString want = field == Field::Mac ? QString(value).replace(QLatin1Char('-'), QLatin1Char(':')) : value;
    switch (compare) {
    case Compare::Contains: return have.contains(want, Qt::CaseInsensitive);
    case Compare::StartsWith: return have.startsWith(want, Qt::CaseInsensitive);
    case Compare::Equals: return have.compare(want, Qt::CaseInsensitive) == 0;
    default: return false;
    }
}

QString RuleCriterion::validationError() const
{
    switch (node) {
    case Node::And:
    case Node::Or:
        if (children.isEmpty())
            return QStringLiteral("%1 has no criteria")
                .arg(QString::fromLatin1(kNodeKeys[static_cast<int>(node)]).toUpper());
        break;
    case Node::Not:
        if (children.size() != 1)
            return QStringLiteral("NOT needs exactly one criterion");
        break;
    case Node::Leaf:
        if (value.trimmed().isEmpty())
            return QStringLiteral("criterion on %1 has no value").arg(ruleFieldKey(field));
        if (isNumericField(field)) {
            bool ok = false;
            value.trimmed().toLongLong(&ok);
            if (!ok)
                return QStringLiteral("%1 needs a number in MB, not \"%2\"").arg(ruleFieldKey(field), value);
            if (compare == Compare::Contains || compare == Compare::StartsWith)
                return QStringLiteral("%1 compares as a number: use equals, lt, le, gt or ge").arg(ruleFieldKey(field));
        } else if (isNumericCompare(compare)) {
            return QStringLiteral("%1 is text: use contains, equals or starts-with").arg(ruleFieldKey(field));
        }
        return {};
    }
    for (const auto &c : children) {
        const QString e = c.validationError();
        if (!e.isEmpty())
            return e;
    }
    return {};
}

QJsonObject RuleCriterion::toJson() const
{
    if (node == Node::Leaf)
        return {{QStringLiteral("field"), ruleFieldKey(field)},
                {QStringLiteral("compare"), ruleCompareKey(compare)},
                {QStringLiteral("value"), value}};
    QJsonArray arr;
    for (const auto &c : children)
        arr.append(c.toJson());
    return {{QStringLiteral("op"), QString::fromLatin1(kNodeKeys[static_cast<int>(node)])},
            {QStringLiteral("of"), arr}};
}

RuleCriterion RuleCriterion::fromJson(const QJsonObject &o, QString *error)
{
    RuleCriterion c;
    if (o.contains(QStringLiteral("op"))) {
        const int n = indexOf(kNodeKeys, o.value(QStringLiteral("op")).toString());
        if (n <= 0) {
            *error = QStringLiteral("unknown operator \"%1\"").arg(o.value(QStringLiteral("op")).toString());
            return c;
        }
        c.node = static_cast<Node>(n);
        for (const auto &v : o.value(QStringLiteral("of")).toArray()) {
            c.children.append(fromJson(v.toObject(), error));
            if (!error->isEmpty())
                return c;
        }
        return c;
    }
    if (!ruleFieldFromKey(o.value(QStringLiteral("field")).toString(), &c.field)) {
        *error = QStringLiteral("unknown field \"%1\"").arg(o.value(QStringLiteral("field")).toString());
        return c;
    }
    if (!ruleCompareFromKey(o.value(QStringLiteral("compare")).toString(), &c.compare)) {
        *error = QStringLiteral("unknown comparison \"%1\"").arg(o.value(QStringLiteral("compare")).toString());
        return c;
    }
    c.value = o.value(QStringLiteral("value")).toVariant().toString();
    return c;
}

RuleCriterion RuleCriterion::leaf(Field f, Compare cmp, const QString &v)
{
    RuleCriterion c;
    c.field = f;
    c.compare = cmp;
    c.value = v;
    return c;
}

RuleCriterion RuleCriterion::all(const QList<RuleCriterion> &ch)
{
    RuleCriterion c;
    c.node = Node::And;
    c.children = ch;
    return c;
}

RuleCriterion RuleCriterion::any(const QList<RuleCriterion> &ch)
{
    RuleCriterion c;
    c.node = Node::Or;
    c.children = ch;
    return c;
}

RuleCriterion RuleCriterion::negate(const RuleCriterion &child)
{
    RuleCriterion c;
    c.node = Node::Not;
    c.children = {child};
    return c;
}

QJsonObject HardwareRule::toJson() const
{
    return {{QStringLiteral("name"), name},
            {QStringLiteral("position"), position},
            {QStringLiteral("enabled"), enabled},
            {QStringLiteral("bundle"), bundleName},
            {QStringLiteral("criteria"), criteria.toJson()}};
}

HardwareRule HardwareRule::fromJson(const QJsonObject &o, QString *error)
{
    HardwareRule r;
    r.name = o.value(QStringLiteral("name")).toString();
    r.position = o.value(QStringLiteral("position")).toInt();
    r.enabled = o.value(QStringLiteral("enabled")).toBool(true);
    r.bundleName = o.value(QStringLiteral("bundle")).toString();
    r.criteria = RuleCriterion::fromJson(o.value(QStringLiteral("criteria")).toObject(), error);
    return r;
}

} // namespace bootbench
