#include "base/errors.h"

#include "base/strings.h"

namespace bourse::errors {

Status Make(StatusCode code, std::string_view kind, std::string_view detail,
            std::string_view field) {
  return Status(code, std::string(detail), std::string(kind), std::string(field));
}
Status InvalidField(std::string_view field, std::string_view detail) {
  return Make(StatusCode::kInvalidArgument, kInvalidField, detail, field);
}
Status MissingField(std::string_view field) {
  return Make(StatusCode::kInvalidArgument, kMissingField,
              StrCat("field '", field, "' is required"), field);
}
Status UnknownField(std::string_view field) {
  return Make(StatusCode::kInvalidArgument, kUnknownField,
              StrCat("field '", field, "' is not recognised"), field);
}
Status MalformedBody(std::string_view detail) {
  return Make(StatusCode::kInvalidArgument, kMalformedBody, detail, "body");
}
Status NotFound(std::string_view what) {
  return Make(StatusCode::kNotFound, kNotFound, StrCat(what, " not found"));
}
Status Unauthenticated(std::string_view detail) {
  return Make(StatusCode::kUnauthenticated, kUnauthenticated, detail);
}
Status Forbidden(std::string_view detail) {
  return Make(StatusCode::kPermissionDenied, kForbidden, detail);
}
Status IllegalTransition(std::string_view detail) {
  return Make(StatusCode::kFailedPrecondition, kIllegalTransition, detail);
}
Status RuleViolation(std::string_view detail, std::string_view field) {
  return Make(StatusCode::kFailedPrecondition, kRuleViolation, detail, field);
}
Status InvalidDataset(std::string_view detail) {
  // The input at fault is the uploaded file itself.
  return Make(StatusCode::kFailedPrecondition, kInvalidDataset, detail, "file");
}
Status QuotaExceeded(std::string_view detail) {
  return Make(StatusCode::kResourceExhausted, kQuotaExceeded, detail);
}
Status InsufficientFunds(std::string_view detail) {
  return Make(StatusCode::kFailedPrecondition, kInsufficientFunds, detail);
}
Status RangeNotSatisfiable(std::string_view detail) {
  return Make(StatusCode::kOutOfRange, kRangeNotSatisfiable, detail);
}
Status Conflict(std::string_view detail, std::string_view field) {
  return Make(StatusCode::kAlreadyExists, kConflict, detail, field);
}
Status Internal(std::string_view detail) { return Make(StatusCode::kInternal, kInternal, detail); }

std::string KindOf(const Status& status) {
  if (!status.kind().empty()) return status.kind();
  switch (status.code()) {
    case StatusCode::kInvalidArgument:
      return std::string(kInvalidField);
    case StatusCode::kNotFound:
      return std::string(kNotFound);
    case StatusCode::kUnauthenticated:
      return std::string(kUnauthenticated);
    case StatusCode::kPermissionDenied:
      return std::string(kForbidden);
    case StatusCode::kFailedPrecondition:
      return std::string(kIllegalTransition);
    case StatusCode::kAlreadyExists:
      return std::string(kConflict);
    case StatusCode::kUnavailable:
      return std::string(kUnavailable);
    default:
      return std::string(kInternal);
  }
}

std::optional<std::string> FieldOf(const Status& status) {
  if (!status.field().empty()) return status.field();
  return std::nullopt;
}

}  // namespace bourse::errors
