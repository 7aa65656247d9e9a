#include "api/compliance_wire.h"

#include "api/json_reader.h"
#include "api/wire_util.h"
#include "base/encoding.h"
#include "base/time_format.h"

namespace bourse::api {
namespace {

namespace json = boost::json;

constexpr size_t kMaxText = 2000;
// The document travels base64-encoded inside the JSON body; the body limit bounds it too.
constexpr size_t kMaxDocumentBase64 = size_t{700} * 1024;

StatusOr<absl::Time> Time(ObjectReader& r, std::string_view key) {
  BOURSE_ASSIGN_OR_RETURN(std::string text, r.String(key, 40));
  auto t = ParseRfc3339(text);
  if (!t.ok()) return errors::InvalidField(key, "an RFC 3339 date-time, e.g. 2026-12-31T00:00:00Z");
  return *t;
}

}  // namespace

StatusOr<ExporterProfileBody> ParseExporterProfile(std::string_view body) {
  BOURSE_ASSIGN_OR_RETURN(json::object o, ParseObject(body));
  ObjectReader r(o);
  ExporterProfileBody b;
  auto& f = b.facts;
  BOURSE_RETURN_IF_ERROR(Flag(r, "in_ftz", f.in_ftz));
  BOURSE_RETURN_IF_ERROR(Text(r, "ftz", 64, f.ftz));
  BOURSE_RETURN_IF_ERROR(Flag(r, "on_ftz_negative_list", f.on_ftz_negative_list));
  BOURSE_RETURN_IF_ERROR(Flag(r, "ciio", f.ciio));
  BOURSE_RETURN_IF_ERROR(Flag(r, "trade_context", f.trade_context));
  BOURSE_RETURN_IF_ERROR(Flag(r, "collected_abroad", f.collected_abroad));
  BOURSE_RETURN_IF_ERROR(Flag(r, "necessary_for_contract", f.necessary_for_contract));
  BOURSE_RETURN_IF_ERROR(Flag(r, "employee_hr", f.employee_hr));
  BOURSE_RETURN_IF_ERROR(Flag(r, "emergency", f.emergency));
  BOURSE_ASSIGN_OR_RETURN(b.reason, r.String("reason", kMaxText));
  BOURSE_RETURN_IF_ERROR(r.Finish());
  return b;
}

StatusOr<domain::EvidenceFiling> ParseEvidenceFiling(std::string_view body) {
  BOURSE_ASSIGN_OR_RETURN(json::object o, ParseObject(body));
  ObjectReader r(o);
  domain::EvidenceFiling b;
  BOURSE_ASSIGN_OR_RETURN(std::string kind, r.String("kind", 40));
  BOURSE_ASSIGN_OR_RETURN(b.kind, EnumField<domain::EvidenceKind>("kind", kind));
  BOURSE_ASSIGN_OR_RETURN(b.reference, r.String("reference", 200));
  BOURSE_ASSIGN_OR_RETURN(b.authority, r.String("authority", 200));
  BOURSE_ASSIGN_OR_RETURN(auto scope, r.OptionalObject("scope"));
  if (!scope) return errors::MissingField("scope");
  BOURSE_ASSIGN_OR_RETURN(b.scope.destinations, scope->StringArray("destinations", 50, true));
  BOURSE_ASSIGN_OR_RETURN(auto sectors, scope->StringArray("sectors", 20, true));
  BOURSE_ASSIGN_OR_RETURN(b.scope.sectors, EnumSetField<domain::Sector>("scope.sectors", sectors));
  BOURSE_RETURN_IF_ERROR(scope->Finish());
  BOURSE_ASSIGN_OR_RETURN(b.valid_from, Time(r, "valid_from"));
  BOURSE_ASSIGN_OR_RETURN(b.valid_until, Time(r, "valid_until"));
  BOURSE_ASSIGN_OR_RETURN(auto doc, r.OptionalObject("document"));
  if (!doc) return errors::MissingField("document");
  BOURSE_ASSIGN_OR_RETURN(b.document_name, doc->String("file_name", 200));
  BOURSE_ASSIGN_OR_RETURN(std::string content, doc->String("content_base64", kMaxDocumentBase64));
  BOURSE_RETURN_IF_ERROR(doc->Finish());
  auto bytes = Base64Decode(content);
  if (!bytes.ok()) return errors::InvalidField("document.content_base64", "is not valid base64");
  b.document = std::move(*bytes);
  BOURSE_RETURN_IF_ERROR(r.Finish());
  return b;
}

StatusOr<EvidenceDecisionBody> ParseEvidenceDecision(std::string_view body) {
  BOURSE_ASSIGN_OR_RETURN(json::object o, ParseObject(body));
  ObjectReader r(o);
  EvidenceDecisionBody b;
  BOURSE_ASSIGN_OR_RETURN(std::string action, r.String("action", 16));
  if (action != "approve" && action != "reject")
    return errors::InvalidField("action", "must be one of: approve, reject");
  b.approve = action == "approve";
  BOURSE_ASSIGN_OR_RETURN(b.reason, r.String("reason", kMaxText));
  BOURSE_RETURN_IF_ERROR(r.Finish());
  return b;
}

json::object ExporterProfileJson(const domain::ExporterProfile& p) {
  const auto& f = p.facts;
  return {{"organization_id", p.organization.value()},
          {"decided", p.decided_by.has_value()},
          {"in_ftz", f.in_ftz},
          {"ftz", f.ftz},
          {"on_ftz_negative_list", f.on_ftz_negative_list},
          {"ciio", f.ciio},
          {"trade_context", f.trade_context},
          {"collected_abroad", f.collected_abroad},
          {"necessary_for_contract", f.necessary_for_contract},
          {"employee_hr", f.employee_hr},
          {"emergency", f.emergency},
          {"decided_by", p.decided_by ? json::value(p.decided_by->value()) : json::value(nullptr)},
          {"reason", p.reason},
          {"updated_at",
           p.decided_by ? json::value(FormatRfc3339(p.updated_at)) : json::value(nullptr)}};
}

json::object EvidenceJson(const domain::Evidence& e) {
  json::array destinations;
  for (const auto& d : e.scope.destinations) destinations.emplace_back(d);
  return {{"id", e.id.value()},
          {"exporter_id", e.exporter.value()},
          {"kind", domain::Name(e.kind)},
          {"reference", e.reference},
          {"authority", e.authority},
          {"scope", json::object{{"destinations", std::move(destinations)},
                                 {"sectors", EnumArray(e.scope.sectors)}}},
          {"valid_from", FormatRfc3339(e.valid_from)},
          {"valid_until", FormatRfc3339(e.valid_until)},
          {"document", json::object{{"file_name", e.document_name},
                                    {"sha256", e.document_sha256},
                                    {"bytes", e.document_bytes}}},
          {"status", domain::Name(e.status)},
          {"decision_reason", e.decision_reason},
          {"decided_by", e.decided_by ? json::value(e.decided_by->value()) : json::value(nullptr)},
          {"decided_at",
           e.decided_at ? json::value(FormatRfc3339(*e.decided_at)) : json::value(nullptr)},
          {"filed_at", FormatRfc3339(e.filed_at)},
          {"expiry_notified", e.expiry_notified},
          {"seq", e.seq}};
}

}  // namespace bourse::api
