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

TEST(Ids, PrefixAndLength) {
  SeededRandom r(1);
  std::string id = NewId("org", r);
  EXPECT_EQ(id.rfind("org_", 0), 0u);
  EXPECT_EQ(id.size(), 4u + 16u);
}

}  // namespace
}  // namespace bourse
