// API tokens: random 256-bit bearer secrets shown once; only their SHA-256 is kept.
#ifndef BOURSE_DOMAIN_API_TOKEN_H_
#define BOURSE_DOMAIN_API_TOKEN_H_

#include <optional>
#include <string>

#include "absl/time/time.h"
#include "base/ids.h"

namespace bourse::domain {

struct ApiToken {
  TokenId id;
  OrganizationId organization;
  std::string name;
  std::string secret_hash;  // Lowercase hex SHA-256 of the secret.
  absl::Time created_at;
  std::optional<absl::Time> revoked_at;
  bool active() const { return !revoked_at.has_value(); }
  friend bool operator==(const ApiToken&, const ApiToken&) = default;
};

}  // namespace bourse::domain

#endif  // BOURSE_DOMAIN_API_TOKEN_H_
