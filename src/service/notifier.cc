#include "service/notifier.h"

namespace bourse::service {

Status Notify(store::Transaction& tx, const Clock& clock, const OrganizationId& org,
              std::string kind, std::string subject, std::string text) {
  domain::Notification n;
  n.organization = org;
  n.kind = std::move(kind);
  n.subject = std::move(subject);
  n.text = std::move(text);
  n.created_at = clock.Now();
  return tx.notifications().Insert(&n);
}

}  // namespace bourse::service
