#include "base/completion.h"

#include <atomic>
#include <chrono>
#include <thread>

#include "gtest/gtest.h"

namespace bourse {
namespace {

using namespace std::chrono_literals;

TEST(Completion, BlocksAPlainThreadUntilSignalled) {
  Completion c;
  std::atomic<bool> signalled{false};
  std::thread signaller([&] {
    std::this_thread::sleep_for(50ms);
    signalled = true;
    c.Signal();
  });
  c.Wait();
  EXPECT_TRUE(signalled.load());
  signaller.join();
}

TEST(Completion, ReturnsAtOnceWhenAlreadySignalled) {
  Completion c;
  c.Signal();
  c.Wait();  // Would hang if the signal were lost.
}

// Stands in for a scheduler: "suspending" waits (on this thread) until resume is called, and
// counts what happened.
class RecordingSuspender final : public Suspender {
 public:
  void Suspend(const std::function<bool(std::function<void()> resume)>& arm) override {
    ++suspend_calls;
    const bool suspended = arm([this] { resumed = true; });
    if (!suspended) return;
    ++suspensions;
    while (!resumed.load()) std::this_thread::yield();
  }
  int suspend_calls = 0;
  int suspensions = 0;
  std::atomic<bool> resumed{false};
};

TEST(Completion, SuspendsTheCurrentTaskAndResumesItOnSignal) {
  RecordingSuspender task;
  ScopedSuspender installed(&task);
  ASSERT_EQ(CurrentSuspender(), &task);
  Completion c;
  std::thread signaller([&] {
    std::this_thread::sleep_for(30ms);
    c.Signal();
  });
  c.Wait();
  signaller.join();
  EXPECT_EQ(task.suspend_calls, 1);
  EXPECT_EQ(task.suspensions, 1);
  EXPECT_TRUE(task.resumed.load());
}

TEST(Completion, DoesNotSuspendForASignalAlreadyGiven) {
  RecordingSuspender task;
  ScopedSuspender installed(&task);
  Completion c;
  c.Signal();
  c.Wait();
  EXPECT_EQ(task.suspend_calls, 1);
  EXPECT_EQ(task.suspensions, 0);
  EXPECT_FALSE(task.resumed.load());
}

TEST(Completion, BlocksInsteadOfSuspendingInANoSuspendScope) {
  RecordingSuspender task;
  ScopedSuspender installed(&task);
  {
    NoSuspendScope holding_a_lock;
    EXPECT_EQ(CurrentSuspender(), nullptr);
    Completion c;
    std::thread signaller([&] {
      std::this_thread::sleep_for(20ms);
      c.Signal();
    });
    c.Wait();
    signaller.join();
  }
  EXPECT_EQ(task.suspend_calls, 0);
  EXPECT_EQ(CurrentSuspender(), &task);
}

TEST(Completion, ScopedSuspenderRestoresThePreviousOne) {
  RecordingSuspender outer, inner;
  EXPECT_EQ(CurrentSuspender(), nullptr);
  {
    ScopedSuspender a(&outer);
    {
      ScopedSuspender b(&inner);
      EXPECT_EQ(CurrentSuspender(), &inner);
    }
    EXPECT_EQ(CurrentSuspender(), &outer);
  }
  EXPECT_EQ(CurrentSuspender(), nullptr);
}

}  // namespace
}  // namespace bourse
