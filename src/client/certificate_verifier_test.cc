#include "client/certificate_verifier.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "base/encoding.h"
#include "base/gzip.h"
#include "base/random.h"
#include "base/strings.h"
#include "crypto/jws.h"

namespace bourse::client {
namespace {
namespace json = boost::json;

constexpr char kBase[] = "http://exchange.test";

class VerifierTest : public ::testing::Test {
 protected:
  std::string Jwks(const crypto::Ed25519PrivateKey& k) {
    return json::serialize(json::object{
        {"keys", json::array{json::object{{"kty", "OKP"},
                                          {"crv", "Ed25519"},
                                          {"kid", crypto::Ed25519Thumbprint(k.public_key())},
                                          {"x", Base64UrlEncode(k.public_key())}}}}});
  }
  std::string Sign(const crypto::Ed25519PrivateKey& k, const json::object& payload) {
    json::object header{
        {"alg", "EdDSA"}, {"kid", crypto::Ed25519Thumbprint(k.public_key())}, {"typ", "vc+jwt"}};
    return crypto::SignCompactJws(k, json::serialize(header), json::serialize(payload));
  }
  json::object Entry(const std::string& purpose) {
    return json::object{
        {"type", "BitstringStatusListEntry"},
        {"statusPurpose", purpose},
        {"statusListIndex", "42"},
        {"statusListCredential", std::string(kBase) + "/v1/status-lists/" + purpose}};
  }
  std::string Cert(const crypto::Ed25519PrivateKey& k, std::string from = "2026-01-01T00:00:00Z",
                   std::string until = "2029-01-01T00:00:00Z") {
    return Sign(
        k,
        json::object{{"id", "urn:cert:1"},
                     {"type", json::array{"VerifiableCredential", "DataMerchantCredential"}},
                     {"issuer", json::object{{"id", kBase}}},
                     {"validFrom", from},
                     {"validUntil", until},
                     {"credentialSubject", json::object{{"name", "M"}}},
                     {"credentialStatus", json::array{Entry("revocation"), Entry("suspension")}}});
  }
  std::string List(const crypto::Ed25519PrivateKey& k, const std::string& purpose, bool set42) {
    std::string bits(16384, '\0');
    if (set42) bits[42 / 8] = static_cast<char>(0x80 >> (42 % 8));
    std::string url = std::string(kBase) + "/v1/status-lists/" + purpose;
    return Sign(k, json::object{
                       {"id", url},
                       {"credentialSubject",
                        json::object{{"statusPurpose", purpose},
                                     {"encodedList", "u" + Base64UrlEncode(GzipCompress(bits))}}}});
  }
  VerificationInputs Inputs(bool revoked = false, bool suspended = false) {
    return {Cert(key_),
            Jwks(key_),
            {{"revocation", List(key_, "revocation", revoked)},
             {"suspension", List(key_, "suspension", suspended)}},
            absl::FromUnixSeconds(1'790'000'000)};
  }

  SeededRandom random_{3};
  crypto::Ed25519PrivateKey key_ = crypto::Ed25519PrivateKey::Generate(random_);
  crypto::Ed25519PrivateKey other_ = crypto::Ed25519PrivateKey::Generate(random_);
};

TEST_F(VerifierTest, ValidCertificate) {
  auto r = VerifyCertificate(Inputs());
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->valid) << (r->problems.empty() ? "" : r->problems[0]);
  EXPECT_TRUE(r->signature_ok);
  EXPECT_EQ(r->types.size(), 2u);
}

TEST_F(VerifierTest, TamperedPayloadFailsSignature) {
  auto in = Inputs();
  auto parts = *crypto::ParseCompactJws(in.jwt);
  std::string payload = parts.payload_json;
  payload.replace(payload.find("\"M\""), 3, "\"X\"");
  in.jwt = parts.signing_input.substr(0, parts.signing_input.find('.') + 1) +
           Base64UrlEncode(payload) + "." + Base64UrlEncode(parts.signature);
  auto r = *VerifyCertificate(in);
  EXPECT_FALSE(r.valid);
  EXPECT_FALSE(r.signature_ok);
}

TEST_F(VerifierTest, WrongKeyFails) {
  auto in = Inputs();
  in.jwks_json = Jwks(other_);
  auto r = *VerifyCertificate(in);
  EXPECT_FALSE(r.valid);
  EXPECT_FALSE(r.signature_ok);
}

TEST_F(VerifierTest, ExpiredAndNotYetValid) {
  auto in = Inputs();
  in.now = absl::FromUnixSeconds(1'900'000'000);
  EXPECT_FALSE(VerifyCertificate(in)->within_validity);
  in.now = absl::FromUnixSeconds(1'700'000'000);
  EXPECT_FALSE(VerifyCertificate(in)->valid);
}

TEST_F(VerifierTest, SuspendedAndRevokedBits) {
  auto s = *VerifyCertificate(Inputs(false, true));
  EXPECT_TRUE(s.suspended);
  EXPECT_FALSE(s.valid);
  auto r = *VerifyCertificate(Inputs(true, false));
  EXPECT_TRUE(r.revoked);
  EXPECT_FALSE(r.valid);
}

TEST_F(VerifierTest, StatusListMustBePresentAndSignedByTheIssuer) {
  auto in = Inputs();
  in.status_lists.erase("suspension");
  EXPECT_FALSE(VerifyCertificate(in)->valid);
  in = Inputs();
  in.status_lists["revocation"] = List(other_, "revocation", false);
  EXPECT_FALSE(VerifyCertificate(in)->valid);
  in = Inputs();
  in.status_lists["revocation"] = List(key_, "suspension", false);
  EXPECT_FALSE(VerifyCertificate(in)->valid) << "a list for another URL";
}

TEST_F(VerifierTest, UnreadableInputs) {
  auto in = Inputs();
  in.jwt = "garbage";
  EXPECT_EQ(VerifyCertificate(in).status().code(), StatusCode::kInvalidArgument);
  in = Inputs();
  in.jwks_json = "nope";
  EXPECT_EQ(VerifyCertificate(in).status().code(), StatusCode::kInvalidArgument);
}

// The lists to fetch come from the certificate's own status entries, whichever list they name.
TEST(StatusListNames, NamesTheListsTheCertificatePointsTo) {
  const std::string payload =
      R"({"credentialStatus":[)"
      R"({"statusPurpose":"revocation","statusListCredential":"https://x.cn/v1/status-lists/revocation-2"},)"
      R"({"statusPurpose":"suspension","statusListCredential":"https://x.cn/v1/status-lists/suspension-2"}]})";
  const std::string jwt =
      StrCat(Base64UrlEncode(R"({"alg":"EdDSA"})"), ".", Base64UrlEncode(payload), ".c2ln");
  auto names = StatusListNames(jwt);
  ASSERT_TRUE(names.ok()) << names.status().ToString();
  EXPECT_EQ(names->size(), 2u);
  EXPECT_EQ(names->at("revocation"), "revocation-2");
  EXPECT_EQ(names->at("suspension"), "suspension-2");
  EXPECT_TRUE(
      StatusListNames(StrCat(Base64UrlEncode("{}"), ".", Base64UrlEncode("{}"), ".c2ln"))->empty());
  EXPECT_EQ(StatusListNames("not a jwt").status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace bourse::client
