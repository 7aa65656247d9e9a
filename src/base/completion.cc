#include "base/completion.h"

#include <utility>

namespace bourse {

namespace {
thread_local Suspender* current_suspender = nullptr;
thread_local int no_suspend_depth = 0;
}  // namespace

Suspender* CurrentSuspender() { return no_suspend_depth > 0 ? nullptr : current_suspender; }

ScopedSuspender::ScopedSuspender(Suspender* s) : previous_(current_suspender) {
  current_suspender = s;
}
ScopedSuspender::~ScopedSuspender() { current_suspender = previous_; }

NoSuspendScope::NoSuspendScope() { ++no_suspend_depth; }
NoSuspendScope::~NoSuspendScope() { --no_suspend_depth; }

void Completion::Wait() {
  if (Suspender* s = CurrentSuspender()) {
    s->Suspend([this](std::function<void()> resume) {
      std::lock_guard<std::mutex> lock(mu_);
      if (done_) return false;
      resume_ = std::move(resume);
      return true;
    });
    return;
  }
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [this] { return done_; });
}

void Completion::Signal() {
  std::function<void()> resume;
  {
    std::lock_guard<std::mutex> lock(mu_);
    done_ = true;
    resume = std::move(resume_);
    // Notified under the lock: a blocked waiter cannot return (and free this) before it.
    if (!resume) cv_.notify_one();
  }
  if (resume) resume();  // Hands the task back to its scheduler; `this` is not touched again.
}

}  // namespace bourse
