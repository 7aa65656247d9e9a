#include "service/idempotency_service.h"

#include <gtest/gtest.h>

#include "base/errors.h"
#include "service/market_test_fixture.h"
#include "service/trade_service.h"

namespace bourse::service {
namespace {

class IdempotencyServiceTest : public testing_fixture::MarketTest {
 protected:
  void SetUp() override {
    MarketTest::SetUp();
    trades_ = std::make_unique<TradeService>(*store_, clock_, random_, *log_, *authority_, *blobs_,
                                             TradeOptions{});
  }

  // The server process named `instance`.
  std::unique_ptr<IdempotencyService> Process(std::string instance) {
    return std::make_unique<IdempotencyService>(
        *store_, clock_, IdempotencyOptions{absl::Hours(24), std::move(instance)});
  }

  // A deposit run as the dispatcher runs it for a key, recording its response in its own
  // transaction; returns the journal sequence number.
  int64_t RecordedDeposit(IdempotencyService& process, const std::string& key) {
    auto begun = process.Begin(operator_.organization.value(), key, "digest", true);
    EXPECT_TRUE(begun.ok() && !begun->has_value());
    auto e =
        trades_->Deposit(operator_, buyer_.organization, {500, "CNY"}, "BANK-1",
                         [&](store::Transaction& tx, const domain::JournalEntry& e) {
                           return IdempotencyService::Record(tx, operator_.organization.value(),
                                                             key, 201, std::to_string(e.seq));
                         });
    EXPECT_TRUE(e.ok()) << e.status().ToString();
    return e->seq;
  }

  int64_t Balance() {
    int64_t out = 0;
    EXPECT_TRUE(store_
                    ->Read([&](store::Transaction& tx) -> Status {
                      out = *tx.ledger().Balance(
                          domain::AvailableAccount(buyer_.organization, "CNY"));
                      return OkStatus();
                    })
                    .ok());
    return out;
  }

  std::unique_ptr<TradeService> trades_;
};

TEST_F(IdempotencyServiceTest, AMoneyUseCaseCommitsItsResponseWithTheMoney) {
  auto before_crash = Process("a");
  const int64_t seq = RecordedDeposit(*before_crash, "dep-1");
  // The process dies before the dispatcher's Finish: the response is already there.
  before_crash.reset();
  auto after = Process("b");
  auto replay = after->Begin(operator_.organization.value(), "dep-1", "digest", true);
  ASSERT_TRUE(replay.ok()) << replay.status().ToString();
  ASSERT_TRUE(replay->has_value()) << "replayed, not run again";
  EXPECT_EQ((*replay)->status, 201);
  EXPECT_EQ((*replay)->body, std::to_string(seq));
  EXPECT_EQ(Balance(), 500);
}

TEST_F(IdempotencyServiceTest, AReservationLostBeforeCommitIsReclaimedOnlyWhereThatIsSafe) {
  // A process reserves keys and dies before its use cases commit anything.
  auto lost = Process("a");
  const std::string org = operator_.organization.value();
  ASSERT_TRUE(lost->Begin(org, "money", "d", true).ok());
  ASSERT_TRUE(lost->Begin(org, "other", "d", false).ok());
  // While it runs, the keys are in progress even for the money use case.
  EXPECT_EQ(errors::KindOf(lost->Begin(org, "money", "d", true).status()),
            errors::kIdempotencyInProgress);
  lost.reset();

  auto next = Process("b");
  auto money = next->Begin(org, "money", "d", true);
  ASSERT_TRUE(money.ok()) << money.status().ToString();
  EXPECT_FALSE(money->has_value()) << "nothing was committed, so the request runs";
  EXPECT_EQ(errors::KindOf(next->Begin(org, "other", "d", false).status()),
            errors::kIdempotencyInProgress)
      << "the outcome of a use case that records afterwards is unknown";
  EXPECT_EQ(errors::KindOf(next->Begin(org, "money", "changed", true).status()),
            errors::kIdempotencyMismatch);
}

TEST_F(IdempotencyServiceTest, RecordsExpireAndAreSwept) {
  auto process = Process("a");
  const std::string org = operator_.organization.value();
  ASSERT_TRUE(process->Begin(org, "k", "d").ok());
  ASSERT_TRUE(process->Finish(org, "k", 201, "{}").ok());
  clock_.Advance(absl::Hours(23));
  auto replay = process->Begin(org, "k", "d");
  ASSERT_TRUE(replay.ok() && replay->has_value());
  EXPECT_EQ(*process->Sweep(), 0);
  clock_.Advance(absl::Hours(1));
  auto fresh = process->Begin(org, "k", "other digest");
  ASSERT_TRUE(fresh.ok()) << "after 24 h the key is free: " << fresh.status().ToString();
  EXPECT_FALSE(fresh->has_value());
  ASSERT_TRUE(process->Finish(org, "k", 201, "{}").ok());
  ASSERT_TRUE(process->Begin(org, "k2", "d").ok());
  clock_.Advance(absl::Hours(25));
  EXPECT_EQ(*process->Sweep(), 2);
}

TEST_F(IdempotencyServiceTest, AnonymousScopesDependOnTheRequest) {
  const auto a = IdempotencyService::Scope(std::nullopt, "k", "d1");
  EXPECT_EQ(a, IdempotencyService::Scope(std::nullopt, "k", "d1"));
  EXPECT_NE(a, IdempotencyService::Scope(std::nullopt, "k", "d2"));
  EXPECT_NE(a, IdempotencyService::Scope(std::nullopt, "k2", "d1"));
  EXPECT_EQ(a.rfind("anonymous:", 0), 0u);
  EXPECT_EQ(IdempotencyService::Scope(std::string("org_1"), "k", "d1"), "org_1");
}

}  // namespace
}  // namespace bourse::service
