// The console over real HTTP: sign-in with a token or a password sets an HttpOnly, SameSite
// cookie; the cookie authenticates reads; writes with it need the session's CSRF token; signing
// out ends it. The console's files are served under a strict Content-Security-Policy, and nothing
// outside the console's folder is.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

#include "client/http_client.h"
#include "test/test_server.h"

namespace bourse::testing {
namespace {

namespace json = boost::json;
using client::Headers;
using client::HttpClient;
using client::HttpReply;

std::string CookieFrom(const HttpReply& r) {
  std::string set = r.header("set-cookie");
  return set.substr(0, set.find(';'));
}

class ConsoleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    console_ =
        std::filesystem::temp_directory_path() / ("bourse_console_" + std::to_string(getpid()));
    std::filesystem::remove_all(console_);
    std::filesystem::create_directories(console_ / "assets");
    std::ofstream(console_ / "index.html") << "<!doctype html><title>Bourse</title>";
    std::ofstream(console_ / "assets" / "app-1234.js") << "console.log('hi');";
    std::ofstream(console_ / "assets" / "app-1234.js.gz") << "gzipped bytes";
    std::ofstream(console_.parent_path() / ("secret_" + std::to_string(getpid()))) << "secret";
    app::Config config;
    config.console_dir = console_.string();
    server_ = TestServer::Start(config);
    ASSERT_NE(server_, nullptr);
    http_ = std::move(*HttpClient::Create(server_->url()));
  }
  void TearDown() override {
    server_.reset();
    std::filesystem::remove_all(console_);
    std::filesystem::remove(console_.parent_path() / ("secret_" + std::to_string(getpid())));
  }

  HttpReply Call(const std::string& method, const std::string& target, const std::string& body,
                 Headers headers = {}) {
    if (!body.empty()) headers.emplace_back("Content-Type", "application/json");
    auto r = http_->Send(method, target, body, headers);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : HttpReply{};
  }

  // Signs in with the operator's token; returns the cookie and the CSRF token.
  std::pair<std::string, std::string> SignIn() {
    HttpReply r = Call("POST", "/v1/sessions",
                       json::serialize(json::object{{"token", server_->operator_token()}}));
    EXPECT_EQ(r.status, 201) << r.body;
    return {CookieFrom(r), std::string(json::parse(r.body).at("csrf_token").as_string())};
  }

  std::filesystem::path console_;
  std::unique_ptr<TestServer> server_;
  std::unique_ptr<HttpClient> http_;
};

TEST_F(ConsoleTest, TokenSignInSetsAStrictHttpOnlyCookie) {
  HttpReply r = Call("POST", "/v1/sessions",
                     json::serialize(json::object{{"token", server_->operator_token()}}));
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string cookie = r.header("set-cookie");
  EXPECT_EQ(cookie.rfind("bourse_session=bss_", 0), 0u) << cookie;
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_NE(cookie.find("Path=/"), std::string::npos);
  EXPECT_NE(cookie.find("Max-Age=43200"), std::string::npos);
  EXPECT_EQ(r.header("cache-control"), "no-store");
  auto body = json::parse(r.body).as_object();
  EXPECT_EQ(body.at("organization_id").as_string(), server_->operator_id());
  EXPECT_EQ(body.at("signed_in_with").as_string(), "token");
  EXPECT_EQ(body.at("roles").as_array()[0].as_string(), "operator");
  EXPECT_FALSE(body.contains("secret"));

  HttpReply me = Call("GET", "/v1/sessions/current", "", {{"Cookie", CookieFrom(r)}});
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(json::parse(me.body).at("csrf_token"), body.at("csrf_token"));
  // The cookie authenticates API reads as the token would.
  HttpReply tokens = Call("GET", "/v1/tokens", "", {{"Cookie", "a=b; " + CookieFrom(r)}});
  EXPECT_EQ(tokens.status, 200) << tokens.body;
}

TEST_F(ConsoleTest, WritesWithTheCookieNeedTheCsrfToken) {
  auto [cookie, csrf] = SignIn();
  const std::string body = R"({"name":"from the console"})";
  HttpReply none = Call("POST", "/v1/tokens", body, {{"Cookie", cookie}});
  EXPECT_EQ(none.status, 403) << none.body;
  EXPECT_EQ(none.header("content-type"), "application/problem+json");
  EXPECT_EQ(json::parse(none.body).at("kind").as_string(), "csrf-token-mismatch");
  HttpReply wrong =
      Call("POST", "/v1/tokens", body, {{"Cookie", cookie}, {"X-CSRF-Token", csrf + "x"}});
  EXPECT_EQ(wrong.status, 403);
  // Nothing was written by the refused requests.
  HttpReply before = Call("GET", "/v1/tokens", "", {{"Cookie", cookie}});
  EXPECT_EQ(json::parse(before.body).at("items").as_array().size(), 1u);
  HttpReply ok = Call("POST", "/v1/tokens", body, {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  EXPECT_EQ(ok.status, 201) << ok.body;
  // A bearer token needs no CSRF token (no browser sends it by itself).
  HttpReply bearer =
      Call("POST", "/v1/tokens", body, {{"Authorization", "Bearer " + server_->operator_token()}});
  EXPECT_EQ(bearer.status, 201) << bearer.body;
  // DELETE is a write too.
  HttpReply out = Call("DELETE", "/v1/sessions/current", "", {{"Cookie", cookie}});
  EXPECT_EQ(out.status, 403);
}

TEST_F(ConsoleTest, PasswordSignInAndSignOut) {
  auto [cookie, csrf] = SignIn();
  const std::string target = "/v1/organizations/" + server_->operator_id() + "/password";
  HttpReply short_one =
      Call("PUT", target, R"({"password":"short"})", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  EXPECT_EQ(short_one.status, 400);
  EXPECT_EQ(json::parse(short_one.body).at("field").as_string(), "password");
  HttpReply set = Call("PUT", target, R"({"password":"a long console passphrase"})",
                       {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  ASSERT_EQ(set.status, 204) << set.body;

  HttpReply wrong = Call("POST", "/v1/sessions",
                         json::serialize(json::object{{"organization", server_->operator_id()},
                                                      {"password", "not the passphrase"}}));
  EXPECT_EQ(wrong.status, 401);
  EXPECT_TRUE(wrong.header("set-cookie").empty());
  HttpReply in = Call("POST", "/v1/sessions",
                      json::serialize(json::object{{"organization", server_->operator_id()},
                                                   {"password", "a long console passphrase"}}));
  ASSERT_EQ(in.status, 201) << in.body;
  EXPECT_EQ(json::parse(in.body).at("signed_in_with").as_string(), "password");
  const std::string pw_cookie = CookieFrom(in);
  const std::string pw_csrf(json::parse(in.body).at("csrf_token").as_string());

  HttpReply out = Call("DELETE", "/v1/sessions/current", "",
                       {{"Cookie", pw_cookie}, {"X-CSRF-Token", pw_csrf}});
  EXPECT_EQ(out.status, 204);
  EXPECT_NE(out.header("set-cookie").find("Max-Age=0"), std::string::npos);
  HttpReply gone = Call("GET", "/v1/sessions/current", "", {{"Cookie", pw_cookie}});
  EXPECT_EQ(gone.status, 401);
  EXPECT_EQ(Call("GET", "/v1/tokens", "", {{"Cookie", pw_cookie}}).status, 401);
}

TEST_F(ConsoleTest, BadSignInsAreClearProblems) {
  struct Case {
    std::string body;
    int status;
  } cases[] = {
      {"{", 400},
      {"[]", 400},
      {R"({"token":"bsk_nope"})", 401},
      {R"({"token":7})", 400},
      {R"({"organization":"org_x"})", 400},
      {R"({"token":"t","password":"p"})", 400},
      {R"({"organization":"org_x","password":"p","admin":true})", 400},
  };
  for (const auto& c : cases) {
    HttpReply r = Call("POST", "/v1/sessions", c.body);
    EXPECT_EQ(r.status, c.status) << c.body << " " << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json") << c.body;
    EXPECT_TRUE(r.header("set-cookie").empty()) << c.body;
  }
  EXPECT_EQ(
      Call("GET", "/v1/sessions/current", "", {{"Cookie", "bourse_session=bss_forged"}}).status,
      401);
  EXPECT_EQ(Call("GET", "/v1/sessions/current", "").status, 401);
  // A form on another site can post only form or plain-text bodies: no session comes of it.
  auto form = http_->Send("POST", "/v1/sessions", "token=" + server_->operator_token(),
                          {{"Content-Type", "application/x-www-form-urlencoded"}});
  ASSERT_TRUE(form.ok());
  EXPECT_EQ(form->status, 415);
  EXPECT_TRUE(form->header("set-cookie").empty());
}

TEST_F(ConsoleTest, ServesTheConsoleUnderAStrictPolicyAndNothingOutsideIt) {
  HttpReply index = Call("GET", "/", "");
  ASSERT_EQ(index.status, 200);
  EXPECT_EQ(index.body, "<!doctype html><title>Bourse</title>");
  EXPECT_EQ(index.header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(index.header("cache-control"), "no-cache");
  const std::string csp = index.header("content-security-policy");
  EXPECT_NE(csp.find("default-src 'none'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << csp;

  HttpReply js = Call("GET", "/assets/app-1234.js", "");
  ASSERT_EQ(js.status, 200);
  EXPECT_EQ(js.body, "console.log('hi');");
  EXPECT_EQ(js.header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(js.header("cache-control"), "public, max-age=31536000, immutable");
  HttpReply gz = Call("GET", "/assets/app-1234.js", "", {{"Accept-Encoding", "gzip, br"}});
  EXPECT_EQ(gz.body, "gzipped bytes");
  EXPECT_EQ(gz.header("content-encoding"), "gzip");

  const std::string secret = "secret_" + std::to_string(getpid());
  for (const std::string& target :
       std::vector<std::string>{"/assets/missing.js", "/assets/../../" + secret,
                                "/assets/..%2F..%2F" + secret, "/assets/%2e%2e/%2e%2e/" + secret}) {
    HttpReply r = Call("GET", target, "");
    EXPECT_EQ(r.status, 404) << target << " " << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json") << target;
  }
}

}  // namespace
}  // namespace bourse::testing
