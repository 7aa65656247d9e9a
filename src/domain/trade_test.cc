#include "domain/trade.h"

#include <set>
#include <tuple>

#include "base/errors.h"
#include "gtest/gtest.h"

namespace bourse::domain {
namespace {

using NS = NegotiationState;
using NA = NegotiationAction;
using TS = TradeStatus;
using TA = TradeAction;

// Every state × action pair: exactly the Dataspace Protocol's transitions are legal.
TEST(NegotiationTest, OnlyTheProtocolsTransitionsAreLegal) {
  const std::set<std::tuple<NS, NA, NS>> legal = {
      {NS::kRequested, NA::kOffer, NS::kOffered},
      {NS::kRequested, NA::kAgree, NS::kAgreed},
      {NS::kRequested, NA::kTerminate, NS::kTerminated},
      {NS::kOffered, NA::kRequest, NS::kRequested},
      {NS::kOffered, NA::kAccept, NS::kAccepted},
      {NS::kOffered, NA::kTerminate, NS::kTerminated},
      {NS::kAccepted, NA::kAgree, NS::kAgreed},
      {NS::kAccepted, NA::kTerminate, NS::kTerminated},
      {NS::kAgreed, NA::kVerify, NS::kVerified},
      {NS::kAgreed, NA::kTerminate, NS::kTerminated},
      {NS::kVerified, NA::kFinalize, NS::kFinalized},
      {NS::kVerified, NA::kTerminate, NS::kTerminated},
  };
  int legal_seen = 0;
  for (int s = 1; s <= 7; ++s) {
    for (int a = 1; a <= 7; ++a) {
      const auto from = static_cast<NS>(s);
      const auto action = static_cast<NA>(a);
      auto next = NextNegotiationState(from, action);
      bool expected = false;
      for (const auto& [f, act, to] : legal) {
        if (f == from && act == action) {
          expected = true;
          ASSERT_TRUE(next.ok()) << Name(from) << " " << Name(action);
          EXPECT_EQ(*next, to);
          ++legal_seen;
        }
      }
      if (!expected) {
        ASSERT_FALSE(next.ok()) << Name(from) << " " << Name(action);
        EXPECT_EQ(errors::KindOf(next.status()), errors::kIllegalTransition);
      }
    }
  }
  EXPECT_EQ(legal_seen, 12);
  EXPECT_TRUE(IsFinal(NS::kFinalized));
  EXPECT_TRUE(IsFinal(NS::kTerminated));
  EXPECT_FALSE(IsFinal(NS::kVerified));
  EXPECT_EQ(PartyOf(NA::kRequest), NegotiationParty::kConsumer);
  EXPECT_EQ(PartyOf(NA::kFinalize), NegotiationParty::kProvider);
  EXPECT_EQ(PartyOf(NA::kTerminate), NegotiationParty::kEither);
}

TEST(TradeTest, OnlyTheTableTransitionsAreLegal) {
  const std::set<std::tuple<TS, TA, TS>> legal = {
      {TS::kEscrowed, TA::kDeliver, TS::kDelivered},
      {TS::kEscrowed, TA::kCancel, TS::kCancelled},
      {TS::kDelivered, TA::kAccept, TS::kSettled},
      {TS::kDelivered, TA::kLapse, TS::kSettled},
      {TS::kDelivered, TA::kReject, TS::kDisputed},
      {TS::kDisputed, TA::kResolveRelease, TS::kSettled},
      {TS::kDisputed, TA::kResolveRefund, TS::kRefunded},
  };
  int legal_seen = 0;
  for (int s = 1; s <= 6; ++s) {
    for (int a = 1; a <= 7; ++a) {
      const auto from = static_cast<TS>(s);
      const auto action = static_cast<TA>(a);
      auto next = NextTradeStatus(from, action);
      bool expected = false;
      for (const auto& [f, act, to] : legal) {
        if (f == from && act == action) {
          expected = true;
          ASSERT_TRUE(next.ok());
          EXPECT_EQ(*next, to);
          ++legal_seen;
        }
      }
      if (!expected) {
        EXPECT_EQ(errors::KindOf(next.status()), errors::kIllegalTransition);
      }
    }
  }
  EXPECT_EQ(legal_seen, 7);
  EXPECT_EQ(ActorOf(TA::kResolveRefund), TradeActor::kOperator);
  EXPECT_EQ(ActorOf(TA::kLapse), TradeActor::kSystem);
}

Declaration GoodDeclaration() {
  return {"credit scoring of SME borrowers",
          "credit risk",
          "internal model training",
          "CN-44",
          "",
          365};
}

TEST(DeclarationTest, FieldsAreCheckedByName) {
  EXPECT_TRUE(ValidateDeclaration(GoodDeclaration()).ok());
  Declaration d = GoodDeclaration();
  d.purpose.clear();
  EXPECT_EQ(*errors::FieldOf(ValidateDeclaration(d)), "declaration.purpose");
  d = GoodDeclaration();
  d.region = "guangdong";
  EXPECT_EQ(*errors::FieldOf(ValidateDeclaration(d)), "declaration.region");
  d = GoodDeclaration();
  d.duration_days = 0;
  EXPECT_EQ(*errors::FieldOf(ValidateDeclaration(d)), "declaration.duration_days");
  d = GoodDeclaration();
  d.delivery_region = "S";
  EXPECT_EQ(*errors::FieldOf(ValidateDeclaration(d)), "declaration.delivery_region");
}

TEST(DeclarationTest, ScenarioMustBeOneTheProductPermits) {
  ProductDescription p;
  p.scenarios = {"credit risk", "fraud detection"};
  EXPECT_TRUE(CheckDeclarationAgainst(GoodDeclaration(), p).ok());
  Declaration d = GoodDeclaration();
  d.scenario = "marketing";
  Status st = CheckDeclarationAgainst(d, p);
  EXPECT_EQ(errors::KindOf(st), errors::kRuleViolation);
  EXPECT_EQ(*errors::FieldOf(st), "declaration.scenario");
}

TEST(TermsTest, TotalsAndChecks) {
  OfferTerms t;
  t.model = PriceModel::kPerThousandRecords;
  t.amount = {1'500, "CNY"};
  t.quantity = 400;
  EXPECT_EQ(*TotalOf(t), 600'000);
  EXPECT_TRUE(ValidateTerms(t).ok());
  t.quantity = 0;
  EXPECT_EQ(*errors::FieldOf(ValidateTerms(t)), "terms.quantity");
  t.quantity = 1'000'000'000;
  t.amount.minor = INT64_MAX / 2;
  EXPECT_FALSE(ValidateTerms(t).ok());  // Overflow.
  t = OfferTerms{};
  t.quantity = 2;
  EXPECT_EQ(*errors::FieldOf(ValidateTerms(t)), "terms.quantity");  // One-off: quantity 1.
  t.quantity = 1;
  t.amount.currency = "rmb";
  EXPECT_EQ(*errors::FieldOf(ValidateTerms(t, "offer")), "offer.currency");

  ProductDescription p;
  p.price.model = PriceModel::kOneOff;
  p.price.amount = {100, "CNY"};
  p.delivery_modes.Add(DeliveryMode::kFile);
  OfferTerms ok;
  ok.amount = {90, "CNY"};
  EXPECT_TRUE(CheckTermsAgainst(ok, p).ok());
  ok.delivery_mode = DeliveryMode::kApi;
  EXPECT_EQ(*errors::FieldOf(CheckTermsAgainst(ok, p)), "terms.delivery_mode");
  ok.delivery_mode = DeliveryMode::kFile;
  ok.amount.currency = "USD";
  EXPECT_EQ(*errors::FieldOf(CheckTermsAgainst(ok, p)), "terms.currency");
}

TEST(RegionTest, MainlandAndOutside) {
  EXPECT_FALSE(IsOutsideMainland("CN"));
  EXPECT_FALSE(IsOutsideMainland("CN-44"));
  EXPECT_FALSE(IsOutsideMainland("CN-GD"));
  EXPECT_TRUE(IsOutsideMainland("CN-HK"));
  EXPECT_TRUE(IsOutsideMainland("CN-91"));
  EXPECT_TRUE(IsOutsideMainland("HK"));
  EXPECT_TRUE(IsOutsideMainland("SG"));
  Declaration d = GoodDeclaration();
  EXPECT_FALSE(IsCrossBorder(d));
  d.delivery_region = "DE";
  EXPECT_TRUE(IsCrossBorder(d));
}

}  // namespace
}  // namespace bourse::domain
