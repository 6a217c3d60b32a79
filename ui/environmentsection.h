#pragma once

#include "environment/environmentinputs.h"
#include "environment/environmentstatus.h"
#include "services/appcontext.h"

#include <QGroupBox>

class QLabel;
class QProgressBar;
class QPushButton;

namespace bootbench {

class EnvironmentWorker;
struct EnvironmentBuildResult;

// The services panel's "Imaging environment" section: ready / missing / stale / building with
// its progress, the kernel, the sizes of boot/kernel, boot/initrd and boot/root, a Build button,
// and a missing package with the command that installs it. Builds at start when the context
// asks for it (AppContext::buildEnvironment) and the environment is missing or stale.
class EnvironmentSection final : public QGroupBox
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EnvironmentSection)

public:
    explicit EnvironmentSection(const AppContext &context, QWidget *parent = nullptr);
    ~EnvironmentSection() override;

    QString stateText() const;
    QString detailText() const;
    QString problemText() const;
    bool isBuilding() const;
    EnvironmentStatus status() const { return m_status; }

public slots:
    void refresh();
    void build();

signals:
    void buildFinished(bool ok);

private:
    void onProgress(int percent, const QString &stage);
    void onFinished(const EnvironmentBuildResult &result);
    void show(const EnvironmentStatus &status);

    EnvironmentOptions m_options;
    EnvironmentStatus m_status;
    QString m_lastError;
    EnvironmentWorker *m_worker = nullptr;
    QLabel *m_state = nullptr;
    QLabel *m_detail = nullptr;
    QLabel *m_problem = nullptr;
    QProgressBar *m_progress = nullptr;
    QPushButton *m_build = nullptr;
};

} // namespace bootbench
