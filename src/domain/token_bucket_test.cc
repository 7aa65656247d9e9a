#include "domain/token_bucket.h"

#include <gtest/gtest.h>

namespace bourse::domain {
namespace {

TEST(TokenBucket, AllowsTheBurstThenTheRateAndSaysHowLongToWait) {
  const BucketPolicy policy{3, 0.5};  // 3 at once, then one every 2 s.
  const absl::Time t0 = absl::FromUnixSeconds(1'800'000'000);
  TokenBucket b(policy, t0);
  absl::Duration wait;
  EXPECT_TRUE(b.Take(policy, t0, &wait));
  EXPECT_TRUE(b.Take(policy, t0, &wait));
  EXPECT_TRUE(b.Take(policy, t0, &wait));
  EXPECT_FALSE(b.Take(policy, t0, &wait));
  EXPECT_EQ(wait, absl::Seconds(2));
  EXPECT_FALSE(b.Take(policy, t0 + absl::Seconds(1), &wait));
  EXPECT_EQ(wait, absl::Seconds(1)) << "a refused attempt takes nothing";
  EXPECT_TRUE(b.Take(policy, t0 + absl::Seconds(2), &wait));
  EXPECT_FALSE(b.Has(policy, t0 + absl::Seconds(2), &wait));
  EXPECT_FALSE(b.Full(policy, t0 + absl::Seconds(7)));
  EXPECT_TRUE(b.Full(policy, t0 + absl::Seconds(8)));
  EXPECT_TRUE(b.Has(policy, t0 + absl::Hours(1), &wait));
  // Never more than the burst, however long it rested.
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(b.Take(policy, t0 + absl::Hours(1), &wait));
  EXPECT_FALSE(b.Take(policy, t0 + absl::Hours(1), &wait));
}

}  // namespace
}  // namespace bourse::domain
