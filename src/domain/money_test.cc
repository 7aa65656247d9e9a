#include "domain/money.h"

#include <gtest/gtest.h>

#include <limits>

#include "base/errors.h"
#include "domain/trade.h"

namespace bourse::domain {
namespace {

TEST(MoneyTest, OnlyActiveCurrenciesAreSettled) {
  for (const char* code : {"CNY", "USD", "EUR", "HKD", "SGD", "JPY", "XOF", "XCG", "ZWG"})
    EXPECT_TRUE(IsActiveCurrency(code)) << code;
  for (const char* code : {"XXX", "XTS", "XAU", "XAG", "XDR", "CLF", "BOV", "ANG", "ZWL", "SLL",
                           "HRK", "BGN", "cny", "CN", "CNYY", ""})
    EXPECT_FALSE(IsActiveCurrency(code)) << code;
}

TEST(MoneyTest, AmountsAboveTheMaximumNameTheirField) {
  const MoneyBounds bounds;
  EXPECT_TRUE(CheckMoney({1'000'000'000'000'000, "CNY"}, bounds, "amount", "currency").ok());
  Status over = CheckMoney({1'000'000'000'000'001, "CNY"}, bounds, "amount", "currency");
  EXPECT_EQ(errors::KindOf(over), errors::kMoneyOutOfBounds);
  EXPECT_EQ(errors::FieldOf(over), "amount");
  Status max = CheckMoney({std::numeric_limits<int64_t>::max(), "CNY"}, bounds, "a", "c");
  EXPECT_EQ(errors::FieldOf(max), "a");
  Status xxx = CheckMoney({1, "XXX"}, bounds, "price.amount", "price.currency");
  EXPECT_EQ(errors::KindOf(xxx), errors::kMoneyOutOfBounds);
  EXPECT_EQ(errors::FieldOf(xxx), "price.currency");
  EXPECT_EQ(errors::FieldOf(CheckMoney({5, "CNY"}, MoneyBounds{4}, "amount", "currency")),
            "amount");
}

TEST(MoneyTest, TermsWhoseTotalLeavesTheBoundsAreRefused) {
  OfferTerms t;
  t.model = PriceModel::kPerCall;
  t.amount = {1'000'000'000, "CNY"};
  t.quantity = 1'000'000;
  EXPECT_TRUE(CheckTermsWithin(t, MoneyBounds{}).ok());
  t.quantity = 1'000'001;
  Status st = CheckTermsWithin(t, MoneyBounds{});
  EXPECT_EQ(errors::KindOf(st), errors::kMoneyOutOfBounds);
  EXPECT_EQ(errors::FieldOf(st), "terms.quantity");
  t.amount.minor = std::numeric_limits<int64_t>::max();
  EXPECT_EQ(errors::FieldOf(CheckTermsWithin(t, MoneyBounds{}, "offer")), "offer.amount");
}

}  // namespace
}  // namespace bourse::domain
