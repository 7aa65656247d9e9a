#include "domain/cross_border.h"

namespace bourse::domain {
namespace {

using R = CrossBorderRoute;
using E = EvidenceKind;

CrossBorderDecision Row(int row, R route, std::string reason) {
  CrossBorderDecision d;
  d.row = row;
  d.route = route;
  d.reason = std::move(reason);
  return d;
}

// PIPL 39 consent (where consent is the basis) and the PIPL 55 impact assessment apply on every
// route that carries personal information.
void AddPiOverlays(const CrossBorderFacts& f, CrossBorderDecision& d) {
  if (!f.personal_information && !f.sensitive_personal_information) return;
  if (d.route == R::kProhibited) return;
  d.all_of.Add(E::kPipia);
  if (f.consent_legal_basis) d.all_of.Add(E::kConsent);
}

}  // namespace

CrossBorderDecision DecideCrossBorder(const CrossBorderFacts& f, const CrossBorderThresholds& t) {
  const bool pi = f.personal_information || f.sensitive_personal_information;
  CrossBorderDecision d;
  if (f.core_data) {
    d = Row(0, R::kProhibited, "core data may not leave the mainland through the exchange");
  } else if (f.exporter_in_ftz && !f.on_ftz_negative_list) {
    d = Row(1, R::kExempt,
            "the exporter is in a free trade zone and the data is not on its "
            "negative list (Art. 6)");
  } else if (f.trade_context && !pi && !f.important_data) {
    d = Row(2, R::kExempt,
            "the data arose in international trade or cooperation and holds no "
            "personal information or important data (Art. 3)");
  } else if (f.collected_abroad && !f.important_data) {
    d = Row(3, R::kExempt,
            "personal information collected abroad is re-exported with nothing "
            "domestic added (Art. 4)");
  } else if (f.necessary_for_contract && !f.important_data) {
    d = Row(4, R::kExempt,
            "the transfer is necessary to perform a contract with the individual "
            "(Art. 5)");
  } else if (f.employee_hr && !f.important_data) {
    d = Row(5, R::kExempt, "employee information for cross-border human resources (Art. 5)");
  } else if (f.emergency && !f.important_data) {
    d = Row(6, R::kExempt, "an emergency to protect life, health or property (Art. 5)");
  } else if (f.important_data) {
    d = Row(7, R::kSecurityAssessment, "important data requires a CAC security assessment");
    d.all_of.Add(E::kSecurityAssessment);
  } else if (f.exporter_ciio && pi) {
    d = Row(8, R::kSecurityAssessment,
            "a critical information infrastructure operator exports personal information");
    d.all_of.Add(E::kSecurityAssessment);
  } else if (f.individuals_this_year >= t.assessment_individuals ||
             f.sensitive_individuals_this_year >= t.assessment_sensitive_individuals) {
    d = Row(9, R::kSecurityAssessment,
            "the exporter's outbound personal information this year reaches the security "
            "assessment threshold");
    d.all_of.Add(E::kSecurityAssessment);
  } else if (f.individuals_this_year >= t.contract_individuals ||
             f.sensitive_individuals_this_year >= 1) {
    d = Row(10, R::kStandardContract,
            "the exporter's outbound personal information this year needs a filed standard "
            "contract or a certification");
    d.any_of.Add(E::kStandardContractFiling);
    d.any_of.Add(E::kCertification);
  } else {
    d = Row(11, R::kExempt,
            pi ? "fewer individuals this year than the standard contract threshold (Art. 5)"
               : "no personal information and no important data");
  }
  AddPiOverlays(f, d);
  return d;
}

}  // namespace bourse::domain
