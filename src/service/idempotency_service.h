// Idempotency-Key support for state-changing POSTs.
//
// The first request with a key runs and its response is stored under (caller, key). A retry with
// the same key and the same request gets the stored response again without running anything; a
// retry with the same key and a different request is refused (Conflict, field
// "Idempotency-Key"). Keys are 1–255 printable ASCII characters.
#ifndef BOURSE_SERVICE_IDEMPOTENCY_SERVICE_H_
#define BOURSE_SERVICE_IDEMPOTENCY_SERVICE_H_

#include <optional>
#include <string>

#include "base/clock.h"
#include "base/status.h"
#include "store/store.h"

namespace bourse::service {

class IdempotencyService {
 public:
  IdempotencyService(store::Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // InvalidArgument for a malformed key.
  static Status ValidateKey(std::string_view key);

  // Called before running a request that carries a key. Returns the stored response to replay;
  // or nullopt after reserving the key for this request (the caller must then call Finish);
  // or Conflict — "idempotency-key-reuse" when the key was used for a different request,
  // "idempotency-key-in-progress" while a request with the key runs (or its outcome was lost
  // in a crash: the key then stays reserved, so a retry is refused rather than run twice).
  StatusOr<std::optional<store::IdempotentResponse>> Begin(const std::string& caller,
                                                           const std::string& key,
                                                           const std::string& request_digest);
  // Records the response of a request begun with Begin: 2xx responses are kept for replay; any
  // other releases the key so the request can be corrected and retried.
  Status Finish(const std::string& caller, const std::string& key, int status,
                const std::string& body);

 private:
  store::Store& store_;
  const Clock& clock_;
};

}  // namespace bourse::service

#endif  // BOURSE_SERVICE_IDEMPOTENCY_SERVICE_H_
