#pragma once

#include <QObject>

class QSocketNotifier;

namespace bootbench {

// Turns SIGINT/SIGTERM into a Qt signal (self-pipe: the handler only writes one byte).
class SignalWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignalWatcher)

public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

signals:
    void terminationRequested(int signalNumber);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace bootbench
