#include "domain/demand.h"

#include "base/errors.h"
#include "gtest/gtest.h"

namespace bourse::domain {
namespace {

const absl::Time kNow = absl::FromUnixSeconds(1'795'000'000);

Demand Good() {
  Demand d;
  d.title = "Electricity";
  d.description = "Monthly kWh";
  d.purpose = "credit";
  d.scenario = "credit scoring";
  d.region = "CN-44";
  d.budget = {100, "CNY"};
  d.deadline = kNow + absl::Hours(24);
  return d;
}

TEST(DemandTest, FieldsAreCheckedByName) {
  EXPECT_TRUE(ValidateDemand(Good(), kNow).ok());
  Demand d = Good();
  d.title.clear();
  EXPECT_EQ(*errors::FieldOf(ValidateDemand(d, kNow)), "title");
  d = Good();
  d.budget.currency = "yuan";
  EXPECT_EQ(*errors::FieldOf(ValidateDemand(d, kNow)), "budget_currency");
  d = Good();
  d.deadline = kNow + absl::Hours(24 * 400);
  EXPECT_EQ(*errors::FieldOf(ValidateDemand(d, kNow)), "deadline");
  d = Good();
  d.fields = {""};
  EXPECT_EQ(*errors::FieldOf(ValidateDemand(d, kNow)), "fields");
}

TEST(DemandTest, ScoreOrdersTextFirstThenTheOtherSignals) {
  EXPECT_EQ(MatchScore({0, true, true, true}), 0);  // No shared words: no match.
  EXPECT_GT(MatchScore({0.8, false, false, false}), MatchScore({0.4, false, true, true}));
  EXPECT_GT(MatchScore({0.5, true, false, false}), MatchScore({0.7, false, false, false}));
  EXPECT_GT(MatchScore({0.5, true, false, false}), MatchScore({0.5, false, true, true}));
}

TEST(WebhookTest, BackoffDoublesUpToAnHour) {
  EXPECT_EQ(WebhookBackoff(0), absl::Seconds(1));
  EXPECT_EQ(WebhookBackoff(3), absl::Seconds(8));
  EXPECT_EQ(WebhookBackoff(20), absl::Hours(1));
  EXPECT_TRUE(ValidateWebhookUrl("http://hooks.example:8080/in").ok());
  EXPECT_TRUE(ValidateWebhookUrl("https://hooks.example/").ok());
  EXPECT_TRUE(ValidateWebhookUrl("https://[::1]:8443/in").ok());
  EXPECT_EQ(errors::KindOf(ValidateWebhookUrl("ftp://hooks.example/")), errors::kInvalidField);
  EXPECT_FALSE(ValidateWebhookUrl("https:///path").ok());
  EXPECT_FALSE(ValidateWebhookUrl("https://user:pw@hooks.example/").ok());
  EXPECT_FALSE(ValidateWebhookUrl("http:///path").ok());
  EXPECT_FALSE(ValidateWebhookUrl("http://a b/").ok());
  EXPECT_EQ(WebhookSignedPayload(12, "{}"), "12.{}");
}

}  // namespace
}  // namespace bourse::domain
