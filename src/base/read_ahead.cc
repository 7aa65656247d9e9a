#include "base/read_ahead.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "base/thread_name.h"

namespace bourse {
namespace {

std::atomic<uint64_t> prepared_count{0};
std::atomic<uint64_t> stolen_count{0};

// The process's read-ahead threads. Never destroyed: a fill may still be running at exit.
class Pool {
 public:
  static Pool& Get() {
    static Pool* pool = new Pool();
    return *pool;
  }
  void Post(std::function<void()> task) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      tasks_.push_back(std::move(task));
    }
    cv_.notify_one();
  }

 private:
  Pool() {
    const unsigned n = std::clamp(std::thread::hardware_concurrency(), 1u, 2u);
    for (unsigned i = 0; i < n; ++i) std::thread([this] { Run(); }).detach();
  }
  void Run() {
    SetCurrentThreadName("bourse-readahd");
    for (;;) {
      std::function<void()> task;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [this] { return !tasks_.empty(); });
        task = std::move(tasks_.front());
        tasks_.pop_front();
      }
      task();
    }
  }
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> tasks_;
};

}  // namespace

// Buffers of finished readers, kept for the next ones: a fresh buffer of a megabyte costs a
// page fault per page, which is as much as decrypting it.
class Buffers {
 public:
  static std::string Get() {
    std::lock_guard<std::mutex> lock(mu());
    if (free().empty()) return {};
    std::string b = std::move(free().back());
    free().pop_back();
    return b;
  }
  static void Put(std::string b) {
    if (b.capacity() == 0) return;
    std::lock_guard<std::mutex> lock(mu());
    if (free().size() < kKept) free().push_back(std::move(b));
  }

 private:
  static constexpr size_t kKept = 16;
  static std::mutex& mu() {
    static auto* m = new std::mutex();
    return *m;
  }
  static std::vector<std::string>& free() {
    static auto* f = new std::vector<std::string>();
    return *f;
  }
};

struct ReadAhead::Slot {
  Slot() : data(Buffers::Get()) {}
  ~Slot() { Buffers::Put(std::move(data)); }
  enum class Phase { kQueued, kRunning, kDone, kTaken };
  std::mutex mu;
  std::condition_variable cv;
  uint64_t index = 0;
  Phase phase = Phase::kTaken;
  Fill fill;  // Set while queued.
  Status status;
  std::string data;

  // Runs the queued fill on the calling thread (the caller holds `lock`, and still does after).
  void Run(std::unique_lock<std::mutex>& lock) {
    phase = Phase::kRunning;
    Fill f = std::move(fill);
    fill = nullptr;
    lock.unlock();
    Status s = f(index, data);
    lock.lock();
    status = std::move(s);
    phase = Phase::kDone;
    cv.notify_all();
  }
};

ReadAhead::ReadAhead() : taken_(Buffers::Get()) {}

ReadAhead::~ReadAhead() {
  Buffers::Put(std::move(taken_));
  if (slot_ == nullptr) return;
  std::lock_guard<std::mutex> lock(slot_->mu);
  if (slot_->phase == Slot::Phase::kQueued) {
    slot_->phase = Slot::Phase::kTaken;
    slot_->fill = nullptr;
  }
}

void ReadAhead::Start(uint64_t index, Fill fill) {
  if (slot_ == nullptr) slot_ = std::make_shared<Slot>();
  {
    // One fill at a time per reader: a running one (a window's work) is let finish first, so
    // that fills never share the reader's state concurrently.
    std::unique_lock<std::mutex> lock(slot_->mu);
    slot_->cv.wait(lock, [this] { return slot_->phase != Slot::Phase::kRunning; });
    slot_->index = index;
    slot_->phase = Slot::Phase::kQueued;
    slot_->fill = std::move(fill);
    slot_->status = OkStatus();
  }
  Pool::Get().Post([slot = slot_, index] {
    std::unique_lock<std::mutex> lock(slot->mu);
    if (slot->phase != Slot::Phase::kQueued || slot->index != index) return;
    slot->Run(lock);
    prepared_count.fetch_add(1, std::memory_order_relaxed);
  });
}

StatusOr<const std::string*> ReadAhead::Take(uint64_t index) {
  if (slot_ == nullptr) return nullptr;
  std::unique_lock<std::mutex> lock(slot_->mu);
  if (slot_->index != index || slot_->phase == Slot::Phase::kTaken) return nullptr;
  if (slot_->phase == Slot::Phase::kQueued) {
    slot_->Run(lock);  // The pool has not begun it: the reader does the work itself.
    stolen_count.fetch_add(1, std::memory_order_relaxed);
  }
  slot_->cv.wait(lock, [this] { return slot_->phase == Slot::Phase::kDone; });
  slot_->phase = Slot::Phase::kTaken;  // The piece is not handed out twice.
  if (!slot_->status.ok()) return slot_->status;
  taken_.swap(slot_->data);
  return &taken_;
}

uint64_t ReadAhead::PreparedCount() { return prepared_count.load(); }
uint64_t ReadAhead::StolenCount() { return stolen_count.load(); }

}  // namespace bourse
