#include "api/wire.h"

#include <gtest/gtest.h>

#include "base/errors.h"

namespace bourse::api {
namespace {

constexpr char kValid[] = R"({"name":"深圳示例数据有限公司","uscc":"91110000600037341L",
  "legal_form":"enterprise_legal_person","roles":["data_merchant","buyer"],
  "contact":{"name":"Li","email":"li@example.cn"}})";

void ExpectField(std::string_view body, std::string_view field, std::string_view kind) {
  auto r = ParseApplication(body);
  ASSERT_FALSE(r.ok()) << body;
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(errors::FieldOf(r.status()), field) << r.status().ToString();
  EXPECT_EQ(errors::KindOf(r.status()), kind) << r.status().ToString();
}

TEST(ParseApplication, Valid) {
  auto app = ParseApplication(kValid);
  ASSERT_TRUE(app.ok()) << app.status().ToString();
  EXPECT_TRUE(app->roles.Has(domain::Role::kDataMerchant));
  EXPECT_TRUE(app->roles.Has(domain::Role::kBuyer));
  EXPECT_FALSE(app->ciio);
  EXPECT_EQ(app->contact.email, "li@example.cn");
}

TEST(ParseApplication, NormalizesTheUscc) {
  std::string body = kValid;
  body.replace(body.find("91110000600037341L"), 18, "9111 0000 6000 3734 1l");
  auto app = ParseApplication(body);
  ASSERT_TRUE(app.ok()) << app.status().ToString();
  EXPECT_EQ(app->uscc, "91110000600037341L");
}

TEST(ParseApplication, NamesTheFieldAtFault) {
  ExpectField("{", "body", "malformed-body");
  ExpectField("[1,2]", "body", "malformed-body");
  ExpectField(R"({"uscc":"x"})", "name", "missing-field");
  ExpectField(R"({"name":7})", "name", "invalid-field");
  ExpectField(
      R"({"name":"a","uscc":"91110000600037341L","legal_form":"sole_trader","roles":["buyer"]})",
      "legal_form", "invalid-field");
  ExpectField(
      R"({"name":"a","uscc":"91110000600037341L","legal_form":"legal_person","roles":"buyer"})",
      "roles", "invalid-field");
  ExpectField(
      R"({"name":"a","uscc":"91110000600037341L","legal_form":"legal_person","roles":["buyer","buyer"]})",
      "roles", "invalid-field");
  ExpectField(
      R"({"name":"a","uscc":"91110000600037341L","legal_form":"legal_person","roles":["buyer"]})",
      "contact", "missing-field");
  ExpectField(
      R"({"name":"a","uscc":"91110000600037341L","legal_form":"legal_person","roles":["buyer"],
                  "contact":{"name":"x","email":"e@x.cn","fax":"1"}})",
      "contact.fax", "unknown-field");
  ExpectField(
      R"({"name":"a","uscc":"91110000600037341L","legal_form":"legal_person","roles":["buyer"],
                  "contact":{"name":"x","email":"e@x.cn"},"colour":"red"})",
      "colour", "unknown-field");
  ExpectField(
      R"({"name":"a","uscc":"91110000600037341L","legal_form":"legal_person","roles":["buyer"],
                  "ciio":"yes","contact":{"name":"x","email":"e@x.cn"}})",
      "ciio", "invalid-field");
  ExpectField("{\"name\":\"bad \xff\"}", "name", "invalid-field");
  ExpectField("{\"name\":\"" + std::string(1 << 20, 'a') + "\"}", "name", "invalid-field");
}

TEST(ParseDecision, GradeAndChanges) {
  auto d = ParseDecision(
      R"({"action":"approve","tier":"core","types":["media","platform"],"risk_level":3})");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->action, domain::AdmissionAction::kApprove);
  ASSERT_TRUE(d->grade.has_value());
  EXPECT_EQ(d->grade->risk_level, 3);
  EXPECT_EQ(errors::FieldOf(ParseDecision(R"({"action":"fly"})").status()), "action");
  EXPECT_EQ(
      errors::FieldOf(
          ParseDecision(R"({"action":"approve","tier":"core","types":["media"],"risk_level":9})")
              .status()),
      "risk_level");
  EXPECT_EQ(errors::FieldOf(
                ParseDecision(R"({"action":"approve","tier":"core","types":["media"]})").status()),
            "risk_level");
  auto s = ParseDecision(std::string(R"({"action":"supplement","changes":)") + kValid + "}");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->changes->uscc, "91110000600037341L");
  EXPECT_EQ(
      errors::FieldOf(ParseDecision(R"({"action":"supplement","changes":{"name":1}})").status()),
      "changes.name");
}

TEST(Cursor, RoundTripAndRejectsForgery) {
  EXPECT_EQ(*DecodeCursor(EncodeCursor(12345)), 12345);
  EXPECT_EQ(errors::FieldOf(DecodeCursor("!!").status()), "cursor");
  EXPECT_EQ(errors::FieldOf(DecodeCursor("eHl6").status()), "cursor");
}

TEST(OrganizationJson, RoundTrips) {
  domain::Organization org;
  org.id = OrganizationId("org_1");
  org.profile = *ParseApplication(kValid);
  org.status = domain::AdmissionStatus::kApproved;
  org.grade = domain::MerchantGrade{
      domain::MerchantTier::kStrategic, {domain::MerchantType::kKnowledge}, 4};
  org.created_at = absl::FromUnixSeconds(1'700'000'000);
  org.updated_at = absl::FromUnixSeconds(1'700'000'100);
  auto back = OrganizationFromJson(boost::json::value(OrganizationJson(org)));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, org);
}

TEST(Problem, CarriesKindFieldAndRequestId) {
  auto p = ProblemJson(errors::InvalidField("uscc", "bad"), 400, "req-1");
  EXPECT_EQ(p["type"].as_string(), "urn:bourse:problem:invalid-field");
  EXPECT_EQ(p["field"].as_string(), "uscc");
  EXPECT_EQ(p["status"].as_int64(), 400);
  EXPECT_EQ(p["request_id"].as_string(), "req-1");
  Status back = StatusFromProblem(400, boost::json::serialize(p));
  EXPECT_EQ(back.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(back.field(), "uscc");
  EXPECT_EQ(back.kind(), "invalid-field");
}

}  // namespace
}  // namespace bourse::api

namespace bourse::api {
namespace {

TEST(ParseSignInRequest, TokenOrOrganisationAndPassword) {
  auto by_token = ParseSignInRequest(R"({"token":"bsk_x"})");
  ASSERT_TRUE(by_token.ok()) << by_token.status().ToString();
  EXPECT_EQ(*by_token->token, "bsk_x");
  auto by_password = ParseSignInRequest(R"({"organization":"org_1","password":"pw pw pw pw"})");
  ASSERT_TRUE(by_password.ok()) << by_password.status().ToString();
  EXPECT_FALSE(by_password->token.has_value());
  EXPECT_EQ(by_password->organization, "org_1");
  EXPECT_EQ(by_password->password, "pw pw pw pw");
}

TEST(ParseSignInRequest, NamesTheFieldAtFault) {
  struct Case {
    const char* body;
    const char* field;
  } cases[] = {
      {R"({"token":"t","password":"p"})", "token"}, {R"({"organization":"org_1"})", "password"},
      {R"({"password":"p"})", "organization"},      {R"({"token":7})", "token"},
      {R"({"token":"t","extra":1})", "extra"},      {R"([])", "body"},
  };
  for (const auto& c : cases) {
    auto r = ParseSignInRequest(c.body);
    ASSERT_FALSE(r.ok()) << c.body;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << c.body;
    EXPECT_EQ(errors::FieldOf(r.status()), c.field) << c.body;
  }
  EXPECT_EQ(errors::FieldOf(ParsePasswordRequest(R"({})").status()), "password");
  EXPECT_EQ(*ParsePasswordRequest(R"({"password":"twelve chars"})"), "twelve chars");
}

}  // namespace
}  // namespace bourse::api

namespace bourse::api {
namespace {

TEST(ProblemJson, EveryKindHasItsOwnTitle) {
  for (std::string_view kind :
       {errors::kInvalidDataset, errors::kQuotaExceeded, errors::kInsufficientFunds,
        errors::kRangeNotSatisfiable, errors::kCsrf, errors::kConflict, errors::kSuspended,
        errors::kNotAdmitted, errors::kReadOnly, errors::kEvidenceRequired}) {
    auto o = ProblemJson(errors::Make(StatusCode::kFailedPrecondition, kind, "detail"), 422, "r1");
    EXPECT_NE(o.at("title").as_string(), "Internal error") << kind;
    EXPECT_EQ(o.at("kind").as_string(), kind);
  }
}

}  // namespace
}  // namespace bourse::api
