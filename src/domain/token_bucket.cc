#include "domain/token_bucket.h"

#include <algorithm>
#include <cmath>

namespace bourse::domain {

double TokenBucket::Level(const BucketPolicy& policy, absl::Time now) const {
  const double elapsed = std::max(0.0, absl::ToDoubleSeconds(now - at_));
  return std::min(policy.burst, tokens_ + elapsed * policy.per_second);
}

bool TokenBucket::Has(const BucketPolicy& policy, absl::Time now, absl::Duration* wait) const {
  const double level = Level(policy, now);
  if (level >= 1) return true;
  if (wait != nullptr) {
    *wait = policy.per_second > 0 ? absl::Seconds((1 - level) / policy.per_second)
                                  : absl::InfiniteDuration();
  }
  return false;
}

bool TokenBucket::Take(const BucketPolicy& policy, absl::Time now, absl::Duration* wait) {
  if (!Has(policy, now, wait)) return false;
  tokens_ = Level(policy, now) - 1;
  at_ = std::max(at_, now);
  return true;
}

bool TokenBucket::Full(const BucketPolicy& policy, absl::Time now) const {
  return Level(policy, now) >= policy.burst;
}

}  // namespace bourse::domain
