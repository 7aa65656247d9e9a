#include "service/board_service.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "base/errors.h"
#include "crypto/sha256.h"
#include "service/market_test_fixture.h"

namespace bourse::service {
namespace {

class BoardServiceTest : public testing_fixture::MarketTest {
 protected:
  void SetUp() override {
    MarketTest::SetUp();
    trades_ = std::make_unique<TradeService>(*store_, clock_, random_, *log_, *authority_, *blobs_,
                                             TradeOptions{});
    board_ = std::make_unique<BoardService>(*store_, clock_, random_, *log_, *products_, *trades_);
  }

  static domain::ProductDescription Variant(std::string title, std::string description,
                                            std::string scenario, domain::Sector sector) {
    domain::ProductDescription d = testing_fixture::Description();
    d.title = std::move(title);
    d.description = std::move(description);
    d.scenarios = {std::move(scenario)};
    d.sector = sector;
    d.tags.clear();
    return d;
  }

  domain::Demand ElectricityDemand() {
    domain::Demand d;
    d.title = "Enterprise electricity consumption for SME lending";
    d.description = "Monthly kWh per enterprise in Shenzhen to score small business borrowers";
    d.fields = {"uscc", "monthly kWh"};
    d.purpose = "Credit scoring";
    d.scenario = "credit scoring";
    d.region = "CN-44";
    d.sector = domain::Sector::kEnergy;
    d.budget = {2'000'000, "CNY"};
    d.deadline = clock_.Now() + absl::Hours(24 * 30);
    return d;
  }

  std::unique_ptr<TradeService> trades_;
  std::unique_ptr<BoardService> board_;
};

// Decoys share some words with the demand; the planted product shares the most, its scenario and
// its sector, and is ranked first.
TEST_F(BoardServiceTest, MatchingRanksThePlantedProductFirst) {
  Listed(Variant("Port container throughput", "Monthly TEU per terminal in Shenzhen",
                 "logistics planning", domain::Sector::kLogistics));
  Listed(Variant("Electricity prices by province", "Monthly tariffs for enterprise users",
                 "energy trading", domain::Sector::kEnergy));
  Listed(Variant("SME lending default rates", "Quarterly defaults of small business loans",
                 "credit scoring", domain::Sector::kFinance));
  const ProductId planted = Listed();  // "Enterprise electricity consumption", credit scoring.
  auto posted = board_->Post(buyer_, ElectricityDemand());
  ASSERT_TRUE(posted.ok()) << posted.status().ToString();
  ASSERT_GE(posted->matches.size(), 3u);
  EXPECT_EQ(posted->matches[0].product_id, planted);
  EXPECT_TRUE(posted->matches[0].signals.scenario);
  EXPECT_TRUE(posted->matches[0].signals.within_budget);
  EXPECT_GT(posted->matches[0].score, posted->matches[1].score);
  // Both sides are told: the buyer of its matches, the seller that its product matched.
  auto buyer_news = board_->Notifications(buyer_, 0, 10);
  ASSERT_EQ(buyer_news->size(), 1u);
  EXPECT_EQ(buyer_news->at(0).kind, "demand.matched");
  auto seller_news = board_->Notifications(seller_, 0, 10);
  ASSERT_FALSE(seller_news->empty());
  EXPECT_EQ(seller_news->at(0).kind, "demand.matches_product");
}

TEST_F(BoardServiceTest, OffersBecomeNegotiations) {
  const ProductId product = Listed();
  auto posted = board_->Post(buyer_, ElectricityDemand());
  ASSERT_TRUE(posted.ok());
  const DemandId demand = posted->demand.id;
  domain::OfferTerms terms;
  terms.amount = {950'000, "CNY"};
  // Only the product's seller may offer it, and only on terms the product allows.
  EXPECT_EQ(errors::FieldOf(board_->Offer(assessor_, demand, product, terms, "").status()),
            "product_id");
  domain::OfferTerms api_terms = terms;
  api_terms.delivery_mode = domain::DeliveryMode::kApi;
  EXPECT_EQ(errors::FieldOf(board_->Offer(seller_, demand, product, api_terms, "").status()),
            "terms.delivery_mode");
  auto offer = board_->Offer(seller_, demand, product, terms, "Five years of monthly data");
  ASSERT_TRUE(offer.ok()) << offer.status().ToString();
  EXPECT_EQ(board_->Notifications(buyer_, 0, 10)->at(0).kind, "offer.received");
  // The seller cannot take its own offer; the buyer takes it and a negotiation starts.
  EXPECT_EQ(errors::KindOf(board_->AcceptOffer(seller_, offer->id, "").status()),
            errors::kForbidden);
  auto n = board_->AcceptOffer(buyer_, offer->id, "");
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(n->state, domain::NegotiationState::kRequested);
  EXPECT_EQ(n->terms.amount.minor, 950'000);
  EXPECT_EQ(n->declaration.scenario, "credit scoring");
  auto view = board_->Get(buyer_, demand);
  EXPECT_EQ(view->offers.at(0).status, domain::DemandOfferStatus::kAccepted);
  EXPECT_EQ(*view->offers.at(0).negotiation_id, n->id);
  EXPECT_EQ(errors::KindOf(board_->AcceptOffer(buyer_, offer->id, "").status()),
            errors::kIllegalTransition);
  // Closed demands leave the board and take no more offers.
  ASSERT_TRUE(board_->Close(buyer_, demand).ok());
  EXPECT_TRUE(board_->List(seller_, false, 0, 10)->empty());
  EXPECT_EQ(board_->Get(seller_, demand).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(errors::KindOf(board_->Close(buyer_, demand).status()), errors::kIllegalTransition);
}

// Taking an offer is one transaction: two buyers' threads racing for it start one negotiation
// between them, and a take that cannot start one leaves the offer open.
TEST_F(BoardServiceTest, AnOfferIsTakenOnceAndOnlyWithItsNegotiation) {
  const ProductId product = Listed();
  const DemandId demand = board_->Post(buyer_, ElectricityDemand())->demand.id;
  domain::OfferTerms terms;
  terms.amount = {950'000, "CNY"};
  auto offer = board_->Offer(seller_, demand, product, terms, "");
  ASSERT_TRUE(offer.ok()) << offer.status().ToString();
  std::vector<Status> results(2);
  std::vector<std::thread> racers;
  for (int i = 0; i < 2; ++i)
    racers.emplace_back(
        [&, i] { results[i] = board_->AcceptOffer(buyer_, offer->id, "").status(); });
  for (auto& t : racers) t.join();
  EXPECT_EQ((results[0].ok() ? 1 : 0) + (results[1].ok() ? 1 : 0), 1);
  for (const auto& r : results)
    if (!r.ok()) {
      EXPECT_EQ(errors::KindOf(r), errors::kIllegalTransition);
    }
  EXPECT_EQ(trades_->ListNegotiations(buyer_, 0, 50)->items.size(), 1u);

  // The product is suspended before the next offer is taken: no negotiation, the offer stays open.
  auto second = board_->Offer(seller_, demand, product, terms, "");
  ASSERT_TRUE(second.ok());
  ASSERT_TRUE(
      products_->Act(operator_, product, {domain::ProductAction::kSuspend, "review", {}}).ok());
  EXPECT_FALSE(board_->AcceptOffer(buyer_, second->id, "").ok());
  EXPECT_EQ(board_->Get(buyer_, demand)->offers.size(), 2u);
  auto view = board_->Get(buyer_, demand);
  ASSERT_TRUE(view.ok());
  for (const auto& o : view->offers)
    if (o.id == second->id) {
      EXPECT_EQ(o.status, domain::DemandOfferStatus::kOpen);
    }
  EXPECT_EQ(trades_->ListNegotiations(buyer_, 0, 50)->items.size(), 1u);
}

TEST_F(BoardServiceTest, DemandsAreValidatedAndExpire) {
  domain::Demand d = ElectricityDemand();
  d.budget.minor = 0;
  EXPECT_EQ(errors::FieldOf(board_->Post(buyer_, d).status()), "budget");
  d = ElectricityDemand();
  d.deadline = clock_.Now() - absl::Hours(1);
  EXPECT_EQ(errors::FieldOf(board_->Post(buyer_, d).status()), "deadline");
  d = ElectricityDemand();
  d.region = "Guangdong";
  EXPECT_EQ(errors::FieldOf(board_->Post(buyer_, d).status()), "region");
  EXPECT_EQ(errors::KindOf(board_->Post(operator_, ElectricityDemand()).status()),
            errors::kForbidden);
  auto posted = board_->Post(buyer_, ElectricityDemand());
  ASSERT_TRUE(posted.ok());
  clock_.Advance(absl::Hours(24 * 31));
  EXPECT_EQ(*board_->Sweep(), 1);
  EXPECT_EQ(board_->Get(buyer_, posted->demand.id)->demand.status, domain::DemandStatus::kExpired);
}

// The outbox: each notification is posted to the organisation's webhooks, signed with its
// secret; failures are retried with backoff and every attempt is recorded.
TEST_F(BoardServiceTest, WebhooksAreSignedRetriedAndLogged) {
  EXPECT_EQ(errors::FieldOf(board_->AddWebhook(buyer_, "ftp://x.example/").status()), "url");
  EXPECT_EQ(errors::FieldOf(board_->AddWebhook(buyer_, "http://user:pw@x.example/").status()),
            "url");
  auto hook = board_->AddWebhook(buyer_, "http://hooks.example/bourse");
  ASSERT_TRUE(hook.ok());
  ASSERT_EQ(hook->secret.rfind("whsec_", 0), 0u);
  EXPECT_TRUE(board_->Webhooks(buyer_)->at(0).secret.empty());  // Shown once.
  Listed();
  ASSERT_TRUE(board_->Post(buyer_, ElectricityDemand()).ok());  // One notification.

  std::vector<std::string> bodies;
  int answer = 503;
  auto post =
      [&](const std::string& url, const std::string& body,
          const std::vector<std::pair<std::string, std::string>>& headers) -> StatusOr<int> {
    EXPECT_EQ(url, "http://hooks.example/bourse");
    std::string signature;
    for (const auto& [k, v] : headers)
      if (k == "Bourse-Signature") signature = v;
    // "t=<seconds>,v1=<hex>": recompute with the secret.
    const std::string t = signature.substr(2, signature.find(',') - 2);
    EXPECT_EQ(signature.substr(signature.find("v1=") + 3),
              crypto::HmacSha256Hex(hook->secret, t + "." + body));
    bodies.push_back(body);
    return answer;
  };
  EXPECT_EQ(*board_->DeliverWebhooks(post), 1);
  EXPECT_EQ(*board_->DeliverWebhooks(post), 0);  // Not due again for a second.
  clock_.Advance(absl::Seconds(1));
  answer = 200;
  EXPECT_EQ(*board_->DeliverWebhooks(post), 1);
  clock_.Advance(absl::Hours(1));
  EXPECT_EQ(*board_->DeliverWebhooks(post), 0);  // Delivered: never again.
  ASSERT_EQ(bodies.size(), 2u);
  EXPECT_NE(bodies[0].find("demand.matched"), std::string::npos);
  auto log = board_->Deliveries(buyer_, hook->id, 10);
  ASSERT_EQ(log->size(), 1u);
  EXPECT_EQ(log->at(0).attempts, 2);
  EXPECT_TRUE(log->at(0).delivered);
  EXPECT_EQ(log->at(0).last_status, 200);
  EXPECT_EQ(board_->Deliveries(seller_, hook->id, 10).status().code(), StatusCode::kNotFound);

  // An endpoint that never answers is abandoned after the last attempt.
  ASSERT_TRUE(board_->Post(buyer_, ElectricityDemand()).ok());
  auto down = [&](const std::string&, const std::string&,
                  const std::vector<std::pair<std::string, std::string>>&) -> StatusOr<int> {
    return UnavailableError("connection refused");
  };
  for (int i = 0; i < domain::kMaxWebhookAttempts + 2; ++i) {
    (void)board_->DeliverWebhooks(down);
    clock_.Advance(absl::Hours(2));
  }
  log = board_->Deliveries(buyer_, hook->id, 10);
  EXPECT_EQ(log->at(0).attempts, domain::kMaxWebhookAttempts);
  EXPECT_TRUE(log->at(0).abandoned);
  EXPECT_EQ(log->at(0).last_error, "connection refused");
}

}  // namespace
}  // namespace bourse::service
