// A token bucket: at most `burst` attempts at once, refilled at `per_second`. The rate limits on
// sign-in (service/sign_in_throttle.h) are built from it. Pure: time is passed in.
#ifndef BOURSE_DOMAIN_TOKEN_BUCKET_H_
#define BOURSE_DOMAIN_TOKEN_BUCKET_H_

#include "absl/time/time.h"

namespace bourse::domain {

struct BucketPolicy {
  double burst = 10;      // Tokens when full.
  double per_second = 1;  // Refill rate.
};

class TokenBucket {
 public:
  TokenBucket() = default;
  // Full at `now`.
  TokenBucket(const BucketPolicy& policy, absl::Time now) : tokens_(policy.burst), at_(now) {}

  // Takes one token: true; or false, leaving the bucket as it was, with `*wait` set to how long
  // until a token is there.
  bool Take(const BucketPolicy& policy, absl::Time now, absl::Duration* wait);
  // Whether a token is there, and if not how long until one is; takes nothing.
  bool Has(const BucketPolicy& policy, absl::Time now, absl::Duration* wait) const;
  // Full again (a bucket that is full can be forgotten).
  bool Full(const BucketPolicy& policy, absl::Time now) const;

 private:
  double Level(const BucketPolicy& policy, absl::Time now) const;
  double tokens_ = 0;
  absl::Time at_;
};

}  // namespace bourse::domain

#endif  // BOURSE_DOMAIN_TOKEN_BUCKET_H_
