#include "http/handlers.h"

#include <boost/json.hpp>

#include "api/wire.h"
#include "base/encoding.h"
#include "base/errors.h"
#include "base/strings.h"
#include "http/dispatcher.h"
#include "http/handler_util.h"
#include "merkle/tiles.h"

namespace bourse::http {
namespace json = boost::json;

namespace {

json::object OrganizationViewJson(const service::OrganizationView& view) {
  json::object o = api::OrganizationJson(view.organization);
  json::array history;
  for (const auto& e : view.history) history.push_back(api::AdmissionEventJson(e));
  o["history"] = std::move(history);
  return o;
}

Response Apply(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(app, api::ParseApplication(ctx.request().body));
  BOURSE_TRY(result, s.admission.Apply(app));
  json::object o = api::OrganizationJson(result.organization);
  o["token"] = result.applicant_token.secret;
  o["token_id"] = result.applicant_token.token.id.value();
  o["log_index"] = result.log_index;
  Response r = JsonOk(ctx, 201, o);
  r.headers.emplace_back("Location", "/v1/organizations/" + result.organization.id.value());
  r.secrets = {"token"};
  return r;
}

Response GetOrganization(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(view, s.admission.Get(caller, OrganizationId(ctx.param("id"))));
  return JsonOk(ctx, 200, OrganizationViewJson(view));
}

Response ListOrganizations(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  service::ListQuery q;
  BOURSE_TRY(role, QueryEnum<domain::Role>(ctx, "role"));
  BOURSE_TRY(status, QueryEnum<domain::AdmissionStatus>(ctx, "status"));
  BOURSE_TRY(limit, QueryLimit(ctx));
  q.role = role;
  q.status = status;
  q.limit = limit;
  if (auto it = ctx.query().find("cursor"); it != ctx.query().end() && !it->second.empty()) {
    BOURSE_TRY(after, api::DecodeCursor(it->second));
    q.after_seq = after;
  }
  BOURSE_TRY(page, s.admission.List(caller, q));
  return PageOk(ctx, page.items, page.next_after_seq,
                [](const auto& org) { return api::OrganizationJson(org); });
}

Response Decide(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(decision, api::ParseDecision(ctx.request().body));
  BOURSE_TRY(result, s.admission.Decide(caller, OrganizationId(ctx.param("id")), decision));
  return JsonOk(
      ctx, 200,
      json::object{{"organization", api::OrganizationJson(result.organization)},
                   {"certificate", result.certificate
                                       ? json::value(api::CertificateJson(*result.certificate))
                                       : json::value(nullptr)},
                   {"log_index", result.log_index}});
}

Response OrganizationCertificates(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(certs, s.authority.ListForSubject(caller, OrganizationId(ctx.param("id"))));
  return ItemsOk(ctx, certs, [](const auto& c) { return api::CertificateJson(c); });
}

Response GetCertificate(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(cert, s.authority.Get(caller, CertificateId(ctx.param("id"))));
  return JsonOk(ctx, 200, api::CertificateJson(cert));
}

Response StatusList(const ApiServices& s, RequestContext& ctx) {
  auto list = domain::ParseStatusListName(ctx.param("id"));
  if (!list) return ctx.Problem(errors::NotFound("status list"));
  BOURSE_TRY(jwt, s.authority.StatusListCredential(list->first, list->second));
  Response r = ctx.Json(200, jwt);
  r.content_type = "application/vc+jwt";
  r.headers.emplace_back("Cache-Control", "no-cache");
  return r;
}

Response Jwks(const ApiServices& s, RequestContext& ctx) {
  json::array keys;
  for (const auto& k : s.authority.Keys()) {
    keys.push_back(json::object{{"kty", "OKP"},
                                {"crv", "Ed25519"},
                                {"x", Base64UrlEncode(k.public_key)},
                                {"kid", k.kid},
                                {"alg", "EdDSA"},
                                {"use", "sig"}});
  }
  Response r = JsonOk(ctx, 200, json::object{{"keys", std::move(keys)}});
  r.content_type = "application/jwk-set+json";
  r.headers.emplace_back("Cache-Control", "public, max-age=300");
  return r;
}

Response CreateToken(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(name, api::ParseTokenRequest(ctx.request().body));
  BOURSE_TRY(issued, s.tokens.Create(caller, name));
  json::object o = api::TokenJson(issued.token);
  o["token"] = issued.secret;
  Response r = JsonOk(ctx, 201, o);
  r.secrets = {"token"};
  return r;
}

Response ListTokens(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(tokens, s.tokens.List(caller));
  return ItemsOk(ctx, tokens, [](const auto& t) { return api::TokenJson(t); });
}

Response RevokeToken(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  if (Status st = s.tokens.Revoke(caller, TokenId(ctx.param("id"))); !st.ok())
    return ctx.Problem(st);
  Response r = ctx.Json(204, "");
  r.content_type.clear();
  return r;
}

Response Stats(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(stats, s.stats.Get());
  json::object by_role, by_status;
  for (const auto& [role, statuses] : stats.by_role) {
    json::object counts;
    int64_t total = 0;
    for (const auto& [status, n] : statuses) {
      counts[domain::Name(status)] = n;
      total += n;
    }
    counts["total"] = total;
    by_role[domain::Name(role)] = std::move(counts);
  }
  for (const auto& [status, n] : stats.by_status) by_status[domain::Name(status)] = n;
  // Listed products with their counts by sector and source type, from the catalogue index.
  service::CatalogQuery q;
  q.limit = 1;
  BOURSE_TRY(listed, s.products.Search(q));
  json::object products{{"listed", listed.total}};
  for (const auto& [facet, counts] : listed.facets) {
    if (facet != "sector" && facet != "source_type") continue;
    json::object by;
    for (const auto& c : counts) by[c.value] = c.count;
    products[StrCat("by_", facet)] = std::move(by);
  }
  return JsonOk(ctx, 200,
                json::object{{"organizations", json::object{{"total", stats.organizations},
                                                            {"by_role", std::move(by_role)},
                                                            {"by_status", std::move(by_status)}}},
                             {"products", std::move(products)},
                             {"trades", TradeFigures(s)}});
}

Response Text(RequestContext& ctx, int status, std::string body, std::string content_type) {
  Response r = ctx.Json(status, std::move(body));
  r.content_type = std::move(content_type);
  return r;
}

// ---- transparency log ----

StatusOr<int64_t> PathIndex(RequestContext& ctx) {
  const std::string& text = ctx.param("index");
  int64_t v = 0;
  if (text.empty() || text.size() > 18) return errors::NotFound("log entry");
  for (char c : text) {
    if (c < '0' || c > '9') return errors::NotFound("log entry");
    v = v * 10 + (c - '0');
  }
  return v;
}

json::array HashArray(const std::vector<merkle::Hash>& hashes) {
  json::array out;
  for (const auto& h : hashes) out.emplace_back(Base64Encode(merkle::ToBytes(h)));
  return out;
}

Response Plain(RequestContext& ctx, std::string body, std::string cache) {
  Response r = ctx.Json(200, std::move(body));
  r.content_type = "text/plain; charset=utf-8";
  r.headers.emplace_back("Cache-Control", std::move(cache));
  return r;
}

Response LogCheckpoint(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(cp, s.log.LatestCheckpoint());
  return Plain(ctx, cp.note, "no-cache");
}

Response LogVkey(const ApiServices& s, RequestContext& ctx) {
  return Plain(ctx, s.log.verifier_key() + "\n", "public, max-age=86400");
}

Response LogTile(const ApiServices& s, RequestContext& ctx) {
  auto tile = merkle::ParseTilePath("tile/" + ctx.param("path"));
  if (!tile.ok()) return ctx.Problem(errors::NotFound("tile"));
  BOURSE_TRY(bytes, s.log.Tile(*tile));
  Response r = ctx.Json(200, std::move(bytes));
  r.content_type = "application/octet-stream";
  r.headers.emplace_back("Cache-Control", "public, max-age=31536000, immutable");
  return r;
}

json::object EntryJson(int64_t index, const std::string& leaf) {
  boost::system::error_code ec;
  json::value parsed = json::parse(leaf, ec);
  return json::object{{"index", index},
                      {"leaf", ec ? json::value(leaf) : parsed},
                      {"leaf_hash", Base64Encode(merkle::ToBytes(merkle::LeafHash(leaf)))}};
}

Response LogEntry(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(index, PathIndex(ctx));
  BOURSE_TRY(leaf, s.log.Entry(index));
  return JsonOk(ctx, 200, EntryJson(index, leaf));
}

Response LogReceipt(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(index, PathIndex(ctx));
  BOURSE_TRY(cp, s.log.LatestCheckpoint());
  BOURSE_TRY(leaf, s.log.Entry(index));
  BOURSE_TRY(proof, s.log.InclusionProof(index, cp.size));
  json::object o = EntryJson(index, leaf);
  o["tree_size"] = cp.size;
  o["hashes"] = HashArray(proof);
  o["checkpoint"] = cp.note;
  return JsonOk(ctx, 200, o);
}

Response InclusionProof(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(cp, s.log.LatestCheckpoint());
  BOURSE_TRY(index, QueryInt(ctx, "index", std::nullopt));
  BOURSE_TRY(size, QueryInt(ctx, "tree_size", cp.size));
  BOURSE_TRY(proof, s.log.InclusionProof(index, size));
  return JsonOk(ctx, 200,
                json::object{{"index", index}, {"tree_size", size}, {"hashes", HashArray(proof)}});
}

Response ConsistencyProof(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(cp, s.log.LatestCheckpoint());
  BOURSE_TRY(first, QueryInt(ctx, "first", std::nullopt));
  BOURSE_TRY(second, QueryInt(ctx, "second", cp.size));
  BOURSE_TRY(proof, s.log.ConsistencyProof(first, second));
  return JsonOk(ctx, 200,
                json::object{{"first", first}, {"second", second}, {"hashes", HashArray(proof)}});
}

}  // namespace

void RegisterRoutes(Router& router, const ApiServices& s) {
  auto bind = [&s](Response (*fn)(const ApiServices&, RequestContext&)) {
    return [&s, fn](RequestContext& ctx) { return fn(s, ctx); };
  };
  router.Add("POST", "/v1/organizations", domain::Act::kPublic, bind(&Apply));
  router.Add("GET", "/v1/organizations", domain::Act::kRead, bind(&ListOrganizations));
  router.Add("GET", "/v1/organizations/{id}", domain::Act::kRead, bind(&GetOrganization));
  router.Add("POST", "/v1/organizations/{id}/decisions", domain::Act::kAdmission, bind(&Decide));
  router.Add("GET", "/v1/organizations/{id}/certificates", domain::Act::kRead,
             bind(&OrganizationCertificates));
  router.Add("GET", "/v1/certificates/{id}", domain::Act::kRead, bind(&GetCertificate));
  router.Add("GET", "/v1/status-lists/{id}", domain::Act::kPublic, bind(&StatusList));
  router.Add("GET", "/.well-known/jwks.json", domain::Act::kPublic, bind(&Jwks));
  router.Add("POST", "/v1/tokens", domain::Act::kCredentials, bind(&CreateToken));
  router.Add("GET", "/v1/tokens", domain::Act::kRead, bind(&ListTokens));
  router.Add("DELETE", "/v1/tokens/{id}", domain::Act::kRelinquish, bind(&RevokeToken));
  router.Add("GET", "/v1/stats", domain::Act::kPublic, bind(&Stats));
  router.Add("GET", "/log/checkpoint", domain::Act::kPublic, bind(&LogCheckpoint));
  router.Add("GET", "/log/vkey", domain::Act::kPublic, bind(&LogVkey));
  router.Add("GET", "/log/tile/{path...}", domain::Act::kPublic, bind(&LogTile));
  router.Add("GET", "/v1/log/entries/{index}", domain::Act::kPublic, bind(&LogEntry));
  router.Add("GET", "/v1/log/entries/{index}/receipt", domain::Act::kPublic, bind(&LogReceipt));
  router.Add("GET", "/v1/log/proofs/inclusion", domain::Act::kPublic, bind(&InclusionProof));
  router.Add("GET", "/v1/log/proofs/consistency", domain::Act::kPublic, bind(&ConsistencyProof));
  RegisterProductRoutes(router, s);
  RegisterTradeRoutes(router, s);
  RegisterBoardRoutes(router, s);
  RegisterComplianceRoutes(router, s);
  RegisterSessionRoutes(router, s);
  RegisterConsoleRoutes(router, s);
  router.Add("GET", "/healthz", domain::Act::kPublic,
             [](RequestContext& ctx) { return Text(ctx, 200, "ok\n", "text/plain"); });
  router.Add("GET", "/readyz", domain::Act::kPublic, [&s](RequestContext& ctx) {
    Status st = s.readiness ? s.readiness() : OkStatus();
    return st.ok() ? Text(ctx, 200, "ready\n", "text/plain") : ctx.Problem(st);
  });
  router.Add("GET", "/metrics", domain::Act::kPublic, [&s](RequestContext& ctx) {
    return Text(ctx, 200, s.metrics.Render(), "text/plain; version=0.0.4");
  });
  router.Add("GET", "/openapi.json", domain::Act::kPublic,
             [&s](RequestContext& ctx) { return ctx.Json(200, s.openapi_json); });
}

}  // namespace bourse::http
