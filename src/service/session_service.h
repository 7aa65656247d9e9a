// Console sign-in: organisations' passwords and browser sessions (domain/session.h).
//
// An organisation's admin — whoever holds one of its API tokens — sets its console password.
// A person signs in with that password (naming the organisation by id or USCC) or with an API
// token; either way they get a session: a random secret for an HttpOnly cookie ("bss_" +
// base64url(32 bytes), only its SHA-256 stored) and a CSRF token that every write must echo.
// A session signed in with a token ends when the token is revoked; changing the password ends
// the password sessions. Passwords are hashed with scrypt (crypto/password.h) on a bounded pool
// of worker threads (service/password_workers.h), never on the caller's thread; a hash made at a
// lower cost than the configured one is replaced at the next good sign-in. Password sign-in is
// rate-limited per client address and, for failures, per organisation
// (service/sign_in_throttle.h); the organisation is notified when its failures reach the limit.
//
// Authenticated sessions are cached for `cache_ttl` like tokens (service/token_service.h).
// Thread-safe.
#ifndef BOURSE_SERVICE_SESSION_SERVICE_H_
#define BOURSE_SERVICE_SESSION_SERVICE_H_

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "base/clock.h"
#include "base/random.h"
#include "base/status.h"
#include "crypto/password.h"
#include "domain/principal.h"
#include "domain/session.h"
#include "service/password_workers.h"
#include "service/sign_in_throttle.h"
#include "service/token_service.h"
#include "store/store.h"

namespace bourse::service {

struct SessionOptions {
  absl::Duration lifetime = absl::Hours(12);
  crypto::ScryptCost cost;
  absl::Duration cache_ttl = absl::Seconds(5);
  PasswordWorkers* workers = nullptr;  // Null: a pool of one thread of the service's own.
  SignInThrottleOptions throttle;
};

inline constexpr size_t kMinPasswordLength = 12;  // Characters.
inline constexpr size_t kMaxPasswordBytes = 256;

// A session as its holder sees it.
struct SessionView {
  domain::Principal principal;
  std::string organization_name;
  std::string csrf_token;
  absl::Time expires_at;
  bool with_token = false;  // Signed in with an API token rather than a password.
};

struct SignedIn {
  std::string secret;  // For the cookie; never stored.
  SessionView view;
};

class SessionService {
 public:
  SessionService(store::Store& store, TokenService& tokens, const Clock& clock, Random& random,
                 SessionOptions options = {})
      : store_(store),
        tokens_(tokens),
        clock_(clock),
        random_(random),
        options_(options),
        own_workers_(options.workers == nullptr ? std::make_unique<PasswordWorkers>() : nullptr),
        workers_(options.workers != nullptr ? *options.workers : *own_workers_),
        throttle_(options.throttle) {
    // A decision on an organisation drops its cached sessions as it drops its cached tokens.
    tokens_.OnForget([this](const OrganizationId& org) { Forget(org); });
  }

  // Sets `org`'s console password. Only the organisation itself may (Forbidden otherwise, and for
  // the regulator); InvalidArgument (field "password") for fewer than 12 characters, more than
  // 256 bytes or invalid UTF-8. Ends the organisation's password sessions.
  Status SetPassword(const domain::Principal& caller, const OrganizationId& org,
                     const std::string& password);

  // Unauthenticated for an unknown, malformed or revoked token.
  StatusOr<SignedIn> SignInWithToken(std::string_view token_secret);
  // `organization` is an organisation id or USCC. Unauthenticated, with one message for every
  // cause, when the organisation is unknown, has no password or the password is wrong;
  // too-many-requests (with a retry time) past the limits for `client_address` or for the
  // organisation's failures, or when the hashing queue is full.
  StatusOr<SignedIn> SignInWithPassword(const std::string& organization,
                                        const std::string& password,
                                        const std::string& client_address = "unknown");

  // Unauthenticated for an unknown, malformed or expired session, or one whose token was revoked.
  StatusOr<SessionView> Authenticate(std::string_view secret);
  // Ends the session (a no-op for an unknown one).
  Status SignOut(std::string_view secret);

  absl::Duration lifetime() const { return options_.lifetime; }

 private:
  StatusOr<SignedIn> Open(store::Transaction& tx, const OrganizationId& org,
                          std::optional<TokenId> token);
  void Forget(const OrganizationId& org);

  static constexpr size_t kMaxCached = 10000;
  store::Store& store_;
  TokenService& tokens_;
  const Clock& clock_;
  Random& random_;
  const SessionOptions options_;
  std::unique_ptr<PasswordWorkers> own_workers_;
  PasswordWorkers& workers_;
  SignInThrottle throttle_;
  absl::Mutex cache_mu_;
  struct Cached {
    SessionView view;
    absl::Time until;
  };
  std::unordered_map<std::string, Cached> cache_ ABSL_GUARDED_BY(cache_mu_);  // By secret hash.
};

}  // namespace bourse::service

#endif  // BOURSE_SERVICE_SESSION_SERVICE_H_
