// Posts a webhook notification: over TLS for https:// endpoints (the endpoint's certificate must
// chain to a trusted root and name its host), in the clear for http://. One connection per post,
// with connect and read deadlines. Registration admits only these two schemes.
#ifndef BOURSE_APP_WEBHOOK_POSTER_H_
#define BOURSE_APP_WEBHOOK_POSTER_H_

#include <string>
#include <utility>
#include <vector>

#include "base/status.h"
#include "crypto/tls.h"

namespace bourse::app {

// The HTTP status the endpoint answered, or Unavailable when it could not be reached, its
// certificate was not trusted, or it answered something other than HTTP.
StatusOr<int> PostWebhook(const std::string& url, const std::string& body,
                          const std::vector<std::pair<std::string, std::string>>& headers,
                          const crypto::TlsClientOptions& tls = {});

}  // namespace bourse::app

#endif  // BOURSE_APP_WEBHOOK_POSTER_H_
