// Posts a webhook notification over plain HTTP/1.1 (Boost.Beast, one connection per post, a
// deadline on connecting, sending and reading). Only http:// URLs; https needs TLS, which the
// exchange does not yet speak to webhook endpoints (put a TLS-terminating proxy in front).
#ifndef BOURSE_DELIVERY_WEBHOOK_POSTER_H_
#define BOURSE_DELIVERY_WEBHOOK_POSTER_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "base/status.h"

namespace bourse::delivery {

// The HTTP status the endpoint answered, or Unavailable when it could not be reached in time.
StatusOr<int> PostWebhook(const std::string& url, const std::string& body,
                          const std::vector<std::pair<std::string, std::string>>& headers,
                          absl::Duration timeout = absl::Seconds(5));

}  // namespace bourse::delivery

#endif  // BOURSE_DELIVERY_WEBHOOK_POSTER_H_
