// The JSON wire format of the demand board, notifications and webhooks (docs/openapi.yaml).
#ifndef BOURSE_API_BOARD_WIRE_H_
#define BOURSE_API_BOARD_WIRE_H_

#include <boost/json.hpp>
#include <string>
#include <string_view>

#include "base/status.h"
#include "domain/demand.h"

namespace bourse::api {

StatusOr<domain::Demand> ParseDemand(std::string_view body);

struct DemandOfferBody {
  ProductId product_id;
  domain::OfferTerms terms;
  std::string message;
};
StatusOr<DemandOfferBody> ParseDemandOffer(std::string_view body);

// {"manner_of_use": "..."} (optional) when a buyer takes an offer.
StatusOr<std::string> ParseAcceptOffer(std::string_view body);
// {"url": "http://..."}
StatusOr<std::string> ParseWebhook(std::string_view body);

boost::json::object DemandJson(const domain::Demand& d);
boost::json::object DemandOfferJson(const domain::DemandOffer& o);
boost::json::object NotificationJson(const domain::Notification& n);
// The secret only when not empty (at creation).
boost::json::object WebhookJson(const domain::Webhook& w);
boost::json::object DeliveryJson(const domain::WebhookDelivery& d);

}  // namespace bourse::api

#endif  // BOURSE_API_BOARD_WIRE_H_
