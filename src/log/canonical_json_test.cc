#include "log/canonical_json.h"

#include <gtest/gtest.h>

namespace bourse::log {
namespace {

namespace json = boost::json;

// RFC 8785 §3.2.2 example, without its floating-point members (leaves carry none).
TEST(CanonicalJson, Rfc8785StringsAndLiterals) {
  json::value v = json::parse(R"({
      "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
      "literals": [null, true, false]
  })");
  EXPECT_EQ(*CanonicalJson(v),
            "{\"literals\":[null,true,false],\"string\":\"\xe2\x82\xac$\\u000f\\nA'"
            "B\\\"\\\\\\\\\\\"/\"}");
}

// RFC 8785 §3.2.3: names sort by UTF-16 code units, so the emoji (a surrogate pair) precedes
// U+FB33.
TEST(CanonicalJson, Rfc8785SortsByUtf16CodeUnits) {
  json::value v = json::parse(
      R"({"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh",
      "1":"One","\ud83d\ude00":"Emoji: Grinning Face","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis"})");
  std::string out = *CanonicalJson(v);
  std::vector<std::string> order = {"Carriage Return", "One",   "Control", "Latin Small",
                                    "Euro Sign",       "Emoji", "Hebrew"};
  size_t last = 0;
  for (const auto& word : order) {
    size_t at = out.find(word);
    ASSERT_NE(at, std::string::npos) << word;
    EXPECT_GT(at, last) << word;
    last = at;
  }
}

TEST(CanonicalJson, IntegersOnly) {
  EXPECT_EQ(*CanonicalJson(json::parse(R"({"b":-3,"a":[9007199254740992,0]})")),
            R"({"a":[9007199254740992,0],"b":-3})");
  EXPECT_FALSE(CanonicalJson(json::parse("1.5")).ok());
  EXPECT_FALSE(CanonicalJson(json::parse("9007199254740993")).ok());
  EXPECT_FALSE(CanonicalJson(json::value(std::string("\xff"))).ok());
}

}  // namespace
}  // namespace bourse::log
