// Trading (W4 in domain-rules.md §5): the buyer's transaction declaration, the contract
// negotiation (modelled on the Dataspace Protocol: requested, offered, accepted, agreed,
// verified, finalized, terminated), the contract it produces, and the contract's money and
// delivery states. Pure values and rules: no I/O.
//
// Every state change goes through a transition table (NextNegotiationState, NextTradeStatus);
// anything not in a table is illegal. Money is integer minor units.
#ifndef BOURSE_DOMAIN_TRADE_H_
#define BOURSE_DOMAIN_TRADE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "base/ids.h"
#include "base/status.h"
#include "domain/enums.h"
#include "domain/money.h"
#include "domain/product.h"

namespace bourse::domain {

// The buyer's transaction declaration (交易声明): how the data will be used. It is mandatory and
// becomes part of the contract.
struct Declaration {
  std::string purpose;
  std::string scenario;         // One of the product's permitted scenarios.
  std::string manner_of_use;    // For example "internal model training; no onward transfer".
  std::string region;           // Where the data is used: ISO 3166 code, "CN-44", "CN", "SG" …
  std::string delivery_region;  // Where it is delivered, when not `region`.
  int duration_days = 365;      // How long the contract's rights last.
  friend bool operator==(const Declaration&, const Declaration&) = default;
};

// Price terms under negotiation. `amount` is the unit price: the whole price for a one-off
// sale, one period for a subscription, one call for per-call, 1,000 records for per-record.
// `quantity` is how many units the buyer prepays.
struct OfferTerms {
  PriceModel model = PriceModel::kOneOff;
  Money amount;
  int64_t quantity = 1;
  DeliveryMode delivery_mode = DeliveryMode::kFile;
  friend bool operator==(const OfferTerms&, const OfferTerms&) = default;
};

// Per-call and per-1,000-records contracts are charged from metered usage.
inline bool IsMetered(PriceModel model) {
  return model == PriceModel::kPerCall || model == PriceModel::kPerThousandRecords;
}

// The total of `terms` in minor units; InvalidArgument on overflow.
StatusOr<int64_t> TotalOf(const OfferTerms& terms);

struct NegotiationRound {
  NegotiationAction action = NegotiationAction::kRequest;
  OrganizationId by;
  std::optional<OfferTerms> terms;  // Set for request and offer.
  std::string message;
  absl::Time at;
  friend bool operator==(const NegotiationRound&, const NegotiationRound&) = default;
};

struct Negotiation {
  NegotiationId id;
  int64_t seq = 0;
  ProductId product_id;
  int revision = 0;  // The product revision under negotiation.
  OrganizationId buyer_id;
  OrganizationId seller_id;
  Declaration declaration;
  OfferTerms terms;  // The latest terms on the table.
  NegotiationState state = NegotiationState::kRequested;
  std::vector<NegotiationRound> rounds;
  std::optional<ContractId> contract_id;
  std::string termination_reason;
  bool cross_border = false;
  // A data merchant that asked for it under the buyer's mandate.
  std::optional<OrganizationId> buyer_agent_id;
  absl::Time created_at;
  absl::Time updated_at;
  friend bool operator==(const Negotiation&, const Negotiation&) = default;
};

struct Contract {
  ContractId id;
  int64_t seq = 0;
  NegotiationId negotiation_id;
  ProductId product_id;
  int revision = 0;
  OrganizationId buyer_id;
  OrganizationId seller_id;
  Declaration declaration;
  OfferTerms terms;
  Money total;            // What the buyer paid into escrow.
  int64_t fee_minor = 0;  // The exchange's fee, fixed at clearing.
  ContractStatus status = ContractStatus::kActive;
  TradeStatus trade_status = TradeStatus::kEscrowed;
  absl::Time signed_at;
  absl::Time ends_at;  // signed_at + the declared duration.
  std::optional<absl::Time> delivered_at;
  std::optional<absl::Time> acceptance_due;
  std::optional<absl::Time> settled_at;
  std::string digest;  // SHA-256 (hex) of the canonical ODRL agreement.
  int64_t log_index = -1;
  int64_t downloads = 0;
  int64_t bytes_delivered = 0;
  // Per-call and per-record contracts: calls, or thousands of records, delivered so far.
  int64_t units_used = 0;
  bool cross_border = false;
  std::string status_reason;
  std::vector<CertificateId> certificate_ids;  // Trade certificates issued on settlement.
  // A data merchant that sold under the seller's mandate, and its commission.
  std::optional<OrganizationId> agent_id;
  int commission_basis_points = 0;
  // A data merchant that bought under the buyer's mandate. Its commission (on what the buyer is
  // charged) is paid by the buyer on top of the price: escrowed with it, cleared to the merchant.
  std::optional<OrganizationId> buyer_agent_id;
  int buyer_commission_basis_points = 0;
  // A subscription renews for another term of the declared duration, at the contracted total,
  // when its term ends — until the buyer stops it or cannot pay. `renewals` counts the terms
  // after the first.
  bool renews = false;
  int renewals = 0;
  friend bool operator==(const Contract&, const Contract&) = default;

  // Whether the exchange renews the subscription at `now`: its term has ended while it is
  // active, settled and renewing.
  bool RenewalDue(absl::Time now) const {
    return renews && terms.model == PriceModel::kSubscription &&
           status == ContractStatus::kActive && trade_status == TradeStatus::kSettled &&
           now >= ends_at;
  }

  // Whether the buyer may receive the data at `now`. A metered contract's prepaid quantity
  // closes when it is settled (usage is charged then, the rest refunded).
  bool Live(absl::Time now) const {
    return status == ContractStatus::kActive && now < ends_at &&
           (trade_status == TradeStatus::kEscrowed || trade_status == TradeStatus::kDelivered ||
            trade_status == TradeStatus::kDisputed ||
            (trade_status == TradeStatus::kSettled && !IsMetered(terms.model)));
  }
};

// The buyer-side merchant's commission on `charged` (rounded down); 0 without one.
int64_t BuyerCommission(const Contract& c, int64_t charged);
// What the buyer pays into escrow for one term: the total and its merchant's commission.
int64_t EscrowedFor(const Contract& c);

// The units one whole delivery of a file of `rows` records uses: one call, or the thousands of
// records it carries (rounded up); 0 for other price models.
int64_t UnitsPerDelivery(PriceModel model, int64_t rows);
// What clearing charges: the total, or for a metered contract the units used at the unit price
// (never more than was paid into escrow).
int64_t ChargeFor(const Contract& c);

// A seller's mandate to a data merchant to sell on its behalf (negotiate, sign, deliver), for a
// commission taken from the seller's proceeds at clearing.
struct Mandate {
  MandateId id;
  OrganizationId principal;  // The seller, or the buyer.
  OrganizationId agent;      // The data merchant.
  int commission_basis_points = 0;
  bool active = true;
  absl::Time created_at;
  MandateSide side = MandateSide::kSeller;
  friend bool operator==(const Mandate&, const Mandate&) = default;
};
inline constexpr int kMaxCommissionBasisPoints = 3000;

// Who may take a negotiation action: the consumer (buyer), the provider (seller), or either.
enum class NegotiationParty { kConsumer, kProvider, kEither };
NegotiationParty PartyOf(NegotiationAction action);
StatusOr<NegotiationState> NextNegotiationState(NegotiationState from, NegotiationAction action);
bool IsFinal(NegotiationState state);

enum class TradeActor { kBuyer, kSeller, kBuyerOrSeller, kOperator, kSystem };
TradeActor ActorOf(TradeAction action);
StatusOr<TradeStatus> NextTradeStatus(TradeStatus from, TradeAction action);

// Checks the declaration's own fields (InvalidField naming the field).
Status ValidateDeclaration(const Declaration& d);
// Checks terms (InvalidField naming the field under `prefix`).
Status ValidateTerms(const OfferTerms& t, std::string_view prefix = "terms");
// Terms within the venue's money bounds: the price and the total (price × quantity)
// ("money-out-of-bounds" naming `prefix`.amount, .currency or .quantity).
Status CheckTermsWithin(const OfferTerms& t, const MoneyBounds& bounds,
                        std::string_view prefix = "terms");
// The declaration against the product: the scenario must be one the product permits
// (RuleViolation naming "declaration.scenario").
Status CheckDeclarationAgainst(const Declaration& d, const ProductDescription& product);
// The terms against the product: its price model and a delivery mode it offers.
Status CheckTermsAgainst(const OfferTerms& t, const ProductDescription& product);

// Whether an ISO 3166 region code lies outside the mainland (Hong Kong, Macao and Taiwan count
// as outside, as is usual for outbound transfers).
bool IsOutsideMainland(std::string_view region);
// Whether the declaration makes the trade cross-border (its use or delivery region is outside).
bool IsCrossBorder(const Declaration& d);

}  // namespace bourse::domain

#endif  // BOURSE_DOMAIN_TRADE_H_
