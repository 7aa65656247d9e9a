#include "base/thread_name.h"

#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace bourse {

namespace {
constexpr size_t kMaxNameBytes = 15;  // The kernel's TASK_COMM_LEN, less the terminator.
}  // namespace

void SetCurrentThreadName(std::string_view name) {
  std::string cut(name.substr(0, std::min(name.size(), kMaxNameBytes)));
  (void)pthread_setname_np(pthread_self(), cut.c_str());
}

std::string CurrentThreadName() {
  char buf[kMaxNameBytes + 1] = {};
  if (pthread_getname_np(pthread_self(), buf, sizeof buf) != 0) return "";
  return buf;
}

void LowerCurrentThreadPriority() {
  // On Linux, setpriority with a thread id sets that thread's nice value alone. SCHED_IDLE
  // then has the thread run only on a core nothing else wants, and lose it at once when a
  // request thread wakes (nice 19 alone still waits out the scheduler's wake-up granularity).
  (void)setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 19);
  sched_param param{};
  (void)pthread_setschedparam(pthread_self(), SCHED_IDLE, &param);
}

bool CurrentThreadRunsWhenIdle() {
  int policy = 0;
  sched_param param{};
  return pthread_getschedparam(pthread_self(), &policy, &param) == 0 && policy == SCHED_IDLE;
}

int CurrentThreadNice() {
  errno = 0;
  return getpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)));
}

}  // namespace bourse
