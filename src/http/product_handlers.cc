// Handlers for data products, uploads, rights registrations and the catalogue. Each parses,
// calls one service method and renders.
#include <boost/json.hpp>

#include "api/dcat.h"
#include "api/product_wire.h"
#include "api/wire.h"
#include "base/status_macros.h"
#include "base/time_format.h"
#include "http/handler_util.h"
#include "http/handlers.h"

namespace bourse::http {
namespace {

// The caller when a token is presented; none for anonymous requests. A presented but invalid
// token is an error, never silently anonymous.
StatusOr<std::optional<domain::Principal>> OptionalCaller(RequestContext& ctx) {
  if (!ctx.has_credentials()) return std::optional<domain::Principal>();
  const auto& p = ctx.principal();
  if (!p.ok()) return p.status();
  return std::optional<domain::Principal>(*p);
}

bool WantsJsonLd(RequestContext& ctx) {
  return ctx.request().accept.find("application/ld+json") != std::string::npos;
}

bool IsParty(const std::optional<domain::Principal>& caller, const domain::Product& p) {
  return caller && (caller->SeesEverything() || caller->Owns(p.seller_id) ||
                    (p.assessor_id && caller->Owns(*p.assessor_id)));
}

json::object ViewJson(const service::ProductView& v,
                      const std::optional<domain::Principal>& caller) {
  const bool party = IsParty(caller, v.product);
  json::object o = api::ProductJson(v.product, party);
  json::array history, assessments;
  if (party) {
    for (const auto& e : v.history) history.push_back(api::ProductEventJson(e));
    o["history"] = std::move(history);
  }
  for (const auto& a : v.assessments) {
    json::object aj = api::AssessmentJson(a);
    if (!party) {  // Buyers see the outcome and validity, not the legal opinion's text.
      aj.erase("legal_opinion");
      aj.erase("conditions");
    }
    assessments.push_back(std::move(aj));
  }
  o["assessments"] = std::move(assessments);
  if (v.log_index >= 0) o["log_index"] = v.log_index;
  return o;
}

Response ProductResponse(RequestContext& ctx, int status, const service::ProductView& v,
                         const std::optional<domain::Principal>& caller) {
  Response r = JsonOk(ctx, status, ViewJson(v, caller));
  if (status == 201) r.headers.emplace_back("Location", "/v1/products/" + v.product.id.value());
  return r;
}

Response CreateProduct(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(d, api::ParseDescription(ctx.request().body));
  BOURSE_TRY(view, s.products.Create(caller, d));
  return ProductResponse(ctx, 201, view, caller);
}

Response GetProduct(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, OptionalCaller(ctx));
  BOURSE_TRY(view, s.products.Get(caller, ProductId(ctx.param("id"))));
  if (WantsJsonLd(ctx)) {
    json::object o = api::DcatDataset(view.product, s.public_url);
    o["@context"] = api::DcatContext();
    Response r = JsonOk(ctx, 200, o);
    r.content_type = "application/ld+json";
    return r;
  }
  return ProductResponse(ctx, 200, view, caller);
}

StatusOr<service::CatalogQuery> CatalogQueryFrom(RequestContext& ctx, int max_limit) {
  service::CatalogQuery q;
  if (auto it = ctx.query().find("q"); it != ctx.query().end()) {
    BOURSE_ASSIGN_OR_RETURN(q.terms, service::AnalyzeQuery(it->second));
  }
  BOURSE_ASSIGN_OR_RETURN(q.category, QueryEnum<domain::ProductCategory>(ctx, "category"));
  BOURSE_ASSIGN_OR_RETURN(q.form, QueryEnum<domain::ProductForm>(ctx, "form"));
  BOURSE_ASSIGN_OR_RETURN(q.sector, QueryEnum<domain::Sector>(ctx, "sector"));
  BOURSE_ASSIGN_OR_RETURN(q.source_type, QueryEnum<domain::SourceType>(ctx, "source_type"));
  BOURSE_ASSIGN_OR_RETURN(q.delivery_mode, QueryEnum<domain::DeliveryMode>(ctx, "delivery_mode"));
  BOURSE_ASSIGN_OR_RETURN(q.classification,
                          QueryEnum<domain::DataClassification>(ctx, "classification"));
  for (auto [key, target] :
       {std::pair<const char*, std::optional<int64_t>*>{"price_min", &q.price_min},
        {"price_max", &q.price_max}}) {
    if (ctx.query().count(key)) {
      BOURSE_ASSIGN_OR_RETURN(int64_t v, QueryInt(ctx, key, std::nullopt));
      *target = v;
    }
  }
  if (ctx.query().count("quality_min")) {
    BOURSE_ASSIGN_OR_RETURN(int64_t v, QueryInt(ctx, "quality_min", std::nullopt));
    if (v > 100) return errors::InvalidField("quality_min", "must be from 0 to 100");
    q.quality_min = static_cast<int>(v);
  }
  if (auto it = ctx.query().find("sort"); it != ctx.query().end() && !it->second.empty()) {
    using Sort = service::CatalogQuery::Sort;
    const std::string& v = it->second;
    if (v == "relevance")
      q.sort = Sort::kRelevance;
    else if (v == "newest")
      q.sort = Sort::kNewest;
    else if (v == "price_asc")
      q.sort = Sort::kPriceAscending;
    else if (v == "price_desc")
      q.sort = Sort::kPriceDescending;
    else if (v == "quality")
      q.sort = Sort::kQuality;
    else
      return errors::InvalidField(
          "sort", "must be one of: relevance, newest, price_asc, price_desc, quality");
  }
  BOURSE_ASSIGN_OR_RETURN(int64_t limit, QueryInt(ctx, "limit", 20));
  if (limit < 1 || limit > max_limit)
    return errors::InvalidField("limit", StrCat("must be an integer from 1 to ", max_limit));
  q.limit = static_cast<int>(limit);
  if (auto it = ctx.query().find("cursor"); it != ctx.query().end() && !it->second.empty()) {
    BOURSE_ASSIGN_OR_RETURN(int64_t offset, api::DecodeCursor(it->second));
    if (offset > 1'000'000) return errors::InvalidField("cursor", "is past the end");
    q.offset = static_cast<int>(offset);
  }
  return q;
}

json::object FacetsJson(const service::CatalogPage& page) {
  json::object facets;
  for (const auto& [name, counts] : page.facets) {
    json::array values;
    for (const auto& c : counts)
      values.push_back(json::object{{"value", c.value}, {"count", c.count}});
    facets[name] = std::move(values);
  }
  return facets;
}

Response SearchProducts(const ApiServices& s, RequestContext& ctx) {
  // ?mine=true lists the caller's own products (or, for the operator and the regulator, all of
  // them) in every status; otherwise this is the public catalogue of listed products.
  if (auto it = ctx.query().find("mine"); it != ctx.query().end() && it->second == "true") {
    BOURSE_TRY(caller, ctx.principal());
    store::ProductFilter f;
    BOURSE_TRY(status, QueryEnum<domain::ProductStatus>(ctx, "status"));
    BOURSE_TRY(limit, QueryLimit(ctx));
    f.status = status;
    f.limit = limit;
    if (auto c = ctx.query().find("cursor"); c != ctx.query().end() && !c->second.empty()) {
      BOURSE_TRY(after, api::DecodeCursor(c->second));
      f.after_seq = after;
    }
    BOURSE_TRY(page, s.products.List(caller, f));
    json::array items;
    for (const auto& p : page.items) items.push_back(api::ProductJson(p, true));
    return JsonOk(
        ctx, 200,
        json::object{{"items", std::move(items)},
                     {"next_cursor", page.next_after_seq
                                         ? json::value(api::EncodeCursor(*page.next_after_seq))
                                         : json::value(nullptr)}});
  }
  BOURSE_TRY(q, CatalogQueryFrom(ctx, 100));
  BOURSE_TRY(page, s.products.Search(q));
  json::array items;
  for (const auto& p : page.items) items.push_back(api::ProductJson(p, false));
  const int64_t next = q.offset + static_cast<int64_t>(page.items.size());
  const bool more = next < page.total;
  return JsonOk(ctx, 200,
                json::object{{"items", std::move(items)},
                             {"total", page.total},
                             {"total_exact", page.total_exact},
                             {"ranked", page.ranked},
                             {"facets", FacetsJson(page)},
                             {"next_cursor",
                              more ? json::value(api::EncodeCursor(next)) : json::value(nullptr)}});
}

Response Catalog(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(q, CatalogQueryFrom(ctx, 1000));
  if (!ctx.query().count("limit")) q.limit = 1000;
  q.sort = service::CatalogQuery::Sort::kNewest;
  BOURSE_TRY(page, s.products.Search(q));
  json::object o = api::DcatCatalog(page.items, s.public_url, s.venue_name);
  const int64_t next = q.offset + static_cast<int64_t>(page.items.size());
  if (next < page.total)
    o["bourse:next"] = StrCat(s.public_url, "/catalog?cursor=", api::EncodeCursor(next));
  Response r = JsonOk(ctx, 200, o);
  r.content_type = "application/ld+json";
  return r;
}

Response Revise(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(d, api::ParseDescription(ctx.request().body));
  BOURSE_TRY(view, s.products.Revise(caller, ProductId(ctx.param("id")), d));
  return ProductResponse(ctx, 201, view, caller);
}

Response ListRevisions(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, OptionalCaller(ctx));
  BOURSE_TRY(revisions, s.products.Revisions(caller, ProductId(ctx.param("id"))));
  return ItemsOk(ctx, revisions, [](const auto& r) { return api::RevisionJson(r); });
}

Response GetRevision(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, OptionalCaller(ctx));
  int number = 0;
  for (char c : ctx.param("number")) {
    if (c < '0' || c > '9' || number > 1'000'000) return ctx.Problem(errors::NotFound("revision"));
    number = number * 10 + (c - '0');
  }
  BOURSE_TRY(revision, s.products.GetRevision(caller, ProductId(ctx.param("id")), number));
  return JsonOk(ctx, 200, api::RevisionJson(revision));
}

Response GetDataset(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, OptionalCaller(ctx));
  BOURSE_TRY(d, s.products.GetDataset(caller, ProductId(ctx.param("id")),
                                      DatasetId(ctx.param("dataset"))));
  return JsonOk(ctx, 200, api::DatasetJson(d));
}

Response Act(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(body, api::ParseProductAction(ctx.request().body));
  service::ProductActionRequest r{body.action, body.reason, body.assessor_id};
  BOURSE_TRY(view, s.products.Act(caller, ProductId(ctx.param("id")), r));
  return ProductResponse(ctx, 200, view, caller);
}

Response Assess(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(b, api::ParseAssessment(ctx.request().body));
  service::AssessmentRequest r;
  r.outcome = b.outcome;
  r.subject_opinion = b.subject;
  r.object_opinion = b.object;
  r.circulation_opinion = b.circulation;
  r.legal_opinion = b.legal_opinion;
  r.conditions = b.conditions;
  r.pipia_reviewed = b.pipia_reviewed;
  r.content_reviewed = b.content_reviewed;
  r.content_attestation = b.content_attestation;
  if (b.valid_until) r.valid_until = *b.valid_until;
  BOURSE_TRY(view, s.products.Assess(caller, ProductId(ctx.param("id")), r));
  return ProductResponse(ctx, 201, view, caller);
}

Response ListAssessments(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, OptionalCaller(ctx));
  BOURSE_TRY(view, s.products.Get(caller, ProductId(ctx.param("id"))));
  return JsonOk(ctx, 200, json::object{{"items", ViewJson(view, caller)["assessments"]}});
}

Response Object(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(reason, api::ParseReason(ctx.request().body));
  BOURSE_TRY(view, s.products.Object(caller, ProductId(ctx.param("id")), reason));
  return ProductResponse(ctx, 201, view, caller);
}

json::object UploadJson(const ApiServices& s, const store::Upload& u) {
  return json::object{
      {"id", u.id.value()},
      {"product_id", u.product_id.value()},
      {"file_name", u.file_name},
      {"format", u.format ? json::value(domain::Name(*u.format)) : json::value(nullptr)},
      {"size", u.size},
      {"offset", u.received},
      {"sha256", u.sha256.empty() ? json::value(nullptr) : json::value(u.sha256)},
      {"created_at", FormatRfc3339(u.created_at)},
      {"expires_at", FormatRfc3339(s.products.UploadExpiresAt(u))}};
}

Response WithOffset(Response r, int64_t offset) {
  r.headers.emplace_back("Upload-Offset", std::to_string(offset));
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

// tus's Upload-Expires: when an unfinished upload is discarded, as an HTTP date.
Response WithExpiry(Response r, absl::Time at) {
  r.headers.emplace_back("Upload-Expires", FormatHttpDate(at));
  return r;
}

Response StartUpload(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(b, api::ParseUpload(ctx.request().body));
  service::UploadRequest r{b.file_name, b.size, b.sha256};
  BOURSE_TRY(u, s.products.StartUpload(caller, ProductId(ctx.param("id")), r));
  Response resp =
      WithExpiry(WithOffset(JsonOk(ctx, 201, UploadJson(s, u)), 0), s.products.UploadExpiresAt(u));
  resp.headers.emplace_back("Location", "/v1/uploads/" + u.id.value());
  return resp;
}

Response GetUpload(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(u, s.products.GetUpload(caller, UploadId(ctx.param("id"))));
  return WithExpiry(WithOffset(JsonOk(ctx, 200, UploadJson(s, u)), u.received),
                    s.products.UploadExpiresAt(u));
}

Response AppendChunk(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  const std::string& header = ctx.request().upload_offset;
  if (header.empty()) return ctx.Problem(errors::MissingField("Upload-Offset"));
  int64_t offset = 0;
  for (char c : header) {
    if (c < '0' || c > '9' || offset > (INT64_MAX - 9) / 10)
      return ctx.Problem(errors::InvalidField("Upload-Offset", "must be a non-negative integer"));
    offset = offset * 10 + (c - '0');
  }
  BOURSE_TRY(next,
             s.products.Append(caller, UploadId(ctx.param("id")), offset, ctx.request().body));
  Response r = ctx.Json(204, "");
  r.content_type.clear();
  return WithOffset(std::move(r), next);
}

Response CompleteUpload(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(d, s.products.Complete(caller, UploadId(ctx.param("id"))));
  Response r = JsonOk(ctx, 201, api::DatasetJson(d));
  r.headers.emplace_back("Location",
                         StrCat("/v1/products/", d.product_id.value(), "/datasets/", d.id.value()));
  return r;
}

Response AbortUpload(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  Status st = s.products.Abort(caller, UploadId(ctx.param("id")));
  if (!st.ok()) return ctx.Problem(st);
  Response r = ctx.Json(204, "");
  r.content_type.clear();
  return r;
}

json::object RegistrationViewJson(const service::RegistrationView& v) {
  json::object o = api::RegistrationJson(v.registration);
  if (v.certificate) o["certificate"] = api::CertificateJson(*v.certificate);
  if (v.log_index >= 0) o["log_index"] = v.log_index;
  return o;
}

Response SubmitRegistration(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(claim, api::ParseRegistration(ctx.request().body));
  BOURSE_TRY(view, s.registrations.Submit(caller, claim));
  Response r = JsonOk(ctx, 201, RegistrationViewJson(view));
  r.headers.emplace_back("Location", "/v1/registrations/" + view.registration.id.value());
  return r;
}

Response GetRegistration(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, OptionalCaller(ctx));
  BOURSE_TRY(view, s.registrations.Get(caller, RegistrationId(ctx.param("id"))));
  return JsonOk(ctx, 200, RegistrationViewJson(view));
}

Response ActOnRegistration(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(body, api::ParseRegistrationAction(ctx.request().body));
  BOURSE_TRY(
      view, s.registrations.Act(caller, RegistrationId(ctx.param("id")), body.action, body.reason));
  return JsonOk(ctx, 200, RegistrationViewJson(view));
}

Response ProductRegistrations(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, OptionalCaller(ctx));
  const ProductId id(ctx.param("id"));
  BOURSE_TRY(view, s.products.Get(caller, id));  // NotFound for a product the caller cannot see.
  (void)view;
  BOURSE_TRY(list, s.registrations.ListByProduct(caller, id));
  return ItemsOk(ctx, list, [](const auto& r) { return api::RegistrationJson(r); });
}

}  // namespace

void RegisterProductRoutes(Router& router, const ApiServices& s) {
  auto bind = [&s](Response (*fn)(const ApiServices&, RequestContext&)) {
    return [&s, fn](RequestContext& ctx) { return fn(s, ctx); };
  };
  router.Add("POST", "/v1/products", domain::Act::kParticipate, bind(&CreateProduct));
  router.Add("GET", "/v1/products", domain::Act::kPublic, bind(&SearchProducts));
  router.Add("GET", "/v1/products/{id}", domain::Act::kPublic, bind(&GetProduct));
  router.Add("POST", "/v1/products/{id}/revisions", domain::Act::kParticipate, bind(&Revise));
  router.Add("GET", "/v1/products/{id}/revisions", domain::Act::kPublic, bind(&ListRevisions));
  router.Add("GET", "/v1/products/{id}/revisions/{number}", domain::Act::kPublic,
             bind(&GetRevision));
  router.Add("GET", "/v1/products/{id}/datasets/{dataset}", domain::Act::kPublic,
             bind(&GetDataset));
  router.Add("POST", "/v1/products/{id}/actions", domain::Act::kParticipate, bind(&Act));
  router.Add("POST", "/v1/products/{id}/assessments", domain::Act::kParticipate, bind(&Assess));
  router.Add("GET", "/v1/products/{id}/assessments", domain::Act::kPublic, bind(&ListAssessments));
  router.Add("POST", "/v1/products/{id}/objections", domain::Act::kParticipate, bind(&Object));
  router.Add("POST", "/v1/products/{id}/uploads", domain::Act::kParticipate, bind(&StartUpload));
  router.Add("GET", "/v1/products/{id}/registrations", domain::Act::kPublic,
             bind(&ProductRegistrations));
  router.Add("GET", "/v1/uploads/{id}", domain::Act::kRead, bind(&GetUpload));
  router.Add("PATCH", "/v1/uploads/{id}", domain::Act::kParticipate, bind(&AppendChunk));
  router.Add("DELETE", "/v1/uploads/{id}", domain::Act::kParticipate, bind(&AbortUpload));
  router.Add("POST", "/v1/uploads/{id}/complete", domain::Act::kParticipate, bind(&CompleteUpload));
  router.Add("POST", "/v1/registrations", domain::Act::kParticipate, bind(&SubmitRegistration));
  router.Add("GET", "/v1/registrations/{id}", domain::Act::kPublic, bind(&GetRegistration));
  router.Add("POST", "/v1/registrations/{id}/actions", domain::Act::kParticipate,
             bind(&ActOnRegistration));
  router.Add("GET", "/catalog", domain::Act::kPublic, bind(&Catalog));
}

}  // namespace bourse::http
