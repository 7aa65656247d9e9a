// Posts a webhook notification with the exchange's HTTP client (one connection per post; the
// client's connect and request deadlines apply). Only http:// URLs reach here: registration
// refuses others.
#ifndef BOURSE_APP_WEBHOOK_POSTER_H_
#define BOURSE_APP_WEBHOOK_POSTER_H_

#include <string>
#include <utility>
#include <vector>

#include "base/status.h"

namespace bourse::app {

// The HTTP status the endpoint answered, or Unavailable when it could not be reached.
StatusOr<int> PostWebhook(const std::string& url, const std::string& body,
                          const std::vector<std::pair<std::string, std::string>>& headers);

}  // namespace bourse::app

#endif  // BOURSE_APP_WEBHOOK_POSTER_H_
