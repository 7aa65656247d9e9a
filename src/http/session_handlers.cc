// Console sign-in: POST /v1/sessions opens a session (cookie + CSRF token), GET and DELETE
// /v1/sessions/current read and end it, PUT /v1/organizations/{id}/password sets the
// organisation's console password.
#include "api/wire_util.h"
#include "base/time_format.h"
#include "http/handler_util.h"
#include "http/handlers.h"

namespace bourse::http {
namespace {

constexpr std::string_view kCookie = "bourse_session";

json::object SessionJson(const service::SessionView& v) {
  return json::object{
      {"organization_id", v.principal.organization.value()},
      {"organization_name", v.organization_name},
      {"roles", api::EnumArray(v.principal.roles)},
      {"status", domain::Name(v.principal.status)},
      {"csrf_token", v.csrf_token},
      {"expires_at", FormatRfc3339(v.expires_at)},
      {"signed_in_with", v.with_token ? "token" : "password"},
  };
}

// HttpOnly keeps the secret from scripts; SameSite=Strict keeps other sites' requests from
// carrying it; Secure when the exchange is served over HTTPS.
std::string CookieHeader(const ApiServices& s, std::string_view value, int64_t max_age) {
  std::string out =
      StrCat(kCookie, "=", value, "; Path=/; HttpOnly; SameSite=Strict; Max-Age=", max_age);
  if (s.public_url.rfind("https://", 0) == 0) out += "; Secure";
  return out;
}

Response SignIn(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(req, api::ParseSignInRequest(ctx.request().body));
  BOURSE_TRY(in, req.token ? s.sessions->SignInWithToken(*req.token)
                           : s.sessions->SignInWithPassword(req.organization, req.password,
                                                            ctx.request().remote_address));
  Response r = JsonOk(ctx, 201, SessionJson(in.view));
  r.headers.emplace_back("Set-Cookie",
                         CookieHeader(s, in.secret, absl::ToInt64Seconds(s.sessions->lifetime())));
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

Response CurrentSession(const ApiServices&, RequestContext& ctx) {
  BOURSE_TRY(view, ctx.session());
  Response r = JsonOk(ctx, 200, SessionJson(view));
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

Response SignOut(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(view, ctx.session());
  (void)view;
  if (Status st = s.sessions->SignOut(ctx.session_secret()); !st.ok()) return ctx.Problem(st);
  Response r = ctx.Json(204, "");
  r.content_type.clear();
  r.headers.emplace_back("Set-Cookie", CookieHeader(s, "", 0));
  return r;
}

Response SetPassword(const ApiServices& s, RequestContext& ctx) {
  BOURSE_TRY(caller, ctx.principal());
  BOURSE_TRY(password, api::ParsePasswordRequest(ctx.request().body));
  if (Status st = s.sessions->SetPassword(caller, OrganizationId(ctx.param("id")), password);
      !st.ok())
    return ctx.Problem(st);
  Response r = ctx.Json(204, "");
  r.content_type.clear();
  return r;
}

}  // namespace

void RegisterSessionRoutes(Router& router, const ApiServices& s) {
  if (s.sessions == nullptr) return;
  auto bind = [&s](Response (*fn)(const ApiServices&, RequestContext&)) {
    return [&s, fn](RequestContext& ctx) { return fn(s, ctx); };
  };
  router.Add("POST", "/v1/sessions", domain::Act::kPublic, bind(&SignIn));
  router.Add("GET", "/v1/sessions/current", domain::Act::kRead, bind(&CurrentSession));
  router.Add("DELETE", "/v1/sessions/current", domain::Act::kRelinquish, bind(&SignOut));
  router.Add("PUT", "/v1/organizations/{id}/password", domain::Act::kCredentials,
             bind(&SetPassword));
}

}  // namespace bourse::http
