// Waiting for work another thread finishes, without tying up a thread where that can be avoided.
//
// A Completion is signalled once, from any thread, and waited on once. How the waiter waits
// depends on where it runs:
//   - on a plain thread it blocks (mutex and condition variable);
//   - inside a cooperative task (the HTTP server runs each request as a fiber on its event-loop
//     thread) it suspends the task, and the thread goes on serving other requests until the
//     signal resumes the task on that same thread.
// The scheduler of such tasks installs a Suspender for the calling thread while a task runs
// (ScopedSuspender). Code that must not be suspended — because it holds a lock or a pooled
// resource that another task on the same thread might need — marks the region with a
// NoSuspendScope; waits inside it block the thread instead.
#ifndef BOURSE_BASE_COMPLETION_H_
#define BOURSE_BASE_COMPLETION_H_

#include <condition_variable>
#include <functional>
#include <mutex>

namespace bourse {

class Suspender {
 public:
  // Called from a running task. `arm` receives the function that resumes the task (callable
  // once, from any thread); it returns false when the awaited event has already happened, in
  // which case the task does not suspend. Otherwise the task suspends until resumed.
  virtual void Suspend(const std::function<bool(std::function<void()> resume)>& arm) = 0;

 protected:
  ~Suspender() = default;
};

// The Suspender of the task running on this thread, or nullptr.
Suspender* CurrentSuspender();

// Installs `s` as this thread's Suspender for the scope's lifetime (restoring the previous one).
class ScopedSuspender {
 public:
  explicit ScopedSuspender(Suspender* s);
  ~ScopedSuspender();
  ScopedSuspender(const ScopedSuspender&) = delete;
  ScopedSuspender& operator=(const ScopedSuspender&) = delete;

 private:
  Suspender* previous_;
};

// Within this scope (nestable), waits on this thread block rather than suspend.
class NoSuspendScope {
 public:
  NoSuspendScope();
  ~NoSuspendScope();
  NoSuspendScope(const NoSuspendScope&) = delete;
  NoSuspendScope& operator=(const NoSuspendScope&) = delete;
};

class Completion {
 public:
  Completion() = default;
  Completion(const Completion&) = delete;
  Completion& operator=(const Completion&) = delete;

  // Returns once Signal() has been called: suspending the current task where there is one and
  // suspension is allowed, blocking the thread otherwise.
  void Wait();
  // Wakes the waiter. Call once. The waiter may destroy the Completion as soon as it wakes, so
  // the signalling thread must not touch it after this returns.
  void Signal();

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  std::function<void()> resume_;  // Set while a task is suspended on this completion.
};

}  // namespace bourse

#endif  // BOURSE_BASE_COMPLETION_H_
