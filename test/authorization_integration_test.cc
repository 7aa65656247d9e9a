// The authorization matrix: each kind of caller against each route. Another organisation's
// private object answers 404 exactly as a missing one does; the regulator reads everything and
// writes nothing.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "base/errors.h"
#include "test/test_server.h"

namespace bourse::testing {
namespace {

using domain::Role;

class AuthorizationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = TestServer::Start();
    ASSERT_NE(server_, nullptr);
    pending_ = server_->Apply("Pending buyer", server_->NextUscc(), {Role::kBuyer});
    buyer_ = server_->Approved("Approved buyer", {Role::kBuyer});
    merchant_ = server_->Approved("Merchant", {Role::kDataMerchant});
    cert_id_ = (*server_->Client(merchant_.token)
                     ->OrganizationCertificates(merchant_.organization.id.value()))[0]
                   .id.value();
    buyer_token_id_ = (*server_->Client(buyer_.token)->ListTokens())[0].id.value();
  }

  int Status(const std::string& token, const std::string& method, const std::string& target,
             const std::string& body = "") {
    auto r = server_->Client(token)->Raw(method, target, body);
    EXPECT_TRUE(r.ok());
    if (r->status >= 400) {
      EXPECT_EQ(r->header("content-type"), "application/problem+json") << method << " " << target;
    }
    return r->status;
  }

  std::unique_ptr<TestServer> server_;
  client::AppliedOrganization pending_, buyer_, merchant_;
  std::string cert_id_, buyer_token_id_;
};

TEST_F(AuthorizationTest, Matrix) {
  const std::string anon = "", bad = "bsk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
  const std::string op = server_->operator_token(), reg = server_->regulator_token();
  const std::string pending = pending_.token, buyer = buyer_.token, merchant = merchant_.token;
  const std::string b = "/v1/organizations/" + buyer_.organization.id.value();
  const std::string m = "/v1/organizations/" + merchant_.organization.id.value();
  const std::string cert = "/v1/certificates/" + cert_id_;
  const std::string approve = R"({"action":"approve"})";

  struct Row {
    std::string who, method, target, body;
    int expected;
  } rows[] = {
      // Reading an organisation.
      {anon, "GET", b, "", 401},
      {bad, "GET", b, "", 401},
      {"Basic abc", "GET", b, "", 401},
      {pending, "GET", b, "", 404},
      {buyer, "GET", b, "", 200},
      {merchant, "GET", b, "", 404},
      {op, "GET", b, "", 200},
      {reg, "GET", b, "", 200},
      // Listing.
      {anon, "GET", "/v1/organizations", "", 401},
      {buyer, "GET", "/v1/organizations", "", 200},
      {reg, "GET", "/v1/organizations", "", 200},
      // Deciding.
      {anon, "POST", b + "/decisions", approve, 401},
      {pending, "POST", b + "/decisions", approve, 404},
      {buyer, "POST", b + "/decisions", approve, 403},
      {reg, "POST", b + "/decisions", approve, 403},
      {op, "POST", b + "/decisions", approve, 409},
      {op, "POST", b + "/decisions", R"({"action":"exit"})", 403},
      {reg, "POST", b + "/decisions", R"({"action":"exit"})", 403},
      // Certificates.
      {anon, "GET", m + "/certificates", "", 401},
      {buyer, "GET", m + "/certificates", "", 404},
      {merchant, "GET", m + "/certificates", "", 200},
      {reg, "GET", m + "/certificates", "", 200},
      {anon, "GET", cert, "", 401},
      {buyer, "GET", cert, "", 404},
      {merchant, "GET", cert, "", 200},
      {op, "GET", cert, "", 200},
      {reg, "GET", cert, "", 200},
      // Tokens.
      {anon, "GET", "/v1/tokens", "", 401},
      {pending, "GET", "/v1/tokens", "", 200},
      {anon, "POST", "/v1/tokens", R"({"name":"x"})", 401},
      {pending, "DELETE", "/v1/tokens/" + buyer_token_id_, "", 404},
      {reg, "DELETE", "/v1/tokens/" + buyer_token_id_, "", 404},
      // Public.
      {anon, "GET", "/v1/stats", "", 200},
      {anon, "GET", "/.well-known/jwks.json", "", 200},
      {anon, "GET", "/v1/status-lists/suspension", "", 200},
      {anon, "GET", "/healthz", "", 200},
      {anon, "GET", "/readyz", "", 200},
      {anon, "GET", "/metrics", "", 200},
      {anon, "GET", "/openapi.json", "", 200},
  };
  for (const auto& row : rows) {
    std::unique_ptr<client::BourseClient> c = server_->Client();
    client::Headers headers;
    if (row.who.rfind("Basic", 0) == 0)
      headers.emplace_back("Authorization", row.who);
    else if (!row.who.empty())
      headers.emplace_back("Authorization", "Bearer " + row.who);
    auto r = c->Raw(row.method, row.target, row.body, headers);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, row.expected)
        << row.method << " " << row.target << " as "
        << (row.who.empty() ? "anonymous" : row.who.substr(0, 10)) << ": " << r->body;
  }
}

TEST_F(AuthorizationTest, ForeignObjectsLookExactlyLikeMissingOnes) {
  auto c = server_->Client(pending_.token);
  auto foreign = *c->Raw("GET", "/v1/organizations/" + buyer_.organization.id.value(), "");
  auto missing = *c->Raw("GET", "/v1/organizations/org_0000000000000000", "");
  EXPECT_EQ(foreign.status, 404);
  EXPECT_EQ(missing.status, 404);
  auto strip = [](std::string body) {
    auto o = boost::json::parse(body).as_object();
    o.erase("request_id");
    return boost::json::serialize(o);
  };
  EXPECT_EQ(strip(foreign.body), strip(missing.body));
  auto foreign_cert = *c->Raw("GET", "/v1/certificates/" + cert_id_, "");
  auto missing_cert = *c->Raw("GET", "/v1/certificates/cert_0000000000000000", "");
  EXPECT_EQ(strip(foreign_cert.body), strip(missing_cert.body));
}

TEST_F(AuthorizationTest, ParticipantsListOnlyThemselves) {
  auto page = server_->Client(buyer_.token)->ListOrganizations({});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].id, buyer_.organization.id);
  EXPECT_EQ(server_->Client(server_->regulator_token())->ListOrganizations({})->items.size(), 5u);
}

TEST_F(AuthorizationTest, TokensAreTheOrganisationsOwn) {
  auto mine = server_->Client(buyer_.token);
  auto created = mine->CreateToken("ci");
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(mine->ListTokens()->size(), 2u);
  EXPECT_EQ(server_->Client(pending_.token)->ListTokens()->size(), 1u);
  ASSERT_TRUE(mine->RevokeToken(created->token.id.value()).ok());
  auto revoked = server_->Client(created->secret)->GetOrganization(buyer_.organization.id.value());
  EXPECT_EQ(revoked.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(mine->RevokeToken(created->token.id.value()).code(), StatusCode::kFailedPrecondition);
}

// Moves organisation `id` by the operator's decision `action`.
void Decide(TestServer& server, const std::string& id, domain::AdmissionAction action) {
  domain::Decision d;
  d.action = action;
  d.reason = "a decision for the test";
  auto r = server.Client(server.operator_token())->Decide(id, d);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
}

// A console session opened with `token`: the cookie to send and the CSRF token writes echo.
struct ConsoleSession {
  std::string cookie, csrf;
};
ConsoleSession OpenSession(TestServer& server, const std::string& token) {
  auto r = server.Client()->Raw("POST", "/v1/sessions", R"({"token":")" + token + R"("})");
  EXPECT_EQ(r->status, 201) << r->body;
  if (r->status != 201) return {};
  const std::string set_cookie = r->header("set-cookie");
  return {set_cookie.substr(0, set_cookie.find(';')),
          std::string(boost::json::parse(r->body).as_object().at("csrf_token").as_string())};
}

std::string KindOf(const client::HttpReply& r) {
  boost::system::error_code ec;
  auto v = boost::json::parse(r.body, ec);
  if (ec || !v.is_object() || !v.as_object().contains("kind")) return "";
  return std::string(v.as_object().at("kind").as_string());
}

// Every operation documented in docs/openapi.yaml, called as an organisation in each status and
// as the regulator: the act the document names for the operation (x-bourse-act) is the act the
// router enforces, and the outcome is what domain::Authorize says for that status, role and act.
// A route added to the router but not to the document fails ServerTest.OpenApiMatchesTheRouter;
// one added to both is walked here without further change.
TEST_F(AuthorizationTest, EveryDocumentedOperationIsDecidedByStatusRoleAndAct) {
  std::ifstream file(BOURSE_OPENAPI_JSON);
  std::stringstream ss;
  ss << file.rdbuf();
  const auto doc = boost::json::parse(ss.str()).as_object();

  std::map<std::string, domain::Act> routed;
  for (const auto& e : server_->app().router().Routes()) {
    std::string pattern = e.pattern;
    if (auto dots = pattern.find("...}"); dots != std::string::npos) pattern.erase(dots, 3);
    routed[e.method + " " + pattern] = e.act;
  }

  // Callers in every standing. Each gets its token and a console session before its
  // organisation moves.
  auto suspended = server_->Approved("Suspended buyer", {Role::kBuyer});
  auto revoked = server_->Approved("Revoked buyer", {Role::kBuyer});
  auto rejected = server_->Apply("Rejected buyer", server_->NextUscc(), {Role::kBuyer});
  auto exited = server_->Approved("Exited buyer", {Role::kBuyer});
  std::map<std::string, ConsoleSession> sessions;
  for (const auto* o : {&suspended, &revoked, &rejected, &exited, &pending_, &buyer_})
    sessions[o->token] = OpenSession(*server_, o->token);
  sessions[server_->regulator_token()] = OpenSession(*server_, server_->regulator_token());
  Decide(*server_, suspended.organization.id.value(), domain::AdmissionAction::kSuspend);
  Decide(*server_, revoked.organization.id.value(), domain::AdmissionAction::kSuspend);
  Decide(*server_, revoked.organization.id.value(), domain::AdmissionAction::kRevoke);
  Decide(*server_, rejected.organization.id.value(), domain::AdmissionAction::kReject);
  {
    domain::Decision d;
    d.action = domain::AdmissionAction::kExit;
    d.reason = "leaving the market";
    ASSERT_TRUE(server_->Client(exited.token)->Decide(exited.organization.id.value(), d).ok());
  }
  struct Caller {
    std::string name, token;
    domain::AdmissionStatus status;
    domain::EnumSet<Role> roles;
  };
  domain::EnumSet<Role> buyer_roles, regulator_roles;
  buyer_roles.Add(Role::kBuyer);
  regulator_roles.Add(Role::kRegulator);
  const std::vector<Caller> callers = {
      {"suspended", suspended.token, domain::AdmissionStatus::kSuspended, buyer_roles},
      {"pending", pending_.token, domain::AdmissionStatus::kUnderReview, buyer_roles},
      {"revoked", revoked.token, domain::AdmissionStatus::kRevoked, buyer_roles},
      {"rejected", rejected.token, domain::AdmissionStatus::kRejected, buyer_roles},
      {"exited", exited.token, domain::AdmissionStatus::kExited, buyer_roles},
      {"regulator", server_->regulator_token(), domain::AdmissionStatus::kApproved,
       regulator_roles},
      {"approved", buyer_.token, domain::AdmissionStatus::kApproved, buyer_roles},
  };

  int walked = 0;
  for (const auto& [path, item] : doc.at("paths").as_object()) {
    for (const auto& [method_lower, op_value] : item.as_object()) {
      std::string method(method_lower);
      for (auto& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      const auto& op = op_value.as_object();
      ASSERT_TRUE(op.contains("x-bourse-act")) << method << " " << path << " names no act";
      auto act = domain::ParseAct(std::string(op.at("x-bourse-act").as_string()));
      ASSERT_TRUE(act.has_value()) << method << " " << path;
      const std::string key = method + " " + std::string(path);
      ASSERT_TRUE(routed.contains(key)) << key;
      EXPECT_EQ(routed[key], *act) << key << ": the router enforces another act";
      if (*act == domain::Act::kPublic) continue;
      ++walked;
      // Path parameters become ids that exist nowhere: authority is decided before any lookup.
      const std::string target =
          std::regex_replace(std::string(path), std::regex(R"(\{[a-z_]+\})"), "x0");
      client::Headers extra;
      if (method == "PATCH") {
        extra.emplace_back("Content-Type", "application/offset+octet-stream");
        extra.emplace_back("Upload-Offset", "0");
      }
      const std::string body = method == "GET" || method == "DELETE" ? "" : "{}";
      // Operations secured by the console session alone are called with the caller's cookie.
      const bool by_session =
          op.contains("security") &&
          boost::json::serialize(op.at("security")).find("session") != std::string::npos;
      for (const auto& caller : callers) {
        client::Headers headers = extra;
        std::string token = caller.token;
        if (by_session) {
          headers.emplace_back("Cookie", sessions[caller.token].cookie);
          headers.emplace_back("X-CSRF-Token", sessions[caller.token].csrf);
          token.clear();
        }
        auto r = server_->Client(token)->Raw(method, target, body, headers);
        ASSERT_TRUE(r.ok());
        const bourse::Status expected = domain::Authorize(caller.status, caller.roles, *act);
        const std::string what = key + " as " + caller.name + ": " + r->body;
        if (!expected.ok()) {
          EXPECT_EQ(KindOf(*r), errors::KindOf(expected)) << what;
          EXPECT_EQ(r->status, expected.code() == StatusCode::kUnauthenticated ? 401 : 403) << what;
        } else {
          EXPECT_NE(r->status, 401) << what;
          for (std::string_view refused :
               {errors::kSuspended, errors::kNotAdmitted, errors::kReadOnly})
            EXPECT_NE(KindOf(*r), refused) << what;
          EXPECT_LT(r->status, 500) << what;
        }
      }
    }
  }
  EXPECT_GT(walked, 50);
  // The server is still up, and nothing the refused callers sent changed anything of theirs.
  EXPECT_EQ(server_->Client()->Raw("GET", "/healthz", "")->status, 200);
  EXPECT_EQ(server_->Client(suspended.token)->ListTokens()->size(), 1u);
}

// The walk-arounds of a suspended or departed organisation, with real objects.
TEST_F(AuthorizationTest, SuspensionStopsActingAndRevocationStopsAuthenticating) {
  auto seller = server_->Approved("Buyer to suspend", {Role::kBuyer});
  auto c = server_->Client(seller.token);
  // A console session opened while approved.
  auto session = c->Raw("POST", "/v1/sessions", R"({"token":")" + seller.token + R"("})");
  ASSERT_EQ(session->status, 201) << session->body;
  const std::string cookie = session->header("set-cookie").substr(0, 62);
  ASSERT_EQ(cookie.substr(0, 15), "bourse_session=");
  client::Headers with_cookie = {{"Cookie", cookie}};
  EXPECT_EQ(server_->Client()->Raw("GET", "/v1/sessions/current", "", with_cookie)->status, 200);

  Decide(*server_, seller.organization.id.value(), domain::AdmissionAction::kSuspend);
  const std::string org = "/v1/organizations/" + seller.organization.id.value();
  EXPECT_EQ(c->Raw("GET", org, "")->status, 200) << "a suspended organisation reads its own";
  EXPECT_EQ(c->Raw("GET", "/v1/notifications", "")->status, 200);
  for (const auto& [method, target, body] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"POST", "/v1/tokens", R"({"name":"another way in"})"},
           {"POST", "/v1/webhooks", R"({"url":"https://example.com/hook","events":["*"]})"},
           {"PUT", org + "/password", R"({"password":"a long enough password"})"},
           {"POST", "/v1/sessions", R"({"token":")" + seller.token + R"("})"},
           {"POST", "/v1/products", R"({"title":"x"})"},
       }) {
    auto r = c->Raw(method, target, body);
    EXPECT_EQ(r->status, 403) << method << " " << target << ": " << r->body;
    EXPECT_EQ(KindOf(*r), errors::kSuspended) << method << " " << target;
  }
  EXPECT_EQ(c->ListTokens()->size(), 1u) << "no token was minted";
  // The session opened before still reads, and cannot write.
  EXPECT_EQ(server_->Client()->Raw("GET", "/v1/sessions/current", "", with_cookie)->status, 200);

  Decide(*server_, seller.organization.id.value(), domain::AdmissionAction::kRevoke);
  auto gone = c->Raw("GET", org, "");
  EXPECT_EQ(gone->status, 401);
  EXPECT_NE(gone->body.find("revoked"), std::string::npos) << gone->body;
  EXPECT_EQ(server_->Client()->Raw("GET", "/v1/sessions/current", "", with_cookie)->status, 401);
}

TEST_F(AuthorizationTest, TheRegulatorMintsNoTokens) {
  auto r = server_->Client(server_->regulator_token())
               ->Raw("POST", "/v1/tokens", R"({"name":"regulator's second"})");
  EXPECT_EQ(r->status, 403);
  EXPECT_EQ(KindOf(*r), errors::kReadOnly);
  EXPECT_EQ(server_->Client(server_->regulator_token())->ListTokens()->size(), 1u);
}

}  // namespace
}  // namespace bourse::testing
