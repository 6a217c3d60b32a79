#pragma once

#include "model/hardwarerule.h"

#include <QSet>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;

namespace bootbench {

class CriteriaBuilder;
class FieldError;

// Edits one hardware rule: its name, bundle, enabled flag and criteria, with a live preview of
// the known devices it matches (and which of them an assignment or an earlier rule takes first).
class RuleForm final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RuleForm)

public:
    explicit RuleForm(QWidget *parent = nullptr);

    // What the preview and the bundle choice need: bundles, known devices, the devices with an
    // explicit assignment, and every saved rule in order.
    void setContext(const QStringList &bundles, const QList<Device> &devices, const QSet<QString> &assignedMacs,
                    const QList<HardwareRule> &rules);
    void setRule(const HardwareRule &rule, bool isNew);
    HardwareRule rule() const;
    bool isNew() const { return m_isNew; }
    bool isDirty() const;
    bool isValid() const;
    QStringList problemMessages() const;
    // Changes the enabled flag as saved elsewhere (the list's check box), keeping other edits.
    void setSavedEnabled(bool enabled);

    QLineEdit *nameEdit() const { return m_name; }
    QComboBox *bundleCombo() const { return m_bundle; }
    QCheckBox *enabledBox() const { return m_enabled; }
    CriteriaBuilder *criteria() const { return m_criteria; }
    QListWidget *preview() const { return m_preview; }
    // MACs the preview lists as matching (tests).
    QStringList previewMacs() const;

public slots:
    void validate();

signals:
    void changed();

private:
    void updatePreview();

    QLineEdit *m_name;
    QComboBox *m_bundle;
    QCheckBox *m_enabled;
    CriteriaBuilder *m_criteria;
    FieldError *m_bundleError;
    QLabel *m_previewSummary;
    QListWidget *m_preview;
    QList<Device> m_devices;
    QSet<QString> m_assigned;
    QList<HardwareRule> m_rules;
    HardwareRule m_loaded;
    HardwareRule m_baseline;
    bool m_isNew = true;
    bool m_loading = false;
};

} // namespace bootbench
