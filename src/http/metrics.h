// Request metrics in the Prometheus text exposition format: a counter and a latency histogram per
// (route, method, status), plus gauges for open connections and requests in flight.
// Thread-safe.
#ifndef BOURSE_HTTP_METRICS_H_
#define BOURSE_HTTP_METRICS_H_

#include <array>
#include <atomic>
#include <map>
#include <string>
#include <tuple>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace bourse::http {

class Metrics {
 public:
  static constexpr std::array<double, 14> kBuckets = {
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0};
  void Observe(const std::string& route, const std::string& method, int status, double seconds);
  void ConnectionOpened() { connections_.fetch_add(1, std::memory_order_relaxed); }
  void ConnectionClosed() { connections_.fetch_sub(1, std::memory_order_relaxed); }
  void ConnectionRefused() { refused_.fetch_add(1, std::memory_order_relaxed); }
  int64_t connections() const { return connections_.load(std::memory_order_relaxed); }
  int64_t refused() const { return refused_.load(std::memory_order_relaxed); }
  // The exposition text for GET /metrics.
  std::string Render() const;

 private:
  struct Series {
    uint64_t count = 0;
    double sum = 0;
    std::array<uint64_t, kBuckets.size()> buckets{};
  };
  mutable absl::Mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, Series> series_ ABSL_GUARDED_BY(mu_);
  std::atomic<int64_t> connections_{0};
  std::atomic<int64_t> refused_{0};
};

}  // namespace bourse::http

#endif  // BOURSE_HTTP_METRICS_H_
