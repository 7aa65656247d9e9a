#include "service/token_service.h"

#include "base/encoding.h"
#include "base/errors.h"
#include "base/ids.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "crypto/sha256.h"
#include "domain/authorization.h"

namespace bourse::service {
namespace {
constexpr std::string_view kSecretPrefix = "bsk_";
constexpr size_t kSecretLength = 4 + 43;  // prefix + base64url(32 bytes)
}  // namespace

StatusOr<IssuedToken> TokenService::IssueIn(store::Transaction& tx, const OrganizationId& org,
                                            const std::string& name) {
  IssuedToken out;
  out.secret = std::string(kSecretPrefix) + Base64UrlEncode(random_.Bytes(32));
  out.token.id = TokenId(NewId("tok", clock_.Now(), random_));
  out.token.organization = org;
  out.token.name = name;
  out.token.secret_hash = crypto::Sha256Hex(out.secret);
  out.token.created_at = clock_.Now();
  BOURSE_RETURN_IF_ERROR(tx.tokens().Insert(out.token));
  return out;
}

StatusOr<IssuedToken> TokenService::Create(const domain::Principal& caller,
                                           const std::string& name) {
  if (name.empty()) return errors::MissingField("name");
  if (!IsValidUtf8(name) || Utf8Length(name) > kMaxTokenNameLength) {
    return errors::InvalidField("name", "must be valid UTF-8 of at most 100 characters");
  }
  IssuedToken out;
  BOURSE_RETURN_IF_ERROR(store_.Write([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(auto tokens, tx.tokens().ListByOrganization(caller.organization));
    int active = 0;
    for (const auto& t : tokens) active += t.active();
    if (active >= kMaxActiveTokensPerOrganization) {
      return errors::RuleViolation(
          "an organisation may hold at most 50 active tokens; revoke one first");
    }
    BOURSE_ASSIGN_OR_RETURN(out, IssueIn(tx, caller.organization, name));
    return OkStatus();
  }));
  return out;
}

StatusOr<std::vector<domain::ApiToken>> TokenService::List(const domain::Principal& caller) {
  std::vector<domain::ApiToken> out;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(out, tx.tokens().ListByOrganization(caller.organization));
    return OkStatus();
  }));
  return out;
}

Status TokenService::Revoke(const domain::Principal& caller, const TokenId& id) {
  std::string hash;
  BOURSE_RETURN_IF_ERROR(store_.Write([&](store::Transaction& tx) -> Status {
    auto token = tx.tokens().Get(id);
    if (!token.ok() || token->organization != caller.organization) return errors::NotFound("token");
    if (!token->active()) return errors::IllegalTransition("the token is already revoked");
    hash = token->secret_hash;
    return tx.tokens().MarkRevoked(id, clock_.Now());
  }));
  absl::MutexLock lock(&cache_mu_);
  cache_.erase(hash);
  return OkStatus();
}

void TokenService::ForgetOrganization(const OrganizationId& org) {
  {
    absl::MutexLock lock(&cache_mu_);
    for (auto it = cache_.begin(); it != cache_.end();) {
      it = it->second.principal.organization == org ? cache_.erase(it) : std::next(it);
    }
  }
  for (const auto& listener : forget_listeners_) listener(org);
}

StatusOr<domain::Principal> TokenService::Authenticate(std::string_view secret) {
  if (secret.size() != kSecretLength || secret.substr(0, kSecretPrefix.size()) != kSecretPrefix) {
    return errors::Unauthenticated("the bearer token is malformed");
  }
  const std::string hash = crypto::Sha256Hex(secret);
  const absl::Time now = clock_.Now();
  {
    absl::MutexLock lock(&cache_mu_);
    auto it = cache_.find(hash);
    if (it != cache_.end() && it->second.expires > now) return it->second.principal;
  }
  domain::Principal p;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    auto token = tx.tokens().FindBySecretHash(hash);
    if (!token.ok() || !token->active()) {
      return errors::Unauthenticated("the bearer token is unknown or revoked");
    }
    BOURSE_ASSIGN_OR_RETURN(auto org, tx.organizations().Get(token->organization));
    if (!domain::Authenticates(org.status))
      return errors::Unauthenticated(
          StrCat("the organisation is ", domain::Name(org.status), ": its tokens no longer work"));
    p.organization = org.id;
    p.token = token->id;
    p.roles = org.profile.roles;
    p.status = org.status;
    return OkStatus();
  }));
  if (cache_ttl_ > absl::ZeroDuration()) {
    absl::MutexLock lock(&cache_mu_);
    if (cache_.size() >= kMaxCachedPrincipals) cache_.clear();
    cache_[hash] = {p, now + cache_ttl_};
  }
  return p;
}

}  // namespace bourse::service
