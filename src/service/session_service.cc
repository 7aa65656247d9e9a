#include "service/session_service.h"

#include "base/encoding.h"
#include "base/errors.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "crypto/sha256.h"
#include "domain/authorization.h"
#include "service/notifier.h"

namespace bourse::service {
namespace {

constexpr std::string_view kSecretPrefix = "bss_";
constexpr size_t kSecretLength = 4 + 43;  // prefix + base64url(32 bytes)
constexpr size_t kMaxOrganizationKey = 64;

Status WrongCredentials() {
  return errors::Unauthenticated("the organisation or the password is wrong");
}

// What the holder of session `s`, of organisation `o`, sees of it.
SessionView ViewOf(const domain::Session& s, const domain::Organization& o) {
  SessionView v;
  v.principal.organization = o.id;
  if (s.token) v.principal.token = *s.token;
  v.principal.roles = o.profile.roles;
  v.principal.status = o.status;
  v.organization_name = o.profile.name;
  v.csrf_token = s.csrf_token;
  v.expires_at = s.expires_at;
  v.with_token = s.token.has_value();
  return v;
}

}  // namespace

Status SessionService::SetPassword(const domain::Principal& caller, const OrganizationId& org,
                                   const std::string& password) {
  if (caller.IsRegulator()) return errors::Forbidden("the regulator reads but never writes");
  if (!caller.Owns(org))
    return errors::Forbidden("only the organisation itself sets its console password");
  if (password.size() > kMaxPasswordBytes || !IsValidUtf8(password))
    return errors::InvalidField("password", "valid UTF-8 of at most 256 bytes");
  if (Utf8Length(password) < kMinPasswordLength)
    return errors::InvalidField("password", "at least 12 characters");
  BOURSE_ASSIGN_OR_RETURN(std::string hash,
                          workers_.Hash(password, random_.Bytes(16), options_.cost));
  BOURSE_RETURN_IF_ERROR(store_.Write([&](store::Transaction& tx) -> Status {
    BOURSE_RETURN_IF_ERROR(tx.organizations().Get(org).status());
    BOURSE_RETURN_IF_ERROR(tx.credentials().SetPassword({org, hash, clock_.Now()}));
    return tx.credentials().DeletePasswordSessions(org);
  }));
  Forget(org);
  return OkStatus();
}

StatusOr<SignedIn> SessionService::Open(store::Transaction& tx, const OrganizationId& org,
                                        std::optional<TokenId> token) {
  BOURSE_ASSIGN_OR_RETURN(domain::Organization o, tx.organizations().Get(org));
  const absl::Time now = clock_.Now();
  BOURSE_RETURN_IF_ERROR(tx.credentials().DeleteExpiredSessions(now).status());
  SignedIn out;
  out.secret = StrCat(kSecretPrefix, Base64UrlEncode(random_.Bytes(32)));
  domain::Session s;
  s.secret_hash = crypto::Sha256Hex(out.secret);
  s.organization = org;
  s.token = token;
  s.csrf_token = Base64UrlEncode(random_.Bytes(24));
  s.created_at = now;
  s.expires_at = now + options_.lifetime;
  BOURSE_RETURN_IF_ERROR(tx.credentials().InsertSession(s));
  out.view = ViewOf(s, o);
  return out;
}

StatusOr<SignedIn> SessionService::SignInWithToken(std::string_view token_secret) {
  BOURSE_ASSIGN_OR_RETURN(domain::Principal p, tokens_.Authenticate(token_secret));
  BOURSE_RETURN_IF_ERROR(domain::Authorize(p, domain::Act::kSignIn));
  SignedIn out;
  BOURSE_RETURN_IF_ERROR(store_.Write([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(out, Open(tx, p.organization, p.token));
    return OkStatus();
  }));
  return out;
}

StatusOr<SignedIn> SessionService::SignInWithPassword(const std::string& organization,
                                                      const std::string& password,
                                                      const std::string& client_address) {
  if (organization.empty()) return errors::MissingField("organization");
  if (organization.size() > kMaxOrganizationKey)
    return errors::InvalidField("organization", "an organisation id or USCC");
  if (password.empty()) return errors::MissingField("password");
  if (password.size() > kMaxPasswordBytes)
    return errors::InvalidField("password", "at most 256 bytes");
  BOURSE_RETURN_IF_ERROR(throttle_.AdmitAddress(client_address, clock_.Now()));
  std::optional<domain::PasswordCredential> credential;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    std::optional<OrganizationId> org;
    if (tx.organizations().Get(OrganizationId(organization)).ok()) {
      org = OrganizationId(organization);
    } else {
      BOURSE_ASSIGN_OR_RETURN(auto live,
                              tx.organizations().FindLiveByUscc(organization, OrganizationId("")));
      if (live.size() == 1) org = live[0];
    }
    if (!org) return OkStatus();
    auto c = tx.credentials().GetPassword(*org);
    if (c.ok()) credential = *c;
    if (!c.ok() && c.status().code() != StatusCode::kNotFound) return c.status();
    return OkStatus();
  }));
  if (!credential) {
    // The same work as a real check, so that timing does not tell which organisations exist.
    BOURSE_RETURN_IF_ERROR(workers_.Hash(password, random_.Bytes(16), options_.cost).status());
    return WrongCredentials();
  }
  const OrganizationId org = credential->organization;
  BOURSE_RETURN_IF_ERROR(throttle_.AdmitOrganization(org.value(), clock_.Now()));
  BOURSE_ASSIGN_OR_RETURN(bool match, workers_.Verify(password, credential->hash));
  if (!match) {
    if (throttle_.RecordFailure(org.value(), clock_.Now())) {
      // Best effort: the refusal stands whether or not the notice is written.
      store_
          .Write([&](store::Transaction& tx) -> Status {
            return Notify(tx, clock_, org, "sign_in.failures", org.value(),
                          "Repeated failed password sign-ins: password sign-in is paused for a "
                          "while. If this was not you, change the console password.");
          })
          .IgnoreError();
    }
    return WrongCredentials();
  }
  // A hash made at a lower cost than today's is replaced now that the password is known.
  std::optional<std::string> rehashed;
  if (crypto::NeedsRehash(credential->hash, options_.cost)) {
    auto h = workers_.Hash(password, random_.Bytes(16), options_.cost);
    if (h.ok()) rehashed = std::move(*h);
  }
  SignedIn out;
  BOURSE_RETURN_IF_ERROR(store_.Write([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(domain::Organization o, tx.organizations().Get(org));
    BOURSE_RETURN_IF_ERROR(domain::Authorize(o.status, o.profile.roles, domain::Act::kSignIn));
    if (rehashed) {
      BOURSE_ASSIGN_OR_RETURN(domain::PasswordCredential current,
                              tx.credentials().GetPassword(org));
      if (current.hash == credential->hash) {  // Unless it was changed meanwhile.
        current.hash = *rehashed;
        BOURSE_RETURN_IF_ERROR(tx.credentials().SetPassword(current));
      }
    }
    BOURSE_ASSIGN_OR_RETURN(out, Open(tx, org, std::nullopt));
    return OkStatus();
  }));
  return out;
}

StatusOr<SessionView> SessionService::Authenticate(std::string_view secret) {
  if (secret.size() != kSecretLength || secret.substr(0, kSecretPrefix.size()) != kSecretPrefix)
    return errors::Unauthenticated("the session cookie is malformed; sign in again");
  const std::string hash = crypto::Sha256Hex(secret);
  const absl::Time now = clock_.Now();
  {
    absl::MutexLock lock(&cache_mu_);
    auto it = cache_.find(hash);
    if (it != cache_.end() && it->second.until > now && it->second.view.expires_at > now)
      return it->second.view;
  }
  SessionView view;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    auto s = tx.credentials().FindSession(hash);
    if (!s.ok() && s.status().code() == StatusCode::kNotFound)
      return errors::Unauthenticated("the session is unknown or has ended; sign in again");
    if (!s.ok()) return s.status();
    if (s->expires_at <= now)
      return errors::Unauthenticated("the session has expired; sign in again");
    if (s->token) {
      auto t = tx.tokens().Get(*s->token);
      if (!t.ok() || !t->active())
        return errors::Unauthenticated("the token this session was opened with is revoked");
    }
    BOURSE_ASSIGN_OR_RETURN(domain::Organization o, tx.organizations().Get(s->organization));
    if (!domain::Authenticates(o.status))
      return errors::Unauthenticated(
          StrCat("the organisation is ", domain::Name(o.status), ": its sessions no longer work"));
    view = ViewOf(*s, o);
    return OkStatus();
  }));
  if (options_.cache_ttl > absl::ZeroDuration()) {
    absl::MutexLock lock(&cache_mu_);
    if (cache_.size() >= kMaxCached) cache_.clear();
    cache_[hash] = {view, now + options_.cache_ttl};
  }
  return view;
}

Status SessionService::SignOut(std::string_view secret) {
  const std::string hash = crypto::Sha256Hex(secret);
  BOURSE_RETURN_IF_ERROR(
      store_.Write([&](store::Transaction& tx) { return tx.credentials().DeleteSession(hash); }));
  absl::MutexLock lock(&cache_mu_);
  cache_.erase(hash);
  return OkStatus();
}

void SessionService::Forget(const OrganizationId& org) {
  absl::MutexLock lock(&cache_mu_);
  for (auto it = cache_.begin(); it != cache_.end();) {
    it = it->second.view.principal.organization == org ? cache_.erase(it) : std::next(it);
  }
}

}  // namespace bourse::service
