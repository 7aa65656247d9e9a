#include "crypto/jws.h"

#include <gtest/gtest.h>

#include "base/encoding.h"

namespace bourse::crypto {
namespace {

constexpr char kSeed[] = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

// RFC 8037 Appendix A.4.
TEST(Jws, Rfc8037Example) {
  auto key = *Ed25519PrivateKey::FromSeed(*HexDecode(kSeed));
  std::string jws = SignCompactJws(key, R"({"alg":"EdDSA"})", "Example of Ed25519 signing");
  EXPECT_EQ(jws,
            "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.hgyY0il_MGCjP0JzlnLWG1PPOt7-"
            "09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg");
  auto parsed = ParseCompactJws(jws);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->payload_json, "Example of Ed25519 signing");
  EXPECT_TRUE(VerifyCompactJws(*parsed, key.public_key()));
}

// RFC 8037 Appendix A.3.
TEST(Jws, Rfc8037Thumbprint) {
  auto key = *Ed25519PrivateKey::FromSeed(*HexDecode(kSeed));
  EXPECT_EQ(Ed25519Thumbprint(key.public_key()), "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
}

TEST(Jws, RejectsMalformedAndTampered) {
  EXPECT_FALSE(ParseCompactJws("a.b").ok());
  EXPECT_FALSE(ParseCompactJws("a.b.c.d").ok());
  EXPECT_FALSE(ParseCompactJws("a!.b.c").ok());
  auto key = *Ed25519PrivateKey::FromSeed(*HexDecode(kSeed));
  std::string jws = SignCompactJws(key, R"({"alg":"EdDSA"})", R"({"a":1})");
  std::string tampered = jws;
  tampered[tampered.find('.') + 2] ^= 1;
  auto parsed = ParseCompactJws(tampered);
  ASSERT_TRUE(parsed.ok()) << "one changed letter is still base64url";
  EXPECT_FALSE(VerifyCompactJws(*parsed, key.public_key()));
}

}  // namespace
}  // namespace bourse::crypto
