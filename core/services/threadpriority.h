#pragma once

#include <QString>

namespace bootbench {

// Latency-sensitive services (the DHCP ones: firmware waits a few seconds at most for an answer,
// and a bench powering on sends hundreds of DISCOVERs at once) ask for a higher scheduling
// priority for their own worker thread, so a busy machine (the GUI, an imaging job, a build)
// delays their answers less. Linux: a negative nice value for the calling thread only, allowed
// with CAP_SYS_NICE (root); without it the thread keeps the normal priority.
// Returns true when the priority was raised; otherwise *why (may be null) says why not.
bool raiseCurrentThreadPriority(int niceValue, QString *why);

// The calling thread's nice value (Linux), for tests and diagnostics.
int currentThreadNiceValue();

} // namespace bootbench
