#include "service/idempotency_service.h"

#include "base/errors.h"
#include "base/status_macros.h"

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

StatusOr<std::optional<store::IdempotentResponse>> IdempotencyService::Begin(
    const std::string& caller, const std::string& key, const std::string& request_digest) {
  std::optional<store::IdempotentResponse> out;
  BOURSE_RETURN_IF_ERROR(store_.Write([&](store::Transaction& tx) -> Status {
    auto got = tx.idempotency().Get(caller, key);
    if (got.status().code() == StatusCode::kNotFound) {
      return tx.idempotency().Put(caller, key, {request_digest, 0, ""}, clock_.Now());
    }
    if (!got.ok()) return got.status();
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

Status IdempotencyService::Finish(const std::string& caller, const std::string& key, int status,
                                  const std::string& body) {
  return store_.Write([&](store::Transaction& tx) {
    if (status >= 200 && status < 300) return tx.idempotency().Complete(caller, key, status, body);
    return tx.idempotency().Delete(caller, key);
  });
}

}  // namespace bourse::service
