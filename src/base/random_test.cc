#include "base/random.h"

#include <gtest/gtest.h>

#include "base/ids.h"

namespace bourse {
namespace {

TEST(SeededRandom, DeterministicPerSeed) {
  SeededRandom a(42), b(42), c(43);
  std::string x = a.Bytes(32), y = b.Bytes(32), z = c.Bytes(32);
  EXPECT_EQ(x, y);
  EXPECT_NE(x, z);
}

TEST(Random, UniformStaysInBound) {
  SeededRandom r(1);
  for (int i = 0; i < 1000; ++i) EXPECT_LT(r.Uniform(7), 7u);
}

TEST(Ids, PrefixThenTimeThenRandomness) {
  SeededRandom r(1);
  const absl::Time t = absl::FromUnixMillis(1700000000123);
  const std::string id = NewId("org", t, r);
  EXPECT_EQ(id.rfind("org_", 0), 0u);
  ASSERT_EQ(id.size(), 4u + 24u);
  EXPECT_EQ(id.substr(4, 12), "018bcfe5687b");  // 1700000000123 ms.
  const std::string same_millisecond = NewId("org", t, r);
  EXPECT_NE(same_millisecond, id);
  EXPECT_EQ(same_millisecond.substr(0, 16), id.substr(0, 16));
  const std::string later = NewId("org", t + absl::Milliseconds(1), r);
  EXPECT_LT(id, later);
  EXPECT_LT(same_millisecond, later);
  // Before the epoch counts as the epoch.
  EXPECT_EQ(NewId("org", absl::FromUnixSeconds(-5), r).substr(4, 12), "000000000000");
}

}  // namespace
}  // namespace bourse
