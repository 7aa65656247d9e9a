#include "store/trade_codec.h"

#include <boost/json.hpp>

#include "base/errors.h"
#include "base/status_macros.h"

namespace bourse::store {
namespace json = boost::json;
namespace {

std::string Str(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_string() ? std::string(it->value().as_string()) : "";
}
int64_t Int(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_int64() ? it->value().as_int64() : 0;
}
const json::object* Obj(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_object() ? &it->value().as_object() : nullptr;
}

json::object EncodeDeclaration(const domain::Declaration& d) {
  return {{"purpose", d.purpose},
          {"scenario", d.scenario},
          {"manner_of_use", d.manner_of_use},
          {"region", d.region},
          {"delivery_region", d.delivery_region},
          {"duration_days", d.duration_days}};
}
domain::Declaration DecodeDeclaration(const json::object& o) {
  domain::Declaration d;
  d.purpose = Str(o, "purpose");
  d.scenario = Str(o, "scenario");
  d.manner_of_use = Str(o, "manner_of_use");
  d.region = Str(o, "region");
  d.delivery_region = Str(o, "delivery_region");
  d.duration_days = static_cast<int>(Int(o, "duration_days"));
  return d;
}

json::object EncodeTerms(const domain::OfferTerms& t) {
  return {{"model", static_cast<int>(t.model)},
          {"amount", t.amount.minor},
          {"currency", t.amount.currency},
          {"quantity", t.quantity},
          {"delivery_mode", static_cast<int>(t.delivery_mode)}};
}
domain::OfferTerms DecodeTerms(const json::object& o) {
  domain::OfferTerms t;
  t.model = static_cast<domain::PriceModel>(Int(o, "model"));
  t.amount = {Int(o, "amount"), Str(o, "currency")};
  t.quantity = Int(o, "quantity");
  t.delivery_mode = static_cast<domain::DeliveryMode>(Int(o, "delivery_mode"));
  return t;
}

StatusOr<json::object> ParseObject(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return DataLossError("a stored trade document is not a JSON object");
  return std::move(v.as_object());
}

}  // namespace

std::string EncodeNegotiationDocument(const domain::Negotiation& n) {
  json::array rounds;
  for (const auto& r : n.rounds) {
    json::object o{{"action", static_cast<int>(r.action)},
                   {"by", r.by.value()},
                   {"message", r.message},
                   {"at", absl::ToUnixMicros(r.at)}};
    if (r.terms) o["terms"] = EncodeTerms(*r.terms);
    rounds.push_back(std::move(o));
  }
  return json::serialize(
      json::object{{"declaration", EncodeDeclaration(n.declaration)},
                   {"terms", EncodeTerms(n.terms)},
                   {"rounds", std::move(rounds)},
                   {"termination_reason", n.termination_reason},
                   {"buyer_agent_id", n.buyer_agent_id ? json::value(n.buyer_agent_id->value())
                                                       : json::value(nullptr)}});
}

Status DecodeNegotiationDocument(std::string_view text, domain::Negotiation* n) {
  BOURSE_ASSIGN_OR_RETURN(json::object o, ParseObject(text));
  if (const auto* d = Obj(o, "declaration")) n->declaration = DecodeDeclaration(*d);
  if (const auto* t = Obj(o, "terms")) n->terms = DecodeTerms(*t);
  n->termination_reason = Str(o, "termination_reason");
  n->buyer_agent_id.reset();
  if (const std::string agent = Str(o, "buyer_agent_id"); !agent.empty())
    n->buyer_agent_id = OrganizationId(agent);
  n->rounds.clear();
  if (auto it = o.find("rounds"); it != o.end() && it->value().is_array()) {
    for (const auto& v : it->value().as_array()) {
      if (!v.is_object()) continue;
      const auto& r = v.as_object();
      domain::NegotiationRound round;
      round.action = static_cast<domain::NegotiationAction>(Int(r, "action"));
      round.by = OrganizationId(Str(r, "by"));
      round.message = Str(r, "message");
      round.at = absl::FromUnixMicros(Int(r, "at"));
      if (const auto* t = Obj(r, "terms")) round.terms = DecodeTerms(*t);
      n->rounds.push_back(std::move(round));
    }
  }
  return OkStatus();
}

std::string EncodeContractDocument(const domain::Contract& c) {
  json::array certs;
  for (const auto& id : c.certificate_ids) certs.emplace_back(id.value());
  return json::serialize(json::object{
      {"declaration", EncodeDeclaration(c.declaration)},
      {"terms", EncodeTerms(c.terms)},
      {"certificates", std::move(certs)},
      {"units_used", c.units_used},
      {"agent_id", c.agent_id ? json::value(c.agent_id->value()) : json::value(nullptr)},
      {"commission_basis_points", c.commission_basis_points},
      {"renewals", c.renewals},
      {"buyer_agent_id",
       c.buyer_agent_id ? json::value(c.buyer_agent_id->value()) : json::value(nullptr)},
      {"buyer_commission_basis_points", c.buyer_commission_basis_points}});
}

Status DecodeContractDocument(std::string_view text, domain::Contract* c) {
  BOURSE_ASSIGN_OR_RETURN(json::object o, ParseObject(text));
  if (const auto* d = Obj(o, "declaration")) c->declaration = DecodeDeclaration(*d);
  if (const auto* t = Obj(o, "terms")) c->terms = DecodeTerms(*t);
  c->units_used = Int(o, "units_used");
  c->agent_id.reset();
  if (const std::string agent = Str(o, "agent_id"); !agent.empty())
    c->agent_id = OrganizationId(agent);
  c->commission_basis_points = static_cast<int>(Int(o, "commission_basis_points"));
  c->renewals = static_cast<int>(Int(o, "renewals"));
  c->buyer_agent_id.reset();
  if (const std::string agent = Str(o, "buyer_agent_id"); !agent.empty())
    c->buyer_agent_id = OrganizationId(agent);
  c->buyer_commission_basis_points = static_cast<int>(Int(o, "buyer_commission_basis_points"));
  c->certificate_ids.clear();
  if (auto it = o.find("certificates"); it != o.end() && it->value().is_array())
    for (const auto& v : it->value().as_array())
      if (v.is_string()) c->certificate_ids.emplace_back(std::string(v.as_string()));
  return OkStatus();
}

}  // namespace bourse::store
