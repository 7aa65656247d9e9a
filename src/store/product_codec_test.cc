#include "store/product_codec.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace bourse::store {
namespace {

domain::ProductDescription Titled(std::string title) {
  domain::ProductDescription d;
  d.title = std::move(title);
  d.description = "Monthly kWh per enterprise";
  d.fields = {{"uscc", "text", ""}, {"kwh", "integer", ""}};
  d.scenarios = {"credit scoring"};
  d.price.amount.minor = 1'000;
  return d;
}

TEST(ProductCodecTest, DescriptionsRoundTrip) {
  const domain::ProductDescription d = Titled("Electricity");
  auto back = DecodeDescription(EncodeDescription(d));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->title, "Electricity");
  EXPECT_EQ(back->fields.size(), 2u);
  EXPECT_EQ(back->scenarios, std::vector<std::string>{"credit scoring"});
  EXPECT_EQ(back->price.amount.minor, 1'000);
  EXPECT_EQ(EncodeDescription(*back), EncodeDescription(d));
}

// Decoding remembers results by their text: the same text always decodes the same, texts that
// differ in one character never share an answer, and the memo survives overflowing its bound.
TEST(ProductCodecTest, RememberedDecodingsAnswerOnlyTheirOwnText) {
  std::vector<std::string> texts;
  for (int i = 0; i < 3000; ++i)
    texts.push_back(EncodeDescription(Titled("T" + std::to_string(i))));
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 2; ++round)
        for (size_t i = t; i < texts.size(); i += 3) {
          auto d = DecodeDescription(texts[i]);
          ASSERT_TRUE(d.ok());
          ASSERT_EQ(d->title, "T" + std::to_string(i));
        }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(DecodeDescription("not json").status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(DecodeDescription("not json").status().code(), StatusCode::kDataLoss);
}

}  // namespace
}  // namespace bourse::store
