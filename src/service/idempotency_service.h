// Idempotency-Key support for state-changing requests.
//
// The first request with a key runs and its response is stored under (scope, key). A retry with
// the same key and the same request gets the stored response again without running anything; a
// retry with the same key and a different request is refused (Conflict, field
// "Idempotency-Key"). Keys are 1–255 printable ASCII characters.
//
// Promises:
//  - Scopes never overlap between callers: an authenticated caller's keys are its
//    organisation's; an anonymous caller's key is scoped by a hash of the key and the request,
//    so anonymous callers cannot reserve, probe or collide with each other's keys.
//  - A stored response never holds a secret: the caller withholds secret members before
//    Finish/Record (http::WithholdSecrets), and the replay says which were withheld.
//  - Records expire `ttl` after their first use (default 24 h); Sweep deletes them.
//  - A use case that records its response inside its own transaction (Record) leaves either
//    its effects and the response, or neither. A key reserved by an earlier server process for
//    such a use case is therefore reclaimed and run; for any other use case the outcome of a
//    lost request is unknown, so the key stays refused until it expires.
#ifndef BOURSE_SERVICE_IDEMPOTENCY_SERVICE_H_
#define BOURSE_SERVICE_IDEMPOTENCY_SERVICE_H_

#include <functional>
#include <optional>
#include <string>

#include "base/clock.h"
#include "base/status.h"
#include "store/store.h"

namespace bourse::service {

struct IdempotencyOptions {
  absl::Duration ttl = absl::Hours(24);
  // Distinct for every server process (the reservation's owner).
  std::string instance;
};

// Called inside a use case's transaction with its result, to record the response there.
template <typename T>
using RecordInTransaction = std::function<Status(store::Transaction&, const T&)>;

class IdempotencyService {
 public:
  IdempotencyService(store::Store& store, const Clock& clock, IdempotencyOptions options = {})
      : store_(store), clock_(clock), options_(std::move(options)) {}

  // InvalidArgument for a malformed key.
  static Status ValidateKey(std::string_view key);
  // The scope a key lives in: the caller's organisation id, or "anonymous:" and a hash of the
  // key and the request digest when the caller is anonymous.
  static std::string Scope(const std::optional<std::string>& organization, std::string_view key,
                           std::string_view request_digest);

  // Called before running a request that carries a key. Returns the stored response to replay;
  // or nullopt after reserving the key for this request (the caller must then call Finish or
  // Record); or Conflict — "idempotency-key-reuse" when the key was used for a different
  // request, "idempotency-key-in-progress" while a request with the key runs (or its outcome
  // was lost in a crash). `records_in_transaction` says the use case records its response with
  // Record (see the file comment).
  StatusOr<std::optional<store::IdempotentResponse>> Begin(const std::string& scope,
                                                           const std::string& key,
                                                           const std::string& request_digest,
                                                           bool records_in_transaction = false);
  // Records the response of a request begun with Begin: 2xx responses are kept for replay; any
  // other releases the key so the request can be corrected and retried.
  Status Finish(const std::string& scope, const std::string& key, int status,
                const std::string& body);
  // Finish for a 2xx response, inside the use case's transaction `tx`.
  static Status Record(store::Transaction& tx, const std::string& scope, const std::string& key,
                       int status, const std::string& body);
  // Deletes expired records; returns how many.
  StatusOr<int64_t> Sweep();

  absl::Duration ttl() const { return options_.ttl; }

 private:
  store::Store& store_;
  const Clock& clock_;
  IdempotencyOptions options_;
};

}  // namespace bourse::service

#endif  // BOURSE_SERVICE_IDEMPOTENCY_SERVICE_H_
