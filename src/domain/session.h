// Console sign-in: an organisation's password and its browser sessions.
//
// A session is a random secret carried in an HttpOnly cookie; only its SHA-256 is stored. Each
// session has its own CSRF token, which the console sends back in a header on every write.
#ifndef BOURSE_DOMAIN_SESSION_H_
#define BOURSE_DOMAIN_SESSION_H_

#include <optional>
#include <string>

#include "absl/time/time.h"
#include "base/ids.h"

namespace bourse::domain {

struct Session {
  std::string secret_hash;  // Lowercase hex SHA-256 of the cookie's secret.
  OrganizationId organization;
  std::optional<TokenId> token;  // Set when signed in with an API token: it ends with it.
  std::string csrf_token;
  absl::Time created_at;
  absl::Time expires_at;
};

struct PasswordCredential {
  OrganizationId organization;
  std::string hash;  // crypto/password.h's encoded scrypt hash.
  absl::Time updated_at;
};

}  // namespace bourse::domain

#endif  // BOURSE_DOMAIN_SESSION_H_
