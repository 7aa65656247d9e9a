#include "domain/cross_border.h"

#include "gtest/gtest.h"

namespace bourse::domain {
namespace {

using R = CrossBorderRoute;
using E = EvidenceKind;

CrossBorderFacts Pi(int64_t individuals, int64_t sensitive = 0) {
  CrossBorderFacts f;
  f.personal_information = true;
  f.sensitive_personal_information = sensitive > 0;
  f.individuals_this_year = individuals;
  f.sensitive_individuals_this_year = sensitive;
  return f;
}

// One case per row of the §8 table, each built so that it would fall to a later row if its
// own condition were dropped.
TEST(CrossBorderTest, EachRowDecides) {
  const CrossBorderThresholds t;
  struct Case {
    CrossBorderFacts facts;
    int row;
    R route;
  };
  std::vector<Case> cases;
  {
    CrossBorderFacts f = Pi(5'000'000);
    f.core_data = true;
    f.exporter_in_ftz = true;
    cases.push_back({f, 0, R::kProhibited});
  }
  {
    CrossBorderFacts f = Pi(5'000'000);
    f.exporter_in_ftz = true;
    cases.push_back({f, 1, R::kExempt});
    f.on_ftz_negative_list = true;  // Not exempt then: falls to the volume rows.
    cases.push_back({f, 9, R::kSecurityAssessment});
  }
  {
    CrossBorderFacts f;
    f.trade_context = true;
    cases.push_back({f, 2, R::kExempt});
    f.important_data = true;  // Important data is never exempt under Art. 3.
    cases.push_back({f, 7, R::kSecurityAssessment});
  }
  {
    CrossBorderFacts f = Pi(2'000'000);
    f.collected_abroad = true;
    cases.push_back({f, 3, R::kExempt});
  }
  {
    CrossBorderFacts f = Pi(2'000'000);
    f.necessary_for_contract = true;
    cases.push_back({f, 4, R::kExempt});
  }
  {
    CrossBorderFacts f = Pi(2'000'000);
    f.employee_hr = true;
    cases.push_back({f, 5, R::kExempt});
  }
  {
    CrossBorderFacts f = Pi(2'000'000);
    f.emergency = true;
    cases.push_back({f, 6, R::kExempt});
  }
  {
    CrossBorderFacts f;
    f.important_data = true;
    cases.push_back({f, 7, R::kSecurityAssessment});
  }
  {
    CrossBorderFacts f = Pi(10);
    f.exporter_ciio = true;
    cases.push_back({f, 8, R::kSecurityAssessment});
  }
  cases.push_back({Pi(1'000'000), 9, R::kSecurityAssessment});
  cases.push_back({Pi(999'999), 10, R::kStandardContract});
  cases.push_back({Pi(10, 10'000), 9, R::kSecurityAssessment});
  cases.push_back({Pi(10, 9'999), 10, R::kStandardContract});
  cases.push_back({Pi(10, 1), 10, R::kStandardContract});
  cases.push_back({Pi(100'000), 10, R::kStandardContract});
  cases.push_back({Pi(99'999), 11, R::kExempt});
  cases.push_back({CrossBorderFacts{}, 11, R::kExempt});
  for (size_t i = 0; i < cases.size(); ++i) {
    const CrossBorderDecision d = DecideCrossBorder(cases[i].facts, t);
    EXPECT_EQ(d.row, cases[i].row) << "case " << i;
    EXPECT_EQ(d.route, cases[i].route) << "case " << i;
    EXPECT_FALSE(d.reason.empty());
  }
}

TEST(CrossBorderTest, ThresholdsComeFromConfiguration) {
  CrossBorderThresholds t;
  t.contract_individuals = 50'000;
  EXPECT_EQ(DecideCrossBorder(Pi(60'000), t).row, 10);
  EXPECT_EQ(DecideCrossBorder(Pi(60'000), CrossBorderThresholds{}).row, 11);
}

}  // namespace
}  // namespace bourse::domain
