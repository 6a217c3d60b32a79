#include "services/threadpriority.h"

#include <QTest>
#include <QThread>

#include <unistd.h>

using namespace bootbench;

// The DHCP services raise their own worker thread's priority (nice) when allowed: only that
// thread, never the whole process.
class TestThreadPriority : public QObject
{
    Q_OBJECT

private slots:
    void raisesOnlyTheCallingThread()
    {
        if (::geteuid() != 0)
            QSKIP("raising a priority needs CAP_SYS_NICE: run as root (CI does)");
        const int mainBefore = currentThreadNiceValue();
        int workerNice = 99;
        bool raised = false;
        QString why;
        QThread *worker = QThread::create([&] {
            raised = raiseCurrentThreadPriority(-7, &why);
            workerNice = currentThreadNiceValue();
        });
        worker->start();
        QVERIFY(worker->wait(10000));
        delete worker;
        QVERIFY2(raised, qPrintable(why));
        QCOMPARE(workerNice, -7);
        QCOMPARE(currentThreadNiceValue(), mainBefore);
    }

    void withoutPrivilegeSaysWhy()
    {
        if (::geteuid() == 0)
            QSKIP("root may raise priorities: the refusal cannot be seen");
        QString why;
        bool raised = true;
        QThread *worker = QThread::create([&] { raised = raiseCurrentThreadPriority(-7, &why); });
        worker->start();
        QVERIFY(worker->wait(10000));
        delete worker;
        QVERIFY(!raised);
        QVERIFY2(why.contains(QStringLiteral("CAP_SYS_NICE")), qPrintable(why));
    }
};

QTEST_GUILESS_MAIN(TestThreadPriority)
#include "tst_threadpriority.moc"
