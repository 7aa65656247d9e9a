#include "domain/ledger.h"

#include "base/errors.h"
#include "gtest/gtest.h"

namespace bourse::domain {
namespace {

int64_t Sum(const std::vector<Posting>& postings) {
  int64_t s = 0;
  for (const auto& p : postings) s += p.amount;
  return s;
}

TEST(LedgerTest, EveryKindOfEntryBalances) {
  const OrganizationId buyer("org_b"), seller("org_s");
  const ContractId contract("ctr_1");
  for (const auto& postings :
       {DepositPostings(buyer, 1000, "CNY"), WithdrawalPostings(buyer, 1000, "CNY"),
        EscrowPostings(buyer, contract, 1000, "CNY"),
        ClearingPostings(contract, seller, SplitProceeds(1000, 250), "CNY"),
        RefundPostings(contract, buyer, 1000, "CNY")}) {
    EXPECT_EQ(Sum(postings), 0);
    JournalEntry e;
    e.postings = postings;
    EXPECT_TRUE(CheckBalanced(e).ok());
  }
}

TEST(LedgerTest, UnbalancedOrMalformedEntriesAreRefused) {
  JournalEntry e;
  e.postings = {{AvailableAccount(OrganizationId("org_a"), "CNY"), 10}, {BankAccount("CNY"), -9}};
  EXPECT_FALSE(CheckBalanced(e).ok());
  e.postings = {{AvailableAccount(OrganizationId("org_a"), "CNY"), 10},
                {BankAccount("USD"), -10}};  // Balanced in total but not per currency.
  EXPECT_FALSE(CheckBalanced(e).ok());
  e.postings = {{BankAccount("CNY"), 0}, {FeeAccount("CNY"), 0}};
  EXPECT_FALSE(CheckBalanced(e).ok());
  e.postings = {{BankAccount("cny"), -1}, {FeeAccount("cny"), 1}};
  EXPECT_FALSE(CheckBalanced(e).ok());
  e.postings = {{BankAccount("CNY"), -1}};
  EXPECT_FALSE(CheckBalanced(e).ok());
}

TEST(LedgerTest, FeesRoundHalfUpAndNeverExceedTheTotal) {
  EXPECT_EQ(SplitProceeds(10'000, 250).fee, 250);  // 2.5 %.
  EXPECT_EQ(SplitProceeds(10'000, 250).seller, 9'750);
  EXPECT_EQ(SplitProceeds(20, 250).fee, 1);    // 0.5 rounds up.
  EXPECT_EQ(SplitProceeds(19, 250).fee, 0);    // 0.475 rounds down.
  EXPECT_EQ(SplitProceeds(7, 20'000).fee, 7);  // Capped at the total.
  EXPECT_EQ(SplitProceeds(INT64_MAX, 250).fee + SplitProceeds(INT64_MAX, 250).seller, INT64_MAX);
  const ClearingSplit with_agent = SplitProceeds(10'000, 250, 500);  // 2.5 % fee, 5 % commission.
  EXPECT_EQ(with_agent.fee, 250);
  EXPECT_EQ(with_agent.commission, 500);
  EXPECT_EQ(with_agent.seller, 9'250);
  EXPECT_EQ(Sum(ClearingPostings(ContractId("ctr_1"), OrganizationId("org_s"), with_agent, "CNY",
                                 OrganizationId("org_m"))),
            0);
  EXPECT_EQ(SplitProceeds(10, 9'000, 9'000).seller, 0);  // Never more than the total.
  EXPECT_EQ(SplitProceeds(10, 9'000, 9'000).commission, 1);
  EXPECT_FALSE(MayGoNegative(AccountKind::kAvailable));
  EXPECT_FALSE(MayGoNegative(AccountKind::kEscrow));
  EXPECT_TRUE(MayGoNegative(AccountKind::kBank));
  EXPECT_EQ(AvailableAccount(OrganizationId("org_a"), "CNY").Key(), "available/org_a/CNY");
}

}  // namespace
}  // namespace bourse::domain
