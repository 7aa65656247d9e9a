// Handlers for the exporter's side of the cross-border gate: the operator's exporter-profile
// decisions and the evidence exporters file for review. Each parses, calls one service method
// and renders.
#include <boost/json.hpp>

#include "api/compliance_wire.h"
#include "base/encoding.h"
#include "base/strings.h"
#include "http/handler_util.h"
#include "http/handlers.h"

namespace bourse::http {
namespace {

Response GetProfile(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(p, s.evidence->Profile(caller, OrganizationId(ctx.param("id"))));
  return JsonOk(ctx, 200, api::ExporterProfileJson(p));
}

Response PutProfile(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(body, api::ParseExporterProfile(ctx.request().body));
  BOURSE_TRY(
      p, s.evidence->SetProfile(caller, OrganizationId(ctx.param("id")), body.facts, body.reason));
  return JsonOk(ctx, 200, api::ExporterProfileJson(p));
}

Response FileEvidence(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(filing, api::ParseEvidenceFiling(ctx.request().body));
  BOURSE_TRY(e, s.evidence->File(caller, filing));
  Response r = JsonOk(ctx, 201, api::EvidenceJson(e));
  r.headers.emplace_back("Location", "/v1/evidence/" + e.id.value());
  return r;
}

Response ListEvidence(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(limit, QueryLimit(ctx));
  BOURSE_TRY(after, QueryCursor(ctx));
  BOURSE_TRY(status, QueryEnum<domain::EvidenceStatus>(ctx, "status"));
  store::EvidenceFilter f;
  f.status = status;
  f.after_seq = after;
  f.limit = limit;
  if (auto it = ctx.query().find("exporter_id"); it != ctx.query().end())
    f.exporter = OrganizationId(it->second);
  BOURSE_TRY(list, s.evidence->List(caller, f));
  return SeqPageOk(ctx, list, limit,
                   [](const domain::Evidence& e) { return api::EvidenceJson(e); });
}

Response GetEvidence(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(e, s.evidence->Get(caller, EvidenceId(ctx.param("id"))));
  return JsonOk(ctx, 200, api::EvidenceJson(e));
}

Response DecideEvidence(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(body, api::ParseEvidenceDecision(ctx.request().body));
  BOURSE_TRY(e, s.evidence->Decide(caller, EvidenceId(ctx.param("id")), body.approve, body.reason));
  return JsonOk(ctx, 200, api::EvidenceJson(e));
}

Response EvidenceDocument(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(doc, s.evidence->Document(caller, EvidenceId(ctx.param("id"))));
  Response r;
  r.status = 200;
  r.content_type = "application/octet-stream";
  r.file = FileRange{doc.source, 0, doc.bytes};
  AddStoredFileHeaders(r, doc.sha256, doc.name);
  return r;
}

}  // namespace

void RegisterComplianceRoutes(Router& router, const ApiServices& s) {
  if (s.evidence == nullptr) return;
  auto bind = [&s](Response (*fn)(const ApiServices&, RequestContext&)) {
    return [&s, fn](RequestContext& ctx) { return fn(s, ctx); };
  };
  router.Add("GET", "/v1/organizations/{id}/exporter-profile", domain::Act::kRead,
             bind(&GetProfile));
  router.Add("PUT", "/v1/organizations/{id}/exporter-profile", domain::Act::kAdmission,
             bind(&PutProfile));
  router.Add("POST", "/v1/evidence", domain::Act::kParticipate, bind(&FileEvidence));
  router.Add("GET", "/v1/evidence", domain::Act::kRead, bind(&ListEvidence));
  router.Add("GET", "/v1/evidence/{id}", domain::Act::kRead, bind(&GetEvidence));
  router.Add("GET", "/v1/evidence/{id}/document", domain::Act::kRead, bind(&EvidenceDocument));
  router.Add("POST", "/v1/evidence/{id}/decisions", domain::Act::kParticipate,
             bind(&DecideEvidence));
}

}  // namespace bourse::http
