#include "services/threadpriority.h"

#include <cerrno>
#include <cstring>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace bootbench {

namespace {
id_t currentThreadId()
{
    return id_t(::syscall(SYS_gettid));
}
} // namespace

bool raiseCurrentThreadPriority(int niceValue, QString *why)
{
    const id_t tid = currentThreadId();
    errno = 0;
    const int before = ::getpriority(PRIO_PROCESS, tid);
    if (errno == 0 && before <= niceValue)
        return true; // already at least that high
    if (::setpriority(PRIO_PROCESS, tid, niceValue) == 0)
        return true;
    if (why) {
        *why = errno == EACCES || errno == EPERM
                   ? QStringLiteral("raising the thread's priority to nice %1 needs CAP_SYS_NICE (root); it runs at "
                                    "the normal priority")
                         .arg(niceValue)
                   : QStringLiteral("setpriority(nice %1) failed: %2")
                         .arg(niceValue)
                         .arg(QString::fromLocal8Bit(std::strerror(errno)));
    }
    return false;
}

int currentThreadNiceValue()
{
    errno = 0;
    const int value = ::getpriority(PRIO_PROCESS, currentThreadId());
    return errno == 0 ? value : 0;
}

} // namespace bootbench
