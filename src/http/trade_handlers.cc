// Handlers for trading: negotiations, contracts and their delivery, the ledger and the
// cross-border register. Each parses, calls one service method and renders.
#include <boost/json.hpp>

#include "api/trade_wire.h"
#include "api/wire.h"
#include "api/wire_util.h"
#include "base/encoding.h"
#include "base/status_macros.h"
#include "base/time_format.h"
#include "http/handler_util.h"
#include "http/handlers.h"

namespace bourse::http {
namespace {

using api::ContractJson;
using api::EnumArray;

json::object CrossBorderCaseJson(const store::CrossBorderCase& c) {
  return {{"contract_id", c.contract_id.value()},
          {"exporter_id", c.exporter.value()},
          {"recipient_id", c.recipient.value()},
          {"destination", c.destination},
          {"year", c.year},
          {"individuals", c.individuals},
          {"sensitive_individuals", c.sensitive_individuals},
          {"row", c.row},
          {"route", domain::Name(c.route)},
          {"reason", c.reason},
          {"evidence_any_of", EnumArray(c.any_of)},
          {"evidence_all_of", EnumArray(c.all_of)},
          {"created_at", FormatRfc3339(c.created_at)}};
}

json::object ContractViewJson(const service::ContractView& v) {
  json::object o = ContractJson(v.contract);
  if (v.cross_border) {
    json::object k = CrossBorderCaseJson(*v.cross_border);
    json::array missing;
    for (auto m : v.missing_evidence) missing.emplace_back(domain::Name(m));
    k["missing_evidence"] = std::move(missing);
    // The exporter's approved evidence that satisfies the route now (GET /v1/evidence/{id}).
    json::array relied_on;
    for (const auto& id : v.relied_on) relied_on.emplace_back(id.value());
    k["evidence"] = std::move(relied_on);
    o["cross_border_case"] = std::move(k);
  }
  json::array certs;
  for (const auto& c : v.certificates)
    certs.push_back(json::object{{"id", c.id.value()},
                                 {"type", domain::Name(c.type)},
                                 {"subject", c.subject.value()},
                                 {"jwt", c.jwt}});
  o["certificates"] = std::move(certs);
  return o;
}

json::object BalanceJson(const store::AccountBalance& b) {
  return {{"account", b.account.Key()},
          {"kind", domain::Name(b.account.kind)},
          {"currency", b.account.currency},
          {"balance", b.balance}};
}

json::object TradeTotalsJson(const store::TradeTotals& t) {
  json::object value;
  for (const auto& [currency, minor] : t.value) value[currency] = minor;
  auto groups = [](const std::vector<store::TradeTotals::Group>& gs, const char* key) {
    json::array out;
    for (const auto& g : gs)
      out.push_back(json::object{
          {key, g.key}, {"currency", g.currency}, {"count", g.count}, {"value", g.value}});
    return out;
  };
  return {{"count", t.count},
          {"value", std::move(value)},
          {"cross_border", t.cross_border},
          {"disputed", t.disputed},
          {"by_sector", groups(t.by_sector, "sector")},
          {"by_month", groups(t.by_month, "month")}};
}

Response RequestTrade(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(body, api::ParseTradeRequest(ctx.request().body));
  BOURSE_TRY(n, s.trades.Request(caller, body.product_id, body.declaration, body.terms,
                                 body.message, body.instant, body.buyer_id));
  Response r = JsonOk(ctx, 201, api::NegotiationJson(n));
  r.headers.emplace_back("Location", "/v1/negotiations/" + n.id.value());
  return r;
}

Response ListNegotiations(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(limit, QueryLimit(ctx));
  BOURSE_TRY(after, QueryCursor(ctx));
  BOURSE_TRY(page, s.trades.ListNegotiations(caller, after, limit));
  return PageOk(ctx, page.items, page.next_after_seq,
                [](const auto& n) { return api::NegotiationJson(n); });
}

Response GetNegotiation(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(n, s.trades.GetNegotiation(caller, NegotiationId(ctx.param("id"))));
  return JsonOk(ctx, 200, api::NegotiationJson(n));
}

Response Negotiate(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(body, api::ParseNegotiationStep(ctx.request().body));
  auto to_json = [](const domain::Negotiation& n) { return api::NegotiationJson(n); };
  BOURSE_TRY(
      n, s.trades.Negotiate(caller, NegotiationId(ctx.param("id")), body.action, body.terms,
                            body.message, RecordResponse<domain::Negotiation>(ctx, 200, to_json)));
  return JsonOk(ctx, 200, to_json(n));
}

Response ListContracts(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(limit, QueryLimit(ctx));
  BOURSE_TRY(after, QueryCursor(ctx));
  BOURSE_TRY(page, s.trades.ListContracts(caller, after, limit));
  return PageOk(ctx, page.items, page.next_after_seq,
                [](const auto& c) { return api::ContractJson(c); });
}

Response GetContract(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(v, s.trades.GetContract(caller, ContractId(ctx.param("id"))));
  return JsonOk(ctx, 200, ContractViewJson(v));
}

Response GetAgreement(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  const ContractId id(ctx.param("id"));
  const std::string& accept = ctx.request().accept;
  auto as = [](std::string content_type, std::string body) {
    Response r;
    r.status = 200;
    r.content_type = std::move(content_type);
    r.body = std::move(body);
    return r;
  };
  if (accept.find("application/jose") != std::string::npos) {
    BOURSE_TRY(jws, s.trades.SignedAgreement(caller, id));
    return as("application/jose", std::move(jws));
  }
  if (accept.find("text/plain") != std::string::npos) {
    BOURSE_TRY(text, s.trades.ReadableAgreementText(caller, id));
    return as("text/plain; charset=utf-8", std::move(text));
  }
  BOURSE_TRY(agreement, s.trades.Agreement(caller, id));
  Response r = JsonOk(ctx, 200, agreement);
  r.content_type = "application/ld+json";
  return r;
}

Response ActOnTrade(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(body, api::ParseTradeAction(ctx.request().body));
  BOURSE_TRY(
      v, s.trades.ActOnTrade(caller, ContractId(ctx.param("id")), body.action, body.reason,
                             RecordResponse<service::ContractView>(ctx, 200, &ContractViewJson)));
  return JsonOk(ctx, 200, ContractViewJson(v));
}

Response ChangeContract(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(body, api::ParseContractAction(ctx.request().body));
  BOURSE_TRY(v, s.trades.ChangeContract(
                    caller, ContractId(ctx.param("id")), body.action, body.reason,
                    RecordResponse<service::ContractView>(ctx, 200, &ContractViewJson)));
  return JsonOk(ctx, 200, ContractViewJson(v));
}

// "bytes=FIRST-" or "bytes=FIRST-LAST"; other forms (suffixes, several ranges) are ignored and
// the whole file is sent, as RFC 9110 allows.
std::optional<std::pair<int64_t, int64_t>> SingleRange(const std::string& header) {
  constexpr std::string_view kPrefix = "bytes=";
  if (header.rfind(kPrefix, 0) != 0) return std::nullopt;
  const std::string spec = header.substr(kPrefix.size());
  const size_t dash = spec.find('-');
  if (dash == std::string::npos || dash == 0 || spec.find(',') != std::string::npos)
    return std::nullopt;
  auto number = [](std::string_view d) -> std::optional<int64_t> {
    if (d.empty() || d.size() > 18) return std::nullopt;
    int64_t v = 0;
    for (char c : d) {
      if (c < '0' || c > '9') return std::nullopt;
      v = v * 10 + (c - '0');
    }
    return v;
  };
  auto first = number(std::string_view(spec).substr(0, dash));
  if (!first) return std::nullopt;
  const std::string_view rest = std::string_view(spec).substr(dash + 1);
  if (rest.empty()) return std::make_pair(*first, int64_t{0});
  auto last = number(rest);
  if (!last || *last < *first) return std::nullopt;
  return std::make_pair(*first, *last - *first + 1);
}

Response Download(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  const auto range = SingleRange(ctx.request().range);
  BOURSE_TRY(grant, s.trades.Download(caller, ContractId(ctx.param("id")), range ? range->first : 0,
                                      range ? range->second : 0, ctx.request().method == "HEAD"));
  Response r;
  r.status = grant.partial ? 206 : 200;
  r.content_type = "application/octet-stream";
  r.file = FileRange{grant.source, grant.offset, grant.length};
  r.headers.emplace_back("Accept-Ranges", "bytes");
  AddStoredFileHeaders(r, grant.sha256, grant.file_name);
  if (grant.partial)
    r.headers.emplace_back(
        "Content-Range",
        StrCat("bytes ", grant.offset, "-", grant.offset + grant.length - 1, "/", grant.size));
  return r;
}

Response Deposit(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(body, api::ParseMoneyMovement(ctx.request().body));
  BOURSE_TRY(
      e, s.trades.Deposit(caller, body.organization_id, body.amount, body.bank_reference,
                          RecordResponse<domain::JournalEntry>(ctx, 201, &api::JournalEntryJson)));
  return JsonOk(ctx, 201, api::JournalEntryJson(e));
}

Response Withdraw(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(body, api::ParseMoneyMovement(ctx.request().body));
  BOURSE_TRY(
      e, s.trades.Withdraw(caller, body.organization_id, body.amount, body.bank_reference,
                           RecordResponse<domain::JournalEntry>(ctx, 201, &api::JournalEntryJson)));
  return JsonOk(ctx, 201, api::JournalEntryJson(e));
}

Response Accounts(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(list, s.trades.Balances(caller, OrganizationId(ctx.param("id"))));
  return ItemsOk(ctx, list, [](const auto& b) { return BalanceJson(b); });
}

Response Journal(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(limit, QueryLimit(ctx));
  BOURSE_TRY(before, QueryCursor(ctx));
  BOURSE_TRY(list, s.trades.Journal(caller, OrganizationId(ctx.param("id")), before, limit));
  return SeqPageOk(ctx, list, limit, [](const auto& e) { return api::JournalEntryJson(e); });
}

Response CrossBorderRegister(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(limit, QueryLimit(ctx));
  BOURSE_TRY(after, QueryCursor(ctx));
  BOURSE_TRY(list, s.trades.CrossBorderRegister(caller, after, limit));
  return SeqPageOk(ctx, list, limit, [](const auto& c) { return CrossBorderCaseJson(c); });
}

Response GrantMandate(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(body, api::ParseMandate(ctx.request().body));
  BOURSE_TRY(m,
             s.trades.GrantMandate(caller, body.agent_id, body.commission_basis_points, body.side));
  return JsonOk(ctx, 201, api::MandateJson(m));
}

Response ListMandates(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(list, s.trades.Mandates(caller));
  return ItemsOk(ctx, list, [](const auto& m) { return api::MandateJson(m); });
}

Response RevokeMandate(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(m, s.trades.RevokeMandate(caller, MandateId(ctx.param("id"))));
  return JsonOk(ctx, 200, api::MandateJson(m));
}

}  // namespace

json::object TradeFigures(const ApiServices& s) {
  auto totals = s.trades.Totals();
  if (!totals.ok()) return json::object{};
  return TradeTotalsJson(*totals);
}

void RegisterTradeRoutes(Router& router, const ApiServices& s) {
  auto bind = [&s](Response (*fn)(const ApiServices&, RequestContext&)) {
    return [&s, fn](RequestContext& ctx) { return fn(s, ctx); };
  };
  router.Add("POST", "/v1/negotiations", domain::Act::kParticipate, bind(&RequestTrade));
  router.Add("GET", "/v1/negotiations", domain::Act::kRead, bind(&ListNegotiations));
  router.Add("GET", "/v1/negotiations/{id}", domain::Act::kRead, bind(&GetNegotiation));
  router.Add("POST", "/v1/negotiations/{id}/actions", domain::Act::kParticipate, bind(&Negotiate))
      .RecordsInTransaction();
  router.Add("GET", "/v1/contracts", domain::Act::kRead, bind(&ListContracts));
  router.Add("GET", "/v1/contracts/{id}", domain::Act::kRead, bind(&GetContract));
  router.Add("GET", "/v1/contracts/{id}/agreement", domain::Act::kRead, bind(&GetAgreement));
  router.Add("POST", "/v1/contracts/{id}/actions", domain::Act::kParticipate, bind(&ActOnTrade))
      .RecordsInTransaction();
  router.Add("POST", "/v1/contracts/{id}/status", domain::Act::kParticipate, bind(&ChangeContract))
      .RecordsInTransaction();
  router.Add("GET", "/v1/contracts/{id}/data", domain::Act::kParticipate, bind(&Download));
  router.Add("POST", "/v1/deposits", domain::Act::kOperate, bind(&Deposit)).RecordsInTransaction();
  router.Add("POST", "/v1/withdrawals", domain::Act::kOperate, bind(&Withdraw))
      .RecordsInTransaction();
  router.Add("GET", "/v1/organizations/{id}/accounts", domain::Act::kRead, bind(&Accounts));
  router.Add("GET", "/v1/organizations/{id}/journal", domain::Act::kRead, bind(&Journal));
  router.Add("GET", "/v1/cross-border", domain::Act::kRead, bind(&CrossBorderRegister));
  router.Add("POST", "/v1/mandates", domain::Act::kParticipate, bind(&GrantMandate));
  router.Add("GET", "/v1/mandates", domain::Act::kRead, bind(&ListMandates));
  router.Add("POST", "/v1/mandates/{id}/revoke", domain::Act::kRelinquish, bind(&RevokeMandate));
}

}  // namespace bourse::http
