// Bad input of every kind gets a 4xx problem+json naming the field, writes nothing, and leaves
// the server answering.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "test/raw_socket.h"
#include "test/test_server.h"

namespace bourse::testing {
namespace {

namespace json = boost::json;

class BadInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = TestServer::Start();
    ASSERT_NE(server_, nullptr);
    auto buyer = server_->Apply("Buyer", server_->NextUscc(), {domain::Role::kBuyer});
    buyer_id_ = buyer.organization.id.value();
  }

  int64_t Organizations() {
    auto stats = server_->Client()->Stats();
    return stats->as_object().at("organizations").as_object().at("total").as_int64();
  }
  int64_t Tokens() {
    return static_cast<int64_t>(server_->Client(server_->operator_token())->ListTokens()->size());
  }

  // Sends the request and checks status, problem+json, kind, field, that nothing changed and that
  // the server still answers.
  void Expect(const std::string& method, const std::string& target, const std::string& body,
              int status, const std::string& kind, const std::string& field,
              client::Headers headers = {}, const std::string& token = "") {
    int64_t orgs_before = Organizations(), tokens_before = Tokens();
    auto before = server_->Client(server_->operator_token())->GetOrganization(buyer_id_);
    if (std::none_of(headers.begin(), headers.end(),
                     [](const auto& h) { return h.first == "Content-Type"; })) {
      headers.emplace_back("Content-Type", "application/json");
    }
    auto r = server_->Client(token.empty() ? server_->operator_token() : token)
                 ->Raw(method, target, body, headers);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    SCOPED_TRACE(method + " " + target + " " + body.substr(0, 80));
    EXPECT_EQ(r->status, status) << r->body;
    EXPECT_EQ(r->header("content-type"), "application/problem+json");
    auto problem = json::parse(r->body).as_object();
    EXPECT_EQ(problem["kind"].as_string(), kind);
    EXPECT_EQ(problem["status"].as_int64(), status);
    EXPECT_EQ(std::string(problem["type"].as_string()), "urn:bourse:problem:" + kind);
    if (!field.empty()) {
      ASSERT_TRUE(problem.contains("field")) << r->body;
      EXPECT_EQ(problem["field"].as_string(), field);
    }
    EXPECT_EQ(Organizations(), orgs_before);
    EXPECT_EQ(Tokens(), tokens_before);
    auto after = server_->Client(server_->operator_token())->GetOrganization(buyer_id_);
    EXPECT_EQ(after->organization, before->organization);
    EXPECT_EQ(after->history.size(), before->history.size());
    EXPECT_EQ(server_->Client()->Raw("GET", "/healthz", "")->status, 200);
  }

  std::string App(const std::string& name_json,
                  const std::string& uscc = "\"91110000600037341L\"") {
    return R"({"name":)" + name_json + R"(,"uscc":)" + uscc +
           R"(,"legal_form":"enterprise_legal_person","roles":["buyer"],"contact":{"name":"a","email":"a@b.cn"}})";
  }

  std::unique_ptr<TestServer> server_;
  std::string buyer_id_;
};

TEST_F(BadInputTest, Applications) {
  const std::string o = "/v1/organizations";
  Expect("POST", o, "{\"name\": ", 400, "malformed-body", "body");
  Expect("POST", o, "", 400, "malformed-body", "body");
  Expect("POST", o, "[]", 400, "malformed-body", "body");
  Expect("POST", o, App("17"), 400, "invalid-field", "name");
  Expect("POST", o, App("\"ok\"", "18"), 400, "invalid-field", "uscc");
  Expect("POST", o, R"({"uscc":"91110000600037341L"})", 400, "missing-field", "name");
  Expect("POST", o, App("\"ok\"", "\"91110000600037341M\""), 400, "invalid-field", "uscc");
  Expect("POST", o, App("\"" + std::string(1000000, 'x') + "\""), 400, "invalid-field", "name");
  Expect("POST", o, App("\"bad \xff\xfe\""), 400, "invalid-field", "name");
  Expect("POST", o,
         R"({"name":"a","uscc":"91110000600037341L","legal_form":"enterprise_legal_person",
      "roles":["buyer"],"contact":{"name":"a","email":"a@b.cn"},"admin":true})",
         400, "unknown-field", "admin");
  Expect("POST", o,
         R"({"name":"a","uscc":"91110000600037341L","legal_form":"enterprise_legal_person",
      "roles":["buyer"],"contact":{"name":"a","email":"not-an-email"}})",
         400, "invalid-field", "contact.email");
  Expect("POST", o,
         R"({"name":"a","uscc":"91110000600037341L","legal_form":"enterprise_legal_person",
      "roles":["operator"],"contact":{"name":"a","email":"a@b.cn"}})",
         400, "invalid-field", "roles");
  Expect("POST", o,
         R"({"name":"a","uscc":"91110000600037341L","legal_form":"enterprise_legal_person",
      "roles":["seller"],"sponsor_id":17,"contact":{"name":"a","email":"a@b.cn"}})",
         400, "invalid-field", "sponsor_id");
  Expect("POST", o, "{\"name\":\"" + std::string(2 << 20, 'x') + "\"}", 413, "body-too-large",
         "body");
  Expect("POST", o, App("\"ok\""), 415, "unsupported-media-type", "Content-Type",
         {{"Content-Type", "text/plain"}});
}

TEST_F(BadInputTest, Decisions) {
  const std::string d = "/v1/organizations/" + buyer_id_ + "/decisions";
  Expect("POST", d, R"({"action":"promote"})", 400, "invalid-field", "action");
  Expect("POST", d, R"({})", 400, "missing-field", "action");
  Expect("POST", d, R"({"action":"approve","tier":"gold","types":["media"],"risk_level":1})", 400,
         "invalid-field", "tier");
  Expect("POST", d, R"({"action":"approve","tier":"core","types":["media"],"risk_level":"high"})",
         400, "invalid-field", "risk_level");
  Expect("POST", d, R"({"action":"approve","tier":"core","types":["media"],"risk_level":0})", 400,
         "invalid-field", "risk_level");
  Expect("POST", d, R"({"action":"reject"})", 400, "missing-field", "reason");
  Expect("POST", d, R"({"action":"reject","reason":"x","why":"y"})", 400, "unknown-field", "why");
  Expect("POST", d, R"({"action":"pass_checks"})", 400, "invalid-field", "action");
  Expect("POST", d, R"({"action":"approve","tier":"core","types":["media"],"risk_level":1})", 400,
         "invalid-field", "tier");
  Expect("POST", d, R"({"action":"reinstate"})", 409, "illegal-transition", "");
  Expect("POST", "/v1/organizations/org_unknown/decisions", R"({"action":"approve"})", 404,
         "not-found", "");
}

TEST_F(BadInputTest, TokensAndQueries) {
  Expect("POST", "/v1/tokens", R"({"name":""})", 400, "missing-field", "name");
  Expect("POST", "/v1/tokens", R"({"name":")" + std::string(101, 'n') + "\"}", 400, "invalid-field",
         "name");
  Expect("POST", "/v1/tokens", R"({"label":"x"})", 400, "missing-field", "name");
  Expect("DELETE", "/v1/tokens/tok_nope", "", 404, "not-found", "");
  Expect("GET", "/v1/organizations?role=wizard", "", 400, "invalid-field", "role");
  Expect("GET", "/v1/organizations?status=pending", "", 400, "invalid-field", "status");
  Expect("GET", "/v1/organizations?limit=0", "", 400, "invalid-field", "limit");
  Expect("GET", "/v1/organizations?limit=abc", "", 400, "invalid-field", "limit");
  Expect("GET", "/v1/organizations?cursor=forged", "", 400, "invalid-field", "cursor");
  Expect("GET", "/v1/nothing-here", "", 404, "not-found", "");
  Expect("PUT", "/v1/organizations", "{}", 405, "method-not-allowed", "");
}

TEST_F(BadInputTest, BrokenHttpGetsAProblemAndTheServerStaysUp) {
  uint16_t port = server_->app().port();
  std::string reply = RawExchange(port, "THIS IS NOT HTTP\r\n\r\n");
  EXPECT_NE(reply.find("400"), std::string::npos) << reply;
  EXPECT_NE(reply.find("application/problem+json"), std::string::npos);
  reply =
      RawExchange(port, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(64 << 10, 'a') +
                            "\r\n\r\n");
  EXPECT_NE(reply.find(" 431 "), std::string::npos) << reply.substr(0, 200);
  reply =
      RawExchange(port,
                  "POST /v1/organizations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  "Content-Length: 99999999\r\n\r\n{");
  EXPECT_NE(reply.find(" 413 "), std::string::npos) << reply.substr(0, 200);
  EXPECT_EQ(server_->Client()->Raw("GET", "/healthz", "")->status, 200);
}

}  // namespace
}  // namespace bourse::testing
