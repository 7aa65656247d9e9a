// Expected failures as values.
//
// Every error the exchange reports is an Status whose canonical code says how a caller should
// react, plus two payloads: a stable problem kind (a slug such as "invalid-field", used as the
// RFC 9457 `type`) and, where one input is at fault, the name of the offending field. The http
// layer maps these to problem+json in one place; nothing below it knows about HTTP.
#ifndef BOURSE_BASE_ERRORS_H_
#define BOURSE_BASE_ERRORS_H_

#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace bourse::errors {

// Problem kinds. The strings are part of the wire format: never rename one.
inline constexpr std::string_view kMalformedBody = "malformed-body";
inline constexpr std::string_view kInvalidField = "invalid-field";
inline constexpr std::string_view kMissingField = "missing-field";
inline constexpr std::string_view kUnknownField = "unknown-field";
inline constexpr std::string_view kBodyTooLarge = "body-too-large";
inline constexpr std::string_view kHeaderTooLarge = "header-too-large";
// A request whose framing is ambiguous: Transfer-Encoding other than "chunked", both
// Transfer-Encoding and Content-Length, no Host (HTTP 400, connection closed).
inline constexpr std::string_view kBadFraming = "bad-framing";
inline constexpr std::string_view kUriTooLong = "uri-too-long";  // HTTP 414.
// The same member twice in one JSON object (HTTP 400, field: the member).
inline constexpr std::string_view kDuplicateMember = "duplicate-member";
// Too many attempts from one client or at one account; Retry-After says when (HTTP 429).
inline constexpr std::string_view kTooManyRequests = "too-many-requests";
// The server holds as many connections as it may (HTTP 503).
inline constexpr std::string_view kTooManyConnections = "too-many-connections";
inline constexpr std::string_view kUnsupportedMediaType = "unsupported-media-type";
inline constexpr std::string_view kUnauthenticated = "unauthenticated";
inline constexpr std::string_view kForbidden = "forbidden";
inline constexpr std::string_view kCsrf = "csrf-token-mismatch";
// The caller's organisation is suspended: it reads, but does not act (domain/authorization.h).
inline constexpr std::string_view kSuspended = "organization-suspended";
// The caller's organisation is not admitted yet: it reads and completes its application.
inline constexpr std::string_view kNotAdmitted = "organization-not-admitted";
// The caller (the regulator) reads everything and writes nothing.
inline constexpr std::string_view kReadOnly = "read-only";
inline constexpr std::string_view kNotFound = "not-found";
inline constexpr std::string_view kMethodNotAllowed = "method-not-allowed";
inline constexpr std::string_view kIllegalTransition = "illegal-transition";
inline constexpr std::string_view kRuleViolation = "rule-violation";
inline constexpr std::string_view kConflict = "conflict";
inline constexpr std::string_view kIdempotencyMismatch = "idempotency-key-reuse";
inline constexpr std::string_view kIdempotencyInProgress = "idempotency-key-in-progress";
inline constexpr std::string_view kInvalidDataset = "invalid-dataset";
// A cross-border contract may not circulate: its route's evidence is missing, unapproved,
// out of scope or expired (HTTP 422; domain/evidence.h).
inline constexpr std::string_view kEvidenceRequired = "evidence-required";
inline constexpr std::string_view kQuotaExceeded = "quota-exceeded";
inline constexpr std::string_view kInsufficientFunds = "insufficient-funds";
// An amount above the venue's maximum, or a currency it does not settle in (HTTP 422).
inline constexpr std::string_view kMoneyOutOfBounds = "money-out-of-bounds";
inline constexpr std::string_view kRangeNotSatisfiable = "range-not-satisfiable";
inline constexpr std::string_view kUnavailable = "unavailable";
inline constexpr std::string_view kInternal = "internal";

// Builds a status with code `code`, problem kind `kind`, message `detail` and optional `field`.
Status Make(StatusCode code, std::string_view kind, std::string_view detail,
            std::string_view field = {});

// Shorthands for the common kinds.
Status InvalidField(std::string_view field, std::string_view detail);
Status MissingField(std::string_view field);
Status UnknownField(std::string_view field);
Status MalformedBody(std::string_view detail);
Status NotFound(std::string_view what);
Status Unauthenticated(std::string_view detail);
Status Forbidden(std::string_view detail);
// An action that the current state does not allow (HTTP 409).
Status IllegalTransition(std::string_view detail);
// A business rule refuses the request as it stands (HTTP 422), naming the field at fault if any.
Status RuleViolation(std::string_view detail, std::string_view field = {});
Status Conflict(std::string_view detail, std::string_view field = {});
Status Internal(std::string_view detail);
// An uploaded file that cannot be accepted as it is: empty, truncated or corrupt, in no
// encoding the scan reads, past a limit against decompression bombs (HTTP 422, field "file").
Status InvalidDataset(std::string_view detail);
// The upload would take the organisation past its storage quota (HTTP 413).
Status QuotaExceeded(std::string_view detail);
// An account holds less than a payment or withdrawal needs (HTTP 422).
Status InsufficientFunds(std::string_view detail);
// A Range header that asks for bytes the file does not have (HTTP 416).
Status RangeNotSatisfiable(std::string_view detail);

// The problem kind of `status`; derived from its code when no kind was attached.
std::string KindOf(const Status& status);
// The offending field of `status`, if one was named.
std::optional<std::string> FieldOf(const Status& status);

}  // namespace bourse::errors

#endif  // BOURSE_BASE_ERRORS_H_
