#include "service/admission_service.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <set>

#include "base/encoding.h"
#include "base/errors.h"
#include "base/gzip.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "crypto/jws.h"
#include "domain/status_list.h"
#include "service/service_test_env.h"
#include "service/stats_service.h"
#include "store/sqlite/sqlite_store.h"

namespace bourse::service {
namespace {

namespace json = boost::json;
using domain::AdmissionAction;
using domain::AdmissionStatus;
using domain::Role;

domain::Application App(std::string name, std::string uscc, domain::EnumSet<Role> roles) {
  return TestApplication(std::move(name), std::move(uscc), roles);
}

class AdmissionServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    operator_ = env_.Boot(Role::kOperator, "Venue", "91310000MA1FL4T21C");
    regulator_ = env_.Boot(Role::kRegulator, "Regulator", "11440300MB2C92032L");
  }

  domain::Principal Applicant(const ApplyResult& r) {
    return *tokens_->Authenticate(r.applicant_token.secret);
  }

  StatusOr<DecisionResult> Decide(const domain::Principal& who, const OrganizationId& id,
                                  AdmissionAction a, std::string reason = "reason") {
    domain::Decision d;
    d.action = a;
    d.reason = std::move(reason);
    if (a == AdmissionAction::kApprove) d.reason.clear();
    return admission_->Decide(who, id, d);
  }

  StatusOr<DecisionResult> ApproveMerchant(const OrganizationId& id) {
    domain::Decision d;
    d.action = AdmissionAction::kApprove;
    d.grade =
        domain::MerchantGrade{domain::MerchantTier::kCore,
                              {domain::MerchantType::kResource, domain::MerchantType::kTechnology},
                              2};
    return admission_->Decide(operator_, id, d);
  }

  // A data merchant applied and approved, as the store holds it.
  domain::Organization ApprovedMerchantOrganization() {
    auto applied = *admission_->Apply(App("M", "91110000600037341L", {Role::kDataMerchant}));
    EXPECT_TRUE(ApproveMerchant(applied.organization.id).ok());
    domain::Organization org;
    EXPECT_TRUE(env_.store
                    ->Read([&](store::Transaction& tx) -> Status {
                      BOURSE_ASSIGN_OR_RETURN(org, tx.organizations().Get(applied.organization.id));
                      return OkStatus();
                    })
                    .ok());
    return org;
  }

  bool StatusBit(domain::StatusPurpose purpose, int64_t index) {
    auto jwt = authority_->StatusListCredential(purpose);
    EXPECT_TRUE(jwt.ok());
    auto parts = *crypto::ParseCompactJws(*jwt);
    EXPECT_TRUE(crypto::VerifyCompactJws(parts, key_.public_key()));
    auto vc = json::parse(parts.payload_json).as_object();
    std::string encoded(vc["credentialSubject"].as_object()["encodedList"].as_string());
    EXPECT_EQ(encoded[0], 'u');
    auto bytes = *GzipDecompress(*Base64UrlDecode(encoded.substr(1)), 1 << 20);
    EXPECT_EQ(bytes.size(), 16384u);
    return domain::Bitstring::FromBytes(bytes).Get(index);
  }

  ServiceTestEnv env_{absl::FromUnixSeconds(1'764'000'000), 1, absl::Seconds(1)};
  FakeClock& clock_ = env_.clock;
  SeededRandom& random_ = env_.random;
  crypto::Ed25519PrivateKey& key_ = env_.key;
  std::unique_ptr<store::Store>& store_ = env_.store;
  std::unique_ptr<TokenService>& tokens_ = env_.tokens;
  std::unique_ptr<log::TransparencyLog>& log_ = env_.log;
  std::unique_ptr<CertificateAuthority>& authority_ = env_.authority;
  std::unique_ptr<AdmissionService>& admission_ = env_.admission;
  domain::Principal operator_, regulator_;
};

TEST_F(AdmissionServiceTest, MerchantApprovalIssuesAVerifiableCertificate) {
  auto applied = admission_->Apply(App("数据商甲", "91110000600037341L", {Role::kDataMerchant}));
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  EXPECT_EQ(applied->organization.status, AdmissionStatus::kUnderReview);
  auto approved = ApproveMerchant(applied->organization.id);
  ASSERT_TRUE(approved.ok()) << approved.status().ToString();
  ASSERT_TRUE(approved->certificate.has_value());
  const auto& cert = *approved->certificate;

  auto parts = crypto::ParseCompactJws(cert.jwt);
  ASSERT_TRUE(parts.ok());
  EXPECT_TRUE(crypto::VerifyCompactJws(*parts, key_.public_key()));
  auto header = json::parse(parts->header_json).as_object();
  EXPECT_EQ(header["alg"].as_string(), "EdDSA");
  EXPECT_EQ(header["typ"].as_string(), "vc+jwt");
  EXPECT_EQ(std::string(header["kid"].as_string()), crypto::Ed25519Thumbprint(key_.public_key()));
  auto vc = json::parse(parts->payload_json).as_object();
  auto subject = vc["credentialSubject"].as_object();
  EXPECT_EQ(subject["uscc"].as_string(), "91110000600037341L");
  EXPECT_EQ(subject["tier"].as_string(), "core");
  EXPECT_EQ(subject["riskLevel"].as_int64(), 2);
  EXPECT_EQ(subject["merchantTypes"].as_array().size(), 2u);
  EXPECT_EQ(vc["credentialStatus"].as_array().size(), 2u);
  EXPECT_FALSE(StatusBit(domain::StatusPurpose::kSuspension, cert.status_index));
}

TEST_F(AdmissionServiceTest, SuspendReinstateRevokeMoveTheStatusBits) {
  auto applied = *admission_->Apply(App("M", "91110000600037341L", {Role::kDataMerchant}));
  auto cert = *ApproveMerchant(applied.organization.id)->certificate;
  ASSERT_TRUE(Decide(operator_, applied.organization.id, AdmissionAction::kSuspend).ok());
  EXPECT_TRUE(StatusBit(domain::StatusPurpose::kSuspension, cert.status_index));
  EXPECT_EQ(authority_->Get(operator_, cert.id)->status, domain::CertificateStatus::kSuspended);
  ASSERT_TRUE(Decide(operator_, applied.organization.id, AdmissionAction::kReinstate).ok());
  EXPECT_FALSE(StatusBit(domain::StatusPurpose::kSuspension, cert.status_index));
  ASSERT_TRUE(Decide(operator_, applied.organization.id, AdmissionAction::kSuspend).ok());
  ASSERT_TRUE(Decide(operator_, applied.organization.id, AdmissionAction::kRevoke).ok());
  EXPECT_TRUE(StatusBit(domain::StatusPurpose::kRevocation, cert.status_index));
  EXPECT_EQ(authority_->Get(operator_, cert.id)->status, domain::CertificateStatus::kRevoked);
}

// Once a list holds its share of certificates, new ones go to the next list: their status entry
// names that list and a place within it, and revoking one sets its bit in that list only.
TEST_F(AdmissionServiceTest, CertificatesFillOneStatusListAfterAnother) {
  CertificateAuthority small(*env_.store, env_.clock, env_.random, env_.key, *env_.log,
                             IssuerOptions{.status_list_fill = 2});
  const domain::Organization org = ApprovedMerchantOrganization();
  std::vector<domain::Certificate> certs;
  std::vector<int64_t> lists;
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(env_.store
                    ->Write([&](store::Transaction& tx) -> Status {
                      BOURSE_ASSIGN_OR_RETURN(int64_t issued, tx.certificates().IssuedCount());
                      lists.push_back(issued / 2);
                      BOURSE_ASSIGN_OR_RETURN(auto c,
                                              small.IssueMerchantCertificate(tx, org, org.id));
                      certs.push_back(std::move(c));
                      return OkStatus();
                    })
                    .ok());
  }
  ASSERT_GE(lists.back(), 2);
  for (size_t i = 0; i < certs.size(); ++i) {
    const int64_t index = certs[i].status_index;
    EXPECT_EQ(index / domain::kStatusListSize, lists[i]) << i;
    auto vc = json::parse(crypto::ParseCompactJws(certs[i].jwt)->payload_json).as_object();
    for (const auto& entry : vc["credentialStatus"].as_array()) {
      const auto& e = entry.as_object();
      const auto purpose = *domain::Parse<domain::StatusPurpose>(
          std::string_view(e.at("statusPurpose").as_string()));
      const std::string url = StrCat("http://127.0.0.1:8080/v1/status-lists/",
                                     domain::StatusListName(purpose, lists[i]));
      EXPECT_EQ(e.at("statusListCredential").as_string(), url);
      EXPECT_EQ(e.at("statusListIndex").as_string(),
                std::to_string(index % domain::kStatusListSize));
      EXPECT_EQ(e.at("id").as_string(), StrCat(url, "#", index % domain::kStatusListSize));
    }
  }
  const domain::Certificate& revoked = certs.back();
  ASSERT_TRUE(
      env_.store
          ->Write([&](store::Transaction& tx) { return small.Revoke(tx, revoked.id, org.id); })
          .ok());
  auto bit = [&](int64_t list, int64_t position) {
    auto jwt = small.StatusListCredential(domain::StatusPurpose::kRevocation, list);
    EXPECT_TRUE(jwt.ok()) << jwt.status().ToString();
    auto vc = json::parse(crypto::ParseCompactJws(*jwt)->payload_json).as_object();
    EXPECT_EQ(vc["id"].as_string(),
              StrCat("http://127.0.0.1:8080/v1/status-lists/",
                     domain::StatusListName(domain::StatusPurpose::kRevocation, list)));
    std::string encoded(vc["credentialSubject"].as_object()["encodedList"].as_string());
    auto bytes = *GzipDecompress(*Base64UrlDecode(encoded.substr(1)), 1 << 20);
    EXPECT_EQ(bytes.size(), 16384u);
    return domain::Bitstring::FromBytes(bytes).Get(position);
  };
  const int64_t position = revoked.status_index % domain::kStatusListSize;
  EXPECT_TRUE(bit(lists.back(), position));
  EXPECT_FALSE(bit(0, position));
  EXPECT_FALSE(bit(1, position));
  // The list being filled (six certificates so far: list 3) and the next exist; later ones
  // do not.
  EXPECT_TRUE(small.StatusListCredential(domain::StatusPurpose::kRevocation, 4).ok());
  EXPECT_EQ(small.StatusListCredential(domain::StatusPurpose::kRevocation, 5).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(small.StatusListCredential(domain::StatusPurpose::kRevocation, -1).status().code(),
            StatusCode::kNotFound);
}

// Within a list, places are drawn in a window that moves on as the list fills: with 256
// certificates a list, each window of 1,024 places takes two, at random places within it, and
// no place is given twice.
TEST_F(AdmissionServiceTest, StatusPlacesAreDrawnWithinAWindowThatMovesAsTheListFills) {
  CertificateAuthority small(*env_.store, env_.clock, env_.random, env_.key, *env_.log,
                             IssuerOptions{.status_list_fill = 256});
  const domain::Organization org = ApprovedMerchantOrganization();
  std::set<int64_t> places;
  std::set<int64_t> offsets;  // Within their windows.
  for (int i = 0; i < 300; ++i) {
    ASSERT_TRUE(
        env_.store
            ->Write([&](store::Transaction& tx) -> Status {
              BOURSE_ASSIGN_OR_RETURN(int64_t issued, tx.certificates().IssuedCount());
              BOURSE_ASSIGN_OR_RETURN(auto c, small.IssueMerchantCertificate(tx, org, org.id));
              const int64_t list = issued / 256;
              const int64_t window = issued % 256 / 2;
              const int64_t first = list * domain::kStatusListSize + window * domain::kStatusWindow;
              EXPECT_GE(c.status_index, first) << issued;
              EXPECT_LT(c.status_index, first + domain::kStatusWindow) << issued;
              EXPECT_TRUE(places.insert(c.status_index).second) << c.status_index;
              offsets.insert(c.status_index - first);
              return OkStatus();
            })
            .ok());
  }
  EXPECT_GT(offsets.size(), 200u) << "places are not drawn at random within their windows";
}

TEST_F(AdmissionServiceTest, SellerWithoutSponsorIsReturnedThenSupplementsIntoReview) {
  auto merchant = *admission_->Apply(App("M", "91110000600037341L", {Role::kDataMerchant}));
  ASSERT_TRUE(ApproveMerchant(merchant.organization.id).ok());
  auto seller = *admission_->Apply(App("S", "91440300MA5DC0HH27", {Role::kSeller}));
  EXPECT_EQ(seller.organization.status, AdmissionStatus::kReturned);
  EXPECT_NE(seller.organization.status_reason.find("sponsor"), std::string::npos);

  domain::Decision d;
  d.action = AdmissionAction::kSupplement;
  d.changes = seller.organization.profile;
  d.changes->sponsor_id = merchant.organization.id;
  auto r = admission_->Decide(Applicant(seller), seller.organization.id, d);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->organization.status, AdmissionStatus::kUnderReview);
  auto view = *admission_->Get(operator_, seller.organization.id);
  ASSERT_EQ(view.history.size(), 3u);
  EXPECT_EQ(view.history[0].action, AdmissionAction::kFailChecks);
  EXPECT_EQ(view.history[1].action, AdmissionAction::kSupplement);
  EXPECT_EQ(view.history[2].action, AdmissionAction::kPassChecks);
  ASSERT_TRUE(Decide(operator_, seller.organization.id, AdmissionAction::kApprove).ok());
}

TEST_F(AdmissionServiceTest, DuplicateUsccIsReturned) {
  ASSERT_TRUE(admission_->Apply(App("A", "91110000600037341L", {Role::kBuyer})).ok());
  auto second = *admission_->Apply(App("B", "91110000600037341L", {Role::kBuyer}));
  EXPECT_EQ(second.organization.status, AdmissionStatus::kReturned);
}

TEST_F(AdmissionServiceTest, IllegalTransitionChangesNothing) {
  auto applied = *admission_->Apply(App("B", "91110000600037341L", {Role::kBuyer}));
  auto before = *admission_->Get(operator_, applied.organization.id);
  auto r = Decide(operator_, applied.organization.id, AdmissionAction::kReinstate);
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(errors::KindOf(r.status()), "illegal-transition");
  auto after = *admission_->Get(operator_, applied.organization.id);
  EXPECT_EQ(before.organization, after.organization);
  EXPECT_EQ(before.history.size(), after.history.size());
}

TEST_F(AdmissionServiceTest, FailedGuardRollsBackTheWholeDecision) {
  auto applied = *admission_->Apply(App("M", "91110000600037341L", {Role::kDataMerchant}));
  auto r = Decide(operator_, applied.organization.id, AdmissionAction::kApprove);  // no grade
  EXPECT_EQ(errors::FieldOf(r.status()), "tier");
  EXPECT_EQ(admission_->Get(operator_, applied.organization.id)->organization.status,
            AdmissionStatus::kUnderReview);
  EXPECT_TRUE(authority_->ListForSubject(operator_, applied.organization.id)->empty());
}

TEST_F(AdmissionServiceTest, AuthorizationMatrix) {
  auto a = *admission_->Apply(App("A", "91110000600037341L", {Role::kBuyer}));
  auto b = *admission_->Apply(App("B", "91440300MA5DC0HH27", {Role::kBuyer}));
  auto pa = Applicant(a), pb = Applicant(b);
  EXPECT_TRUE(admission_->Get(pa, a.organization.id).ok());
  EXPECT_EQ(admission_->Get(pa, b.organization.id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(admission_->Get(pa, OrganizationId("org_missing")).status().code(),
            StatusCode::kNotFound);
  EXPECT_TRUE(admission_->Get(regulator_, a.organization.id).ok());
  EXPECT_EQ(admission_->List(pa, {})->items.size(), 1u);
  EXPECT_EQ(admission_->List(regulator_, {})->items.size(), 4u);
  EXPECT_EQ(Decide(regulator_, a.organization.id, AdmissionAction::kReject).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(Decide(pa, a.organization.id, AdmissionAction::kApprove).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(Decide(pb, a.organization.id, AdmissionAction::kExit).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(Decide(operator_, a.organization.id, AdmissionAction::kExit).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(Decide(operator_, operator_.organization, AdmissionAction::kSuspend).status().code(),
            StatusCode::kPermissionDenied);
}

TEST_F(AdmissionServiceTest, TokensCreateListRevokeAuthenticate) {
  auto a = *admission_->Apply(App("A", "91110000600037341L", {Role::kBuyer}));
  auto pa = Applicant(a);
  auto t = tokens_->Create(pa, "ci");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->secret.rfind("bsk_", 0), 0u);
  EXPECT_EQ(tokens_->Authenticate(t->secret)->organization, a.organization.id);
  EXPECT_EQ(tokens_->List(pa)->size(), 2u);
  auto b = *admission_->Apply(App("B", "91440300MA5DC0HH27", {Role::kBuyer}));
  EXPECT_EQ(tokens_->Revoke(Applicant(b), t->token.id).code(), StatusCode::kNotFound)
      << "foreign token";
  ASSERT_TRUE(tokens_->Revoke(pa, t->token.id).ok());
  EXPECT_EQ(tokens_->Authenticate(t->secret).status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(tokens_->Revoke(pa, t->token.id).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(tokens_->Authenticate("bsk_short").status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(errors::FieldOf(tokens_->Create(pa, "").status()), "name");
}

TEST_F(AdmissionServiceTest, StatsCountEachRole) {
  auto m = *admission_->Apply(App("M", "91110000600037341L", {Role::kDataMerchant, Role::kSeller}));
  ASSERT_TRUE(ApproveMerchant(m.organization.id).ok());
  ASSERT_TRUE(admission_->Apply(App("B", "91440300MA5DC0HH27", {Role::kBuyer})).ok());
  StatsService stats(*store_);
  auto s = *stats.Get();
  EXPECT_EQ(s.organizations, 4);
  EXPECT_EQ(s.by_role[Role::kDataMerchant][AdmissionStatus::kApproved], 1);
  EXPECT_EQ(s.by_role[Role::kSeller][AdmissionStatus::kApproved], 1);
  EXPECT_EQ(s.by_role[Role::kBuyer][AdmissionStatus::kUnderReview], 1);
}

TEST_F(AdmissionServiceTest, CachedViewsChangeWithEveryDecision) {
  auto a = *admission_->Apply(App("A", "91110000600037341L", {Role::kBuyer}));
  EXPECT_EQ(admission_->Get(operator_, a.organization.id)->organization.status,
            AdmissionStatus::kUnderReview);
  ASSERT_TRUE(Decide(operator_, a.organization.id, AdmissionAction::kApprove).ok());
  auto view = *admission_->Get(Applicant(a), a.organization.id);
  EXPECT_EQ(view.organization.status, AdmissionStatus::kApproved);
  EXPECT_EQ(view.history.size(), 2u);
  // Authorization is checked before the cache: a cached view is still not a foreign caller's.
  auto b = *admission_->Apply(App("B", "91440300MA5DC0HH27", {Role::kBuyer}));
  EXPECT_EQ(admission_->Get(Applicant(b), a.organization.id).status().code(),
            StatusCode::kNotFound);
}

TEST(ReadCache, ExpiresAndRefusesValuesReadBeforeAnInvalidation) {
  FakeClock clock(absl::FromUnixSeconds(0));
  ReadCache<std::string, int> cache(clock, absl::Seconds(1));
  uint64_t g = cache.generation();
  cache.Put("k", 1, g);
  EXPECT_EQ(cache.Get("k"), 1);
  clock.Advance(absl::Seconds(2));
  EXPECT_FALSE(cache.Get("k").has_value()) << "expired";
  g = cache.generation();
  cache.Invalidate("k");  // A write committed while a reader was reading.
  cache.Put("k", 1, g);
  EXPECT_FALSE(cache.Get("k").has_value()) << "stale read installed";
  ReadCache<std::string, int> off(clock, absl::ZeroDuration());
  off.Put("k", 1, off.generation());
  EXPECT_FALSE(off.Get("k").has_value());
}

TEST_F(AdmissionServiceTest, EveryConsequentialActIsLoggedWithItsChange) {
  auto a = *admission_->Apply(App("数据商", "91110000600037341L", {Role::kDataMerchant}));
  ASSERT_GE(a.log_index, 0);
  auto approved = *ApproveMerchant(a.organization.id);
  ASSERT_GT(approved.log_index, a.log_index);
  ASSERT_TRUE(approved.certificate->log_index.has_value());
  ASSERT_TRUE(Decide(operator_, a.organization.id, AdmissionAction::kSuspend).ok());
  auto cp = log_->Integrate();
  ASSERT_TRUE(cp.ok());
  // Two bootstraps, applied, checked, decided (approve), certificate issued, decided (suspend),
  // status changed.
  EXPECT_EQ(cp->size, 8);
  std::vector<std::string> types;
  for (int64_t i = 0; i < cp->size; ++i) {
    auto leaf = boost::json::parse(*log_->Entry(i)).as_object();
    types.emplace_back(leaf["type"].as_string());
    // Leaves carry no personal data: the contact never appears.
    EXPECT_EQ(log_->Entry(i)->find("c@example.cn"), std::string::npos);
  }
  EXPECT_EQ(types, (std::vector<std::string>{
                       "organization.created", "organization.created", "organization.applied",
                       "organization.checked", "organization.decided", "certificate.issued",
                       "organization.decided", "certificate.status_changed"}));
  auto decided = boost::json::parse(*log_->Entry(approved.log_index)).as_object();
  EXPECT_EQ(decided["fields"].as_object()["to"].as_string(), "approved");
  EXPECT_EQ(decided["actor"].as_string(), operator_.organization.value());
  // A refused decision appends nothing.
  EXPECT_FALSE(Decide(operator_, a.organization.id, AdmissionAction::kApprove).ok());
  EXPECT_EQ(log_->Integrate()->size, 8);
}

}  // namespace
}  // namespace bourse::service
