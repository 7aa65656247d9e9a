// Rate limits on password sign-in, so that guessing costs the guesser rather than the server:
//   - every attempt from one client address takes a token from that address's bucket;
//   - every failed attempt at one organisation takes a token from that organisation's bucket, and
//     while it is empty the organisation's password sign-in is refused without checking (token
//     sign-in and open sessions are unaffected).
// A refusal is 429 too-many-requests with Retry-After. Buckets live in memory (one process, one
// venue); a bucket that has refilled is forgotten, and at most `max_tracked` of each kind are
// kept (the fullest go first). Thread-safe.
#ifndef BOURSE_SERVICE_SIGN_IN_THROTTLE_H_
#define BOURSE_SERVICE_SIGN_IN_THROTTLE_H_

#include <string>
#include <unordered_map>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "base/status.h"
#include "domain/token_bucket.h"

namespace bourse::service {

struct SignInThrottleOptions {
  domain::BucketPolicy per_address{20, 20.0 / 60};         // 20 at once, then 20 a minute.
  domain::BucketPolicy per_organization{10, 30.0 / 3600};  // Failures: 10, then 30 an hour.
  // The organisation is told once its failures have emptied its bucket (then again only after
  // the bucket has refilled).
  size_t max_tracked = 100000;
};

class SignInThrottle {
 public:
  explicit SignInThrottle(SignInThrottleOptions options = {}) : options_(options) {}

  // An attempt from `address`: OK, or too-many-requests.
  Status AdmitAddress(const std::string& address, absl::Time now);
  // An attempt at `organization` (before its password is checked): OK, or too-many-requests.
  Status AdmitOrganization(const std::string& organization, absl::Time now);
  // A failed attempt at `organization`. True exactly when this failure empties the bucket for
  // the first time since it was last full: the moment to tell the organisation.
  bool RecordFailure(const std::string& organization, absl::Time now);

 private:
  struct Tracked {
    domain::TokenBucket bucket;
    bool told = false;
  };
  using Table = std::unordered_map<std::string, Tracked>;
  Tracked& Find(Table& table, const domain::BucketPolicy& policy, const std::string& key,
                absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const SignInThrottleOptions options_;
  absl::Mutex mu_;
  Table addresses_ ABSL_GUARDED_BY(mu_);
  Table organizations_ ABSL_GUARDED_BY(mu_);
};

}  // namespace bourse::service

#endif  // BOURSE_SERVICE_SIGN_IN_THROTTLE_H_
