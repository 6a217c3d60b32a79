#include "environmentworker.h"

namespace bootbench {

EnvironmentWorker::EnvironmentWorker(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<EnvironmentBuildResult>();
}

EnvironmentWorker::~EnvironmentWorker()
{
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
    }
}

bool EnvironmentWorker::start(const EnvironmentOptions &options)
{
    if (m_thread)
        return false;
    m_percent = 0;
    m_stage.clear();
    QPointer<EnvironmentWorker> self(this);
    m_thread = QThread::create([self, options, this] {
        const EnvironmentBuildResult result = EnvironmentBuilder::build(options, [self, this](int p, const QString &s) {
            QMetaObject::invokeMethod(
                this,
                [self, p, s] {
                    if (!self)
                        return;
                    self->m_percent = p;
                    self->m_stage = s;
                    emit self->progress(p, s);
                },
                Qt::QueuedConnection);
        });
        QMetaObject::invokeMethod(
            this,
            [self, result] {
                if (!self)
                    return;
                if (self->m_thread) {
                    self->m_thread->wait();
                    delete self->m_thread;
                    self->m_thread = nullptr;
                }
                emit self->finished(result);
            },
            Qt::QueuedConnection);
    });
    m_thread->setObjectName(QStringLiteral("environment-build"));
    m_thread->start(QThread::LowPriority);
    return true;
}

} // namespace bootbench
