#include "environmentsection.h"

#include "environment/environmentbuilder.h"
#include "environment/environmentworker.h"

#include <QCoreApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace bootbench {

namespace {
QString megabytes(qint64 bytes)
{
    return QCoreApplication::translate("bootbench::EnvironmentSection", "%1 MB").arg(double(bytes) / 1e6, 0, 'f', 1);
}
} // namespace

EnvironmentSection::EnvironmentSection(const AppContext &context, QWidget *parent)
    : QGroupBox(tr("Imaging environment"), parent)
    , m_worker(new EnvironmentWorker(this))
{
    m_options.tftpRoot = context.config.tftpRoot;
    m_options.dataDir = context.dataDir;
    m_options.enginePath = context.enginePath;
    m_options.applicationDir = QCoreApplication::applicationDirPath();

    auto *layout = new QVBoxLayout(this);
    auto *row = new QHBoxLayout;
    m_state = new QLabel(this);
    m_state->setObjectName(QStringLiteral("environmentState"));
    m_build = new QPushButton(tr("Build"), this);
    m_build->setObjectName(QStringLiteral("environmentBuild"));
    m_build->setToolTip(tr("Build boot/kernel, boot/initrd and boot/root from the Debian packages of this machine"));
    row->addWidget(m_state, 1);
    row->addWidget(m_build);
    layout->addLayout(row);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 100);
    m_progress->setVisible(false);
    layout->addWidget(m_progress);
    m_detail = new QLabel(this);
    m_detail->setWordWrap(true);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_detail);
    m_problem = new QLabel(this);
    m_problem->setWordWrap(true);
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problem->setStyleSheet(QStringLiteral("color: #a40000;"));
    layout->addWidget(m_problem);

    connect(m_build, &QPushButton::clicked, this, &EnvironmentSection::build);
    connect(m_worker, &EnvironmentWorker::progress, this, &EnvironmentSection::onProgress);
    connect(m_worker, &EnvironmentWorker::finished, this, &EnvironmentSection::onFinished);

    refresh();
    if (context.buildEnvironment && m_status.state != EnvironmentState::Ready && m_status.missingPackages.isEmpty() &&
        m_status.engineError.isEmpty())
        build();
}

EnvironmentSection::~EnvironmentSection() = default;

void EnvironmentSection::refresh()
{
    show(EnvironmentStatusCheck::check(m_options));
}

void EnvironmentSection::build()
{
    if (!m_worker->start(m_options))
        return;
    m_lastError.clear();
    onProgress(0, QString());
}

bool EnvironmentSection::isBuilding() const
{
    return m_worker->isRunning();
}

void EnvironmentSection::onProgress(int percent, const QString &stage)
{
    m_state->setText(tr("Building… %1 %").arg(percent));
    m_progress->setVisible(true);
    m_progress->setValue(percent);
    m_progress->setFormat(stage.isEmpty() ? QStringLiteral("%p %") : stage + QStringLiteral(" (%p %)"));
    m_build->setEnabled(false);
}

void EnvironmentSection::onFinished(const EnvironmentBuildResult &result)
{
    m_progress->setVisible(false);
    m_lastError = result.ok ? QString() : result.error;
    refresh();
    emit buildFinished(result.ok);
}

void EnvironmentSection::show(const EnvironmentStatus &status)
{
    m_status = status;
    m_build->setEnabled(!isBuilding());
    switch (status.state) {
    case EnvironmentState::Ready: m_state->setText(tr("Ready")); break;
    case EnvironmentState::Stale: m_state->setText(tr("Stale: rebuild it")); break;
    case EnvironmentState::Missing: m_state->setText(tr("Missing: not built yet")); break;
    }
    QStringList detail;
    if (status.state != EnvironmentState::Missing) {
        detail << tr("Kernel %1").arg(status.manifest.kernelRelease);
        QStringList sizes;
        for (const EnvironmentPart &p : status.manifest.parts)
            sizes << QStringLiteral("%1 %2").arg(p.name, megabytes(p.size));
        detail << sizes.join(QStringLiteral(", "));
    } else if (!status.newestKernel.isEmpty()) {
        detail << tr("Kernel %1 will be used").arg(status.newestKernel);
    }
    if (status.state == EnvironmentState::Stale)
        detail << status.reasons.mid(0, 3);
    m_detail->setText(detail.join(QLatin1Char('\n')));
    QStringList problems;
    if (!status.missingPackages.isEmpty())
        problems << tr("Missing package %1. Install it with:\n%2")
                        .arg(status.missingPackages.join(QStringLiteral(", ")), status.installCommand);
    if (!status.engineError.isEmpty())
        problems << status.engineError;
    if (!m_lastError.isEmpty())
        problems << tr("The last build failed: %1").arg(m_lastError);
    m_problem->setText(problems.join(QLatin1Char('\n')));
    m_problem->setVisible(!problems.isEmpty());
}

QString EnvironmentSection::stateText() const
{
    return m_state->text();
}

QString EnvironmentSection::detailText() const
{
    return m_detail->text();
}

QString EnvironmentSection::problemText() const
{
    return m_problem->text();
}

} // namespace bootbench
