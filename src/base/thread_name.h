// Names the calling thread, so that `top -H`, `ps -L`, perf and gdb show what each thread of
// the process is for ("bourse-writer", "bourse-http", ...). Linux keeps at most 15 bytes of a
// name; longer names are cut. Naming is best effort: a failure changes nothing else.
#ifndef BOURSE_BASE_THREAD_NAME_H_
#define BOURSE_BASE_THREAD_NAME_H_

#include <string>
#include <string_view>

namespace bourse {

void SetCurrentThreadName(std::string_view name);

// The calling thread's name as the kernel keeps it (empty if it cannot be read).
std::string CurrentThreadName();

// Gives the calling thread the lowest CPU priority (nice 19 and the SCHED_IDLE policy): for
// background work, such as password hashing, that must never take the CPU from request
// threads. Best effort.
void LowerCurrentThreadPriority();
// The calling thread's nice value, and whether it runs under SCHED_IDLE.
int CurrentThreadNice();
bool CurrentThreadRunsWhenIdle();

}  // namespace bourse

#endif  // BOURSE_BASE_THREAD_NAME_H_
