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
  // The stored response for a replay, nullopt for a first use, Conflict for a changed request.
  StatusOr<std::optional<store::IdempotentResponse>> Lookup(const std::string& caller,
                                                            const std::string& key,
                                                            const std::string& request_digest);
  // Stores the response of the first use. A concurrent first use that stored first wins.
  Status Record(const std::string& caller, const std::string& key,
                const store::IdempotentResponse& response);

 private:
  store::Store& store_;
  const Clock& clock_;
};

}  // namespace bourse::service

#endif  // BOURSE_SERVICE_IDEMPOTENCY_SERVICE_H_
