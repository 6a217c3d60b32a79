#pragma once

#include "environmentbuilder.h"

#include <QObject>
#include <QPointer>
#include <QThread>

namespace bootbench {

// Runs EnvironmentBuilder::build on a thread of its own, reporting progress and the result
// through queued signals (for `serve` and the window, whose event loops must not block).
class EnvironmentWorker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EnvironmentWorker)

public:
    explicit EnvironmentWorker(QObject *parent = nullptr);
    ~EnvironmentWorker() override; // waits for a running build

    // Starts a build; false (and nothing happens) while one runs.
    bool start(const EnvironmentOptions &options);
    bool isRunning() const { return m_thread != nullptr; }
    int percent() const { return m_percent; }
    QString stage() const { return m_stage; }

signals:
    void progress(int percent, const QString &stage);
    void finished(const bootbench::EnvironmentBuildResult &result);

private:
    QThread *m_thread = nullptr;
    int m_percent = 0;
    QString m_stage;
};

} // namespace bootbench

Q_DECLARE_METATYPE(bootbench::EnvironmentBuildResult)
