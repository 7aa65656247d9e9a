#include "domain/trade.h"

#include <algorithm>

#include "base/errors.h"
#include "base/status_macros.h"
#include "base/strings.h"

namespace bourse::domain {
namespace {

using NS = NegotiationState;
using NA = NegotiationAction;
using TS = TradeStatus;
using TA = TradeAction;

struct NegotiationTransition {
  NS from;
  NA action;
  NS to;
};
// The Dataspace Protocol's contract negotiation state machine.
constexpr NegotiationTransition kNegotiationTable[] = {
    {NS::kRequested, NA::kOffer, NS::kOffered},
    {NS::kRequested, NA::kAgree, NS::kAgreed},
    {NS::kRequested, NA::kTerminate, NS::kTerminated},
    {NS::kOffered, NA::kRequest, NS::kRequested},  // The consumer's counter-offer.
    {NS::kOffered, NA::kAccept, NS::kAccepted},
    {NS::kOffered, NA::kTerminate, NS::kTerminated},
    {NS::kAccepted, NA::kAgree, NS::kAgreed},
    {NS::kAccepted, NA::kTerminate, NS::kTerminated},
    {NS::kAgreed, NA::kVerify, NS::kVerified},
    {NS::kAgreed, NA::kTerminate, NS::kTerminated},
    {NS::kVerified, NA::kFinalize, NS::kFinalized},
    {NS::kVerified, NA::kTerminate, NS::kTerminated},
};

struct TradeTransition {
  TS from;
  TA action;
  TS to;
};
constexpr TradeTransition kTradeTable[] = {
    {TS::kEscrowed, TA::kDeliver, TS::kDelivered},
    {TS::kEscrowed, TA::kCancel, TS::kCancelled},
    {TS::kDelivered, TA::kAccept, TS::kSettled},
    {TS::kDelivered, TA::kLapse, TS::kSettled},
    {TS::kDelivered, TA::kReject, TS::kDisputed},
    {TS::kDisputed, TA::kResolveRelease, TS::kSettled},
    {TS::kDisputed, TA::kResolveRefund, TS::kRefunded},
};

constexpr size_t kMaxText = 2000;

bool ValidRegion(std::string_view r) {
  // "CN", "SG", "CN-44", "CN-GD", "US-CA": two capitals, then optionally '-' and 1–3 capitals
  // or digits.
  if (r.size() < 2 || r.size() > 6) return false;
  if (!(r[0] >= 'A' && r[0] <= 'Z' && r[1] >= 'A' && r[1] <= 'Z')) return false;
  if (r.size() == 2) return true;
  if (r[2] != '-' || r.size() < 4) return false;
  for (char c : r.substr(3))
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
  return true;
}

}  // namespace

StatusOr<int64_t> TotalOf(const OfferTerms& terms) {
  int64_t total = 0;
  if (__builtin_mul_overflow(terms.amount.minor, terms.quantity, &total))
    return errors::InvalidField("terms.quantity", "the total price overflows");
  return total;
}

int64_t BuyerCommission(const Contract& c, int64_t charged) {
  if (!c.buyer_agent_id || c.buyer_commission_basis_points <= 0 || charged <= 0) return 0;
  // 128-bit product: any int64 amount times at most 10,000 basis points.
  return static_cast<int64_t>(static_cast<__int128>(charged) * c.buyer_commission_basis_points /
                              10'000);
}

int64_t EscrowedFor(const Contract& c) { return c.total.minor + BuyerCommission(c, c.total.minor); }

int64_t UnitsPerDelivery(PriceModel model, int64_t rows) {
  if (model == PriceModel::kPerCall) return 1;
  if (model == PriceModel::kPerThousandRecords) return std::max<int64_t>(1, (rows + 999) / 1000);
  return 0;
}

int64_t ChargeFor(const Contract& c) {
  if (!IsMetered(c.terms.model)) return c.total.minor;
  __int128 used = static_cast<__int128>(c.units_used) * c.terms.amount.minor;
  return static_cast<int64_t>(std::min<__int128>(used, c.total.minor));
}

NegotiationParty PartyOf(NegotiationAction action) {
  switch (action) {
    case NA::kRequest:
    case NA::kAccept:
    case NA::kVerify:
      return NegotiationParty::kConsumer;
    case NA::kOffer:
    case NA::kAgree:
    case NA::kFinalize:
      return NegotiationParty::kProvider;
    case NA::kTerminate:
      return NegotiationParty::kEither;
  }
  return NegotiationParty::kEither;
}

StatusOr<NegotiationState> NextNegotiationState(NegotiationState from, NegotiationAction action) {
  for (const auto& t : kNegotiationTable)
    if (t.from == from && t.action == action) return t.to;
  return errors::IllegalTransition(
      StrCat("a negotiation that is ", Name(from), " cannot take '", Name(action), "'"));
}

bool IsFinal(NegotiationState state) { return state == NS::kFinalized || state == NS::kTerminated; }

TradeActor ActorOf(TradeAction action) {
  switch (action) {
    case TA::kDeliver:
      return TradeActor::kSeller;
    case TA::kAccept:
    case TA::kReject:
      return TradeActor::kBuyer;
    case TA::kCancel:
      return TradeActor::kBuyerOrSeller;
    case TA::kResolveRelease:
    case TA::kResolveRefund:
      return TradeActor::kOperator;
    case TA::kLapse:
      return TradeActor::kSystem;
  }
  return TradeActor::kSystem;
}

StatusOr<TradeStatus> NextTradeStatus(TradeStatus from, TradeAction action) {
  for (const auto& t : kTradeTable)
    if (t.from == from && t.action == action) return t.to;
  return errors::IllegalTransition(
      StrCat("a trade that is ", Name(from), " cannot take '", Name(action), "'"));
}

Status ValidateDeclaration(const Declaration& d) {
  auto text = [](std::string_view field, const std::string& v) -> Status {
    if (v.empty()) return errors::MissingField(StrCat("declaration.", field));
    if (v.size() > kMaxText)
      return errors::InvalidField(StrCat("declaration.", field), "at most 2000 characters");
    return OkStatus();
  };
  BOURSE_RETURN_IF_ERROR(text("purpose", d.purpose));
  BOURSE_RETURN_IF_ERROR(text("scenario", d.scenario));
  BOURSE_RETURN_IF_ERROR(text("manner_of_use", d.manner_of_use));
  if (d.region.empty()) return errors::MissingField("declaration.region");
  if (!ValidRegion(d.region))
    return errors::InvalidField("declaration.region",
                                "an ISO 3166 code such as CN, CN-44 (Guangdong) or SG");
  if (!d.delivery_region.empty() && !ValidRegion(d.delivery_region))
    return errors::InvalidField("declaration.delivery_region", "an ISO 3166 code such as CN or SG");
  if (d.duration_days < 1 || d.duration_days > 3660)
    return errors::InvalidField("declaration.duration_days", "from 1 to 3660 days");
  return OkStatus();
}

Status ValidateTerms(const OfferTerms& t, std::string_view prefix) {
  if (t.amount.minor < 0)
    return errors::InvalidField(StrCat(prefix, ".amount"), "must not be negative");
  if (!IsCurrencyCode(t.amount.currency))
    return errors::InvalidField(StrCat(prefix, ".currency"),
                                "must be an ISO 4217 code such as CNY");
  if (t.quantity < 1 || t.quantity > 1'000'000'000)
    return errors::InvalidField(StrCat(prefix, ".quantity"), "from 1 to 1,000,000,000");
  if ((t.model == PriceModel::kOneOff) && t.quantity != 1)
    return errors::InvalidField(StrCat(prefix, ".quantity"), "a one-off sale has quantity 1");
  return TotalOf(t).status();
}

Status CheckTermsWithin(const OfferTerms& t, const MoneyBounds& bounds, std::string_view prefix) {
  BOURSE_RETURN_IF_ERROR(
      CheckMoney(t.amount, bounds, StrCat(prefix, ".amount"), StrCat(prefix, ".currency")));
  int64_t total = 0;
  if (__builtin_mul_overflow(t.amount.minor, t.quantity, &total) || total > bounds.max_minor)
    return errors::Make(StatusCode::kInvalidArgument, errors::kMoneyOutOfBounds,
                        StrCat("the total price (amount × quantity) must be at most ",
                               bounds.max_minor, " minor units"),
                        StrCat(prefix, ".quantity"));
  return OkStatus();
}

Status CheckDeclarationAgainst(const Declaration& d, const ProductDescription& product) {
  if (std::find(product.scenarios.begin(), product.scenarios.end(), d.scenario) ==
      product.scenarios.end())
    return errors::RuleViolation(
        StrCat("the product permits only these scenarios: ", StrJoin(product.scenarios, "; ")),
        "declaration.scenario");
  return OkStatus();
}

Status CheckTermsAgainst(const OfferTerms& t, const ProductDescription& product) {
  if (t.model != product.price.model)
    return errors::RuleViolation(StrCat("the product is priced ", Name(product.price.model)),
                                 "terms.model");
  if (t.amount.currency != product.price.amount.currency)
    return errors::RuleViolation(StrCat("the product is priced in ", product.price.amount.currency),
                                 "terms.currency");
  if (!product.delivery_modes.Has(t.delivery_mode))
    return errors::RuleViolation("the product does not offer this delivery mode",
                                 "terms.delivery_mode");
  return OkStatus();
}

bool IsOutsideMainland(std::string_view region) {
  if (region.size() < 2) return false;
  if (region.substr(0, 2) != "CN") return true;
  // ISO 3166-2:CN: Hong Kong, Macao and Taiwan are CN-HK, CN-MO, CN-TW (CN-91, CN-92, CN-71).
  const std::string_view sub = region.size() > 3 ? region.substr(3) : std::string_view();
  return sub == "HK" || sub == "MO" || sub == "TW" || sub == "91" || sub == "92" || sub == "71";
}

bool IsCrossBorder(const Declaration& d) {
  return IsOutsideMainland(d.region) ||
         (!d.delivery_region.empty() && IsOutsideMainland(d.delivery_region));
}

}  // namespace bourse::domain
