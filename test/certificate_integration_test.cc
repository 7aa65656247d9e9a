// Data-merchant certificates over HTTP, checked as a third party would: valid, tampered, wrong
// key, expired, suspended, reinstated, revoked.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "base/encoding.h"
#include "base/strings.h"
#include "client/certificate_verifier.h"
#include "crypto/jws.h"
#include "test/test_server.h"

namespace bourse::testing {
namespace {

using domain::AdmissionAction;
using domain::Role;

class CertificateIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = TestServer::Start();
    ASSERT_NE(server_, nullptr);
    op_ = server_->Client(server_->operator_token());
    merchant_ = server_->Approved("数据商", {Role::kDataMerchant});
    auto certs = op_->OrganizationCertificates(merchant_.organization.id.value());
    ASSERT_TRUE(certs.ok());
    ASSERT_EQ(certs->size(), 1u);
    cert_ = (*certs)[0];
  }

  client::CertificateReport Verify(const std::string& jwt, absl::Time now = absl::Now(),
                                   std::string jwks = {}) {
    auto anyone = server_->Client();
    client::VerificationInputs in;
    in.jwt = jwt;
    in.jwks_json = jwks.empty() ? *anyone->Jwks() : jwks;
    in.status_lists["revocation"] = *anyone->StatusListJwt("revocation");
    in.status_lists["suspension"] = *anyone->StatusListJwt("suspension");
    in.now = now;
    auto r = client::VerifyCertificate(in);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return *r;
  }

  void Decide(AdmissionAction a) {
    domain::Decision d;
    d.action = a;
    d.reason = "risk event";
    ASSERT_TRUE(op_->Decide(merchant_.organization.id.value(), d).ok());
  }

  std::unique_ptr<TestServer> server_;
  std::unique_ptr<client::BourseClient> op_;
  client::AppliedOrganization merchant_;
  domain::Certificate cert_;
};

TEST_F(CertificateIntegrationTest, IssuedCertificateVerifiesAndNamesTheMerchant) {
  auto report = Verify(cert_.jwt);
  EXPECT_TRUE(report.valid) << (report.problems.empty() ? "" : report.problems[0]);
  EXPECT_EQ(report.issuer, server_->url());
  auto subject = boost::json::parse(report.subject_json).as_object();
  EXPECT_EQ(subject["uscc"].as_string(), merchant_.organization.profile.uscc);
  EXPECT_EQ(subject["tier"].as_string(), "core");
  // The holder reads it as its own; the JWT is also served per certificate.
  auto mine = server_->Client(merchant_.token)->GetCertificate(cert_.id.value());
  ASSERT_TRUE(mine.ok());
  EXPECT_EQ(mine->jwt, cert_.jwt);
}

TEST_F(CertificateIntegrationTest, TamperedCertificateFails) {
  auto parts = *crypto::ParseCompactJws(cert_.jwt);
  std::string payload = parts.payload_json;
  payload.replace(payload.find("\"core\""), 6, "\"strategic\"");
  std::string forged = cert_.jwt.substr(0, cert_.jwt.find('.') + 1) + Base64UrlEncode(payload) +
                       cert_.jwt.substr(cert_.jwt.rfind('.'));
  auto report = Verify(forged);
  EXPECT_FALSE(report.valid);
  EXPECT_FALSE(report.signature_ok);
}

TEST_F(CertificateIntegrationTest, WrongIssuerKeyFails) {
  auto other = TestServer::Start();
  ASSERT_NE(other, nullptr);
  auto report = Verify(cert_.jwt, absl::Now(), *other->Client()->Jwks());
  EXPECT_FALSE(report.valid);
  EXPECT_FALSE(report.signature_ok);
}

TEST_F(CertificateIntegrationTest, ExpiredCertificateFails) {
  auto report = Verify(cert_.jwt, cert_.expires_at + absl::Hours(24));
  EXPECT_FALSE(report.valid);
  EXPECT_FALSE(report.within_validity);
  EXPECT_TRUE(report.signature_ok);
}

TEST_F(CertificateIntegrationTest, SuspensionReinstatementAndRevocationShowInTheStatusLists) {
  Decide(AdmissionAction::kSuspend);
  auto suspended = Verify(cert_.jwt);
  EXPECT_TRUE(suspended.suspended);
  EXPECT_FALSE(suspended.valid);
  EXPECT_EQ(op_->GetCertificate(cert_.id.value())->status, domain::CertificateStatus::kSuspended);

  Decide(AdmissionAction::kReinstate);
  EXPECT_TRUE(Verify(cert_.jwt).valid);

  Decide(AdmissionAction::kSuspend);
  Decide(AdmissionAction::kRevoke);
  auto revoked = Verify(cert_.jwt);
  EXPECT_TRUE(revoked.revoked);
  EXPECT_FALSE(revoked.valid);
  EXPECT_EQ(op_->GetCertificate(cert_.id.value())->status, domain::CertificateStatus::kRevoked);
}

TEST_F(CertificateIntegrationTest, JwksAndStatusListsArePublic) {
  auto anyone = server_->Client();
  auto reply = anyone->Raw("GET", "/.well-known/jwks.json", "");
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->header("content-type"), "application/jwk-set+json");
  auto keys = boost::json::parse(reply->body).as_object()["keys"].as_array();
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(keys[0].as_object()["crv"].as_string(), "Ed25519");
  auto list = anyone->Raw("GET", "/v1/status-lists/revocation", "");
  EXPECT_EQ(list->status, 200);
  EXPECT_EQ(list->header("content-type"), "application/vc+jwt");
  EXPECT_EQ(anyone->Raw("GET", "/v1/status-lists/other", "")->status, 404);
  // Numbered lists: the one after the list being filled exists (empty); further ones and
  // non-canonical names do not.
  auto next = anyone->Raw("GET", "/v1/status-lists/suspension-1", "");
  EXPECT_EQ(next->status, 200);
  auto payload = crypto::ParseCompactJws(next->body)->payload_json;
  EXPECT_NE(payload.find("/v1/status-lists/suspension-1\""), std::string::npos) << payload;
  for (const char* missing : {"suspension-2", "revocation-0", "revocation-01", "revocation-x"}) {
    auto r = anyone->Raw("GET", StrCat("/v1/status-lists/", missing), "");
    EXPECT_EQ(r->status, 404) << missing;
    EXPECT_EQ(r->header("content-type"), "application/problem+json") << missing;
  }
}

}  // namespace
}  // namespace bourse::testing
