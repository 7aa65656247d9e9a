// Password hashing off the event loops: a small, bounded pool of threads runs scrypt
// (crypto/password.h), and the request that asked waits on a Completion (base/completion.h), so
// an HTTP thread goes on serving other requests meanwhile. At most `max_queued` hashes wait for
// a worker; past that a request is refused at once with 429 too-many-requests (Retry-After: 1)
// instead of queueing without bound. Thread-safe.
#ifndef BOURSE_SERVICE_PASSWORD_WORKERS_H_
#define BOURSE_SERVICE_PASSWORD_WORKERS_H_

#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "base/status.h"
#include "crypto/password.h"

namespace bourse::service {

struct PasswordWorkerOptions {
  int threads = 1;
  int max_queued = 16;
};

class PasswordWorkers {
 public:
  explicit PasswordWorkers(PasswordWorkerOptions options = {});
  ~PasswordWorkers();
  PasswordWorkers(const PasswordWorkers&) = delete;
  PasswordWorkers& operator=(const PasswordWorkers&) = delete;

  StatusOr<std::string> Hash(std::string_view password, std::string_view salt,
                             const crypto::ScryptCost& cost);
  StatusOr<bool> Verify(std::string_view password, std::string_view encoded);

  // Hashes run so far and refused for a full queue (for tests and metrics).
  int64_t completed() const;
  int64_t refused() const;

 private:
  // Runs `job` on a worker and waits for it; too-many-requests when the queue is full.
  Status Run(std::function<void()> job);
  void Work();

  const PasswordWorkerOptions options_;
  mutable absl::Mutex mu_;
  std::deque<std::function<void()>> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  int64_t completed_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t refused_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<std::thread> threads_;
};

}  // namespace bourse::service

#endif  // BOURSE_SERVICE_PASSWORD_WORKERS_H_
