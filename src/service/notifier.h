// Tells an organisation something inside the current use case's transaction: the notification
// is stored, and a delivery to each of its active webhooks is queued (the outbox), so that a
// notification exists exactly when the change it reports was committed.
#ifndef BOURSE_SERVICE_NOTIFIER_H_
#define BOURSE_SERVICE_NOTIFIER_H_

#include <string>

#include "base/clock.h"
#include "store/store.h"

namespace bourse::service {

Status Notify(store::Transaction& tx, const Clock& clock, const OrganizationId& org,
              std::string kind, std::string subject, std::string text);

}  // namespace bourse::service

#endif  // BOURSE_SERVICE_NOTIFIER_H_
