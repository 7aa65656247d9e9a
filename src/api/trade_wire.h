// The JSON wire format of negotiations, contracts, the ledger and cross-border cases
// (docs/openapi.yaml). Parse* read request bodies strictly, naming the field at fault; *Json
// render responses. Money is {"amount": minor units, "currency": ISO 4217}.
#ifndef BOURSE_API_TRADE_WIRE_H_
#define BOURSE_API_TRADE_WIRE_H_

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "api/json_reader.h"
#include "base/status.h"
#include "domain/ledger.h"
#include "domain/trade.h"

namespace bourse::api {

// Terms as an object member: {"model", "amount", "currency", "quantity"?, "delivery_mode"?}.
StatusOr<domain::OfferTerms> ParseTerms(ObjectReader& r);

struct TradeRequestBody {
  ProductId product_id;
  domain::Declaration declaration;
  std::optional<domain::OfferTerms> terms;
  std::string message;
  bool instant = false;                    // Buy at the list price in one step.
  std::optional<OrganizationId> buyer_id;  // A merchant buying under this buyer's mandate.
};
StatusOr<TradeRequestBody> ParseTradeRequest(std::string_view body);

struct NegotiationStepBody {
  domain::NegotiationAction action = domain::NegotiationAction::kAgree;
  std::optional<domain::OfferTerms> terms;
  std::string message;
};
StatusOr<NegotiationStepBody> ParseNegotiationStep(std::string_view body);

struct TradeActionBody {
  domain::TradeAction action = domain::TradeAction::kAccept;
  std::string reason;
};
StatusOr<TradeActionBody> ParseTradeAction(std::string_view body);

struct ContractActionBody {
  domain::ContractAction action = domain::ContractAction::kTerminate;
  std::string reason;
};
StatusOr<ContractActionBody> ParseContractAction(std::string_view body);

// A deposit or a withdrawal recorded by the operator.
struct MoneyMovementBody {
  OrganizationId organization_id;
  domain::Money amount;
  std::string bank_reference;
};
StatusOr<MoneyMovementBody> ParseMoneyMovement(std::string_view body);

struct MandateBody {
  OrganizationId agent_id;
  int commission_basis_points = 0;
  domain::MandateSide side = domain::MandateSide::kSeller;
};
StatusOr<MandateBody> ParseMandate(std::string_view body);
boost::json::object MandateJson(const domain::Mandate& m);

boost::json::object TermsJson(const domain::OfferTerms& t);
boost::json::object NegotiationJson(const domain::Negotiation& n);
boost::json::object ContractJson(const domain::Contract& c);
boost::json::object JournalEntryJson(const domain::JournalEntry& e);

}  // namespace bourse::api

#endif  // BOURSE_API_TRADE_WIRE_H_
