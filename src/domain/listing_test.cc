#include "domain/listing.h"

#include <set>

#include "base/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace bourse::domain {
namespace {

ProductDescription Complete() {
  ProductDescription d;
  d.title = "Enterprise electricity consumption";
  d.description = "Monthly kWh by enterprise";
  d.data_source = "Grid company meter readings";
  d.acquisition_method = "Smart meters";
  d.source_authorisation = "sha256:abcd";
  d.fields = {{"uscc", "text", ""}, {"kwh", "integer", ""}};
  d.update_frequency = UpdateFrequency::kMonthly;
  d.temporal_coverage = "2020-01/2026-10";
  d.spatial_coverage = "Shenzhen";
  d.scenarios = {"credit scoring"};
  d.delivery_modes.Add(DeliveryMode::kFile);
  d.licence = "Internal use only";
  return d;
}

TEST(ListingTest, CompletenessNamesMissingFields) {
  EXPECT_TRUE(MissingDescriptionFields(Complete()).empty());
  EXPECT_DOUBLE_EQ(DescriptionCompleteness(Complete()), 1.0);
  ProductDescription d = Complete();
  d.scenarios.clear();
  d.personal_information = true;
  EXPECT_THAT(MissingDescriptionFields(d), ::testing::ElementsAre("scenarios", "legal_basis"));
}

TEST(ListingTest, ValidationNamesTheField) {
  ProductDescription d = Complete();
  d.price.amount.currency = "yuan";
  EXPECT_EQ(*errors::FieldOf(ValidateDescription(d)), "price.currency");
  d = Complete();
  d.scenarios.push_back("");
  EXPECT_EQ(*errors::FieldOf(ValidateDescription(d)), "scenarios[1]");
  d = Complete();
  d.anonymised = true;
  EXPECT_EQ(*errors::FieldOf(ValidateDescription(d)), "anonymisation_assessment");
  d = Complete();
  d.title.clear();
  EXPECT_EQ(errors::KindOf(ValidateDescription(d)), errors::kMissingField);
}

TEST(ListingTest, SubmissionChecks) {
  SubmissionFacts facts;
  facts.has_dataset = true;
  EXPECT_TRUE(SubmissionProblems(Complete(), facts).empty());
  facts.has_dataset = false;
  EXPECT_EQ(SubmissionProblems(Complete(), facts).size(), 1u);
  facts.has_dataset = true;
  facts.dataset_has_personal_information = true;
  EXPECT_THAT(SubmissionProblems(Complete(), facts)[0], ::testing::HasSubstr("personal"));
  ProductDescription anon = Complete();
  anon.anonymised = true;
  anon.anonymisation_assessment = "doc:42";
  EXPECT_TRUE(SubmissionProblems(anon, facts).empty());
  facts = {};
  facts.has_dataset = true;
  facts.suggested_classification = DataClassification::kImportant;
  EXPECT_THAT(SubmissionProblems(Complete(), facts)[0], ::testing::HasSubstr("higher level wins"));
  ProductDescription core = Complete();
  core.classification = DataClassification::kCore;
  facts = {};
  facts.has_dataset = true;
  EXPECT_THAT(SubmissionProblems(core, facts)[0], ::testing::HasSubstr("core"));
}

// Every (status, action) pair: the table's rows succeed, every other pair is illegal.
TEST(ListingTest, TransitionTableIsExhaustive) {
  std::set<std::pair<int, int>> legal;
  for (const auto& t : ProductTable())
    legal.insert({static_cast<int>(t.from), static_cast<int>(t.action)});
  int illegal = 0;
  for (int s = 1; s <= 13; ++s) {
    for (int a = 1; a <= 19; ++a) {
      auto next = NextProductStatus(static_cast<ProductStatus>(s), static_cast<ProductAction>(a));
      if (legal.count({s, a})) {
        EXPECT_TRUE(next.ok());
      } else {
        ++illegal;
        EXPECT_EQ(errors::KindOf(next.status()), errors::kIllegalTransition);
      }
    }
  }
  EXPECT_EQ(illegal, 13 * 19 - static_cast<int>(ProductTable().size()));
}

class GuardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    product_.revision = 2;
    product_.description = Complete();
    facts_.now = absl::FromUnixSeconds(1'800'000'000);
    ComplianceAssessment a;
    a.revision = 2;
    a.outcome = AssessmentOutcome::kPass;
    a.valid_until = facts_.now + absl::Hours(24 * 365);
    facts_.assessment = a;
    facts_.seller.status = AdmissionStatus::kApproved;
    facts_.seller.profile.roles.Add(Role::kDataMerchant);
  }
  Product product_;
  ListingFacts facts_;
};

TEST_F(GuardTest, AllGuardsHold) { EXPECT_TRUE(CheckListingGuards(product_, facts_, false).ok()); }

TEST_F(GuardTest, EachGuardRefuses) {
  auto field = [&](bool escalated = false) {
    return errors::FieldOf(CheckListingGuards(product_, facts_, escalated)).value_or("");
  };
  facts_.assessment->valid_until = facts_.now;
  EXPECT_EQ(field(), "assessment");
  SetUp();
  facts_.assessment->revision = 1;
  EXPECT_EQ(field(), "assessment");
  SetUp();
  facts_.assessment->outcome = AssessmentOutcome::kFail;
  EXPECT_EQ(field(), "assessment");
  SetUp();
  facts_.seller.profile.roles = {Role::kSeller};
  EXPECT_EQ(field(), "seller");
  Organization sponsor;
  sponsor.status = AdmissionStatus::kApproved;
  sponsor.profile.roles.Add(Role::kDataMerchant);
  facts_.sponsor = sponsor;
  EXPECT_TRUE(CheckListingGuards(product_, facts_, false).ok());
  SetUp();
  product_.description.scenarios.clear();
  EXPECT_EQ(field(), "scenarios");
  SetUp();
  product_.description.classification = DataClassification::kCore;
  EXPECT_EQ(field(), "classification");
  SetUp();
  product_.description.classification = DataClassification::kImportant;
  EXPECT_EQ(field(), "classification");
  EXPECT_EQ(field(true), "");
  SetUp();
  product_.description.public_data = true;
  EXPECT_EQ(field(), "authorised_operation_evidence");
}

TEST(AssessmentTest, Rules) {
  Product p;
  p.assessor_id = OrganizationId("org_law");
  p.description = Complete();
  ComplianceAssessment a;
  a.assessor_id = OrganizationId("org_law");
  a.subject_opinion = a.object_opinion = a.circulation_opinion = a.legal_opinion = "ok";
  a.decided_at = absl::FromUnixSeconds(1'800'000'000);
  a.valid_until = a.decided_at + absl::Hours(24 * 365);
  const absl::Duration max = absl::Hours(24 * 365 * 3);
  EXPECT_TRUE(CheckAssessment(a, p, max).ok());
  ComplianceAssessment other = a;
  other.assessor_id = OrganizationId("org_other");
  EXPECT_EQ(errors::KindOf(CheckAssessment(other, p, max)), errors::kForbidden);
  ComplianceAssessment cond = a;
  cond.outcome = AssessmentOutcome::kConditional;
  EXPECT_EQ(*errors::FieldOf(CheckAssessment(cond, p, max)), "conditions");
  ComplianceAssessment longer = a;
  longer.valid_until = a.decided_at + absl::Hours(24 * 365 * 4);
  EXPECT_EQ(*errors::FieldOf(CheckAssessment(longer, p, max)), "valid_until");
  p.description.personal_information = true;
  EXPECT_EQ(*errors::FieldOf(CheckAssessment(a, p, max)), "pipia_reviewed");
  p.description.pipia = "doc:pipia";
  a.pipia_reviewed = true;
  EXPECT_TRUE(CheckAssessment(a, p, max).ok());
}

}  // namespace
}  // namespace bourse::domain
