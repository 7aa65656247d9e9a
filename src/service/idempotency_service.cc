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

StatusOr<std::optional<store::IdempotentResponse>> IdempotencyService::Lookup(
    const std::string& caller, const std::string& key, const std::string& request_digest) {
  std::optional<store::IdempotentResponse> out;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    auto got = tx.idempotency().Get(caller, key);
    if (got.status().code() == StatusCode::kNotFound) return OkStatus();
    if (!got.ok()) return got.status();
    out = *got;
    return OkStatus();
  }));
  if (out && out->request_digest != request_digest) {
    return errors::Make(StatusCode::kAlreadyExists, errors::kIdempotencyMismatch,
                        "this Idempotency-Key was used for a different request", "Idempotency-Key");
  }
  return out;
}

Status IdempotencyService::Record(const std::string& caller, const std::string& key,
                                  const store::IdempotentResponse& response) {
  Status st = store_.Write([&](store::Transaction& tx) {
    return tx.idempotency().Put(caller, key, response, clock_.Now());
  });
  return st.code() == StatusCode::kAlreadyExists ? OkStatus() : st;
}

}  // namespace bourse::service
