#include "editors/ruleform.h"

#include "editors/criteriabuilder.h"
#include "editors/fielderror.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QSignalBlocker>
#include <QVBoxLayout>

namespace bootbench {

RuleForm::RuleForm(QWidget *parent)
    : QWidget(parent)
    , m_name(new QLineEdit(this))
    , m_bundle(new QComboBox(this))
    , m_enabled(new QCheckBox(tr("&Enabled"), this))
    , m_criteria(new CriteriaBuilder(this))
    , m_previewSummary(new QLabel(this))
    , m_preview(new QListWidget(this))
{
    m_name->setObjectName(QStringLiteral("ruleName"));
    m_name->setPlaceholderText(tr("e.g. Dell desktops with 8 GB or more"));
    m_bundle->setObjectName(QStringLiteral("ruleBundle"));
    m_enabled->setObjectName(QStringLiteral("ruleEnabled"));
    m_bundleError = new FieldError(m_bundle, this);
    m_previewSummary->setObjectName(QStringLiteral("matchSummary"));
    m_previewSummary->setWordWrap(true);
    m_preview->setObjectName(QStringLiteral("matchPreview"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Bundle:"), withError(m_bundle, m_bundleError));
    form->addRow(QString(), m_enabled);

    auto *criteriaBox = new QGroupBox(tr("Criteria"), this);
    auto *criteriaLayout = new QVBoxLayout(criteriaBox);
    criteriaLayout->addWidget(m_criteria);

    auto *previewBox = new QGroupBox(tr("Which known devices match"), this);
    auto *previewLayout = new QVBoxLayout(previewBox);
    previewLayout->addWidget(m_previewSummary);
    previewLayout->addWidget(m_preview);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(form);
    layout->addWidget(criteriaBox, 3);
    layout->addWidget(previewBox, 2);

    connect(m_name, &QLineEdit::textChanged, this, &RuleForm::validate);
    connect(m_bundle, &QComboBox::currentIndexChanged, this, &RuleForm::validate);
    connect(m_enabled, &QCheckBox::toggled, this, &RuleForm::validate);
    connect(m_criteria, &CriteriaBuilder::changed, this, &RuleForm::validate);
    setRule(HardwareRule{}, true);
}

void RuleForm::setContext(const QStringList &bundles, const QList<Device> &devices, const QSet<QString> &assignedMacs,
                          const QList<HardwareRule> &rules)
{
    {
        const QSignalBlocker block(m_bundle);
        const QString current = m_bundle->currentData().toString();
        m_bundle->clear();
        m_bundle->addItem(tr("(choose a bundle)"), QString());
        for (const QString &b : bundles)
            m_bundle->addItem(b, b);
        int index = m_bundle->findData(current);
        if (index < 0 && !current.isEmpty()) { // deleted meanwhile: keep it visible, it will not save
            m_bundle->addItem(tr("%1 (no longer exists)").arg(current), current);
            index = m_bundle->count() - 1;
        }
        m_bundle->setCurrentIndex(std::max(index, 0));
    }
    m_devices = devices;
    m_assigned = assignedMacs;
    m_rules = rules;
    validate();
}

void RuleForm::setRule(const HardwareRule &rule, bool isNew)
{
    m_loading = true;
    m_loaded = rule;
    m_isNew = isNew;
    m_name->setText(rule.name);
    int index = m_bundle->findData(rule.bundleName);
    if (index < 0 && !rule.bundleName.isEmpty()) {
        m_bundle->addItem(tr("%1 (no longer exists)").arg(rule.bundleName), rule.bundleName);
        index = m_bundle->count() - 1;
    }
    m_bundle->setCurrentIndex(std::max(index, 0));
    m_enabled->setChecked(rule.enabled);
    m_criteria->setCriteria(rule.criteria);
    m_loading = false;
    m_baseline = this->rule();
    validate();
}

HardwareRule RuleForm::rule() const
{
    HardwareRule r = m_loaded;
    r.name = m_name->text().trimmed();
    r.bundleName = m_bundle->currentData().toString();
    r.enabled = m_enabled->isChecked();
    r.criteria = m_criteria->criteria();
    return r;
}

bool RuleForm::isDirty() const
{
    return rule() != m_baseline;
}

void RuleForm::setSavedEnabled(bool enabled)
{
    m_loaded.enabled = enabled;
    m_baseline.enabled = enabled;
    const QSignalBlocker block(m_enabled);
    m_enabled->setChecked(enabled);
    validate();
}

bool RuleForm::isValid() const
{
    return m_criteria->isValid() && !m_bundleError->hasError();
}

QStringList RuleForm::problemMessages() const
{
    QStringList out;
    if (m_bundleError->hasError())
        out << m_bundleError->text();
    out << m_criteria->problems();
    return out;
}

void RuleForm::validate()
{
    if (m_loading)
        return;
    const QString bundle = m_bundle->currentData().toString();
    QString bundleError;
    if (bundle.isEmpty())
        bundleError = m_bundle->count() > 1 ? tr("Choose the bundle this rule assigns.")
                                            : tr("There is no bundle yet: create one on the Bundles page first.");
    else if (m_bundle->currentText() != bundle)
        bundleError = tr("The bundle \"%1\" no longer exists: choose another.").arg(bundle);
    m_bundleError->setError(bundleError);
    updatePreview();
    emit changed();
}

void RuleForm::updatePreview()
{
    m_preview->clear();
    if (!m_criteria->isValid()) {
        m_previewSummary->setText(tr("Complete the criteria to see which devices match."));
        return;
    }
    const HardwareRule r = rule();
    // Rules before this one (all saved rules for a new one: it is added at the end).
    QList<HardwareRule> earlier;
    for (const HardwareRule &other : std::as_const(m_rules)) {
        if (other.id == r.id && !m_isNew)
            break;
        if (other.enabled)
            earlier << other;
    }
    int matching = 0, effective = 0;
    for (const Device &d : std::as_const(m_devices)) {
        if (!r.criteria.matches(d))
            continue;
        ++matching;
        QString note;
        if (m_assigned.contains(d.mac)) {
            note = tr("has its own assignment, which comes first");
        } else {
            for (const HardwareRule &e : std::as_const(earlier)) {
                if (e.criteria.matches(d)) {
                    note = tr("rule \"%1\" comes first").arg(e.name.isEmpty() ? tr("#%1").arg(e.position + 1) : e.name);
                    break;
                }
            }
        }
        effective += note.isEmpty() ? 1 : 0;
        QStringList hw;
        for (const QString &s : {d.manufacturer, d.model})
            if (!s.isEmpty())
                hw << s;
        if (d.ramMb > 0)
            hw << tr("%1 MB RAM").arg(QLocale().toString(d.ramMb));
        QString text = d.name.isEmpty() ? d.mac : QStringLiteral("%1 (%2)").arg(d.name, d.mac);
        if (!hw.isEmpty())
            text += QStringLiteral(" — ") + hw.join(QStringLiteral(", "));
        if (!note.isEmpty())
            text += QStringLiteral("  [") + note + QLatin1Char(']');
        auto *item = new QListWidgetItem(text, m_preview);
        item->setData(Qt::UserRole, d.mac);
        if (!note.isEmpty())
            item->setForeground(QColor(0x75, 0x75, 0x75));
    }
    QString summary = tr("%1 of %n known device(s) match.", nullptr, int(m_devices.size())).arg(matching);
    if (matching != effective)
        summary += QLatin1Char(' ') + tr("This rule decides the work of %n of them.", nullptr, effective);
    if (!r.enabled)
        summary += QLatin1Char(' ') + tr("The rule is disabled: it gives no work until it is enabled.");
    m_previewSummary->setText(summary);
}

QStringList RuleForm::previewMacs() const
{
    QStringList out;
    for (int i = 0; i < m_preview->count(); ++i)
        out << m_preview->item(i)->data(Qt::UserRole).toString();
    return out;
}

} // namespace bootbench
