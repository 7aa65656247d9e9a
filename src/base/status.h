// Status and StatusOr<T>: expected failures as values.
//
// Modelled on Status and leveldb::Status. A Status is OK or carries a canonical code (the
// Abseil code set, with Abseil's guidance on which to use), a message for humans, and two
// machine-readable parts: `kind`, the stable problem slug that becomes the RFC 9457 `type`, and
// `field`, the input at fault. Copying a Status is cheap (shared immutable representation).
// StatusOr<T> holds either a value or a non-OK Status.
#ifndef BOURSE_BASE_STATUS_H_
#define BOURSE_BASE_STATUS_H_

#include <cassert>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace bourse {

// Numbers match StatusCode and gRPC; never renumber.
enum class StatusCode : int {
  kOk = 0,
  kCancelled = 1,
  kUnknown = 2,
  kInvalidArgument = 3,
  kDeadlineExceeded = 4,
  kNotFound = 5,
  kAlreadyExists = 6,
  kPermissionDenied = 7,
  kResourceExhausted = 8,
  kFailedPrecondition = 9,
  kAborted = 10,
  kOutOfRange = 11,
  kUnimplemented = 12,
  kInternal = 13,
  kUnavailable = 14,
  kDataLoss = 15,
  kUnauthenticated = 16,
};

std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK.
  Status(StatusCode code, std::string message, std::string kind = {}, std::string field = {});

  bool ok() const { return rep_ == nullptr; }
  StatusCode code() const { return rep_ ? rep_->code : StatusCode::kOk; }
  const std::string& message() const { return rep_ ? rep_->message : Empty(); }
  // The problem kind slug; empty when none was attached (see errors::KindOf).
  const std::string& kind() const { return rep_ ? rep_->kind : Empty(); }
  // The offending input field; empty when none.
  const std::string& field() const { return rep_ ? rep_->field : Empty(); }
  // "INVALID_ARGUMENT: message [field=x]".
  std::string ToString() const;
  // Same status with `prefix` prepended to the field ("contact" + "email" → "contact.email").
  Status WithFieldPrefix(std::string_view prefix) const;
  // When the caller may try again, in seconds (0: not said). HTTP sends it as Retry-After.
  int64_t retry_after_seconds() const { return rep_ ? rep_->retry_after_seconds : 0; }
  Status WithRetryAfter(int64_t seconds) const;
  // Marks a status as deliberately unchecked (best-effort clean-up).
  void IgnoreError() const {}

 private:
  struct Rep {
    StatusCode code;
    std::string message;
    std::string kind;
    std::string field;
    int64_t retry_after_seconds = 0;
  };
  static const std::string& Empty();
  std::shared_ptr<const Rep> rep_;
};

inline Status OkStatus() { return Status(); }
Status InvalidArgumentError(std::string message);
Status NotFoundError(std::string message);
Status AlreadyExistsError(std::string message);
Status FailedPreconditionError(std::string message);
Status PermissionDeniedError(std::string message);
Status UnauthenticatedError(std::string message);
Status InternalError(std::string message);
Status UnavailableError(std::string message);
Status DataLossError(std::string message);

template <typename T>
class [[nodiscard]] StatusOr {
 public:
  // A non-OK status; passing OK is a programming error and becomes an internal error.
  StatusOr(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design.
    if (status_.ok()) status_ = InternalError("StatusOr constructed from an OK status");
  }
  StatusOr(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design.
  template <typename U, typename = std::enable_if_t<std::is_constructible_v<T, U&&> &&
                                                    !std::is_same_v<std::decay_t<U>, Status> &&
                                                    !std::is_same_v<std::decay_t<U>, T>>>
  StatusOr(U&& value) : value_(T(std::forward<U>(value))) {}  // NOLINT

  bool ok() const { return value_.has_value(); }
  const Status& status() const& { return status_; }
  Status status() && { return std::move(status_); }

  T& value() & {
    assert(ok());
    return *value_;
  }
  const T& value() const& {
    assert(ok());
    return *value_;
  }
  T&& value() && {
    assert(ok());
    return std::move(*value_);
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace bourse

#endif  // BOURSE_BASE_STATUS_H_
