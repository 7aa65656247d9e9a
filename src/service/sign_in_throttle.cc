#include "service/sign_in_throttle.h"

#include <cmath>

#include "base/errors.h"
#include "base/strings.h"

namespace bourse::service {
namespace {

Status TooMany(std::string_view who, absl::Duration wait) {
  const int64_t seconds = std::max<int64_t>(1, std::ceil(absl::ToDoubleSeconds(wait)));
  return errors::Make(StatusCode::kResourceExhausted, errors::kTooManyRequests,
                      StrCat("too many sign-in attempts ", who, "; try again in ", seconds, " s"))
      .WithRetryAfter(seconds);
}

}  // namespace

SignInThrottle::Tracked& SignInThrottle::Find(Table& table, const domain::BucketPolicy& policy,
                                              const std::string& key, absl::Time now) {
  auto it = table.find(key);
  if (it != table.end()) return it->second;
  if (table.size() >= options_.max_tracked) {
    // Forget the buckets that have refilled; if none has, the table is under attack from many
    // keys at once, and starting one afresh costs the attacker as much as keeping it.
    for (auto j = table.begin(); j != table.end();) {
      j = j->second.bucket.Full(policy, now) ? table.erase(j) : std::next(j);
    }
    if (table.size() >= options_.max_tracked) table.erase(table.begin());
  }
  return table.emplace(key, Tracked{domain::TokenBucket(policy, now), false}).first->second;
}

Status SignInThrottle::AdmitAddress(const std::string& address, absl::Time now) {
  absl::MutexLock lock(&mu_);
  absl::Duration wait;
  if (!Find(addresses_, options_.per_address, address, now)
           .bucket.Take(options_.per_address, now, &wait)) {
    return TooMany("from this address", wait);
  }
  return OkStatus();
}

Status SignInThrottle::AdmitOrganization(const std::string& organization, absl::Time now) {
  absl::MutexLock lock(&mu_);
  auto it = organizations_.find(organization);
  absl::Duration wait;
  if (it != organizations_.end() && !it->second.bucket.Has(options_.per_organization, now, &wait))
    return TooMany("at this organisation", wait);
  return OkStatus();
}

bool SignInThrottle::RecordFailure(const std::string& organization, absl::Time now) {
  absl::MutexLock lock(&mu_);
  Tracked& t = Find(organizations_, options_.per_organization, organization, now);
  if (t.bucket.Full(options_.per_organization, now)) t.told = false;
  absl::Duration wait;
  t.bucket.Take(options_.per_organization, now, &wait);
  if (t.told || t.bucket.Has(options_.per_organization, now, &wait)) return false;
  t.told = true;
  return true;
}

}  // namespace bourse::service
