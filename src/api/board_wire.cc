#include "api/board_wire.h"

#include "api/json_reader.h"
#include "api/trade_wire.h"
#include "api/wire_util.h"
#include "base/time_format.h"

namespace bourse::api {
namespace json = boost::json;

StatusOr<domain::Demand> ParseDemand(std::string_view body) {
  BOURSE_ASSIGN_OR_RETURN(json::object o, ParseObject(body));
  ObjectReader r(o);
  domain::Demand d;
  BOURSE_ASSIGN_OR_RETURN(d.title, r.String("title", 200));
  BOURSE_ASSIGN_OR_RETURN(d.description, r.String("description", 4000));
  BOURSE_ASSIGN_OR_RETURN(d.fields, r.StringArray("fields", 50, false));
  BOURSE_RETURN_IF_ERROR(Text(r, "coverage", 500, d.coverage));
  BOURSE_ASSIGN_OR_RETURN(d.purpose, r.String("purpose", 2000));
  BOURSE_ASSIGN_OR_RETURN(d.scenario, r.String("scenario", 200));
  BOURSE_ASSIGN_OR_RETURN(d.region, r.String("region", 16));
  BOURSE_ASSIGN_OR_RETURN(auto sector, r.OptionalString("sector", 32));
  if (sector) {
    BOURSE_ASSIGN_OR_RETURN(d.sector, EnumField<domain::Sector>("sector", *sector));
  }
  BOURSE_ASSIGN_OR_RETURN(auto budget, r.OptionalInt("budget"));
  if (!budget) return errors::MissingField("budget");
  d.budget.minor = *budget;
  BOURSE_ASSIGN_OR_RETURN(auto currency, r.OptionalString("currency", 3));
  d.budget.currency = currency.value_or("CNY");
  BOURSE_ASSIGN_OR_RETURN(std::string deadline, r.String("deadline", 64));
  auto t = ParseRfc3339(deadline);
  if (!t.ok()) return errors::InvalidField("deadline", "must be an RFC 3339 time");
  d.deadline = *t;
  BOURSE_RETURN_IF_ERROR(r.Finish());
  return d;
}

StatusOr<DemandOfferBody> ParseDemandOffer(std::string_view body) {
  BOURSE_ASSIGN_OR_RETURN(json::object o, ParseObject(body));
  ObjectReader r(o);
  DemandOfferBody b;
  BOURSE_ASSIGN_OR_RETURN(std::string product, r.String("product_id", 64));
  b.product_id = ProductId(product);
  BOURSE_ASSIGN_OR_RETURN(auto terms, r.OptionalObject("terms"));
  if (!terms) return errors::MissingField("terms");
  BOURSE_ASSIGN_OR_RETURN(b.terms, ParseTerms(*terms));
  BOURSE_RETURN_IF_ERROR(Text(r, "message", 2000, b.message));
  BOURSE_RETURN_IF_ERROR(r.Finish());
  return b;
}

StatusOr<std::string> ParseAcceptOffer(std::string_view body) {
  if (body.empty()) return std::string();
  BOURSE_ASSIGN_OR_RETURN(json::object o, ParseObject(body));
  ObjectReader r(o);
  std::string manner;
  BOURSE_RETURN_IF_ERROR(Text(r, "manner_of_use", 2000, manner));
  BOURSE_RETURN_IF_ERROR(r.Finish());
  return manner;
}

StatusOr<std::string> ParseWebhook(std::string_view body) {
  BOURSE_ASSIGN_OR_RETURN(json::object o, ParseObject(body));
  ObjectReader r(o);
  BOURSE_ASSIGN_OR_RETURN(std::string url, r.String("url", 500));
  BOURSE_RETURN_IF_ERROR(r.Finish());
  return url;
}

json::object DemandJson(const domain::Demand& d) {
  json::array fields;
  for (const auto& f : d.fields) fields.emplace_back(f);
  return {{"id", d.id.value()},
          {"buyer_id", d.buyer_id.value()},
          {"title", d.title},
          {"description", d.description},
          {"fields", std::move(fields)},
          {"coverage", d.coverage},
          {"purpose", d.purpose},
          {"scenario", d.scenario},
          {"region", d.region},
          {"sector", d.sector ? json::value(domain::Name(*d.sector)) : json::value(nullptr)},
          {"budget", d.budget.minor},
          {"currency", d.budget.currency},
          {"deadline", FormatRfc3339(d.deadline)},
          {"status", domain::Name(d.status)},
          {"created_at", FormatRfc3339(d.created_at)}};
}

json::object DemandOfferJson(const domain::DemandOffer& o) {
  return {{"id", o.id.value()},
          {"demand_id", o.demand_id.value()},
          {"merchant_id", o.merchant_id.value()},
          {"product_id", o.product_id.value()},
          {"terms", TermsJson(o.terms)},
          {"message", o.message},
          {"status", domain::Name(o.status)},
          {"negotiation_id",
           o.negotiation_id ? json::value(o.negotiation_id->value()) : json::value(nullptr)},
          {"created_at", FormatRfc3339(o.created_at)}};
}

json::object NotificationJson(const domain::Notification& n) {
  return {{"id", n.seq},
          {"kind", n.kind},
          {"subject", n.subject},
          {"text", n.text},
          {"created_at", FormatRfc3339(n.created_at)}};
}

json::object WebhookJson(const domain::Webhook& w) {
  json::object o{{"id", w.id.value()},
                 {"url", w.url},
                 {"active", w.active},
                 {"created_at", FormatRfc3339(w.created_at)}};
  if (!w.secret.empty()) o["secret"] = w.secret;
  return o;
}

json::object DeliveryJson(const domain::WebhookDelivery& d) {
  return {{"id", d.seq},
          {"notification_id", d.notification_seq},
          {"attempts", d.attempts},
          {"last_status", d.last_status},
          {"last_error", d.last_error},
          {"delivered", d.delivered},
          {"abandoned", d.abandoned},
          {"next_attempt_at", FormatRfc3339(d.next_attempt_at)},
          {"updated_at", FormatRfc3339(d.updated_at)}};
}

}  // namespace bourse::api
