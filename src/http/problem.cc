#include "http/problem.h"

#include <boost/json.hpp>

#include "api/wire.h"
#include "base/errors.h"

namespace bourse::http {

int HttpStatusFor(const Status& status) {
  const std::string kind = errors::KindOf(status);
  if (kind == errors::kBodyTooLarge) return 413;
  if (kind == errors::kHeaderTooLarge) return 431;
  if (kind == errors::kUriTooLong) return 414;
  if (kind == errors::kTooManyRequests) return 429;
  if (kind == errors::kTooManyConnections) return 503;
  if (kind == errors::kUnsupportedMediaType) return 415;
  if (kind == errors::kMethodNotAllowed) return 405;
  if (kind == errors::kRuleViolation) return 422;
  if (kind == errors::kInvalidDataset) return 422;
  if (kind == errors::kEvidenceRequired) return 422;
  if (kind == errors::kQuotaExceeded) return 413;
  if (kind == errors::kInsufficientFunds) return 422;
  if (kind == errors::kMoneyOutOfBounds) return 422;
  if (kind == errors::kRangeNotSatisfiable) return 416;
  switch (status.code()) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
    case StatusCode::kOutOfRange:
      return 400;
    case StatusCode::kUnauthenticated:
      return 401;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kFailedPrecondition:
    case StatusCode::kAborted:
    case StatusCode::kAlreadyExists:
      return 409;
    case StatusCode::kResourceExhausted:
      return 429;
    case StatusCode::kUnimplemented:
      return 501;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kDeadlineExceeded:
      return 504;
    default:
      return 500;
  }
}

Response ProblemResponse(const Status& status, std::string_view request_id) {
  Response r;
  r.status = HttpStatusFor(status);
  r.content_type = "application/problem+json";
  Status shown = status;
  // Never leak internal detail (SQL text, file paths) to clients.
  if (r.status >= 500 && r.status != 503) {
    shown = errors::Make(status.code(), errors::kInternal, "internal error; quote the request_id");
  }
  r.body = boost::json::serialize(api::ProblemJson(shown, r.status, request_id));
  if (r.status == 401) r.headers.emplace_back("WWW-Authenticate", "Bearer");
  if (status.retry_after_seconds() > 0)
    r.headers.emplace_back("Retry-After", std::to_string(status.retry_after_seconds()));
  return r;
}

}  // namespace bourse::http
