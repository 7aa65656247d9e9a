// The authorization matrix: each kind of caller against each route. Another organisation's
// private object answers 404 exactly as a missing one does; the regulator reads everything and
// writes nothing.
#include <gtest/gtest.h>

#include <boost/json.hpp>

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

}  // namespace
}  // namespace bourse::testing
