// Time as an injected dependency.
//
// Code outside base/ and app/ never reads the system clock directly; it asks a Clock. SystemClock
// reads the real time; FakeClock is set and advanced by tests. Both are thread-safe.
#ifndef BOURSE_BASE_CLOCK_H_
#define BOURSE_BASE_CLOCK_H_

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace bourse {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  absl::Time Now() const override;
};

class FakeClock final : public Clock {
 public:
  explicit FakeClock(absl::Time start) : now_(start) {}
  absl::Time Now() const override;
  void Set(absl::Time t);
  void Advance(absl::Duration d);

 private:
  mutable absl::Mutex mu_;
  absl::Time now_ ABSL_GUARDED_BY(mu_);
};

}  // namespace bourse

#endif  // BOURSE_BASE_CLOCK_H_
