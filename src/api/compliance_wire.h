// The JSON wire format of exporters' verified cross-border facts and their evidence
// (docs/openapi.yaml, "compliance"). Parse* read request bodies strictly, naming the field at
// fault; *Json render responses.
#ifndef BOURSE_API_COMPLIANCE_WIRE_H_
#define BOURSE_API_COMPLIANCE_WIRE_H_

#include <boost/json.hpp>
#include <string>
#include <string_view>

#include "base/status.h"
#include "domain/evidence.h"

namespace bourse::api {

// {"in_ftz", "ftz", "on_ftz_negative_list", "ciio", "trade_context", "collected_abroad",
//  "necessary_for_contract", "employee_hr", "emergency", "reason"}.
struct ExporterProfileBody {
  domain::ExporterFacts facts;
  std::string reason;
};
StatusOr<ExporterProfileBody> ParseExporterProfile(std::string_view body);

// {"kind", "reference", "authority", "scope": {"destinations", "sectors"}, "valid_from",
//  "valid_until", "document": {"file_name", "content_base64"}}, the document decoded.
StatusOr<domain::EvidenceFiling> ParseEvidenceFiling(std::string_view body);

// {"action": "approve" | "reject", "reason"}.
struct EvidenceDecisionBody {
  bool approve = false;
  std::string reason;
};
StatusOr<EvidenceDecisionBody> ParseEvidenceDecision(std::string_view body);

boost::json::object ExporterProfileJson(const domain::ExporterProfile& p);
boost::json::object EvidenceJson(const domain::Evidence& e);

}  // namespace bourse::api

#endif  // BOURSE_API_COMPLIANCE_WIRE_H_
