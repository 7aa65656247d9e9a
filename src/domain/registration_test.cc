#include "domain/registration.h"

#include <set>

#include "base/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace bourse::domain {
namespace {

RightsRegistration Claim() {
  RightsRegistration r;
  r.rights = {RightType::kHold, RightType::kUse};
  r.evidence[RightType::kHold] = "collection contract";
  r.evidence[RightType::kUse] = "processing records";
  r.review_report = "law firm report 2026-17";
  r.source_authorisation = "grid company authorisation";
  return r;
}

TEST(RegistrationTest, EachRightNeedsItsOwnEvidence) {
  EXPECT_TRUE(ValidateRegistration(Claim()).ok());
  RightsRegistration r = Claim();
  r.evidence.erase(RightType::kUse);
  EXPECT_EQ(*errors::FieldOf(ValidateRegistration(r)), "evidence.use");
  r = Claim();
  r.evidence[RightType::kOperate] = "x";  // Holding does not imply operating.
  EXPECT_EQ(*errors::FieldOf(ValidateRegistration(r)), "evidence.operate");
  r = Claim();
  r.rights = {};
  EXPECT_EQ(*errors::FieldOf(ValidateRegistration(r)), "rights");
  r = Claim();
  r.type = RegistrationType::kLicence;
  r.previous = RegistrationId("reg_1");
  EXPECT_EQ(*errors::FieldOf(ValidateRegistration(r)), "licensee");
}

TEST(RegistrationTest, DerivedProductsCannotClaimMoreThanSourcesGrant) {
  ProductDescription d;
  d.source_authorisation = "auth";
  d.derived_from = {ProductId("prd_src")};
  RightsRegistration r = Claim();
  EXPECT_TRUE(FormalCheckProblems(r, d, {{RightType::kHold, RightType::kUse}}).empty());
  auto problems = FormalCheckProblems(r, d, {{RightType::kHold}});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0], ::testing::HasSubstr("'use'"));
}

TEST(RegistrationTest, RefusalGrounds) {
  ProductDescription d;
  d.source_authorisation = "auth";
  RightsRegistration r = Claim();
  EXPECT_TRUE(CheckRefusalGrounds(r, d).ok());
  d.classification = DataClassification::kCore;
  EXPECT_EQ(*errors::FieldOf(CheckRefusalGrounds(r, d)), "classification");
  d.classification = DataClassification::kGeneral;
  r.objections.push_back({OrganizationId("org_x"), "it is ours", absl::Now(), true});
  EXPECT_EQ(*errors::FieldOf(CheckRefusalGrounds(r, d)), "objections");
  r = Claim();
  r.source_authorisation.clear();
  d.source_authorisation.clear();
  EXPECT_EQ(*errors::FieldOf(CheckRefusalGrounds(r, d)), "source_authorisation");
}

TEST(RegistrationTest, TransitionTableIsExhaustive) {
  std::set<std::pair<int, int>> legal;
  for (const auto& t : RegistrationTable())
    legal.insert({static_cast<int>(t.from), static_cast<int>(t.action)});
  for (int s = 1; s <= 8; ++s)
    for (int a = 1; a <= 12; ++a) {
      auto next = NextRegistrationStatus(static_cast<RegistrationStatus>(s),
                                         static_cast<RegistrationAction>(a));
      EXPECT_EQ(next.ok(), legal.count({s, a}) == 1) << s << " " << a;
      if (!next.ok()) {
        EXPECT_EQ(errors::KindOf(next.status()), errors::kIllegalTransition);
      }
    }
}

}  // namespace
}  // namespace bourse::domain
