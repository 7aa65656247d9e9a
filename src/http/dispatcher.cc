#include "http/dispatcher.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <boost/url.hpp>
#include <cctype>

#include "base/encoding.h"
#include "base/errors.h"
#include "base/strings.h"
#include "crypto/sha256.h"
#include "http/problem.h"

namespace bourse::http {

const std::string& RequestContext::param(std::string_view name) const {
  static const std::string kEmpty;
  auto it = params_.find(name);
  return it == params_.end() ? kEmpty : it->second;
}

std::string_view RequestContext::session_secret() const {
  // Cookie: name=value; name2=value2 (RFC 6265 §5.4).
  std::string_view rest = request_.cookie;
  while (!rest.empty()) {
    const size_t end = rest.find(';');
    std::string_view pair = rest.substr(0, end);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    constexpr std::string_view kName = "bourse_session=";
    if (pair.substr(0, kName.size()) == kName) return pair.substr(kName.size());
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  return {};
}

const StatusOr<service::SessionView>& RequestContext::session() {
  if (!session_) {
    const std::string_view secret = session_secret();
    if (secret.empty() || sessions_ == nullptr) {
      session_ = errors::Unauthenticated("this request carries no console session; sign in");
    } else {
      session_ = sessions_->Authenticate(secret);
    }
  }
  return *session_;
}

const StatusOr<domain::Principal>& RequestContext::principal() {
  if (!principal_) {
    std::string_view auth = request_.authorization;
    constexpr std::string_view kBearer = "Bearer ";
    if (auth.empty() && !session_secret().empty() && sessions_ != nullptr) {
      const auto& s = session();
      principal_ = s.ok() ? StatusOr<domain::Principal>(s->principal)
                          : StatusOr<domain::Principal>(s.status());
    } else if (auth.empty()) {
      principal_ = errors::Unauthenticated("this request needs an Authorization: Bearer token");
    } else if (auth.size() <= kBearer.size() || auth.substr(0, kBearer.size()) != kBearer) {
      principal_ = errors::Unauthenticated("the Authorization header must be 'Bearer <token>'");
    } else {
      principal_ = tokens_.Authenticate(auth.substr(kBearer.size()));
    }
  }
  return *principal_;
}

Response RequestContext::Json(int status, std::string body) const {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

Response RequestContext::Problem(const Status& status) const {
  return ProblemResponse(status, request_id_);
}

Dispatcher::Dispatcher(const Router& router, service::TokenService& tokens,
                       service::IdempotencyService& idempotency, Metrics& metrics,
                       std::shared_ptr<spdlog::logger> logger, DispatcherOptions options)
    : router_(router),
      tokens_(tokens),
      idempotency_(idempotency),
      metrics_(metrics),
      logger_(std::move(logger)),
      options_(options),
      // Distinct per process start, so ids stay unique across restarts in one log.
      id_prefix_(fmt::format("{:08x}-", static_cast<uint32_t>(absl::ToUnixMicros(clock_.Now())))) {}

std::string Dispatcher::NewRequestId() {
  return StrCat(id_prefix_, id_counter_.fetch_add(1, std::memory_order_relaxed));
}

namespace {

bool ValidRequestId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (unsigned char c : id)
    if (!(std::isalnum(c) || c == '-' || c == '_' || c == '.')) return false;
  return true;
}

constexpr std::string_view kOffsetOctetStream = "application/offset+octet-stream";

bool MediaTypeIs(std::string_view content_type, std::string_view expected) {
  // The media type before any parameters ("; charset=utf-8"), compared case-insensitively.
  std::string_view base = content_type.substr(0, content_type.find(';'));
  while (!base.empty() && base.back() == ' ') base.remove_suffix(1);
  if (base.size() != expected.size()) return false;
  for (size_t i = 0; i < base.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(base[i])) != expected[i]) return false;
  }
  return true;
}

}  // namespace

std::string WithholdSecrets(const std::string& body, const std::vector<std::string>& secrets) {
  if (secrets.empty()) return body;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(body, ec);
  // A body that is not an object cannot be redacted member by member, so none of it is kept.
  if (ec || !v.is_object()) return R"({"secrets_withheld":["body"]})";
  boost::json::object& o = v.as_object();
  boost::json::array withheld;
  for (const auto& name : secrets) {
    o.erase(name);
    withheld.emplace_back(name);
  }
  o["secrets_withheld"] = std::move(withheld);
  return boost::json::serialize(o);
}

Response Dispatcher::Route(RequestContext& ctx) {
  const Request& req = ctx.request();
  auto target = boost::urls::parse_origin_form(req.target);
  if (!target)
    return ctx.Problem(errors::InvalidField("target", "the request target is not a valid path"));
  std::vector<std::string> segments;
  for (auto seg : target->segments()) segments.emplace_back(seg);
  for (auto param : target->params()) ctx.query_[std::string(param.key)] = std::string(param.value);

  Router::Match match = router_.Find(req.method, segments);
  if (match.route == nullptr) {
    if (match.path_matched) {
      Response r = ctx.Problem(errors::Make(StatusCode::kUnimplemented, errors::kMethodNotAllowed,
                                            StrCat("use ", StrJoin(match.allowed, " or "))));
      r.headers.emplace_back("Allow", StrJoin(match.allowed, ", "));
      return r;
    }
    return ctx.Problem(errors::NotFound("route"));
  }
  ctx.params_ = std::move(match.params);
  const bool writes = req.method == "POST" || req.method == "PUT" || req.method == "PATCH";
  // Chunks of a resumable upload are raw bytes (PATCH, as in the tus protocol); all other
  // writes are JSON.
  const bool chunk = req.method == "PATCH";
  const bool media_ok = chunk ? MediaTypeIs(req.content_type, kOffsetOctetStream)
                              : MediaTypeIs(req.content_type, "application/json");
  if (writes && !media_ok) {
    Response r =
        ctx.Problem(errors::Make(StatusCode::kInvalidArgument, errors::kUnsupportedMediaType,
                                 chunk ? "send the chunk as application/offset+octet-stream"
                                       : "send the body as application/json",
                                 "Content-Type"));
    r.route = match.route->pattern;
    return r;
  }

  // A write made with the console's session cookie must echo the session's CSRF token, so that
  // another site cannot make the browser write on its user's behalf. Signing in is exempt: it
  // opens a session rather than using one.
  const bool unsafe = writes || req.method == "DELETE";
  if (unsafe && req.authorization.empty() && !ctx.session_secret().empty() &&
      match.route->pattern != "/v1/sessions") {
    const auto& session = ctx.session();
    if (session.ok() && !crypto::ConstantTimeEquals(req.csrf_token, session->csrf_token)) {
      Response r = ctx.Problem(errors::Make(
          StatusCode::kPermissionDenied, errors::kCsrf,
          "a write with the console session must carry the session's X-CSRF-Token header",
          "X-CSRF-Token"));
      r.route = match.route->pattern;
      return r;
    }
  }

  // Status, role and the route's act decide whether the caller may act at all, in one place
  // (domain/authorization.h), before any handler or idempotent replay.
  if (match.route->act != domain::Act::kPublic) {
    const auto& p = ctx.principal();
    Status allowed = p.ok() ? domain::Authorize(*p, match.route->act) : p.status();
    if (!allowed.ok()) {
      Response r = ctx.Problem(allowed);
      r.route = match.route->pattern;
      return r;
    }
  }

  // Idempotent replay for state-changing requests that carry a key.
  std::string digest;
  const bool idempotent = writes && req.has_idempotency_key;
  if (idempotent) {
    if (Status st = service::IdempotencyService::ValidateKey(req.idempotency_key); !st.ok()) {
      return ctx.Problem(st);
    }
    std::optional<std::string> organization;
    if (ctx.has_credentials()) {
      const auto& p = ctx.principal();
      if (!p.ok()) return ctx.Problem(p.status());
      organization = p->organization.value();
    }
    digest = crypto::Sha256Hex(StrCat(req.method, "\n", req.target, "\n", req.body));
    ctx.idempotency_scope_ =
        service::IdempotencyService::Scope(organization, req.idempotency_key, digest);
    auto stored = idempotency_.Begin(*ctx.idempotency_scope_, req.idempotency_key, digest,
                                     match.route->records_in_transaction);
    if (!stored.ok()) return ctx.Problem(stored.status());
    if (stored->has_value()) {
      Response r = ctx.Json((*stored)->status, (*stored)->body);
      r.headers.emplace_back("Idempotent-Replayed", "true");
      r.route = match.route->pattern;
      return r;
    }
  }

  Response r = match.route->handler(ctx);
  r.route = match.route->pattern;
  if (idempotent) {
    Status st = idempotency_.Finish(*ctx.idempotency_scope_, req.idempotency_key, r.status,
                                    WithholdSecrets(r.body, r.secrets));
    // A use case that records in its own transaction has already completed the key.
    const bool recorded = match.route->records_in_transaction && r.status >= 200 &&
                          r.status < 300 && st.code() == StatusCode::kNotFound;
    if (!st.ok() && !recorded) {
      logger_->error("request_id={} idempotency record failed: {}", ctx.request_id(),
                     st.ToString());
    }
  }
  return r;
}

Response Dispatcher::Handle(const Request& request) {
  absl::Time started = clock_.Now();
  std::string request_id = ValidRequestId(request.request_id) ? request.request_id : NewRequestId();
  RequestContext ctx(request, request_id, tokens_, options_.sessions);
  Response response;
  try {
    response = Route(ctx);
  } catch (const std::exception& e) {
    logger_->error("request_id={} unhandled exception: {}", request_id, e.what());
    response = ProblemResponse(InternalError(e.what()), request_id);
  } catch (...) {
    response = ProblemResponse(InternalError("unknown exception"), request_id);
  }
  Finish(request, request_id, response, started);
  return response;
}

Response Dispatcher::Reject(const Status& status, std::string_view remote) {
  Request fake;
  fake.method = "-";
  fake.target = "-";
  fake.remote = std::string(remote);
  std::string request_id = NewRequestId();
  Response r = ProblemResponse(status, request_id);
  r.route = "(unread)";
  Finish(fake, request_id, r, clock_.Now());
  return r;
}

void Dispatcher::Finish(const Request& request, const std::string& request_id, Response& response,
                        absl::Time started) {
  if (response.route.empty()) response.route = "(unmatched)";
  response.headers.emplace_back("X-Request-Id", request_id);
  double seconds = absl::ToDoubleSeconds(clock_.Now() - started);
  metrics_.Observe(response.route, request.method, response.status, seconds);
  if (response.status >= 500) {
    logger_->error(
        R"({{"request_id":"{}","method":"{}","route":"{}","status":{},"duration_us":{},"remote":"{}"}})",
        request_id, request.method, response.route, response.status, int64_t(seconds * 1e6),
        request.remote);
  } else if (options_.access_log) {
    options_.access_log->info(
        R"({{"request_id":"{}","method":"{}","route":"{}","status":{},"duration_us":{},"bytes":{},"remote":"{}"}})",
        request_id, request.method, response.route, response.status, int64_t(seconds * 1e6),
        response.body.size(), request.remote);
  }
}

}  // namespace bourse::http
