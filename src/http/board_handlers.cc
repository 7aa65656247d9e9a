// Handlers for the demand board, notifications and webhooks. Each parses, calls one service
// method and renders.
#include <boost/json.hpp>

#include "api/board_wire.h"
#include "api/trade_wire.h"
#include "api/wire.h"
#include "base/status_macros.h"
#include "http/handler_util.h"
#include "http/handlers.h"

namespace bourse::http {
namespace {

json::object MatchJson(const service::DemandMatch& m) {
  return {{"product_id", m.product_id.value()},
          {"seller_id", m.seller_id.value()},
          {"title", m.title},
          {"price", m.price.minor},
          {"currency", m.price.currency},
          {"score", std::round(m.score * 1000) / 1000},
          {"text", std::round(m.signals.text * 1000) / 1000},
          {"scenario", m.signals.scenario},
          {"sector", m.signals.sector},
          {"within_budget", m.signals.within_budget}};
}

json::object DemandViewJson(const service::DemandView& v) {
  json::object o = api::DemandJson(v.demand);
  json::array matches, offers;
  for (const auto& m : v.matches) matches.push_back(MatchJson(m));
  for (const auto& of : v.offers) offers.push_back(api::DemandOfferJson(of));
  o["matches"] = std::move(matches);
  o["offers"] = std::move(offers);
  return o;
}

Response PostDemand(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(d, api::ParseDemand(ctx.request().body));
  BOURSE_TRY(v, s.board.Post(caller, d));
  Response r = JsonOk(ctx, 201, DemandViewJson(v));
  r.headers.emplace_back("Location", "/v1/demands/" + v.demand.id.value());
  return r;
}

Response ListDemands(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(limit, QueryLimit(ctx));
  BOURSE_TRY(after, QueryCursor(ctx));
  auto mine = ctx.query().find("mine");
  BOURSE_TRY(list, s.board.List(caller, mine != ctx.query().end() && mine->second == "true", after,
                                limit));
  return SeqPageOk(ctx, list, limit, [](const auto& d) { return api::DemandJson(d); });
}

Response GetDemand(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(v, s.board.Get(caller, DemandId(ctx.param("id"))));
  return JsonOk(ctx, 200, DemandViewJson(v));
}

Response CloseDemand(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(v, s.board.Close(caller, DemandId(ctx.param("id"))));
  return JsonOk(ctx, 200, DemandViewJson(v));
}

Response OfferOnDemand(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(body, api::ParseDemandOffer(ctx.request().body));
  BOURSE_TRY(o, s.board.Offer(caller, DemandId(ctx.param("id")), body.product_id, body.terms,
                              body.message));
  return JsonOk(ctx, 201, api::DemandOfferJson(o));
}

Response AcceptOffer(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(manner, api::ParseAcceptOffer(ctx.request().body));
  BOURSE_TRY(n, s.board.AcceptOffer(caller, DemandOfferId(ctx.param("id")), manner));
  Response r = JsonOk(ctx, 201, api::NegotiationJson(n));
  r.headers.emplace_back("Location", "/v1/negotiations/" + n.id.value());
  return r;
}

Response WithdrawOffer(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(o, s.board.WithdrawOffer(caller, DemandOfferId(ctx.param("id"))));
  return JsonOk(ctx, 200, api::DemandOfferJson(o));
}

Response Notifications(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(limit, QueryLimit(ctx));
  BOURSE_TRY(before, QueryCursor(ctx));
  BOURSE_TRY(list, s.board.Notifications(caller, before, limit));
  return SeqPageOk(ctx, list, limit, [](const auto& n) { return api::NotificationJson(n); });
}

Response AddWebhook(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(url, api::ParseWebhook(ctx.request().body));
  BOURSE_TRY(w, s.board.AddWebhook(caller, url));
  Response r = JsonOk(ctx, 201, api::WebhookJson(w));
  r.secrets = {"secret"};
  return r;
}

Response ListWebhooks(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(list, s.board.Webhooks(caller));
  return ItemsOk(ctx, list, [](const auto& w) { return api::WebhookJson(w); });
}

Response RemoveWebhook(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  if (Status st = s.board.RemoveWebhook(caller, WebhookId(ctx.param("id"))); !st.ok())
    return ctx.Problem(st);
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

Response WebhookDeliveries(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(limit, QueryLimit(ctx));
  BOURSE_TRY(list, s.board.Deliveries(caller, WebhookId(ctx.param("id")), limit));
  return ItemsOk(ctx, list, [](const auto& d) { return api::DeliveryJson(d); });
}

}  // namespace

void RegisterBoardRoutes(Router& router, const ApiServices& s) {
  auto bind = [&s](Response (*fn)(const ApiServices&, RequestContext&)) {
    return [&s, fn](RequestContext& ctx) { return fn(s, ctx); };
  };
  router.Add("POST", "/v1/demands", domain::Act::kParticipate, bind(&PostDemand));
  router.Add("GET", "/v1/demands", domain::Act::kRead, bind(&ListDemands));
  router.Add("GET", "/v1/demands/{id}", domain::Act::kRead, bind(&GetDemand));
  router.Add("POST", "/v1/demands/{id}/close", domain::Act::kParticipate, bind(&CloseDemand));
  router.Add("POST", "/v1/demands/{id}/offers", domain::Act::kParticipate, bind(&OfferOnDemand));
  router.Add("POST", "/v1/offers/{id}/accept", domain::Act::kParticipate, bind(&AcceptOffer));
  router.Add("POST", "/v1/offers/{id}/withdraw", domain::Act::kParticipate, bind(&WithdrawOffer));
  router.Add("GET", "/v1/notifications", domain::Act::kRead, bind(&Notifications));
  router.Add("POST", "/v1/webhooks", domain::Act::kCredentials, bind(&AddWebhook));
  router.Add("GET", "/v1/webhooks", domain::Act::kRead, bind(&ListWebhooks));
  router.Add("DELETE", "/v1/webhooks/{id}", domain::Act::kRelinquish, bind(&RemoveWebhook));
  router.Add("GET", "/v1/webhooks/{id}/deliveries", domain::Act::kRead, bind(&WebhookDeliveries));
}

}  // namespace bourse::http
