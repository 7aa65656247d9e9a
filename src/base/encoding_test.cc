#include "base/encoding.h"

#include <gtest/gtest.h>

#include <string>

namespace bourse {
namespace {

TEST(Hex, RoundTrip) {
  EXPECT_EQ(HexEncode("\x01\xab\xff"), "01abff");
  EXPECT_EQ(*HexDecode("01ABff"), "\x01\xab\xff");
  EXPECT_FALSE(HexDecode("0").ok());
  EXPECT_FALSE(HexDecode("zz").ok());
}

TEST(Base64, Rfc4648Vectors) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foo"), "Zm9v");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(*Base64Decode("Zm9vYg=="), "foob");
  EXPECT_FALSE(Base64Decode("Zm9vYg=").ok());
  EXPECT_FALSE(Base64Decode("Zm9v!mFy").ok());
}

TEST(Base64Url, UnpaddedAndUrlSafe) {
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
  EXPECT_EQ(*Base64UrlDecode("-_8"), "\xfb\xff");
  EXPECT_FALSE(Base64UrlDecode("-_9").ok()) << "non-zero trailing bits are not canonical";
  EXPECT_FALSE(Base64UrlDecode("A").ok());
  EXPECT_FALSE(Base64UrlDecode("+/8").ok());
}

// Every length (so every kind of final group) and every byte value round-trip in both
// alphabets; a foreign character anywhere, or non-zero leftover bits, is refused.
TEST(Base64, RoundTripsEveryLengthAndRefusesWhatIsNotCanonical) {
  std::string bytes;
  for (int n = 0; n < 300; ++n) {
    EXPECT_EQ(*Base64Decode(Base64Encode(bytes)), bytes) << n;
    EXPECT_EQ(*Base64UrlDecode(Base64UrlEncode(bytes)), bytes) << n;
    const std::string url = Base64UrlEncode(bytes);
    for (size_t at = 0; at < url.size(); at += 7) {
      std::string bad = url;
      bad[at] = '.';
      EXPECT_FALSE(Base64UrlDecode(bad).ok()) << n << " at " << at;
    }
    bytes += static_cast<char>(n * 131 + 7);
  }
  EXPECT_EQ(*Base64UrlDecode("Zg"), "f");
  EXPECT_FALSE(Base64UrlDecode("Zh").ok());
  EXPECT_EQ(*Base64UrlDecode("Zm8"), "fo");
  EXPECT_FALSE(Base64UrlDecode("Zm9").ok());
  EXPECT_FALSE(Base64Decode("Zh==").ok());
  EXPECT_FALSE(Base64Decode("Zm9=").ok());
  EXPECT_FALSE(Base64Decode("Z===").ok());
}

TEST(Utf8, Validation) {
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_TRUE(IsValidUtf8("深圳数据交易所"));
  EXPECT_TRUE(IsValidUtf8("\xf0\x9f\x98\x80"));
  EXPECT_FALSE(IsValidUtf8("\xff"));
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf")) << "overlong";
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80")) << "surrogate";
  EXPECT_FALSE(IsValidUtf8("\xe6\xb7")) << "truncated";
  EXPECT_EQ(Utf8Length("深圳a"), 3u);
}

}  // namespace
}  // namespace bourse
