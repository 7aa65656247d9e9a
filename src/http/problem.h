// The one mapping from Status to HTTP: status codes, problem+json bodies, and which errors are
// the server's fault (logged as errors) rather than the client's (logged as warnings).
#ifndef BOURSE_HTTP_PROBLEM_H_
#define BOURSE_HTTP_PROBLEM_H_

#include "base/status.h"
#include "http/message.h"

namespace bourse::http {

int HttpStatusFor(const Status& status);
// An application/problem+json response for a non-OK status.
Response ProblemResponse(const Status& status, std::string_view request_id);

}  // namespace bourse::http

#endif  // BOURSE_HTTP_PROBLEM_H_
