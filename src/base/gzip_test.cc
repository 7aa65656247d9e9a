#include "base/gzip.h"

#include <gtest/gtest.h>

namespace bourse {
namespace {

TEST(Gzip, RoundTripAndHeader) {
  std::string data(16384, '\0');
  data[100] = 0x40;
  std::string z = GzipCompress(data);
  ASSERT_GE(z.size(), 2u);
  EXPECT_EQ(uint8_t(z[0]), 0x1f);
  EXPECT_EQ(uint8_t(z[1]), 0x8b);
  EXPECT_LT(z.size(), 200u);
  EXPECT_EQ(*GzipDecompress(z, 1 << 20), data);
}

TEST(Gzip, RejectsCorruptAndOversize) {
  std::string z = GzipCompress(std::string(100000, 'a'));
  EXPECT_FALSE(GzipDecompress(z, 1000).ok());
  EXPECT_FALSE(GzipDecompress("not gzip", 1000).ok());
  EXPECT_FALSE(GzipDecompress(z.substr(0, z.size() / 2), 1 << 20).ok());
}

}  // namespace
}  // namespace bourse
