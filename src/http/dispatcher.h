// Everything between the socket and a handler: request ids, target parsing, routing (404/405),
// media-type checks, bearer or console-session authentication on demand, the CSRF check on writes
// made with a session cookie, Idempotency-Key replay, metrics and the structured access log.
// Handlers stay thin: parse, call one service method, render. Thread-safe once constructed.
#ifndef BOURSE_HTTP_DISPATCHER_H_
#define BOURSE_HTTP_DISPATCHER_H_

#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include "base/clock.h"
#include "domain/principal.h"
#include "http/message.h"
#include "http/metrics.h"
#include "http/router.h"
#include "service/idempotency_service.h"
#include "service/session_service.h"
#include "service/token_service.h"

namespace spdlog {
class logger;
}

namespace bourse::http {

// What a handler sees of one request.
class RequestContext {
 public:
  RequestContext(const Request& request, std::string request_id, service::TokenService& tokens,
                 service::SessionService* sessions = nullptr)
      : request_(request),
        request_id_(std::move(request_id)),
        tokens_(tokens),
        sessions_(sessions) {}

  const Request& request() const { return request_; }
  const std::string& request_id() const { return request_id_; }
  const Params& params() const { return params_; }
  const std::string& param(std::string_view name) const;
  // Decoded query parameters (last value wins).
  const std::map<std::string, std::string, std::less<>>& query() const { return query_; }
  // The caller: from the bearer token when there is an Authorization header, otherwise from the
  // console session cookie. Unauthenticated when neither is valid. Memoised.
  const StatusOr<domain::Principal>& principal();
  bool has_credentials() const {
    return !request_.authorization.empty() || !session_secret().empty();
  }
  // The console session named by the request's cookie (Unauthenticated when there is none or it
  // is not valid). Memoised.
  const StatusOr<service::SessionView>& session();
  // The session secret in the request's `bourse_session` cookie; empty when absent.
  std::string_view session_secret() const;

  // JSON responses.
  Response Json(int status, std::string body) const;
  Response Problem(const Status& status) const;

  // Set while a request with an Idempotency-Key runs: the scope its key was reserved in.
  const std::optional<std::string>& idempotency_scope() const { return idempotency_scope_; }

 private:
  friend class Dispatcher;
  std::optional<std::string> idempotency_scope_;
  const Request& request_;
  std::string request_id_;
  service::TokenService& tokens_;
  service::SessionService* sessions_;
  Params params_;
  std::map<std::string, std::string, std::less<>> query_;
  std::optional<StatusOr<domain::Principal>> principal_;
  std::optional<StatusOr<service::SessionView>> session_;
};

// `body`, a JSON object, without the members named in `secrets` and with "secrets_withheld"
// listing them: what an idempotent replay returns. Unchanged when `secrets` is empty.
std::string WithholdSecrets(const std::string& body, const std::vector<std::string>& secrets);

struct DispatcherOptions {
  // One JSON line per request goes here when set; errors always go to the main logger.
  std::shared_ptr<spdlog::logger> access_log;
  // Console sessions (cookie sign-in with CSRF tokens); without it only bearer tokens work.
  service::SessionService* sessions = nullptr;
};

class Dispatcher {
 public:
  Dispatcher(const Router& router, service::TokenService& tokens,
             service::IdempotencyService& idempotency, Metrics& metrics,
             std::shared_ptr<spdlog::logger> logger, DispatcherOptions options);

  // Never throws; an exception from a handler becomes a logged 500.
  Response Handle(const Request& request);

  // A response for a request the server could not read (too large, malformed).
  Response Reject(const Status& status, std::string_view remote);

 private:
  Response Route(RequestContext& ctx);
  void Finish(const Request& request, const std::string& request_id, Response& response,
              absl::Time started);
  std::string NewRequestId();

  const Router& router_;
  service::TokenService& tokens_;
  service::IdempotencyService& idempotency_;
  Metrics& metrics_;
  std::shared_ptr<spdlog::logger> logger_;
  DispatcherOptions options_;
  SystemClock clock_;
  std::string id_prefix_;
  std::atomic<uint64_t> id_counter_{0};
};

}  // namespace bourse::http

#endif  // BOURSE_HTTP_DISPATCHER_H_
