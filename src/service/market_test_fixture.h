// For service tests: an exchange with an operator, an approved data merchant (the seller), a
// compliance assessor and a buyer, the product and registration services, and helpers that take
// a product from draft to listed. Header-only; include it in one test file each.
#ifndef BOURSE_SERVICE_MARKET_TEST_FIXTURE_H_
#define BOURSE_SERVICE_MARKET_TEST_FIXTURE_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "service/admission_service.h"
#include "service/product_service.h"
#include "service/registration_service.h"
#include "service/service_test_env.h"

namespace bourse::service {
namespace testing_fixture {

using domain::AdmissionAction;
using domain::ProductAction;
using domain::ProductStatus;
using domain::Role;

inline domain::Application App(std::string name, std::string uscc, domain::EnumSet<Role> roles) {
  return TestApplication(std::move(name), std::move(uscc), roles);
}

inline domain::ProductDescription Description() {
  domain::ProductDescription d;
  d.title = "Enterprise electricity consumption";
  d.description = "Monthly kWh per enterprise, for credit scoring and fraud detection";
  d.data_source = "Grid company";
  d.acquisition_method = "Smart meters";
  d.source_authorisation = "authorisation letter 2026-03";
  d.fields = {{"uscc", "text", ""}, {"kwh", "integer", ""}};
  d.update_frequency = domain::UpdateFrequency::kMonthly;
  d.temporal_coverage = "2020-01/2026-10";
  d.spatial_coverage = "Shenzhen";
  d.scenarios = {"credit scoring"};
  d.delivery_modes.Add(domain::DeliveryMode::kFile);
  d.licence = "Internal use";
  d.sector = domain::Sector::kEnergy;
  d.source_type = domain::SourceType::kUtility;
  d.price.amount.minor = 1'000'000;
  return d;
}

class MarketTest : public ::testing::Test {
 protected:
  void SetUp() override {
    blobs_ = std::move(*delivery::BlobStore::Open((dir_ / "data").string()));
    ProductOptions options;
    options.upload_quota_bytes = 1 << 20;
    products_ = std::make_unique<ProductService>(*store_, clock_, random_, *log_, *blobs_,
                                                 *scan::Detector::Create(), options);
    registrations_ = std::make_unique<RegistrationService>(*store_, clock_, random_, *log_,
                                                           *authority_, absl::Hours(72));
    operator_ = env_.Boot(Role::kOperator, "Venue", "91310000MA1FL4T21C");
    seller_ = Admit(App("Grid Data", "91440300MA5FQ3H108", {Role::kDataMerchant}), true);
    auto assessor_app = App("Law Firm", "31440000MD0176381Y", {Role::kServiceProvider});
    assessor_app.legal_form = domain::LegalForm::kLegalPerson;
    assessor_app.service_types.Add(domain::ServiceType::kComplianceAssessor);
    assessor_ = Admit(assessor_app, false);
    buyer_ = Admit(App("Bank", "91440300192185379H", {Role::kBuyer}), false);
  }
  domain::Principal Admit(const domain::Application& app, bool merchant) {
    auto applied = admission_->Apply(app);
    EXPECT_TRUE(applied.ok()) << applied.status().ToString();
    domain::Decision d;
    d.action = AdmissionAction::kApprove;
    if (merchant)
      d.grade =
          domain::MerchantGrade{domain::MerchantTier::kCore, {domain::MerchantType::kResource}, 2};
    auto decided = admission_->Decide(operator_, applied->organization.id, d);
    EXPECT_TRUE(decided.ok()) << decided.status().ToString();
    return *tokens_->Authenticate(applied->applicant_token.secret);
  }

  // Uploads `content` in chunks of `chunk` bytes and completes it.
  StatusOr<domain::Dataset> Upload(const ProductId& id, const std::string& content,
                                   std::string name = "data.csv", size_t chunk = 1000) {
    UploadRequest r;
    r.file_name = std::move(name);
    r.size = static_cast<int64_t>(content.size());
    auto u = products_->StartUpload(seller_, id, r);
    if (!u.ok()) return u.status();
    for (size_t off = 0; off < content.size(); off += chunk) {
      auto n = products_->Append(seller_, u->id, static_cast<int64_t>(off),
                                 std::string_view(content).substr(off, chunk));
      if (!n.ok()) return n.status();
    }
    return products_->Complete(seller_, u->id);
  }

  StatusOr<ProductView> Do(const domain::Principal& who, const ProductId& id, ProductAction a,
                           std::string reason = "") {
    ProductActionRequest r;
    r.action = a;
    r.reason = std::move(reason);
    if (a == ProductAction::kCommissionAssessment) r.assessor_id = assessor_.organization;
    return products_->Act(who, id, r);
  }

  AssessmentRequest Pass() {
    AssessmentRequest a;
    a.subject_opinion = "seller verified";
    a.object_opinion = "lawful source";
    a.circulation_opinion = "tradable";
    a.legal_opinion = "no objection to listing";
    a.valid_until = clock_.Now() + absl::Hours(24 * 365);
    return a;
  }

  // Drives a product to listed.
  ProductId Listed(const domain::ProductDescription& description = Description()) {
    auto p = products_->Create(seller_, description);
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    const ProductId id = p->product.id;
    EXPECT_TRUE(Upload(id, "uscc,kwh\n91440300MA5FQ3H108,1200\n").ok());
    EXPECT_EQ(Do(seller_, id, ProductAction::kSubmit)->product.status, ProductStatus::kDescribed);
    EXPECT_TRUE(Do(seller_, id, ProductAction::kCommissionAssessment).ok());
    EXPECT_EQ(products_->Assess(assessor_, id, Pass())->product.status, ProductStatus::kAssessed);
    EXPECT_TRUE(Do(seller_, id, ProductAction::kRequestListing).ok());
    EXPECT_EQ(Do(operator_, id, ProductAction::kApproveListing)->product.status,
              ProductStatus::kPublicNotice);
    clock_.Advance(absl::Hours(73));
    EXPECT_EQ(*products_->Sweep(), 1);
    return id;
  }

  ServiceTestEnv env_{absl::FromUnixSeconds(1'795'000'000), 7, absl::ZeroDuration()};
  std::filesystem::path& dir_ = env_.dir;
  FakeClock& clock_ = env_.clock;
  SeededRandom& random_ = env_.random;
  crypto::Ed25519PrivateKey& key_ = env_.key;
  std::unique_ptr<store::Store>& store_ = env_.store;
  std::unique_ptr<TokenService>& tokens_ = env_.tokens;
  std::unique_ptr<log::TransparencyLog>& log_ = env_.log;
  std::unique_ptr<CertificateAuthority>& authority_ = env_.authority;
  std::unique_ptr<AdmissionService>& admission_ = env_.admission;
  std::unique_ptr<delivery::BlobStore> blobs_;
  std::unique_ptr<ProductService> products_;
  std::unique_ptr<RegistrationService> registrations_;
  domain::Principal operator_, seller_, assessor_, buyer_;
};

}  // namespace testing_fixture
}  // namespace bourse::service

#endif  // BOURSE_SERVICE_MARKET_TEST_FIXTURE_H_
