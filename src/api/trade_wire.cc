#include "api/trade_wire.h"

#include "api/json_reader.h"
#include "api/wire_util.h"
#include "base/time_format.h"

namespace bourse::api {
namespace json = boost::json;
namespace {

constexpr size_t kMaxText = 2000;

}  // namespace

StatusOr<domain::OfferTerms> ParseTerms(ObjectReader& r) {
  domain::OfferTerms t;
  BOURSE_ASSIGN_OR_RETURN(std::string model, r.String("model", 32));
  BOURSE_ASSIGN_OR_RETURN(t.model, EnumField<domain::PriceModel>("terms.model", model));
  BOURSE_ASSIGN_OR_RETURN(auto amount, r.OptionalInt("amount"));
  if (!amount) return errors::MissingField("terms.amount");
  t.amount.minor = *amount;
  BOURSE_ASSIGN_OR_RETURN(t.amount.currency, r.String("currency", 3));
  BOURSE_ASSIGN_OR_RETURN(auto quantity, r.OptionalInt("quantity"));
  t.quantity = quantity.value_or(1);
  BOURSE_ASSIGN_OR_RETURN(auto mode, r.OptionalString("delivery_mode", 32));
  if (mode) {
    BOURSE_ASSIGN_OR_RETURN(t.delivery_mode,
                            EnumField<domain::DeliveryMode>("terms.delivery_mode", *mode));
  }
  BOURSE_RETURN_IF_ERROR(r.Finish());
  BOURSE_RETURN_IF_ERROR(domain::ValidateTerms(t));
  return t;
}

namespace {

StatusOr<std::optional<domain::OfferTerms>> OptionalTerms(ObjectReader& r) {
  BOURSE_ASSIGN_OR_RETURN(auto t, r.OptionalObject("terms"));
  if (!t) return std::optional<domain::OfferTerms>();
  BOURSE_ASSIGN_OR_RETURN(domain::OfferTerms terms, ParseTerms(*t));
  return std::optional<domain::OfferTerms>(terms);
}

json::object MoneyJson(int64_t minor, const std::string& currency) {
  return {{"amount", minor}, {"currency", currency}};
}

json::value OptTime(const std::optional<absl::Time>& t) {
  return t ? json::value(FormatRfc3339(*t)) : json::value(nullptr);
}

}  // namespace

StatusOr<TradeRequestBody> ParseTradeRequest(std::string_view body) {
  BOURSE_ASSIGN_OR_RETURN(json::object o, ParseObject(body));
  ObjectReader r(o);
  TradeRequestBody b;
  BOURSE_ASSIGN_OR_RETURN(std::string product, r.String("product_id", 64));
  b.product_id = ProductId(product);
  BOURSE_ASSIGN_OR_RETURN(auto decl, r.OptionalObject("declaration"));
  if (!decl) return errors::MissingField("declaration");
  auto& d = b.declaration;
  BOURSE_RETURN_IF_ERROR(Text(*decl, "purpose", kMaxText, d.purpose));
  BOURSE_RETURN_IF_ERROR(Text(*decl, "scenario", kMaxText, d.scenario));
  BOURSE_RETURN_IF_ERROR(Text(*decl, "manner_of_use", kMaxText, d.manner_of_use));
  BOURSE_RETURN_IF_ERROR(Text(*decl, "region", 16, d.region));
  BOURSE_RETURN_IF_ERROR(Text(*decl, "delivery_region", 16, d.delivery_region));
  BOURSE_ASSIGN_OR_RETURN(auto days, decl->OptionalInt("duration_days"));
  if (days && (*days < 1 || *days > 3660))
    return errors::InvalidField("declaration.duration_days", "from 1 to 3660 days");
  d.duration_days = static_cast<int>(days.value_or(365));
  BOURSE_RETURN_IF_ERROR(decl->Finish());
  BOURSE_RETURN_IF_ERROR(domain::ValidateDeclaration(d));
  BOURSE_ASSIGN_OR_RETURN(b.terms, OptionalTerms(r));
  // The facts that decide a cross-border route are the exporter's, verified by the operator;
  // a party to the trade cannot assert them (GET /v1/organizations/{id}/exporter-profile).
  if (const json::value* cb = o.if_contains("cross_border")) {
    std::string field = "cross_border";
    if (cb->is_object() && !cb->as_object().empty())
      field = StrCat("cross_border.", std::string_view(cb->as_object().begin()->key()));
    return errors::RuleViolation(
        "the facts of a cross-border route (free trade zone, CIIO, Art. 3-6) come from the "
        "exporter's profile as the operator verified it, not from a trade request",
        field);
  }
  BOURSE_RETURN_IF_ERROR(Text(r, "message", kMaxText, b.message));
  BOURSE_RETURN_IF_ERROR(Flag(r, "instant", b.instant));
  BOURSE_ASSIGN_OR_RETURN(auto buyer, r.OptionalString("buyer_id", 64));
  if (buyer) b.buyer_id = OrganizationId(*buyer);
  BOURSE_RETURN_IF_ERROR(r.Finish());
  return b;
}

StatusOr<NegotiationStepBody> ParseNegotiationStep(std::string_view body) {
  BOURSE_ASSIGN_OR_RETURN(json::object o, ParseObject(body));
  ObjectReader r(o);
  NegotiationStepBody b;
  BOURSE_ASSIGN_OR_RETURN(std::string action, r.String("action", 32));
  BOURSE_ASSIGN_OR_RETURN(b.action, EnumField<domain::NegotiationAction>("action", action));
  BOURSE_ASSIGN_OR_RETURN(b.terms, OptionalTerms(r));
  BOURSE_RETURN_IF_ERROR(Text(r, "message", kMaxText, b.message));
  BOURSE_RETURN_IF_ERROR(r.Finish());
  return b;
}

StatusOr<TradeActionBody> ParseTradeAction(std::string_view body) {
  BOURSE_ASSIGN_OR_RETURN(json::object o, ParseObject(body));
  ObjectReader r(o);
  TradeActionBody b;
  BOURSE_ASSIGN_OR_RETURN(std::string action, r.String("action", 32));
  BOURSE_ASSIGN_OR_RETURN(b.action, EnumField<domain::TradeAction>("action", action));
  BOURSE_RETURN_IF_ERROR(Text(r, "reason", kMaxText, b.reason));
  BOURSE_RETURN_IF_ERROR(r.Finish());
  return b;
}

StatusOr<ContractActionBody> ParseContractAction(std::string_view body) {
  BOURSE_ASSIGN_OR_RETURN(json::object o, ParseObject(body));
  ObjectReader r(o);
  ContractActionBody b;
  BOURSE_ASSIGN_OR_RETURN(std::string action, r.String("action", 32));
  BOURSE_ASSIGN_OR_RETURN(b.action, EnumField<domain::ContractAction>("action", action));
  BOURSE_RETURN_IF_ERROR(Text(r, "reason", kMaxText, b.reason));
  BOURSE_RETURN_IF_ERROR(r.Finish());
  return b;
}

StatusOr<MoneyMovementBody> ParseMoneyMovement(std::string_view body) {
  BOURSE_ASSIGN_OR_RETURN(json::object o, ParseObject(body));
  ObjectReader r(o);
  MoneyMovementBody b;
  BOURSE_ASSIGN_OR_RETURN(std::string org, r.String("organization_id", 64));
  b.organization_id = OrganizationId(org);
  BOURSE_ASSIGN_OR_RETURN(auto amount, r.OptionalInt("amount"));
  if (!amount) return errors::MissingField("amount");
  b.amount.minor = *amount;
  BOURSE_ASSIGN_OR_RETURN(b.amount.currency, r.String("currency", 3));
  BOURSE_ASSIGN_OR_RETURN(b.bank_reference, r.String("bank_reference", 200));
  BOURSE_RETURN_IF_ERROR(r.Finish());
  return b;
}

StatusOr<MandateBody> ParseMandate(std::string_view body) {
  BOURSE_ASSIGN_OR_RETURN(json::object o, ParseObject(body));
  ObjectReader r(o);
  MandateBody b;
  BOURSE_ASSIGN_OR_RETURN(std::string agent, r.String("agent_id", 64));
  b.agent_id = OrganizationId(agent);
  BOURSE_ASSIGN_OR_RETURN(auto bps, r.OptionalInt("commission_basis_points"));
  if (!bps) return errors::MissingField("commission_basis_points");
  if (*bps > 10000) return errors::InvalidField("commission_basis_points", "from 0 to 3000 (30 %)");
  b.commission_basis_points = static_cast<int>(*bps);
  BOURSE_ASSIGN_OR_RETURN(auto side, r.OptionalString("side", 16));
  if (side) {
    BOURSE_ASSIGN_OR_RETURN(b.side, EnumField<domain::MandateSide>("side", *side));
  }
  BOURSE_RETURN_IF_ERROR(r.Finish());
  return b;
}

json::object MandateJson(const domain::Mandate& m) {
  return {{"id", m.id.value()},          {"principal_id", m.principal.value()},
          {"agent_id", m.agent.value()}, {"commission_basis_points", m.commission_basis_points},
          {"active", m.active},          {"created_at", FormatRfc3339(m.created_at)},
          {"side", domain::Name(m.side)}};
}

json::object TermsJson(const domain::OfferTerms& t) {
  return {{"model", domain::Name(t.model)},
          {"amount", t.amount.minor},
          {"currency", t.amount.currency},
          {"quantity", t.quantity},
          {"delivery_mode", domain::Name(t.delivery_mode)}};
}

json::object DeclarationJson(const domain::Declaration& d) {
  return {{"purpose", d.purpose},
          {"scenario", d.scenario},
          {"manner_of_use", d.manner_of_use},
          {"region", d.region},
          {"delivery_region", d.delivery_region},
          {"duration_days", d.duration_days}};
}

json::object NegotiationJson(const domain::Negotiation& n) {
  json::array rounds;
  for (const auto& r : n.rounds) {
    json::object o{{"action", domain::Name(r.action)},
                   {"by", r.by.value()},
                   {"message", r.message},
                   {"at", FormatRfc3339(r.at)}};
    if (r.terms) o["terms"] = TermsJson(*r.terms);
    rounds.push_back(std::move(o));
  }
  return {
      {"id", n.id.value()},
      {"product_id", n.product_id.value()},
      {"revision", n.revision},
      {"buyer_id", n.buyer_id.value()},
      {"seller_id", n.seller_id.value()},
      {"state", domain::Name(n.state)},
      {"declaration", DeclarationJson(n.declaration)},
      {"terms", TermsJson(n.terms)},
      {"cross_border", n.cross_border},
      {"buyer_agent_id",
       n.buyer_agent_id ? json::value(n.buyer_agent_id->value()) : json::value(nullptr)},
      {"rounds", std::move(rounds)},
      {"contract_id", n.contract_id ? json::value(n.contract_id->value()) : json::value(nullptr)},
      {"termination_reason", n.termination_reason},
      {"created_at", FormatRfc3339(n.created_at)},
      {"updated_at", FormatRfc3339(n.updated_at)}};
}

json::object ContractJson(const domain::Contract& c) {
  return {{"id", c.id.value()},
          {"negotiation_id", c.negotiation_id.value()},
          {"product_id", c.product_id.value()},
          {"revision", c.revision},
          {"buyer_id", c.buyer_id.value()},
          {"seller_id", c.seller_id.value()},
          {"declaration", DeclarationJson(c.declaration)},
          {"terms", TermsJson(c.terms)},
          {"total", MoneyJson(c.total.minor, c.total.currency)},
          {"fee", MoneyJson(c.fee_minor, c.total.currency)},
          {"status", domain::Name(c.status)},
          {"trade_status", domain::Name(c.trade_status)},
          {"signed_at", FormatRfc3339(c.signed_at)},
          {"ends_at", FormatRfc3339(c.ends_at)},
          {"delivered_at", OptTime(c.delivered_at)},
          {"acceptance_due", OptTime(c.acceptance_due)},
          {"settled_at", OptTime(c.settled_at)},
          {"digest", c.digest},
          {"log_index", c.log_index},
          {"downloads", c.downloads},
          {"bytes_delivered", c.bytes_delivered},
          {"cross_border", c.cross_border},
          {"status_reason", c.status_reason},
          {"units_used", c.units_used},
          {"agent_id", c.agent_id ? json::value(c.agent_id->value()) : json::value(nullptr)},
          {"commission_basis_points", c.commission_basis_points},
          {"renews", c.renews},
          {"renewals", c.renewals},
          {"buyer_agent_id",
           c.buyer_agent_id ? json::value(c.buyer_agent_id->value()) : json::value(nullptr)},
          {"buyer_commission_basis_points", c.buyer_commission_basis_points},
          {"escrowed", MoneyJson(domain::EscrowedFor(c), c.total.currency)}};
}

json::object JournalEntryJson(const domain::JournalEntry& e) {
  json::array postings;
  for (const auto& p : e.postings)
    postings.push_back(json::object{{"account", p.account.Key()},
                                    {"kind", domain::Name(p.account.kind)},
                                    {"amount", p.amount},
                                    {"currency", p.account.currency}});
  return {{"id", e.id.value()},
          {"kind", domain::Name(e.kind)},
          {"reference", e.reference},
          {"organization_id",
           e.organization ? json::value(e.organization->value()) : json::value(nullptr)},
          {"contract_id", e.contract ? json::value(e.contract->value()) : json::value(nullptr)},
          {"postings", std::move(postings)},
          {"at", FormatRfc3339(e.at)}};
}

}  // namespace bourse::api
