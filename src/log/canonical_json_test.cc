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

// ASCII names sort bytewise (capitals first, a prefix before its extensions) at every depth,
// and escapes inside long runs of plain characters land exactly where they were.
TEST(CanonicalJson, AsciiNamesAndEscapesInLongStrings) {
  const std::string run(300, 'x');
  json::object inner{{"b", 1}, {"B", 2}, {"ab", 3}, {"a", 4}, {"A", 5}};
  json::object v{{"z", run + "\n" + run + "\"" + run + std::string(1, '\x01') + "\\"},
                 {"inner", inner},
                 {"Z", "\xe4\xb8\xad\xe6\x96\x87"}};
  EXPECT_EQ(*CanonicalJson(v),
            "{\"Z\":\"\xe4\xb8\xad\xe6\x96\x87\",\"inner\":{\"A\":5,\"B\":2,"
            "\"a\":4,\"ab\":3,\"b\":1},\"z\":\"" +
                run + "\\n" + run + "\\\"" + run + "\\u0001\\\\\"}");
  // A name mixing ASCII and non-ASCII members still sorts by UTF-16 code units.
  json::object mixed{{"\xef\xac\xb3", 1}, {"\xf0\x9f\x98\x80", 2}, {"a", 3}};
  EXPECT_EQ(*CanonicalJson(mixed), "{\"a\":3,\"\xf0\x9f\x98\x80\":2,\"\xef\xac\xb3\":1}");
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
