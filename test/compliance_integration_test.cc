// The exporter's side of the cross-border gate over HTTP: the operator's exporter-profile
// decisions, evidence filed with its document and reviewed, and bad input answered with a
// problem naming the field while nothing changes.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "base/encoding.h"
#include "base/errors.h"
#include "base/time_format.h"
#include "crypto/sha256.h"
#include "test/test_server.h"

namespace bourse::testing {
namespace {

namespace json = boost::json;
using domain::Role;

std::string KindOf(const client::HttpReply& r) {
  boost::system::error_code ec;
  auto v = json::parse(r.body, ec);
  if (ec || !v.is_object() || !v.as_object().contains("kind")) return "";
  return std::string(v.as_object().at("kind").as_string());
}
std::string FieldOf(const client::HttpReply& r) {
  auto v = json::parse(r.body).as_object();
  return v.contains("field") ? std::string(v.at("field").as_string()) : "";
}

class ComplianceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = TestServer::Start();
    ASSERT_NE(server_, nullptr);
    merchant_ = server_->Approved("Exporter", {Role::kDataMerchant});
    buyer_ = server_->Approved("Buyer", {Role::kBuyer});
  }

  json::object Filing() {
    const absl::Time now = absl::Now();
    return {{"kind", "standard_contract_filing"},
            {"reference", "粤网信备 2026-0042"},
            {"authority", "Guangdong Provincial Cyberspace Administration"},
            {"scope", json::object{{"destinations", json::array{"SG", "cn-hk"}},
                                   {"sectors", json::array{"energy", "finance"}}}},
            {"valid_from", FormatRfc3339(now - absl::Hours(24))},
            {"valid_until", FormatRfc3339(now + absl::Hours(24 * 365))},
            {"document", json::object{{"file_name", "filing-receipt.pdf"},
                                      {"content_base64", Base64Encode(kDocument)}}}};
  }

  static constexpr std::string_view kDocument = "%PDF-1.4\n% filing receipt\n";
  std::unique_ptr<TestServer> server_;
  client::AppliedOrganization merchant_, buyer_;
};

TEST_F(ComplianceTest, EvidenceIsFiledReviewedAndServedWithItsDigest) {
  auto exporter = server_->Client(merchant_.token);
  auto op = server_->Client(server_->operator_token());
  auto filed = exporter->Raw("POST", "/v1/evidence", json::serialize(Filing()));
  ASSERT_EQ(filed->status, 201) << filed->body;
  auto e = json::parse(filed->body).as_object();
  const std::string id(e.at("id").as_string());
  EXPECT_EQ(filed->header("location"), "/v1/evidence/" + id);
  EXPECT_EQ(e.at("status").as_string(), "filed");
  EXPECT_EQ(e.at("scope").at("destinations").as_array().at(1).as_string(), "CN-HK");
  EXPECT_EQ(e.at("document").at("sha256").as_string(), crypto::Sha256Hex(kDocument));

  // The operator's queue holds it; the buyer sees nothing of it.
  auto queue = op->Raw("GET", "/v1/evidence?status=filed", "");
  ASSERT_EQ(queue->status, 200);
  EXPECT_EQ(json::parse(queue->body).at("items").as_array().size(), 1u);
  EXPECT_EQ(server_->Client(buyer_.token)->Raw("GET", "/v1/evidence/" + id, "")->status, 404);
  EXPECT_TRUE(json::parse(server_->Client(buyer_.token)->Raw("GET", "/v1/evidence", "")->body)
                  .at("items")
                  .as_array()
                  .empty());
  auto doc = server_->Client(server_->regulator_token())
                 ->Raw("GET", "/v1/evidence/" + id + "/document", "");
  ASSERT_EQ(doc->status, 200);
  EXPECT_EQ(doc->body, kDocument);
  EXPECT_NE(doc->header("repr-digest").find("sha-256=:"), std::string::npos);

  // Only the operator decides, once, with a reason.
  const std::string decide = "/v1/evidence/" + id + "/decisions";
  auto self = exporter->Raw("POST", decide, R"({"action":"approve","reason":"mine"})");
  EXPECT_EQ(self->status, 403);
  auto regulator = server_->Client(server_->regulator_token())
                       ->Raw("POST", decide, R"({"action":"approve","reason":"x"})");
  EXPECT_EQ(KindOf(*regulator), errors::kReadOnly);
  auto no_reason = op->Raw("POST", decide, R"({"action":"approve"})");
  EXPECT_EQ(no_reason->status, 400);
  EXPECT_EQ(FieldOf(*no_reason), "reason");
  auto approved = op->Raw("POST", decide, R"({"action":"approve","reason":"register checked"})");
  ASSERT_EQ(approved->status, 200) << approved->body;
  EXPECT_EQ(json::parse(approved->body).at("status").as_string(), "approved");
  auto again = op->Raw("POST", decide, R"({"action":"reject","reason":"second thoughts"})");
  EXPECT_EQ(again->status, 409);
  EXPECT_EQ(KindOf(*again), errors::kIllegalTransition);
  // The exporter was told.
  auto notes = exporter->Raw("GET", "/v1/notifications", "");
  EXPECT_NE(notes->body.find("evidence.approved"), std::string::npos) << notes->body;
}

TEST_F(ComplianceTest, BadFilingsNameTheFieldAndStoreNothing) {
  auto exporter = server_->Client(merchant_.token);
  struct Case {
    std::string field;
    std::function<void(json::object&)> change;
    int status;
  } cases[] = {
      {"kind", [](json::object& o) { o["kind"] = "notarised_letter"; }, 400},
      {"valid_until",
       [](json::object& o) { o["valid_until"] = FormatRfc3339(absl::Now() - absl::Hours(1)); },
       400},
      {"valid_until", [](json::object& o) { o["valid_until"] = "next week"; }, 400},
      {"scope.destinations",
       [](json::object& o) { o["scope"].as_object()["destinations"] = json::array{"CN-44"}; }, 400},
      {"scope.sectors",
       [](json::object& o) { o["scope"].as_object()["sectors"] = json::array{"mining"}; }, 400},
      {"scope", [](json::object& o) { o.erase("scope"); }, 400},
      {"document.content_base64",
       [](json::object& o) { o["document"].as_object()["content_base64"] = "%%%"; }, 400},
      {"document", [](json::object& o) { o["document"].as_object()["content_base64"] = ""; }, 400},
      {"extra", [](json::object& o) { o["extra"] = 1; }, 400},
      {"reference", [](json::object& o) { o["reference"] = 42; }, 400},
  };
  for (const auto& c : cases) {
    json::object body = Filing();
    c.change(body);
    auto r = exporter->Raw("POST", "/v1/evidence", json::serialize(body));
    EXPECT_EQ(r->status, c.status) << c.field << ": " << r->body;
    EXPECT_EQ(r->header("content-type"), "application/problem+json");
    EXPECT_EQ(FieldOf(*r), c.field) << r->body;
  }
  EXPECT_EQ(exporter->Raw("POST", "/v1/evidence", "{not json")->status, 400);
  // A buyer files nothing for itself.
  EXPECT_EQ(
      server_->Client(buyer_.token)->Raw("POST", "/v1/evidence", json::serialize(Filing()))->status,
      403);
  auto list = server_->Client(server_->operator_token())->Raw("GET", "/v1/evidence", "");
  EXPECT_TRUE(json::parse(list->body).at("items").as_array().empty()) << "nothing stored";
  EXPECT_EQ(server_->Client()->Raw("GET", "/healthz", "")->status, 200);
}

TEST_F(ComplianceTest, OnlyTheOperatorDecidesAnExportersFacts) {
  const std::string path =
      "/v1/organizations/" + merchant_.organization.id.value() + "/exporter-profile";
  auto mine = server_->Client(merchant_.token)->Raw("GET", path, "");
  ASSERT_EQ(mine->status, 200) << mine->body;
  EXPECT_FALSE(json::parse(mine->body).at("decided").as_bool());
  const std::string ftz =
      R"({"in_ftz":true,"ftz":"shanghai-lingang","reason":"licence registered in Lingang"})";
  EXPECT_EQ(server_->Client(merchant_.token)->Raw("PUT", path, ftz)->status, 403);
  EXPECT_EQ(server_->Client(buyer_.token)->Raw("GET", path, "")->status, 404);
  auto missing = server_->Client(server_->operator_token())
                     ->Raw("PUT", path, R"({"in_ftz":true,"reason":"x"})");
  EXPECT_EQ(missing->status, 400);
  EXPECT_EQ(FieldOf(*missing), "ftz");
  auto decided = server_->Client(server_->operator_token())->Raw("PUT", path, ftz);
  ASSERT_EQ(decided->status, 200) << decided->body;
  auto now = json::parse(server_->Client(merchant_.token)->Raw("GET", path, "")->body);
  EXPECT_TRUE(now.at("decided").as_bool());
  EXPECT_TRUE(now.at("in_ftz").as_bool());
  EXPECT_EQ(now.at("ftz").as_string(), "shanghai-lingang");
}

TEST_F(ComplianceTest, ATradeRequestCannotAssertTheExportersFacts) {
  const std::string body = R"({"product_id":"prd_x","declaration":{"purpose":"p","scenario":"s",)"
                           R"("manner_of_use":"m","region":"SG"},)"
                           R"("cross_border":{"exporter_in_ftz":true}})";
  auto r = server_->Client(buyer_.token)->Raw("POST", "/v1/negotiations", body);
  EXPECT_EQ(r->status, 422) << r->body;
  EXPECT_EQ(KindOf(*r), errors::kRuleViolation);
  EXPECT_EQ(FieldOf(*r), "cross_border.exporter_in_ftz");
  // The old per-contract route is gone.
  EXPECT_EQ(server_->Client(merchant_.token)
                ->Raw("POST", "/v1/contracts/ctr_x/evidence", R"({"kind":"pipia","reference":"x"})")
                ->status,
            404);
}

}  // namespace
}  // namespace bourse::testing
