#include "log/event.h"

#include <random>

#include "base/time_format.h"
#include "gtest/gtest.h"
#include "log/canonical_json.h"

namespace bourse::log {
namespace {

namespace json = boost::json;

// The leaf as the format defines it: the canonical JSON of the whole document.
std::string Reference(const Event& e) {
  json::object subjects, documents;
  for (const auto& [k, v] : e.subjects) subjects[k] = v;
  for (const auto& [k, v] : e.documents) documents[k] = v;
  json::object leaf{{"type", e.type},
                    {"v", e.version},
                    {"time", FormatRfc3339(e.time)},
                    {"actor", e.actor ? json::value(*e.actor) : json::value(nullptr)},
                    {"subjects", std::move(subjects)},
                    {"fields", e.fields},
                    {"documents", std::move(documents)}};
  return *CanonicalJson(leaf);
}

std::string RandomText(std::mt19937_64& rng, bool ascii_only) {
  static const std::vector<std::string> pieces = {
      "a",
      "Z",
      "0",
      "-",
      "_",
      ".",
      " ",
      "\"",
      "\\",
      "\n",
      "\t",
      std::string(1, '\x01'),
      "\xe6\x95\xb0\xe6\x8d\xae",  // 数据
      "\xf0\x9f\x98\x80",          // U+1F600, a surrogate pair in UTF-16
      "\xef\xac\xb3"};             // U+FB33, above the surrogates
  std::string out;
  const int n = static_cast<int>(rng() % 8);
  for (int i = 0; i < n; ++i) {
    const size_t limit = ascii_only ? 12 : pieces.size();
    out += pieces[rng() % limit];
  }
  return out;
}

TEST(EncodeLeaf, AgreesWithTheCanonicalDocumentOverRandomEvents) {
  std::mt19937_64 rng(20261126);
  for (int round = 0; round < 3000; ++round) {
    Event e;
    e.type = "trade." + RandomText(rng, true);
    e.version = static_cast<int>(rng() % 4) + 1;
    e.time = absl::FromUnixMicros(static_cast<int64_t>(rng() % (int64_t{1} << 45)));
    if (rng() % 2) e.actor = RandomText(rng, false);
    const bool ascii_names = rng() % 4 != 0;
    for (int i = static_cast<int>(rng() % 4); i > 0; --i)
      e.subjects[RandomText(rng, ascii_names)] = RandomText(rng, false);
    for (int i = static_cast<int>(rng() % 3); i > 0; --i)
      e.documents[RandomText(rng, ascii_names)] = RandomText(rng, false);
    for (int i = static_cast<int>(rng() % 4); i > 0; --i) {
      const std::string name = RandomText(rng, rng() % 3 != 0);
      switch (rng() % 4) {
        case 0:
          e.fields[name] = static_cast<int64_t>(rng() % 2000000) - 1000000;
          break;
        case 1:
          e.fields[name] = RandomText(rng, false);
          break;
        case 2:
          e.fields[name] = json::array{1, "two", nullptr, true};
          break;
        default:
          e.fields[name] = json::object{{"z", 1}, {"a", RandomText(rng, false)}};
      }
    }
    auto leaf = EncodeLeaf(e);
    ASSERT_TRUE(leaf.ok()) << leaf.status().ToString();
    ASSERT_EQ(*leaf, Reference(e)) << "round " << round;
  }
}

TEST(EncodeLeaf, RefusesWhatCanonicalJsonCannotCarry) {
  Event e;
  e.type = "x";
  e.time = absl::FromUnixSeconds(0);
  e.subjects["contract"] = std::string("\xff\xfe", 2);  // Not UTF-8.
  EXPECT_EQ(EncodeLeaf(e).status().code(), StatusCode::kInvalidArgument);
  e.subjects.clear();
  e.fields["amount"] = 1.5;  // Floating point.
  EXPECT_EQ(EncodeLeaf(e).status().code(), StatusCode::kInvalidArgument);
  e.fields["amount"] = int64_t{1} << 60;  // Beyond 2^53.
  EXPECT_EQ(EncodeLeaf(e).status().code(), StatusCode::kInvalidArgument);
}

TEST(EncodeLeaf, WritesTheMembersInCanonicalOrder) {
  Event e;
  e.type = "ledger.posted";
  e.time = absl::FromUnixSeconds(1700000000);
  e.subjects = {{"journal", "jnl_1"}, {"contract", "ctr_2"}};
  e.fields = {{"kind", "escrow"}, {"amount", 5}};
  e.Document("reference", "B-1");
  EXPECT_EQ(
      *EncodeLeaf(e),
      R"({"actor":null,"documents":{"reference":")" + e.documents.at("reference") +
          R"("},"fields":{"amount":5,"kind":"escrow"},"subjects":{"contract":"ctr_2",)"
          R"("journal":"jnl_1"},"time":"2023-11-14T22:13:20Z","type":"ledger.posted","v":1})");
}

}  // namespace
}  // namespace bourse::log
