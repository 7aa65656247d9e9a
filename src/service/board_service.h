// The supply-and-demand board (Shenzhen's 供需对接) and what participants are told about it.
//
// Buyers post demands; the exchange matches each against the listed products (the demand's words
// in the catalogue's full-text index, each weighted by how rare it is, plus scenario, sector and
// budget) and tells the buyer and the sellers of the best matches. Merchants answer with offers
// on their own listed products; a buyer who takes an offer starts a negotiation from it with the
// demand's purpose, scenario and region as its declaration. Notifications are kept per
// organisation and, through an outbox written in the same transaction, posted to its webhooks
// with an HMAC-SHA-256 signature, retried with exponential backoff, every attempt recorded.
// Thread-safe.
#ifndef BOURSE_SERVICE_BOARD_SERVICE_H_
#define BOURSE_SERVICE_BOARD_SERVICE_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/random.h"
#include "crypto/data_keys.h"
#include "domain/demand.h"
#include "domain/principal.h"
#include "log/transparency_log.h"
#include "service/product_service.h"
#include "service/trade_service.h"
#include "store/store.h"

namespace bourse::service {

struct DemandMatch {
  ProductId product_id;
  OrganizationId seller_id;
  std::string title;
  domain::Money price;
  domain::MatchSignals signals;
  double score = 0;
};

struct DemandView {
  domain::Demand demand;
  std::vector<DemandMatch> matches;         // For the buyer and the operator.
  std::vector<domain::DemandOffer> offers;  // All for the buyer; a merchant's own otherwise.
};

// Posts `body` to `url` with `headers`; returns the HTTP status, or an error when the endpoint
// could not be reached. The seam between the outbox and the network.
using WebhookPoster =
    std::function<StatusOr<int>(const std::string& url, const std::string& body,
                                const std::vector<std::pair<std::string, std::string>>& headers)>;

// Checks a webhook URL's endpoint before it is registered (resolution and address policy, see
// app/webhook_poster.h); OK or the problem naming "url".
using WebhookEndpointCheck = std::function<Status(const std::string& url)>;

class BoardService {
 public:
  BoardService(store::Store& store, const Clock& clock, Random& random, log::TransparencyLog& log,
               ProductService& products, TradeService& trades)
      : store_(store),
        clock_(clock),
        random_(random),
        log_(log),
        products_(products),
        trades_(trades) {}

  StatusOr<DemandView> Post(const domain::Principal& caller, const domain::Demand& demand);
  StatusOr<DemandView> Get(const domain::Principal& caller, const DemandId& id);
  // The board: open demands (any admitted participant), or the caller's own in any status.
  StatusOr<std::vector<domain::Demand>> List(const domain::Principal& caller, bool mine,
                                             int64_t after_seq, int limit);
  StatusOr<DemandView> Close(const domain::Principal& caller, const DemandId& id);
  // The best listed products for a demand, best first (at most `limit`).
  StatusOr<std::vector<DemandMatch>> Match(const domain::Demand& demand, int limit);

  StatusOr<domain::DemandOffer> Offer(const domain::Principal& caller, const DemandId& demand,
                                      const ProductId& product, const domain::OfferTerms& terms,
                                      const std::string& message);
  StatusOr<domain::DemandOffer> WithdrawOffer(const domain::Principal& caller,
                                              const DemandOfferId& id);
  // The buyer takes an offer: a negotiation starts from it (the seller then agrees).
  StatusOr<domain::Negotiation> AcceptOffer(const domain::Principal& caller,
                                            const DemandOfferId& id,
                                            const std::string& manner_of_use);

  StatusOr<std::vector<domain::Notification>> Notifications(const domain::Principal& caller,
                                                            int64_t before_seq, int limit);
  // Registers a webhook; the returned secret is shown once.
  // Registers a webhook; its endpoint must pass the check set with SetEndpointCheck.
  StatusOr<domain::Webhook> AddWebhook(const domain::Principal& caller, const std::string& url);
  void SetEndpointCheck(WebhookEndpointCheck check) { endpoint_check_ = std::move(check); }
  // Webhook signing secrets are stored sealed under these keys (crypto/data_keys.h); without
  // keys they are stored as given.
  void SetSecretKeys(crypto::DataKeys* keys) { secret_keys_ = keys; }
  // Seals every stored secret not yet sealed under the active key (after a migration or a key
  // rotation); returns how many were sealed.
  StatusOr<int64_t> SealStoredSecrets();
  StatusOr<std::vector<domain::Webhook>> Webhooks(const domain::Principal& caller);
  Status RemoveWebhook(const domain::Principal& caller, const WebhookId& id);
  StatusOr<std::vector<domain::WebhookDelivery>> Deliveries(const domain::Principal& caller,
                                                            const WebhookId& id, int limit);

  // Expires demands past their deadline.
  StatusOr<int> Sweep();
  // Attempts every due webhook delivery once through `post`; returns how many were attempted.
  StatusOr<int> DeliverWebhooks(const WebhookPoster& post, int limit = 100);

 private:
  StatusOr<domain::Demand> LoadVisible(store::Transaction& tx, const domain::Principal& caller,
                                       const DemandId& id);

  store::Store& store_;
  const Clock& clock_;
  Random& random_;
  log::TransparencyLog& log_;
  ProductService& products_;
  TradeService& trades_;
  WebhookEndpointCheck endpoint_check_;
  crypto::DataKeys* secret_keys_ = nullptr;
};

}  // namespace bourse::service

#endif  // BOURSE_SERVICE_BOARD_SERVICE_H_
