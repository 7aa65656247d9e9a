#include "service/idempotency_service.h"

#include "base/errors.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "crypto/sha256.h"

namespace bourse::service {

Status IdempotencyService::ValidateKey(std::string_view key) {
  if (key.empty() || key.size() > 255) {
    return errors::InvalidField("Idempotency-Key", "must be 1 to 255 characters");
  }
  for (unsigned char c : key) {
    if (c < 0x21 || c > 0x7e)
      return errors::InvalidField("Idempotency-Key", "must be printable ASCII");
  }
  return OkStatus();
}

std::string IdempotencyService::Scope(const std::optional<std::string>& organization,
                                      std::string_view key, std::string_view request_digest) {
  if (organization) return *organization;
  return StrCat("anonymous:", crypto::Sha256Hex(StrCat(key, "\n", request_digest)));
}

StatusOr<std::optional<store::IdempotentResponse>> IdempotencyService::Begin(
    const std::string& scope, const std::string& key, const std::string& request_digest,
    bool records_in_transaction) {
  std::optional<store::IdempotentResponse> out;
  const absl::Time now = clock_.Now();
  BOURSE_RETURN_IF_ERROR(store_.Write([&](store::Transaction& tx) -> Status {
    const store::IdempotentResponse reservation{request_digest, 0, "", options_.instance, now};
    auto got = tx.idempotency().Get(scope, key);
    if (got.status().code() == StatusCode::kNotFound) {
      return tx.idempotency().Put(scope, key, reservation, now);
    }
    if (!got.ok()) return got.status();
    // An expired record, or a reservation an earlier process left for a use case that records
    // its response in its own transaction (so nothing of it was committed), is free again.
    const bool expired = got->created_at + options_.ttl <= now;
    const bool reclaimable =
        got->status == 0 && records_in_transaction && got->instance != options_.instance;
    if (expired || (reclaimable && got->request_digest == request_digest)) {
      BOURSE_RETURN_IF_ERROR(tx.idempotency().Delete(scope, key));
      return tx.idempotency().Put(scope, key, reservation, now);
    }
    if (got->request_digest != request_digest) {
      return errors::Make(StatusCode::kAlreadyExists, errors::kIdempotencyMismatch,
                          "this Idempotency-Key was used for a different request",
                          "Idempotency-Key");
    }
    if (got->status == 0) {
      return errors::Make(
          StatusCode::kAlreadyExists, errors::kIdempotencyInProgress,
          "a request with this Idempotency-Key is in progress, or its outcome was lost; "
          "check the resource before retrying under a new key",
          "Idempotency-Key");
    }
    out = *got;
    return OkStatus();
  }));
  return out;
}

Status IdempotencyService::Finish(const std::string& scope, const std::string& key, int status,
                                  const std::string& body) {
  return store_.Write([&](store::Transaction& tx) {
    if (status >= 200 && status < 300) return tx.idempotency().Complete(scope, key, status, body);
    return tx.idempotency().Delete(scope, key);
  });
}

Status IdempotencyService::Record(store::Transaction& tx, const std::string& scope,
                                  const std::string& key, int status, const std::string& body) {
  return tx.idempotency().Complete(scope, key, status, body);
}

StatusOr<int64_t> IdempotencyService::Sweep() {
  int64_t n = 0;
  const absl::Time before = clock_.Now() - options_.ttl;
  BOURSE_RETURN_IF_ERROR(store_.Write([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(n, tx.idempotency().DeleteOlderThan(before));
    return OkStatus();
  }));
  return n;
}

}  // namespace bourse::service
