// A small read-through cache for hot reads, bounded in size and age.
//
// Readers take generation() before reading the store and offer the value with Put(); the value
// is dropped if any Invalidate() happened in between, so a read racing a write can never
// reinstall what the write replaced. Writers call Invalidate() after their transaction commits.
// Within one process a change is visible at once; other processes sharing the store see it
// within `ttl`. A zero `ttl` disables caching. Thread-safe.
#ifndef BOURSE_SERVICE_READ_CACHE_H_
#define BOURSE_SERVICE_READ_CACHE_H_

#include <atomic>
#include <optional>
#include <unordered_map>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "base/clock.h"

namespace bourse::service {

template <typename Key, typename Value, typename Hash = std::hash<Key>>
class ReadCache {
 public:
  ReadCache(const Clock& clock, absl::Duration ttl, size_t capacity = 10000)
      : clock_(clock), ttl_(ttl), capacity_(capacity) {}

  uint64_t generation() const { return generation_.load(std::memory_order_acquire); }

  std::optional<Value> Get(const Key& key) {
    if (ttl_ <= absl::ZeroDuration()) return std::nullopt;
    absl::MutexLock lock(&mu_);
    auto it = entries_.find(key);
    if (it == entries_.end() || it->second.expires <= clock_.Now()) return std::nullopt;
    return it->second.value;
  }

  void Put(const Key& key, Value value, uint64_t generation_before_read) {
    if (ttl_ <= absl::ZeroDuration()) return;
    absl::MutexLock lock(&mu_);
    if (generation_.load(std::memory_order_acquire) != generation_before_read) return;
    if (entries_.size() >= capacity_) entries_.clear();
    entries_[key] = Entry{std::move(value), clock_.Now() + ttl_};
  }

  void Invalidate(const Key& key) {
    absl::MutexLock lock(&mu_);
    generation_.fetch_add(1, std::memory_order_acq_rel);
    entries_.erase(key);
  }

 private:
  struct Entry {
    Value value;
    absl::Time expires;
  };
  const Clock& clock_;
  const absl::Duration ttl_;
  const size_t capacity_;
  std::atomic<uint64_t> generation_{0};
  absl::Mutex mu_;
  std::unordered_map<Key, Entry, Hash> entries_ ABSL_GUARDED_BY(mu_);
};

}  // namespace bourse::service

#endif  // BOURSE_SERVICE_READ_CACHE_H_
