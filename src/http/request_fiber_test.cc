#include "http/request_fiber.h"

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "base/completion.h"
#include "gtest/gtest.h"

namespace bourse::http {
namespace {

namespace net = boost::asio;
using namespace std::chrono_literals;

// One event-loop thread, as the server runs each of its threads.
class LoopThread {
 public:
  LoopThread() : guard_(net::make_work_guard(ioc_)), thread_([this] { ioc_.run(); }) {}
  ~LoopThread() {
    guard_.reset();
    thread_.join();
  }
  net::io_context& ioc() { return ioc_; }
  // Runs `f` on the loop thread and waits for it.
  template <typename F>
  void On(F f) {
    Completion c;
    net::post(ioc_, [&] {
      f();
      c.Signal();
    });
    c.Wait();
  }

 private:
  net::io_context ioc_{1};
  net::executor_work_guard<net::io_context::executor_type> guard_;
  std::thread thread_;
};

TEST(RequestFiber, WaitingFibersLeaveTheirThreadFree) {
  constexpr int kFibers = 64;
  LoopThread loop;
  std::vector<std::unique_ptr<Completion>> commits;
  for (int i = 0; i < kFibers; ++i) commits.push_back(std::make_unique<Completion>());
  std::atomic<int> waiting{0}, finished{0}, done_outside{0};
  std::thread::id fiber_thread;
  loop.On([&] {
    for (int i = 0; i < kFibers; ++i) {
      StartRequestFiber(
          loop.ioc().get_executor(),
          [&, i] {
            ++waiting;
            commits[i]->Wait();  // Blocking here would hold the only loop thread.
            fiber_thread = std::this_thread::get_id();
            ++finished;
          },
          [&] { ++done_outside; });
    }
  });
  // Every fiber started and is suspended, on one thread.
  EXPECT_EQ(waiting.load(), kFibers);
  EXPECT_EQ(finished.load(), 0);
  int live = 0;
  loop.On([&] { live = LiveRequestFibers(); });
  EXPECT_EQ(live, kFibers);
  // Signalled from another thread, in reverse order; each resumes on the loop thread.
  for (int i = kFibers - 1; i >= 0; --i) commits[i]->Signal();
  for (int spins = 0; done_outside.load() < kFibers && spins < 500; ++spins)
    std::this_thread::sleep_for(10ms);
  EXPECT_EQ(finished.load(), kFibers);
  EXPECT_EQ(done_outside.load(), kFibers);
  std::thread::id loop_thread;
  loop.On([&] {
    loop_thread = std::this_thread::get_id();
    live = LiveRequestFibers();
  });
  EXPECT_EQ(fiber_thread, loop_thread);
  EXPECT_EQ(live, 0);
}

TEST(RequestFiber, AFiberThatNeverWaitsFinishesAtOnce) {
  LoopThread loop;
  bool ran = false, done = false;
  loop.On([&] {
    StartRequestFiber(
        loop.ioc().get_executor(), [&] { ran = true; }, [&] { done = true; });
    // Both ran before StartRequestFiber returned.
    EXPECT_TRUE(ran);
    EXPECT_TRUE(done);
  });
}

TEST(RequestFiber, NoSuspendScopeBlocksTheLoopInstead) {
  LoopThread loop;
  Completion commit;
  std::atomic<bool> returned{false};
  std::thread signaller([&] {
    std::this_thread::sleep_for(50ms);
    commit.Signal();
  });
  loop.On([&] {
    StartRequestFiber(
        loop.ioc().get_executor(),
        [&] {
          NoSuspendScope holding_a_lock;
          commit.Wait();
        },
        [&] { returned = true; });
    // The fiber blocked the thread rather than suspend: it had finished by the time Start
    // returned.
    EXPECT_TRUE(returned.load());
  });
  signaller.join();
}

TEST(RequestFiber, DeepStacksFitInAFiber) {
  LoopThread loop;
  std::function<int(int)> depth = [&](int n) -> int {
    volatile char frame[512];
    frame[0] = static_cast<char>(n);
    return n == 0 ? frame[0] : depth(n - 1) + 1;
  };
  int got = -1;
  loop.On([&] {
    StartRequestFiber(
        loop.ioc().get_executor(), [&] { got = depth(1000); }, [] {});
  });
  EXPECT_EQ(got, 1000);
}

}  // namespace
}  // namespace bourse::http
