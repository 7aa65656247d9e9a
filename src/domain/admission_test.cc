#include "domain/admission.h"

#include <gtest/gtest.h>

#include <set>

#include "base/errors.h"

namespace bourse::domain {
namespace {

Application Valid() {
  Application a;
  a.name = "深圳市示例数据科技有限公司";
  a.uscc = "91110000600037341L";
  a.legal_form = LegalForm::kEnterpriseLegalPerson;
  a.roles = {Role::kDataMerchant};
  a.contact = {"Li Lei", "li@example.cn", "+86 755 0000 0000"};
  return a;
}

TEST(ValidateApplication, AcceptsValid) { EXPECT_TRUE(ValidateApplication(Valid()).ok()); }

TEST(ValidateApplication, NamesTheField) {
  struct Case {
    void (*mutate)(Application&);
    const char* field;
  } cases[] = {
      {[](Application& a) { a.name.clear(); }, "name"},
      {[](Application& a) { a.name = std::string(201, 'x'); }, "name"},
      {[](Application& a) { a.name = "bad\xff"; }, "name"},
      {[](Application& a) { a.uscc = "91110000600037341M"; }, "uscc"},
      {[](Application& a) { a.roles = {}; }, "roles"},
      {[](Application& a) { a.roles = {Role::kOperator}; }, "roles"},
      {[](Application& a) { a.roles = {Role::kServiceProvider}; }, "service_types"},
      {[](Application& a) { a.service_types = {ServiceType::kValuer}; }, "service_types"},
      {[](Application& a) { a.sponsor_id = OrganizationId("org_1"); }, "sponsor_id"},
      {[](Application& a) { a.contact.email = "nope"; }, "contact.email"},
      {[](Application& a) { a.contact.name.clear(); }, "contact.name"},
  };
  for (const auto& c : cases) {
    Application a = Valid();
    c.mutate(a);
    Status st = ValidateApplication(a);
    EXPECT_EQ(st.code(), StatusCode::kInvalidArgument) << c.field;
    EXPECT_EQ(errors::FieldOf(st), c.field);
  }
}

TEST(AutomaticChecks, ReturnForEachRule) {
  Application a = Valid();
  EXPECT_FALSE(AutomaticCheckFailure(a, {}).has_value());
  EXPECT_TRUE(AutomaticCheckFailure(a, {.uscc_in_use = true}).has_value());
  a.legal_form = LegalForm::kLegalPerson;
  EXPECT_NE(AutomaticCheckFailure(a, {})->find("legal_form"), std::string::npos);

  Application seller = Valid();
  seller.roles = {Role::kSeller};
  EXPECT_NE(AutomaticCheckFailure(seller, {})->find("sponsor"), std::string::npos);
  seller.sponsor_id = OrganizationId("org_m");
  EXPECT_TRUE(AutomaticCheckFailure(seller, {}).has_value()) << "sponsor missing";
  Organization sponsor;
  sponsor.profile.roles = {Role::kDataMerchant};
  sponsor.status = AdmissionStatus::kUnderReview;
  EXPECT_TRUE(AutomaticCheckFailure(seller, {.sponsor = sponsor}).has_value()) << "not approved";
  sponsor.status = AdmissionStatus::kApproved;
  EXPECT_FALSE(AutomaticCheckFailure(seller, {.sponsor = sponsor}).has_value());
}

TEST(AdmissionTable, EveryPairEitherMovesOrIsIllegal) {
  std::set<std::pair<int, int>> legal;
  for (const auto& t : AdmissionTable()) legal.insert({int(t.from), int(t.action)});
  int illegal = 0;
  for (int s = 1; s <= 9; ++s) {
    for (int a = 1; a <= 10; ++a) {
      auto next = NextAdmissionStatus(AdmissionStatus(s), AdmissionAction(a));
      if (legal.count({s, a})) {
        EXPECT_TRUE(next.ok());
      } else {
        ++illegal;
        EXPECT_EQ(next.status().code(), StatusCode::kFailedPrecondition);
        EXPECT_EQ(errors::KindOf(next.status()), "illegal-transition");
      }
    }
  }
  EXPECT_EQ(illegal, 90 - 11);
}

TEST(AdmissionTable, FinalStatesHaveNoExit) {
  for (auto s : {AdmissionStatus::kRejected, AdmissionStatus::kRevoked, AdmissionStatus::kExited}) {
    for (int a = 1; a <= 10; ++a) EXPECT_FALSE(NextAdmissionStatus(s, AdmissionAction(a)).ok());
  }
}

TEST(CheckApproval, MerchantGuards) {
  Organization org;
  org.profile = Valid();
  Decision d;
  d.action = AdmissionAction::kApprove;
  Status st = CheckApproval(org, d, std::nullopt);
  EXPECT_EQ(errors::FieldOf(st), "tier");
  d.grade = MerchantGrade{MerchantTier::kCore, {MerchantType::kResource}, 2};
  EXPECT_TRUE(CheckApproval(org, d, std::nullopt).ok());
  org.profile.legal_form = LegalForm::kUnincorporated;
  st = CheckApproval(org, d, std::nullopt);
  EXPECT_EQ(errors::KindOf(st), "rule-violation");
  EXPECT_EQ(errors::FieldOf(st), "legal_form");
}

TEST(CheckApproval, SellerNeedsApprovedSponsorAtApprovalTime) {
  Organization org;
  org.profile = Valid();
  org.profile.roles = {Role::kSeller};
  Decision d;
  Organization sponsor;
  sponsor.profile.roles = {Role::kDataMerchant};
  sponsor.status = AdmissionStatus::kSuspended;
  EXPECT_EQ(errors::FieldOf(CheckApproval(org, d, sponsor)), "sponsor_id");
  sponsor.status = AdmissionStatus::kApproved;
  EXPECT_TRUE(CheckApproval(org, d, sponsor).ok());
  d.grade = MerchantGrade{MerchantTier::kCore, {MerchantType::kResource}, 2};
  EXPECT_EQ(errors::FieldOf(CheckApproval(org, d, sponsor)), "tier");
}

TEST(ValidateDecision, ReasonsAndGrades) {
  Decision d;
  d.action = AdmissionAction::kReject;
  EXPECT_EQ(errors::FieldOf(ValidateDecision(d)), "reason");
  d.reason = "incomplete";
  EXPECT_TRUE(ValidateDecision(d).ok());
  d.action = AdmissionAction::kApprove;
  d.grade = MerchantGrade{MerchantTier::kCore, {}, 2};
  EXPECT_EQ(errors::FieldOf(ValidateDecision(d)), "types");
  d.grade = MerchantGrade{MerchantTier::kCore, {MerchantType::kMedia}, 5};
  EXPECT_EQ(errors::FieldOf(ValidateDecision(d)), "risk_level");
  d.action = AdmissionAction::kPassChecks;
  d.grade.reset();
  EXPECT_EQ(errors::FieldOf(ValidateDecision(d)), "action");
}

}  // namespace
}  // namespace bourse::domain
