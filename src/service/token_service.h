// API tokens: minting, listing, revoking and authenticating bearer secrets.
//
// A secret is "bsk_" + base64url(32 random bytes), shown once; only its SHA-256 is stored.
// Authenticate maps a secret to the Principal acting through it. Thread-safe.
//
// Authenticated principals are cached for `cache_ttl` (default 5 s) to keep the database off the
// hot path. Revoking a token, or a decision on its organisation, drops the affected entries at
// once in this process; other processes sharing the database see the change within `cache_ttl`.
#ifndef BOURSE_SERVICE_TOKEN_SERVICE_H_
#define BOURSE_SERVICE_TOKEN_SERVICE_H_

#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "base/clock.h"
#include "base/random.h"
#include "base/status.h"
#include "domain/api_token.h"
#include "domain/principal.h"
#include "store/store.h"

namespace bourse::service {

struct IssuedToken {
  domain::ApiToken token;
  std::string secret;  // Shown once; never stored.
};

inline constexpr size_t kMaxTokenNameLength = 100;
inline constexpr int kMaxActiveTokensPerOrganization = 50;

class TokenService {
 public:
  TokenService(store::Store& store, const Clock& clock, Random& random,
               absl::Duration cache_ttl = absl::Seconds(5))
      : store_(store), clock_(clock), random_(random), cache_ttl_(cache_ttl) {}

  // Mints a token for the caller's organisation. InvalidArgument (field "name") for a bad name,
  // FailedPrecondition when the organisation already has the maximum number of active tokens.
  StatusOr<IssuedToken> Create(const domain::Principal& caller, const std::string& name);
  // The caller's organisation's tokens (without secrets), oldest first.
  StatusOr<std::vector<domain::ApiToken>> List(const domain::Principal& caller);
  // Revokes one of the caller's tokens; NotFound for a foreign or unknown id.
  Status Revoke(const domain::Principal& caller, const TokenId& id);
  // Unauthenticated for a malformed, unknown or revoked secret.
  StatusOr<domain::Principal> Authenticate(std::string_view secret);

  // Mints a token inside an existing transaction (used by admission and bootstrap).
  StatusOr<IssuedToken> IssueIn(store::Transaction& tx, const OrganizationId& org,
                                const std::string& name);
  // Drops cached principals of `org` (its roles or status changed), and tells the listeners.
  void ForgetOrganization(const OrganizationId& org);
  // Adds a listener that ForgetOrganization calls (caches of sessions, say). Call before the
  // service is shared between threads.
  void OnForget(std::function<void(const OrganizationId&)> listener) {
    forget_listeners_.push_back(std::move(listener));
  }

 private:
  struct CachedPrincipal {
    domain::Principal principal;
    absl::Time expires;
  };
  static constexpr size_t kMaxCachedPrincipals = 10000;

  store::Store& store_;
  const Clock& clock_;
  Random& random_;
  const absl::Duration cache_ttl_;
  absl::Mutex cache_mu_;
  std::vector<std::function<void(const OrganizationId&)>> forget_listeners_;
  std::unordered_map<std::string, CachedPrincipal> cache_
      ABSL_GUARDED_BY(cache_mu_);  // By secret hash.
};

}  // namespace bourse::service

#endif  // BOURSE_SERVICE_TOKEN_SERVICE_H_
