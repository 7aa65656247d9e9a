#include "crypto/secure_random.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace bourse::crypto {
namespace {

// Small draws come from a per-thread block: across many block refills and sizes that straddle
// block ends, no draw repeats and the bytes look uniform.
TEST(SecureRandom, SmallDrawsNeverRepeatAndLookUniform) {
  SecureRandom random;
  std::set<std::string> seen;
  std::array<int64_t, 256> counts{};
  int64_t total = 0;
  for (int i = 0; i < 20000; ++i) {
    const size_t n = 6 + static_cast<size_t>(i % 11);  // 6..16 bytes, never a divisor of 512
    std::string b = random.Bytes(n);
    ASSERT_EQ(b.size(), n);
    for (unsigned char ch : b) ++counts[ch];
    total += static_cast<int64_t>(n);
    ASSERT_TRUE(seen.insert(std::move(b)).second) << "draw " << i << " repeated";
  }
  // Chi-squared over 255 degrees of freedom: about 255 expected, 400 is far in the tail.
  const double expected = static_cast<double>(total) / 256.0;
  double chi2 = 0;
  for (int64_t c : counts)
    chi2 += (static_cast<double>(c) - expected) * (static_cast<double>(c) - expected) / expected;
  EXPECT_LT(chi2, 400.0);
}

TEST(SecureRandom, LargeDrawsAndThreadsAreIndependent) {
  SecureRandom random;
  const std::string a = random.Bytes(4096), b = random.Bytes(4096);
  EXPECT_NE(a, b);
  EXPECT_NE(a.find_first_not_of('\0'), std::string::npos);
  // Two threads drawing at once never see the same bytes (each has its own block).
  std::vector<std::string> left, right;
  std::thread t1([&] {
    for (int i = 0; i < 2000; ++i) left.push_back(random.Bytes(12));
  });
  std::thread t2([&] {
    for (int i = 0; i < 2000; ++i) right.push_back(random.Bytes(12));
  });
  t1.join();
  t2.join();
  std::set<std::string> all(left.begin(), left.end());
  all.insert(right.begin(), right.end());
  EXPECT_EQ(all.size(), 4000u);
  // Uniform() stays in range.
  for (int i = 0; i < 1000; ++i) EXPECT_LT(random.Uniform(7), 7u);
}

}  // namespace
}  // namespace bourse::crypto
