// Internal to the SQLite backend: the demand board, notifications and webhooks.
#ifndef BOURSE_STORE_SQLITE_SQLITE_BOARD_H_
#define BOURSE_STORE_SQLITE_SQLITE_BOARD_H_

#include "store/sqlite/connection.h"
#include "store/store.h"

namespace bourse::store::sqlite {

class SqliteDemands final : public DemandRepository {
 public:
  explicit SqliteDemands(Connection& c) : c_(c) {}
  Status Insert(domain::Demand* d) override;
  Status Update(const domain::Demand& d) override;
  StatusOr<domain::Demand> Get(const DemandId& id) override;
  StatusOr<std::vector<domain::Demand>> List(const DemandFilter& filter) override;
  StatusOr<std::vector<DemandId>> Expired(absl::Time now) override;
  Status InsertOffer(domain::DemandOffer* o) override;
  Status UpdateOffer(const domain::DemandOffer& o) override;
  StatusOr<domain::DemandOffer> GetOffer(const DemandOfferId& id) override;
  StatusOr<std::vector<domain::DemandOffer>> Offers(const DemandId& demand) override;

 private:
  Connection& c_;
};

class SqliteNotifications final : public NotificationRepository {
 public:
  explicit SqliteNotifications(Connection& c) : c_(c) {}
  Status Insert(domain::Notification* n) override;
  StatusOr<domain::Notification> Get(int64_t seq) override;
  StatusOr<std::vector<domain::Notification>> ListFor(const OrganizationId& org, int64_t before_seq,
                                                      int limit) override;
  Status InsertWebhook(const domain::Webhook& w) override;
  StatusOr<domain::Webhook> GetWebhook(const WebhookId& id) override;
  StatusOr<std::vector<domain::Webhook>> Webhooks(const OrganizationId& org) override;
  StatusOr<std::vector<domain::Webhook>> AllWebhooks() override;
  Status UpdateWebhookSecret(const WebhookId& id, const std::string& secret) override;
  Status DeactivateWebhook(const WebhookId& id) override;
  StatusOr<std::vector<domain::WebhookDelivery>> DueDeliveries(absl::Time now, int limit) override;
  Status UpdateDelivery(const domain::WebhookDelivery& d) override;
  StatusOr<std::vector<domain::WebhookDelivery>> Deliveries(const WebhookId& id,
                                                            int limit) override;

 private:
  Connection& c_;
};

}  // namespace bourse::store::sqlite

#endif  // BOURSE_STORE_SQLITE_SQLITE_BOARD_H_
