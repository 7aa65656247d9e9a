// The cross-border gate (W5 and the decision table of domain-rules.md §8): which route an
// outbound transfer takes under the 2024 Provisions, and what evidence must be on record before
// the data may circulate (domain/evidence.h decides whether it is there). Rows are evaluated top to
// bottom and the first that matches decides; every decision names its row. Thresholds live in
// configuration. Pure: no I/O.
#ifndef BOURSE_DOMAIN_CROSS_BORDER_H_
#define BOURSE_DOMAIN_CROSS_BORDER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "domain/enum_set.h"
#include "domain/enums.h"

namespace bourse::domain {

// What the table needs to know about one outbound trade.
struct CrossBorderFacts {
  bool core_data = false;
  bool exporter_in_ftz = false;
  bool on_ftz_negative_list = false;
  // Art. 3: data arising in international trade, cross-border transport, academic cooperation,
  // cross-border manufacturing or marketing.
  bool trade_context = false;
  bool personal_information = false;
  bool sensitive_personal_information = false;
  bool important_data = false;
  bool collected_abroad = false;        // Art. 4: PI collected abroad, no domestic PI added.
  bool necessary_for_contract = false;  // Art. 5: to perform a contract with the individual.
  bool employee_hr = false;             // Art. 5: cross-border HR.
  bool emergency = false;               // Art. 5: life, health or property.
  bool exporter_ciio = false;
  bool consent_legal_basis = true;  // PI is processed on consent (PIPL 39 consent needed).
  // Individuals whose PI the exporter has sent abroad since 1 January, this trade included.
  int64_t individuals_this_year = 0;
  int64_t sensitive_individuals_this_year = 0;
};

// The thresholds of rows 9–11 (the 2024 Provisions' figures by default).
struct CrossBorderThresholds {
  int64_t assessment_individuals = 1'000'000;
  int64_t assessment_sensitive_individuals = 10'000;
  int64_t contract_individuals = 100'000;
};

struct CrossBorderDecision {
  int row = 0;  // The row of the §8 table that decided.
  CrossBorderRoute route = CrossBorderRoute::kExempt;
  std::string reason;
  // Evidence that must be recorded before delivery: one of `any_of` (when not empty) and all
  // of `all_of`.
  EnumSet<EvidenceKind> any_of;
  EnumSet<EvidenceKind> all_of;
};

CrossBorderDecision DecideCrossBorder(const CrossBorderFacts& facts,
                                      const CrossBorderThresholds& thresholds);

}  // namespace bourse::domain

#endif  // BOURSE_DOMAIN_CROSS_BORDER_H_
