#include "crypto/password.h"

#include <gtest/gtest.h>

#include "base/encoding.h"

namespace bourse::crypto {
namespace {

const ScryptCost kFast{.log2_n = 10, .r = 8, .p = 1};
const std::string kSalt = "0123456789abcdef";

TEST(Password, KnownAnswer) {
  // scrypt(P="pleaseletmein", S="SodiumChloride!!", N=16384, r=8, p=1, dkLen=32), computed with
  // Python's hashlib.scrypt, an implementation independent of OpenSSL's. (RFC 7914's own vector
  // uses a 14-byte salt, below the 16 bytes this module requires.)
  auto h = HashPassword("pleaseletmein", "SodiumChloride!!", {.log2_n = 14, .r = 8, .p = 1});
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  EXPECT_EQ(*h,
            "$scrypt$ln=14,r=8,p=1$U29kaXVtQ2hsb3JpZGUhIQ$"
            "UmYyNDO_YRuFmsgA6JK5baM1qTJw1bFvX2are1D2OBc");
  auto ok = VerifyPassword("pleaseletmein", *h);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_TRUE(*ok);
}

TEST(Password, VerifiesTheRightPasswordOnly) {
  auto h = HashPassword("correct horse battery staple", kSalt, kFast);
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  auto ok = VerifyPassword("correct horse battery staple", *h);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_TRUE(*ok);
  auto wrong = VerifyPassword("correct horse battery stapler", *h);
  ASSERT_TRUE(wrong.ok());
  EXPECT_FALSE(*wrong);
}

TEST(Password, SaltChangesTheHash) {
  auto a = HashPassword("same password", kSalt, kFast);
  auto b = HashPassword("same password", "fedcba9876543210", kFast);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
}

TEST(Password, RejectsMalformedHashesAndBadInput) {
  EXPECT_FALSE(HashPassword("pw", "short", kFast).ok());
  EXPECT_FALSE(HashPassword("pw", kSalt, {.log2_n = 30}).ok());
  for (const char* bad : {"", "$scrypt$", "$bcrypt$ln=10,r=8,p=1$AAAA$BBBB",
                          "$scrypt$ln=10,r=8$c2FsdHNhbHRzYWx0c2FsdA$AAAA",
                          "$scrypt$ln=99,r=8,p=1$MDEyMzQ1Njc4OWFiY2RlZg$AAAA",
                          "$scrypt$ln=10,r=8,p=1$MDEyMzQ1Njc4OWFiY2RlZg$!!!!"}) {
    auto v = VerifyPassword("pw", bad);
    EXPECT_FALSE(v.ok()) << bad;
    if (!v.ok()) {
      EXPECT_EQ(v.status().code(), StatusCode::kInvalidArgument) << bad;
    }
  }
}

}  // namespace
}  // namespace bourse::crypto
