// The supply-and-demand board (Shenzhen's 供需对接): buyers post what they need, the exchange
// matches it against listed products, merchants answer with offers, and a buyer who takes an
// offer starts a negotiation from it. Also what participants are told (notifications) and where
// (webhooks). Pure values and rules: no I/O.
#ifndef BOURSE_DOMAIN_DEMAND_H_
#define BOURSE_DOMAIN_DEMAND_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "base/ids.h"
#include "base/status.h"
#include "domain/enums.h"
#include "domain/product.h"
#include "domain/trade.h"

namespace bourse::domain {

struct Demand {
  DemandId id;
  int64_t seq = 0;
  OrganizationId buyer_id;
  std::string title;
  std::string description;
  std::vector<std::string> fields;  // Fields the buyer needs ("uscc", "monthly kWh" …).
  std::string coverage;             // Temporal and spatial coverage wanted.
  std::string purpose;
  std::string scenario;
  std::string region;  // Where the data would be used (ISO 3166).
  std::optional<Sector> sector;
  Money budget;
  absl::Time deadline;
  DemandStatus status = DemandStatus::kOpen;
  absl::Time created_at;
  friend bool operator==(const Demand&, const Demand&) = default;
};

struct DemandOffer {
  DemandOfferId id;
  int64_t seq = 0;
  DemandId demand_id;
  OrganizationId merchant_id;
  ProductId product_id;
  OfferTerms terms;
  std::string message;
  DemandOfferStatus status = DemandOfferStatus::kOpen;
  std::optional<NegotiationId> negotiation_id;
  absl::Time created_at;
  friend bool operator==(const DemandOffer&, const DemandOffer&) = default;
};

// InvalidField naming the field; `now` bounds the deadline.
Status ValidateDemand(const Demand& d, absl::Time now);

// How well a listed product answers a demand, from what the exchange knows without reading the
// data: the share of the demand's words found in the product's text (each weighted by how rare
// it is among listed products), whether its scenarios include the demand's, its sector, and
// whether its list price fits the budget. Higher is better; 0 means no match at all.
struct MatchSignals {
  double text = 0;  // 0..1: weighted share of the demand's words the product contains.
  bool scenario = false;
  bool sector = false;
  bool within_budget = false;
};
double MatchScore(const MatchSignals& s);

// Something a participant should know about, shown in the console and posted to its webhooks.
struct Notification {
  int64_t seq = 0;
  OrganizationId organization;
  std::string kind;     // "demand.matched", "offer.received", "negotiation.step" …
  std::string subject;  // The id it is about.
  std::string text;
  absl::Time created_at;
  friend bool operator==(const Notification&, const Notification&) = default;
};

struct Webhook {
  WebhookId id;
  OrganizationId organization;
  std::string url;     // http:// or https://
  std::string secret;  // HMAC key, shown once at creation.
  bool active = true;
  absl::Time created_at;
  friend bool operator==(const Webhook&, const Webhook&) = default;
};

// One attempt to post one notification to one webhook.
struct WebhookDelivery {
  int64_t seq = 0;
  WebhookId webhook_id;
  int64_t notification_seq = 0;
  int attempts = 0;
  int last_status = 0;  // HTTP status of the last attempt; 0 when it could not connect.
  std::string last_error;
  bool delivered = false;
  bool abandoned = false;  // Gave up after the last retry.
  absl::Time next_attempt_at;
  absl::Time updated_at;
};

// Exponential backoff: the delay before attempt `attempt` + 1 (1 s, 2 s, 4 s … capped at an
// hour); after `kMaxWebhookAttempts` the delivery is abandoned.
inline constexpr int kMaxWebhookAttempts = 8;
absl::Duration WebhookBackoff(int attempt);
// Whether a URL may be a webhook target: https:// (the endpoint's certificate is verified) or
// http://, a host, no credentials, at most 500 characters.
Status ValidateWebhookUrl(const std::string& url);
// The signature header value: "t=<unix seconds>,v1=<hex HMAC-SHA-256 of "<t>.<body>">" — computed
// by the caller with crypto; this builds the signed string.
std::string WebhookSignedPayload(int64_t unix_seconds, const std::string& body);

}  // namespace bourse::domain

#endif  // BOURSE_DOMAIN_DEMAND_H_
