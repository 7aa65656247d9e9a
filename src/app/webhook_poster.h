// Posts a webhook notification: over TLS for https:// endpoints (the endpoint's certificate must
// chain to a trusted root and name its host), in the clear for http://. One connection per post,
// with connect and read deadlines. Registration admits only these two schemes.
//
// No server-side request forgery: the endpoint's host is resolved and every address it resolves
// to must be public (base/ip_address.h) — at registration (CheckWebhookEndpoint) and again at
// every delivery — and the connection goes to the address that was checked, so a name that
// later resolves elsewhere (DNS rebinding) cannot redirect it. `allow_private`
// (config `webhook_allow_private`) lifts the address check for on-premises deployments.
#ifndef BOURSE_APP_WEBHOOK_POSTER_H_
#define BOURSE_APP_WEBHOOK_POSTER_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "crypto/tls.h"

namespace bourse::app {

// The HTTP status the endpoint answered, or Unavailable when it could not be reached, its
// certificate was not trusted, or it answered something other than HTTP.
StatusOr<int> PostWebhook(const std::string& url, const std::string& body,
                          const std::vector<std::pair<std::string, std::string>>& headers,
                          const crypto::TlsClientOptions& tls = {}, bool allow_private = false);

// The addresses (numeric) `host` resolves to. Unavailable when it does not resolve;
// RuleViolation naming "url" and the address when any of them is not public, unless
// `allow_private`.
StatusOr<std::vector<std::string>> ResolveOutbound(const std::string& host, const std::string& port,
                                                   bool allow_private);

// The registration check: OK when `url`'s host resolves to public addresses only (anything, with
// `allow_private`); otherwise a problem naming "url".
Status CheckWebhookEndpoint(const std::string& url, bool allow_private);

}  // namespace bourse::app

#endif  // BOURSE_APP_WEBHOOK_POSTER_H_
