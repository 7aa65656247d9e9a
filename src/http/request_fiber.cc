#include "http/request_fiber.h"

#include <boost/asio/post.hpp>
#include <boost/context/fiber.hpp>
#include <boost/context/protected_fixedsize_stack.hpp>
#include <exception>
#include <utility>
#include <vector>

#include "base/completion.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#define BOURSE_FIBER_ASAN 1
#endif

namespace bourse::http {

namespace ctx = boost::context;

namespace {

// Stacks are kept for reuse by the thread that ran their fiber: a fiber starts and ends on its
// event-loop thread, so no locking is needed, and a reused stack's pages are already mapped.
class StackPool {
 public:
  static constexpr size_t kKept = 256;
  ~StackPool() {
    for (auto& s : free_) allocator_.deallocate(s);
  }
  ctx::stack_context Take() {
    if (free_.empty()) return allocator_.allocate();
    ctx::stack_context s = free_.back();
    free_.pop_back();
#ifdef BOURSE_FIBER_ASAN
    // Whatever the sanitizer still marks on the old fiber's stack does not apply to a new one.
    __asan_unpoison_memory_region(static_cast<char*>(s.sp) - s.size, s.size);
#endif
    return s;
  }
  void Give(ctx::stack_context s) {
    if (free_.size() < kKept) {
      free_.push_back(s);
    } else {
      allocator_.deallocate(s);
    }
  }

 private:
  ctx::protected_fixedsize_stack allocator_{kFiberStackBytes};
  std::vector<ctx::stack_context> free_;
};

thread_local StackPool stack_pool;
thread_local int live_fibers = 0;

// The allocator Boost.Context calls for one fiber's stack; it remembers the stack's bounds for
// the sanitizer's stack-switch annotations.
struct PooledStack {
  ctx::stack_context* taken;
  ctx::stack_context allocate() {
    *taken = stack_pool.Take();
    return *taken;
  }
  void deallocate(ctx::stack_context& s) { stack_pool.Give(s); }
};

class RequestFiber final : public Suspender {
 public:
  RequestFiber(boost::asio::any_io_executor loop, std::function<void()> body,
               std::function<void()> done)
      : loop_(std::move(loop)), body_(std::move(body)), done_(std::move(done)) {}

  void Start() {
    ++live_fibers;
    fiber_ = ctx::fiber(std::allocator_arg, PooledStack{&stack_},
                        [this](ctx::fiber&& scheduler) { return Run(std::move(scheduler)); });
    Enter();
  }

  // Runs on the fiber: arms the wake-up, then switches back to the event loop.
  void Suspend(const std::function<bool(std::function<void()> resume)>& arm) override {
    const bool suspend = arm([this] {
      // Never inline: the fiber may not have switched out yet, and it must resume on its thread.
      boost::asio::post(loop_, [this] { Enter(); });
    });
    if (!suspend) return;
    BeforeLeaving(false);
    scheduler_ = std::move(scheduler_).resume();
    AfterArriving();
  }

 private:
  // Switches from the event loop into the fiber; on the fiber's end, finishes it.
  void Enter() {
    {
      ScopedSuspender installed(this);
#ifdef BOURSE_FIBER_ASAN
      __sanitizer_start_switch_fiber(&loop_fake_stack_, static_cast<char*>(stack_.sp) - stack_.size,
                                     stack_.size);
#endif
      fiber_ = std::move(fiber_).resume();
#ifdef BOURSE_FIBER_ASAN
      __sanitizer_finish_switch_fiber(loop_fake_stack_, nullptr, nullptr);
#endif
    }
    if (fiber_) return;  // Suspended; a later Enter() continues it.
    --live_fibers;
    std::function<void()> done = std::move(done_);
    delete this;
    done();
  }

  ctx::fiber Run(ctx::fiber&& scheduler) {
    scheduler_ = std::move(scheduler);
    AfterArriving();
    try {
      body_();
    } catch (...) {
      std::terminate();
    }
    body_ = nullptr;
    BeforeLeaving(true);
    return std::move(scheduler_);
  }

  void BeforeLeaving([[maybe_unused]] bool finished) {
#ifdef BOURSE_FIBER_ASAN
    __sanitizer_start_switch_fiber(finished ? nullptr : &fiber_fake_stack_, loop_bottom_,
                                   loop_size_);
#endif
  }
  void AfterArriving() {
#ifdef BOURSE_FIBER_ASAN
    __sanitizer_finish_switch_fiber(fiber_fake_stack_, &loop_bottom_, &loop_size_);
#endif
  }

  boost::asio::any_io_executor loop_;
  std::function<void()> body_;
  std::function<void()> done_;
  ctx::stack_context stack_{};
  ctx::fiber fiber_;      // The fiber, while it is not running.
  ctx::fiber scheduler_;  // The event loop that entered the fiber, while it runs.
#ifdef BOURSE_FIBER_ASAN
  void* loop_fake_stack_ = nullptr;
  void* fiber_fake_stack_ = nullptr;
  const void* loop_bottom_ = nullptr;
  size_t loop_size_ = 0;
#endif
};

}  // namespace

void StartRequestFiber(const boost::asio::any_io_executor& loop, std::function<void()> body,
                       std::function<void()> done) {
  (new RequestFiber(loop, std::move(body), std::move(done)))->Start();
}

int LiveRequestFibers() { return live_fibers; }

}  // namespace bourse::http
