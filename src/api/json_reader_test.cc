#include "api/json_reader.h"

#include <gtest/gtest.h>

#include "base/errors.h"

namespace bourse::api {
namespace {

struct Refusal {
  std::string body;
  std::string kind;
  std::string field;
};

TEST(ParseObject, RefusesWhatAValueParserWouldLetThrough) {
  const std::vector<Refusal> cases = {
      {R"({"amount":1,"currency":"CNY","amount":500})", "duplicate-member", "amount"},
      {R"({"contact":{"email":"a@b.cn","email":"c@d.cn"}})", "duplicate-member", "contact.email"},
      {R"({"items":[{"a":1},{"a":1,"a":2}]})", "duplicate-member", "items[1].a"},
      {R"({"name":"Acme\u0000Ltd"})", "invalid-field", "name"},
      {R"({"tags":["ok","bad\u0000"]})", "invalid-field", "tags[1]"},
      {R"({"a":{"na\u0000me":"x"}})", "invalid-field", "a.(name with NUL)"},
      {R"({"name":"\ud800"})", "malformed-body", ""},
      {R"({"name":"\udc00x"})", "malformed-body", ""},
      {R"({"name":"\ud800\u0041"})", "malformed-body", ""},
      {R"({"a":1,)", "malformed-body", ""},
      {R"([1,2])", "malformed-body", ""},
  };
  for (const auto& c : cases) {
    auto parsed = ParseObject(c.body);
    ASSERT_FALSE(parsed.ok()) << c.body;
    EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument) << c.body;
    EXPECT_EQ(errors::KindOf(parsed.status()), c.kind) << c.body;
    if (!c.field.empty()) {
      EXPECT_EQ(errors::FieldOf(parsed.status()).value_or(""), c.field) << c.body;
    }
  }
}

TEST(ParseObject, AcceptsTheSameNameInDifferentObjectsAndPairedSurrogates) {
  auto parsed = ParseObject(R"({"a":{"id":1},"b":{"id":2},"id":3,"emoji":"\ud83d\ude00"})");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->at("emoji").as_string(), "\xF0\x9F\x98\x80");
  EXPECT_EQ(parsed->at("id").as_int64(), 3);
}

}  // namespace
}  // namespace bourse::api
