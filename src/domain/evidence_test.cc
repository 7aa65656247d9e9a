#include "domain/evidence.h"

#include <gtest/gtest.h>

#include "base/errors.h"
#include "domain/cross_border.h"

namespace bourse::domain {
namespace {

using E = EvidenceKind;

absl::Time Day(int d) { return absl::FromUnixSeconds(1'767'225'600) + absl::Hours(24) * d; }

Evidence Approved(E kind, std::string id = "evd_1") {
  Evidence e;
  e.id = EvidenceId(std::move(id));
  e.exporter = OrganizationId("org_exporter");
  e.kind = kind;
  e.reference = "REF-1";
  e.authority = "CAC";
  e.scope.destinations = {"SG", "cn-hk"};
  e.scope.sectors = {Sector::kEnergy};
  e.valid_from = Day(0);
  e.valid_until = Day(365);
  e.status = EvidenceStatus::kApproved;
  return e;
}

CirculationRequirement Row10() {
  CrossBorderFacts f;
  f.personal_information = true;
  f.individuals_this_year = 200'000;
  const CrossBorderDecision d = DecideCrossBorder(f, CrossBorderThresholds{});
  EXPECT_EQ(d.row, 10);
  return {d.row, "SG", Sector::kEnergy, d.any_of, d.all_of};
}

TEST(EvidenceTest, TheGateNeedsEveryKindApprovedInScopeAndValid) {
  const CirculationRequirement req = Row10();  // A filing or a certification; consent; PIPIA.
  std::vector<Evidence> held;
  CirculationCheck c = MayCirculate(req, held, Day(10));
  EXPECT_EQ(c.missing.size(), 4u);  // Both alternatives named, then consent and PIPIA.
  held.push_back(Approved(E::kCertification, "evd_cert"));
  held.push_back(Approved(E::kConsent, "evd_consent"));
  c = MayCirculate(req, held, Day(10));
  EXPECT_EQ(c.missing, std::vector<E>{E::kPipia});
  held.push_back(Approved(E::kPipia, "evd_pipia"));
  c = MayCirculate(req, held, Day(10));
  EXPECT_TRUE(c.allowed());
  EXPECT_EQ(c.relied_on.size(), 3u);
  EXPECT_TRUE(RefusalOf(req, c).ok());
  // Expired, not yet valid, filed but not approved, rejected, another destination or sector.
  EXPECT_FALSE(MayCirculate(req, held, Day(365)).allowed());
  EXPECT_FALSE(MayCirculate(req, held, Day(-1)).allowed());
  for (auto change : std::vector<void (*)(Evidence&)>{
           [](Evidence& e) { e.status = EvidenceStatus::kFiled; },
           [](Evidence& e) { e.status = EvidenceStatus::kRejected; },
           [](Evidence& e) { e.scope.destinations = {"US"}; },
           [](Evidence& e) { e.scope.sectors = {Sector::kFinance}; },
       }) {
    std::vector<Evidence> changed = held;
    change(changed[2]);
    EXPECT_EQ(MayCirculate(req, changed, Day(10)).missing, std::vector<E>{E::kPipia});
  }
  // Destinations compare without regard to case.
  CirculationRequirement hk = req;
  hk.destination = "CN-HK";
  EXPECT_TRUE(MayCirculate(hk, held, Day(10)).allowed());
}

TEST(EvidenceTest, ARefusalNamesTheRowAndWhatIsMissing) {
  const Status st = RefusalOf(Row10(), MayCirculate(Row10(), {}, Day(1)));
  EXPECT_EQ(st.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(errors::KindOf(st), errors::kEvidenceRequired);
  EXPECT_EQ(errors::FieldOf(st), "evidence");
  const std::string m(st.message());
  EXPECT_NE(m.find("row 10"), std::string::npos) << m;
  EXPECT_NE(m.find("standard_contract_filing or certification; consent; pipia"), std::string::npos)
      << m;
}

TEST(EvidenceTest, RowsWithoutEvidenceCirculate) {
  const CrossBorderDecision d = DecideCrossBorder(CrossBorderFacts{}, CrossBorderThresholds{});
  EXPECT_TRUE(
      MayCirculate({d.row, "SG", Sector::kEnergy, d.any_of, d.all_of}, {}, Day(1)).allowed());
  CrossBorderFacts imp;
  imp.important_data = true;
  const CrossBorderDecision a = DecideCrossBorder(imp, CrossBorderThresholds{});
  EXPECT_EQ(MayCirculate({a.row, "SG", Sector::kEnergy, a.any_of, a.all_of}, {}, Day(1)).missing,
            std::vector<E>{E::kSecurityAssessment});
}

TEST(EvidenceTest, FilingsAreCheckedFieldByField) {
  const EvidenceRules rules;
  Evidence e = Approved(E::kStandardContractFiling);
  EXPECT_TRUE(ValidateEvidence(e, Day(1), rules).ok());
  struct Case {
    void (*change)(Evidence&);
    std::string field;
  } cases[] = {
      {[](Evidence& x) { x.reference.clear(); }, "reference"},
      {[](Evidence& x) { x.authority = std::string(201, 'a'); }, "authority"},
      {[](Evidence& x) { x.scope.destinations.clear(); }, "scope.destinations"},
      {[](Evidence& x) { x.scope.destinations = {"CN-44"}; }, "scope.destinations"},
      {[](Evidence& x) { x.scope.sectors = {}; }, "scope.sectors"},
      {[](Evidence& x) { x.valid_until = x.valid_from; }, "valid_until"},
      {[](Evidence& x) { x.valid_until = Day(0) + absl::Hours(1); }, "valid_until"},  // Past.
      {[](Evidence& x) { x.valid_until = Day(365 * 11); }, "valid_until"},
  };
  for (const auto& c : cases) {
    Evidence bad = e;
    c.change(bad);
    const Status st = ValidateEvidence(bad, Day(1), rules);
    EXPECT_EQ(st.code(), StatusCode::kInvalidArgument) << c.field;
    EXPECT_EQ(errors::FieldOf(st), c.field);
  }
  // A security assessment's result holds for three years, not longer.
  Evidence assessment = Approved(E::kSecurityAssessment);
  assessment.valid_until = Day(365 * 3);
  EXPECT_TRUE(ValidateEvidence(assessment, Day(1), rules).ok());
  assessment.valid_until = Day(365 * 3 + 5);
  EXPECT_EQ(errors::FieldOf(ValidateEvidence(assessment, Day(1), rules)), "valid_until");
}

}  // namespace
}  // namespace bourse::domain
