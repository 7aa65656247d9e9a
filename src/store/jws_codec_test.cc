#include "store/jws_codec.h"

#include <gtest/gtest.h>

#include <string>

#include "base/encoding.h"
#include "base/strings.h"

namespace bourse::store {
namespace {

TEST(JwsCodec, PacksAQuarterSmallerAndUnpacksByteForByte) {
  const std::string header = R"({"alg":"EdDSA","kid":"k1","typ":"vc+jwt"})";
  std::string payload = R"({"credentialSubject":{"name":"杭州盛盛电力数据集团有限公司"},"n":)";
  for (int i = 0; i < 40; ++i) payload += "1234567890";
  payload += "}";
  std::string signature(64, '\0');
  for (int i = 0; i < 64; ++i) signature[i] = static_cast<char>(i * 37 + 11);
  // Every length modulo 3, so every kind of final base64 group is covered.
  for (int extra = 0; extra < 3; ++extra) {
    const std::string p = payload + std::string(extra, ' ');
    const std::string jws = StrCat(Base64UrlEncode(header), ".", Base64UrlEncode(p), ".",
                                   Base64UrlEncode(signature));
    auto packed = PackCompactJws(jws);
    ASSERT_TRUE(packed.has_value()) << extra;
    EXPECT_EQ(packed->size(), 8 + header.size() + p.size() + signature.size());
    EXPECT_LT(packed->size() * 4, jws.size() * 3 + 40);
    auto unpacked = UnpackCompactJws(*packed);
    ASSERT_TRUE(unpacked.ok());
    EXPECT_EQ(*unpacked, jws);
  }
}

TEST(JwsCodec, LeavesAnythingItCouldNotGiveBackExactlyUnpacked) {
  const std::string ok = StrCat(Base64UrlEncode("{}"), ".", Base64UrlEncode("{\"a\":1}"), ".",
                                Base64UrlEncode("sig"));
  ASSERT_TRUE(PackCompactJws(ok).has_value());
  EXPECT_FALSE(PackCompactJws("only.two").has_value());
  EXPECT_FALSE(PackCompactJws("a.b.c.d").has_value());
  EXPECT_FALSE(PackCompactJws(ok + "=").has_value()) << "padding";
  EXPECT_FALSE(PackCompactJws("e30.e30.c2l+").has_value()) << "standard, not url, alphabet";
  // "e31" decodes to the same byte as "e30" ("{") with non-zero leftover bits: not canonical.
  EXPECT_FALSE(PackCompactJws("e31.e30.e30").has_value());
}

TEST(JwsCodec, RefusesTruncatedRowsAsDataLoss) {
  auto packed = PackCompactJws(StrCat(Base64UrlEncode("{}"), ".", Base64UrlEncode("{}"), ".",
                                      Base64UrlEncode("signature")));
  ASSERT_TRUE(packed.has_value());
  EXPECT_EQ(UnpackCompactJws(packed->substr(0, 5)).status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(UnpackCompactJws(packed->substr(0, 10)).status().code(), StatusCode::kDataLoss);
  EXPECT_TRUE(UnpackCompactJws(*packed).ok());
}

}  // namespace
}  // namespace bourse::store
