#include "service/trade_service.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <random>
#include <thread>

#include "base/errors.h"
#include "base/status_macros.h"
#include "crypto/jws.h"
#include "crypto/sha256.h"
#include "service/market_test_fixture.h"

namespace bourse::service {
namespace {

using domain::NegotiationAction;
using domain::NegotiationState;
using domain::TradeAction;
using domain::TradeStatus;
using NA = NegotiationAction;

class TradeServiceTest : public testing_fixture::MarketTest {
 protected:
  void SetUp() override {
    MarketTest::SetUp();
    trades_ = std::make_unique<TradeService>(*store_, clock_, random_, *log_, *authority_, *blobs_,
                                             TradeOptions{});
  }

  static domain::Declaration Declaration(std::string region = "CN-44") {
    return {"score SME borrowers",
            "credit scoring",
            "internal model training",
            std::move(region),
            "",
            365};
  }

  void Deposit(const domain::Principal& who, int64_t amount) {
    auto e = trades_->Deposit(operator_, who.organization, {amount, "CNY"},
                              "BANK-" + std::to_string(++bank_ref_));
    ASSERT_TRUE(e.ok()) << e.status().ToString();
  }

  int64_t Balance(const domain::AccountRef& account) {
    int64_t out = 0;
    EXPECT_TRUE(store_
                    ->Read([&](store::Transaction& tx) -> Status {
                      out = *tx.ledger().Balance(account);
                      return OkStatus();
                    })
                    .ok());
    return out;
  }

  // The books balance in every currency and no account that may not go negative does.
  void ExpectBooksBalance() {
    ASSERT_TRUE(store_
                    ->Read([&](store::Transaction& tx) -> Status {
                      auto trial = tx.ledger().TrialBalance();
                      EXPECT_TRUE(trial.ok());
                      for (const auto& [currency, sum] : *trial) EXPECT_EQ(sum, 0) << currency;
                      EXPECT_GE(*tx.ledger().LowestNonNegativeBalance(), 0);
                      return OkStatus();
                    })
                    .ok());
  }

  // Request at the list price, agree, verify; returns the negotiation ready to finalise.
  domain::Negotiation Agreed(const ProductId& product, std::string region = "CN-44") {
    auto n = trades_->Request(buyer_, product, Declaration(std::move(region)), std::nullopt, "");
    EXPECT_TRUE(n.ok()) << n.status().ToString();
    EXPECT_TRUE(trades_->Negotiate(seller_, n->id, NA::kAgree, std::nullopt, "").ok());
    auto v = trades_->Negotiate(buyer_, n->id, NA::kVerify, std::nullopt, "");
    EXPECT_EQ(v->state, NegotiationState::kVerified);
    return *v;
  }

  ContractId Contracted(const ProductId& product, std::string region = "CN-44") {
    auto n = Agreed(product, std::move(region));
    auto f = trades_->Negotiate(seller_, n.id, NA::kFinalize, std::nullopt, "");
    EXPECT_TRUE(f.ok()) << f.status().ToString();
    return *f->contract_id;
  }

  std::unique_ptr<TradeService> trades_;
  int bank_ref_ = 0;
};

TEST_F(TradeServiceTest, ListPriceTradeIsEscrowedDeliveredAcceptedAndCleared) {
  const ProductId product = Listed();
  Deposit(buyer_, 2'000'000);
  const ContractId id = Contracted(product);
  auto view = trades_->GetContract(buyer_, id);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->contract.trade_status, TradeStatus::kEscrowed);
  EXPECT_EQ(view->contract.total.minor, 1'000'000);
  EXPECT_EQ(view->contract.digest.size(), 64u);
  EXPECT_GE(view->contract.log_index, 0);
  EXPECT_EQ(Balance(domain::AvailableAccount(buyer_.organization, "CNY")), 1'000'000);
  EXPECT_EQ(Balance(domain::EscrowAccount(id, "CNY")), 1'000'000);

  // The seller cannot download; the buyer can, a range at a time, and the first download
  // delivers the trade.
  EXPECT_EQ(errors::KindOf(trades_->Download(seller_, id, 0, 0).status()), errors::kForbidden);
  auto grant = trades_->Download(buyer_, id, 5, 4);
  ASSERT_TRUE(grant.ok()) << grant.status().ToString();
  EXPECT_TRUE(grant->partial);
  EXPECT_EQ(grant->length, 4);
  std::string content(static_cast<size_t>(grant->size), '\0');
  ASSERT_EQ(*grant->source->ReadAt(0, content.data(), content.size()), content.size());
  EXPECT_EQ(content, "uscc,kwh\n91440300MA5FQ3H108,1200\n");
  EXPECT_EQ(errors::KindOf(trades_->Download(buyer_, id, grant->size, 0).status()),
            errors::kRangeNotSatisfiable);
  view = trades_->GetContract(buyer_, id);
  EXPECT_EQ(view->contract.trade_status, TradeStatus::kDelivered);
  EXPECT_EQ(view->contract.downloads, 1);

  // Only the buyer accepts; acceptance clears: 2.5 % to the exchange, the rest to the seller.
  EXPECT_EQ(errors::KindOf(trades_->ActOnTrade(seller_, id, TradeAction::kAccept, "").status()),
            errors::kForbidden);
  view = trades_->ActOnTrade(buyer_, id, TradeAction::kAccept, "");
  ASSERT_TRUE(view.ok()) << view.status().ToString();
  EXPECT_EQ(view->contract.trade_status, TradeStatus::kSettled);
  EXPECT_EQ(view->contract.fee_minor, 25'000);
  EXPECT_EQ(Balance(domain::AvailableAccount(seller_.organization, "CNY")), 975'000);
  EXPECT_EQ(Balance(domain::FeeAccount("CNY")), 25'000);
  EXPECT_EQ(Balance(domain::EscrowAccount(id, "CNY")), 0);
  ASSERT_EQ(view->certificates.size(), 2u);  // One for each party.
  EXPECT_EQ(view->certificates[0].type, domain::CertificateType::kTrade);
  // The answer carries the certificates as the store now holds them.
  EXPECT_EQ(trades_->GetContract(buyer_, id)->certificates, view->certificates);
  ExpectBooksBalance();

  // Settled: accepting again is illegal; after termination the download is refused.
  EXPECT_EQ(errors::KindOf(trades_->ActOnTrade(buyer_, id, TradeAction::kAccept, "").status()),
            errors::kIllegalTransition);
  ASSERT_TRUE(trades_->ChangeContract(buyer_, id, domain::ContractAction::kTerminate, "done").ok());
  EXPECT_EQ(errors::KindOf(trades_->Download(buyer_, id, 0, 0).status()), errors::kForbidden);
  auto totals = trades_->Totals();
  EXPECT_EQ(totals->count, 1);
  EXPECT_EQ(totals->value.at("CNY"), 1'000'000);
}

// Settlement signs its certificates before the write; the transaction uses such a certificate
// only if it still says exactly what the transaction would have signed.
TEST_F(TradeServiceTest, PresignedCertificatesAreUsedOnlyWhileTheyStillMatch) {
  const ProductId product = Listed();
  Deposit(buyer_, 2'000'000);
  const ContractId id = Contracted(product);
  ASSERT_TRUE(trades_->Download(buyer_, id, 0, 0).ok());
  domain::Contract c;
  domain::Product p;
  domain::Organization buyer;
  ASSERT_TRUE(store_
                  ->Read([&](store::Transaction& tx) -> Status {
                    c = *tx.contracts().Get(id);
                    p = *tx.products().Get(product);
                    buyer = *tx.organizations().Get(buyer_.organization);
                    return OkStatus();
                  })
                  .ok());
  auto payload_of = [](const domain::Certificate& cert) {
    return crypto::ParseCompactJws(cert.jwt)->payload_json;
  };
  auto verifies = [&](const domain::Certificate& cert) {
    auto jws = crypto::ParseCompactJws(cert.jwt);
    return jws.ok() && crypto::VerifyCompactJws(*jws, key_.public_key());
  };
  PresignedCertificates presigned;
  ASSERT_TRUE(store_
                  ->Read([&](store::Transaction& tx) {
                    return authority_->PresignTradeCertificate(tx, presigned, c, p, buyer, "buyer");
                  })
                  .ok());
  ASSERT_EQ(presigned.size(), 1u);

  // The party was renamed since the snapshot: the presigned certificate is stale, stays unused,
  // and the one issued carries the new name.
  domain::Organization renamed = buyer;
  renamed.profile.name = "Renamed Buyer Ltd";
  domain::Certificate fresh;
  ASSERT_TRUE(store_
                  ->Write([&](store::Transaction& tx) -> Status {
                    BOURSE_ASSIGN_OR_RETURN(
                        fresh, authority_->IssueTradeCertificate(
                                   tx, c, p, renamed, "buyer", buyer.id, std::nullopt, &presigned));
                    return OkStatus();
                  })
                  .ok());
  EXPECT_EQ(presigned.size(), 1u);
  EXPECT_NE(payload_of(fresh).find("Renamed Buyer Ltd"), std::string::npos);
  EXPECT_TRUE(verifies(fresh));

  // Unchanged: the presigned certificate is the one recorded, signature and all.
  domain::Certificate used;
  ASSERT_TRUE(store_
                  ->Write([&](store::Transaction& tx) -> Status {
                    BOURSE_ASSIGN_OR_RETURN(
                        used, authority_->IssueTradeCertificate(tx, c, p, buyer, "buyer", buyer.id,
                                                                std::nullopt, &presigned));
                    return OkStatus();
                  })
                  .ok());
  EXPECT_TRUE(presigned.empty());
  EXPECT_EQ(payload_of(used).find("Renamed Buyer Ltd"), std::string::npos);
  EXPECT_NE(payload_of(used).find(c.digest), std::string::npos);
  auto stored = authority_->Get(buyer_, used.id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->jwt, used.jwt);
  EXPECT_NE(stored->status_index, fresh.status_index);
  // Both log leaves carry the digest of the JWT actually issued (the presigned one's was taken
  // when it was signed).
  for (const domain::Certificate* cert : {&fresh, &used}) {
    ASSERT_TRUE(cert->log_index.has_value());
    std::vector<std::string> leaves;
    ASSERT_TRUE(store_
                    ->Read([&](store::Transaction& tx) -> Status {
                      BOURSE_ASSIGN_OR_RETURN(
                          leaves, tx.log().Entries(*cert->log_index, *cert->log_index + 1));
                      return OkStatus();
                    })
                    .ok());
    ASSERT_EQ(leaves.size(), 1u);
    const auto leaf = boost::json::parse(leaves[0]).as_object();
    EXPECT_EQ(leaf.at("type").as_string(), "certificate.issued");
    EXPECT_EQ(leaf.at("documents").at("jwt").as_string(), crypto::Sha256Hex(cert->jwt));
  }

  // Through the service: accepting settles with both parties' certificates, each verifiable.
  auto view = trades_->ActOnTrade(buyer_, id, TradeAction::kAccept, "");
  ASSERT_TRUE(view.ok()) << view.status().ToString();
  ASSERT_EQ(view->certificates.size(), 2u);
  for (const auto& cert : view->certificates) EXPECT_TRUE(verifies(cert));
}

TEST_F(TradeServiceTest, InstantPurchaseAtTheListPriceSignsAndPaysInOneStep) {
  const ProductId product = Listed();
  Deposit(buyer_, 1'000'000);
  auto n = trades_->Request(buyer_, product, Declaration(), std::nullopt, "", true);
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(n->state, NegotiationState::kFinalized);
  EXPECT_EQ(n->rounds.size(), 4u);
  ASSERT_TRUE(n->contract_id.has_value());
  EXPECT_EQ(trades_->GetContract(buyer_, *n->contract_id)->contract.trade_status,
            TradeStatus::kEscrowed);
  EXPECT_EQ(Balance(domain::AvailableAccount(buyer_.organization, "CNY")), 0);
  // Below the list price it is a negotiation, not an instant purchase: refused, nothing kept.
  domain::OfferTerms cheaper = n->terms;
  cheaper.amount.minor -= 1;
  Deposit(buyer_, 1'000'000);
  auto refused = trades_->Request(buyer_, product, Declaration(), cheaper, "", true);
  EXPECT_EQ(errors::FieldOf(refused.status()), "terms");
  EXPECT_EQ(trades_->ListNegotiations(buyer_, 0, 10)->items.size(), 1u);
  // Without the money nothing is signed either.
  Deposit(buyer_, 1);
  ASSERT_TRUE(trades_->Withdraw(operator_, buyer_.organization, {1'000'001, "CNY"}, "OUT").ok());
  EXPECT_EQ(errors::KindOf(
                trades_->Request(buyer_, product, Declaration(), std::nullopt, "", true).status()),
            errors::kInsufficientFunds);
  EXPECT_EQ(trades_->ListNegotiations(buyer_, 0, 10)->items.size(), 1u);
}

// Two purchases race for money enough for one: exactly one is signed, the other refused, and
// the escrow holds exactly one price.
TEST_F(TradeServiceTest, RacingPurchasesNeverOverdraw) {
  const ProductId product = Listed();
  for (int round = 0; round < 5; ++round) {
    Deposit(buyer_, 1'000'000);
    std::atomic<int> signed_count{0}, refused{0};
    std::vector<std::thread> racers;
    for (int t = 0; t < 2; ++t) {
      racers.emplace_back([&] {
        auto n = trades_->Request(buyer_, product, Declaration(), std::nullopt, "", true);
        if (n.ok()) {
          ++signed_count;
        } else if (errors::KindOf(n.status()) == errors::kInsufficientFunds) {
          ++refused;
        }
      });
    }
    for (auto& r : racers) r.join();
    EXPECT_EQ(signed_count.load(), 1);
    EXPECT_EQ(refused.load(), 1);
    EXPECT_EQ(Balance(domain::AvailableAccount(buyer_.organization, "CNY")), 0);
  }
  EXPECT_EQ(trades_->ListContracts(buyer_, 0, 50)->items.size(), 5u);
  ExpectBooksBalance();
}

// Per-call contracts prepay a quantity, count each delivery as a call, and at settlement pay
// for the calls used; the rest of the prepayment goes back to the buyer.
TEST_F(TradeServiceTest, MeteredContractsPayForWhatTheyUsed) {
  domain::ProductDescription d = testing_fixture::Description();
  d.price.model = domain::PriceModel::kPerCall;
  d.price.amount = {10'000, "CNY"};
  const ProductId product = Listed(d);
  Deposit(buyer_, 50'000);
  domain::OfferTerms terms;
  terms.model = domain::PriceModel::kPerCall;
  terms.amount = {10'000, "CNY"};
  terms.quantity = 5;
  auto n = trades_->Request(buyer_, product, Declaration(), terms, "", true);
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  const ContractId id = *n->contract_id;
  ASSERT_TRUE(trades_->Download(buyer_, id, 0, 0).ok());
  ASSERT_TRUE(trades_->Download(buyer_, id, 5, 0).ok());  // Resuming: the same call.
  ASSERT_TRUE(trades_->Download(buyer_, id, 0, 0).ok());
  EXPECT_EQ(trades_->GetContract(buyer_, id)->contract.units_used, 2);
  auto settled = trades_->ActOnTrade(buyer_, id, TradeAction::kAccept, "");
  ASSERT_TRUE(settled.ok()) << settled.status().ToString();
  EXPECT_EQ(settled->contract.fee_minor, 500);  // 2.5 % of 20,000.
  EXPECT_EQ(Balance(domain::AvailableAccount(seller_.organization, "CNY")), 19'500);
  EXPECT_EQ(Balance(domain::AvailableAccount(buyer_.organization, "CNY")), 30'000);
  EXPECT_EQ(Balance(domain::EscrowAccount(id, "CNY")), 0);
  // Settled: the prepaid quantity is closed.
  EXPECT_EQ(errors::KindOf(trades_->Download(buyer_, id, 0, 0).status()), errors::kForbidden);
  ExpectBooksBalance();
  // One call bought, two attempted: the second is refused and changes nothing.
  terms.quantity = 1;
  auto one = trades_->Request(buyer_, product, Declaration(), terms, "", true);
  ASSERT_TRUE(one.ok());
  ASSERT_TRUE(trades_->Download(buyer_, *one->contract_id, 0, 0).ok());
  EXPECT_EQ(errors::KindOf(trades_->Download(buyer_, *one->contract_id, 0, 0).status()),
            errors::kRuleViolation);
  EXPECT_EQ(trades_->GetContract(buyer_, *one->contract_id)->contract.downloads, 1);
}

// A subscription renews at the end of each term: the next term's price is charged and cleared
// to the seller, and the term extends. The buyer may stop and resume renewal; a buyer who cannot
// pay lets it lapse; a lapsed subscription refuses downloads.
TEST_F(TradeServiceTest, SubscriptionsRenewUntilStoppedOrUnpaid) {
  domain::ProductDescription d = testing_fixture::Description();
  d.price.model = domain::PriceModel::kSubscription;
  d.price.amount = {40'000, "CNY"};
  const ProductId product = Listed(d);
  Deposit(buyer_, 100'000);
  domain::Declaration monthly = Declaration();
  monthly.duration_days = 30;
  auto n = trades_->Request(buyer_, product, monthly, std::nullopt, "", true);
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  const ContractId id = *n->contract_id;
  ASSERT_TRUE(trades_->Download(buyer_, id, 0, 0).ok());
  ASSERT_TRUE(trades_->ActOnTrade(buyer_, id, TradeAction::kAccept, "").ok());
  auto c = trades_->GetContract(buyer_, id)->contract;
  EXPECT_TRUE(c.renews);
  const absl::Time first_end = c.ends_at;
  EXPECT_EQ(Balance(domain::AvailableAccount(seller_.organization, "CNY")), 39'000);

  // Before the term ends nothing renews; at its end the second term is paid and cleared.
  clock_.Advance(absl::Hours(24 * 29));
  ASSERT_TRUE(trades_->Sweep().ok());
  EXPECT_EQ(trades_->GetContract(buyer_, id)->contract.renewals, 0);
  clock_.Advance(absl::Hours(24));
  ASSERT_TRUE(trades_->Sweep().ok());
  c = trades_->GetContract(buyer_, id)->contract;
  EXPECT_EQ(c.renewals, 1);
  EXPECT_EQ(c.ends_at, first_end + absl::Hours(24 * 30));
  EXPECT_EQ(c.fee_minor, 2'000);
  EXPECT_EQ(Balance(domain::AvailableAccount(buyer_.organization, "CNY")), 20'000);
  EXPECT_EQ(Balance(domain::AvailableAccount(seller_.organization, "CNY")), 78'000);
  EXPECT_TRUE(trades_->Download(buyer_, id, 0, 0).ok()) << "the renewed term delivers";
  // Renewal extends the contract, not the signed agreement: it still hashes to the logged digest.
  auto signed_agreement = trades_->SignedAgreement(buyer_, id);
  ASSERT_TRUE(signed_agreement.ok());
  auto jws = crypto::ParseCompactJws(*signed_agreement);
  ASSERT_TRUE(jws.ok());
  EXPECT_EQ(crypto::Sha256Hex(jws->payload_json), c.digest);
  ExpectBooksBalance();

  // Only the buyer stops renewal, only once, and only on a subscription.
  EXPECT_EQ(
      errors::KindOf(
          trades_->ChangeContract(seller_, id, domain::ContractAction::kStopRenewal, "").status()),
      errors::kForbidden);
  ASSERT_TRUE(trades_->ChangeContract(buyer_, id, domain::ContractAction::kStopRenewal, "").ok());
  EXPECT_EQ(
      errors::KindOf(
          trades_->ChangeContract(buyer_, id, domain::ContractAction::kStopRenewal, "").status()),
      errors::kIllegalTransition);
  clock_.Advance(absl::Hours(24 * 30));
  ASSERT_TRUE(trades_->Sweep().ok());
  EXPECT_EQ(trades_->GetContract(buyer_, id)->contract.renewals, 1) << "stopped: not renewed";
  EXPECT_EQ(Balance(domain::AvailableAccount(buyer_.organization, "CNY")), 20'000);
  EXPECT_EQ(errors::KindOf(trades_->Download(buyer_, id, 0, 0).status()), errors::kForbidden);

  // Resumed, the next sweep renews the term that has ended — but 20,000 cannot pay 40,000:
  // the subscription lapses, nothing is charged, and both parties are told.
  ASSERT_TRUE(trades_->ChangeContract(buyer_, id, domain::ContractAction::kResumeRenewal, "").ok());
  ASSERT_TRUE(trades_->Sweep().ok());
  c = trades_->GetContract(buyer_, id)->contract;
  EXPECT_EQ(c.renewals, 1);
  EXPECT_FALSE(c.renews);
  EXPECT_NE(c.status_reason.find("could not pay"), std::string::npos) << c.status_reason;
  EXPECT_EQ(Balance(domain::AvailableAccount(buyer_.organization, "CNY")), 20'000);
  ExpectBooksBalance();
  for (const auto& party : {buyer_.organization, seller_.organization}) {
    std::vector<std::string> kinds;
    ASSERT_TRUE(store_
                    ->Read([&](store::Transaction& tx) -> Status {
                      auto notes = tx.notifications().ListFor(party, 0, 50);
                      EXPECT_TRUE(notes.ok());
                      for (const auto& note : *notes)
                        if (note.subject == id.value()) kinds.push_back(note.kind);
                      return OkStatus();
                    })
                    .ok());
    EXPECT_NE(std::find(kinds.begin(), kinds.end(), "contract.renewed"), kinds.end());
    EXPECT_NE(std::find(kinds.begin(), kinds.end(), "contract.renewal_lapsed"), kinds.end());
  }

  // A one-off contract has nothing to renew.
  Deposit(buyer_, 2'000'000);
  const ContractId once = Contracted(Listed());
  EXPECT_EQ(
      errors::KindOf(
          trades_->ChangeContract(buyer_, once, domain::ContractAction::kStopRenewal, "").status()),
      errors::kRuleViolation);
  EXPECT_FALSE(trades_->GetContract(buyer_, once)->contract.renews);
}

// A data merchant sells for the seller under mandate: it agrees and finalises, and clearing pays
// its commission from the seller's proceeds. Without a live mandate it can do nothing.
TEST_F(TradeServiceTest, MerchantsSellUnderMandateForACommission) {
  const ProductId product = Listed();
  const domain::Principal agent = Admit(
      testing_fixture::App("Broker Data", "91440300MA5G0T8N46", {domain::Role::kDataMerchant}),
      true);
  Deposit(buyer_, 1'000'000);
  auto n = trades_->Request(buyer_, product, Declaration(), std::nullopt, "");
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(errors::KindOf(trades_->Negotiate(agent, n->id, NA::kAgree, std::nullopt, "").status()),
            errors::kNotFound);  // Not yet its business.
  EXPECT_EQ(errors::FieldOf(trades_->GrantMandate(seller_, buyer_.organization, 500).status()),
            "agent_id");  // Not a merchant.
  EXPECT_EQ(errors::FieldOf(trades_->GrantMandate(seller_, agent.organization, 5000).status()),
            "commission_basis_points");
  auto mandate = trades_->GrantMandate(seller_, agent.organization, 500);
  ASSERT_TRUE(mandate.ok()) << mandate.status().ToString();
  ASSERT_TRUE(trades_->Negotiate(agent, n->id, NA::kAgree, std::nullopt, "").ok());
  ASSERT_TRUE(trades_->Negotiate(buyer_, n->id, NA::kVerify, std::nullopt, "").ok());
  auto f = trades_->Negotiate(agent, n->id, NA::kFinalize, std::nullopt, "");
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  const ContractId id = *f->contract_id;
  auto c = trades_->GetContract(agent, id);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(*c->contract.agent_id, agent.organization);
  ASSERT_TRUE(trades_->ActOnTrade(agent, id, TradeAction::kDeliver, "").ok());
  ASSERT_TRUE(trades_->ActOnTrade(buyer_, id, TradeAction::kAccept, "").ok());
  EXPECT_EQ(Balance(domain::AvailableAccount(agent.organization, "CNY")), 50'000);  // 5 %
  EXPECT_EQ(Balance(domain::FeeAccount("CNY")), 25'000);                            // 2.5 %
  EXPECT_EQ(Balance(domain::AvailableAccount(seller_.organization, "CNY")), 925'000);
  ExpectBooksBalance();
  // Revoked: the merchant no longer acts for the seller.
  EXPECT_EQ(errors::KindOf(trades_->RevokeMandate(agent, mandate->id).status()),
            errors::kForbidden);
  ASSERT_TRUE(trades_->RevokeMandate(seller_, mandate->id).ok());
  auto again = trades_->Request(buyer_, product, Declaration(), std::nullopt, "");
  EXPECT_EQ(
      errors::KindOf(trades_->Negotiate(agent, again->id, NA::kAgree, std::nullopt, "").status()),
      errors::kNotFound);
  EXPECT_EQ(trades_->Mandates(agent)->size(), 1u);
}

// A data merchant buys for a buyer under the buyer's mandate: it requests, negotiates and
// accepts; the buyer pays the price plus the merchant's commission, escrowed together at signing,
// and clearing pays the merchant. A seller's mandate does not let it buy, nor the buyer's sell.
TEST_F(TradeServiceTest, MerchantsBuyUnderABuyersMandateForACommission) {
  const ProductId product = Listed();
  const domain::Principal agent = Admit(
      testing_fixture::App("Broker Data", "91440300MA5G0T8N46", {domain::Role::kDataMerchant}),
      true);
  Deposit(buyer_, 1'100'000);
  // Without the buyer's mandate the merchant cannot buy in its name.
  auto refused =
      trades_->Request(agent, product, Declaration(), std::nullopt, "", false, buyer_.organization);
  EXPECT_EQ(errors::KindOf(refused.status()), errors::kForbidden);
  ASSERT_TRUE(trades_->GrantMandate(seller_, agent.organization, 300).ok());  // Selling side.
  refused =
      trades_->Request(agent, product, Declaration(), std::nullopt, "", false, buyer_.organization);
  EXPECT_EQ(errors::KindOf(refused.status()), errors::kForbidden) << "a seller's mandate";
  auto mandate =
      trades_->GrantMandate(buyer_, agent.organization, 400, domain::MandateSide::kBuyer);
  ASSERT_TRUE(mandate.ok()) << mandate.status().ToString();
  EXPECT_EQ(mandate->side, domain::MandateSide::kBuyer);
  EXPECT_EQ(errors::KindOf(
                trades_->GrantMandate(buyer_, agent.organization, 400, domain::MandateSide::kBuyer)
                    .status()),
            errors::kConflict);

  auto n =
      trades_->Request(agent, product, Declaration(), std::nullopt, "", false, buyer_.organization);
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(n->buyer_id, buyer_.organization);
  EXPECT_EQ(*n->buyer_agent_id, agent.organization);
  ASSERT_TRUE(trades_->Negotiate(seller_, n->id, NA::kAgree, std::nullopt, "").ok());
  ASSERT_TRUE(trades_->Negotiate(agent, n->id, NA::kVerify, std::nullopt, "").ok());
  auto f = trades_->Negotiate(seller_, n->id, NA::kFinalize, std::nullopt, "");
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  const ContractId id = *f->contract_id;
  auto c = trades_->GetContract(agent, id);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(*c->contract.buyer_agent_id, agent.organization);
  EXPECT_EQ(c->contract.buyer_commission_basis_points, 400);
  // The price (1,000,000) and 4 % on top are in escrow.
  EXPECT_EQ(Balance(domain::EscrowAccount(id, "CNY")), 1'040'000);
  EXPECT_EQ(Balance(domain::AvailableAccount(buyer_.organization, "CNY")), 60'000);
  // Only the buyer receives the data; its merchant accepts for it.
  EXPECT_EQ(errors::KindOf(trades_->Download(agent, id, 0, 0).status()), errors::kForbidden);
  ASSERT_TRUE(trades_->Download(buyer_, id, 0, 0).ok());
  ASSERT_TRUE(trades_->ActOnTrade(agent, id, TradeAction::kAccept, "").ok());
  EXPECT_EQ(Balance(domain::AvailableAccount(agent.organization, "CNY")), 40'000);
  EXPECT_EQ(Balance(domain::FeeAccount("CNY")), 25'000);
  EXPECT_EQ(Balance(domain::AvailableAccount(seller_.organization, "CNY")), 975'000);
  EXPECT_EQ(Balance(domain::EscrowAccount(id, "CNY")), 0);
  ExpectBooksBalance();

  // A cancelled purchase returns the commission with the price; a revoked mandate stops the
  // merchant from signing.
  auto second =
      trades_->Request(agent, product, Declaration(), std::nullopt, "", false, buyer_.organization);
  ASSERT_TRUE(second.ok());
  ASSERT_TRUE(trades_->RevokeMandate(buyer_, mandate->id).ok());
  EXPECT_EQ(
      errors::KindOf(trades_->Negotiate(agent, second->id, NA::kVerify, std::nullopt, "").status()),
      errors::kForbidden);
  ASSERT_TRUE(trades_->Negotiate(seller_, second->id, NA::kAgree, std::nullopt, "").ok());
  ASSERT_TRUE(trades_->Negotiate(buyer_, second->id, NA::kVerify, std::nullopt, "").ok());
  EXPECT_EQ(errors::KindOf(
                trades_->Negotiate(seller_, second->id, NA::kFinalize, std::nullopt, "").status()),
            errors::kRuleViolation);
  ExpectBooksBalance();
  ASSERT_TRUE(
      trades_->GrantMandate(buyer_, agent.organization, 400, domain::MandateSide::kBuyer).ok());
  Deposit(buyer_, 1'040'000);
  const int64_t before = Balance(domain::AvailableAccount(buyer_.organization, "CNY"));
  auto third =
      trades_->Request(agent, product, Declaration(), std::nullopt, "", true, buyer_.organization);
  ASSERT_TRUE(third.ok()) << third.status().ToString();
  EXPECT_EQ(Balance(domain::AvailableAccount(buyer_.organization, "CNY")), before - 1'040'000);
  ASSERT_TRUE(trades_
                  ->ChangeContract(buyer_, *third->contract_id, domain::ContractAction::kTerminate,
                                   "no longer needed")
                  .ok());
  EXPECT_EQ(Balance(domain::AvailableAccount(buyer_.organization, "CNY")), before);
  ExpectBooksBalance();
}

TEST_F(TradeServiceTest, InsufficientFundsSignNothing) {
  const ProductId product = Listed();
  Deposit(buyer_, 999'999);
  auto n = Agreed(product);
  auto f = trades_->Negotiate(seller_, n.id, NA::kFinalize, std::nullopt, "");
  EXPECT_EQ(errors::KindOf(f.status()), errors::kInsufficientFunds);
  EXPECT_EQ(trades_->GetNegotiation(buyer_, n.id)->state, NegotiationState::kVerified);
  EXPECT_TRUE(trades_->ListContracts(operator_, 0, 10)->items.empty());
  EXPECT_EQ(Balance(domain::AvailableAccount(buyer_.organization, "CNY")), 999'999);
  Deposit(buyer_, 1);
  EXPECT_TRUE(trades_->Negotiate(seller_, n.id, NA::kFinalize, std::nullopt, "").ok());
  EXPECT_EQ(Balance(domain::AvailableAccount(buyer_.organization, "CNY")), 0);
}

TEST_F(TradeServiceTest, OffersAndCounterOffers) {
  const ProductId product = Listed();
  auto n = trades_->Request(buyer_, product, Declaration(), std::nullopt, "list price?");
  ASSERT_TRUE(n.ok());
  domain::OfferTerms offer = n->terms;
  offer.amount.minor = 900'000;
  EXPECT_EQ(trades_->Negotiate(seller_, n->id, NA::kOffer, offer, "")->state,
            NegotiationState::kOffered);
  offer.amount.minor = 800'000;
  EXPECT_EQ(trades_->Negotiate(buyer_, n->id, NA::kRequest, offer, "counter")->state,
            NegotiationState::kRequested);
  // Wrong party, wrong state, missing terms, a scenario the product does not permit.
  EXPECT_EQ(
      errors::KindOf(trades_->Negotiate(buyer_, n->id, NA::kAgree, std::nullopt, "").status()),
      errors::kForbidden);
  EXPECT_EQ(
      errors::KindOf(trades_->Negotiate(seller_, n->id, NA::kFinalize, std::nullopt, "").status()),
      errors::kIllegalTransition);
  EXPECT_EQ(
      errors::FieldOf(trades_->Negotiate(seller_, n->id, NA::kOffer, std::nullopt, "").status()),
      "terms");
  auto bad = Declaration();
  bad.scenario = "marketing";
  EXPECT_EQ(errors::FieldOf(trades_->Request(buyer_, product, bad, std::nullopt, "").status()),
            "declaration.scenario");
  EXPECT_EQ(
      errors::KindOf(trades_->Request(seller_, product, Declaration(), std::nullopt, "").status()),
      errors::kForbidden);
  // Outsiders see nothing.
  EXPECT_EQ(trades_->GetNegotiation(assessor_, n->id).status().code(), StatusCode::kNotFound);
  auto agreed = trades_->Negotiate(seller_, n->id, NA::kAgree, std::nullopt, "");
  EXPECT_EQ(agreed->terms.amount.minor, 800'000);
  EXPECT_EQ(agreed->rounds.size(), 4u);
}

TEST_F(TradeServiceTest, DisputesCancellationsAndLapses) {
  const ProductId product = Listed();
  Deposit(buyer_, 3'000'000);
  // Cancelled before delivery: refunded.
  const ContractId a = Contracted(product);
  EXPECT_EQ(trades_->ActOnTrade(seller_, a, TradeAction::kCancel, "")->contract.trade_status,
            TradeStatus::kCancelled);
  EXPECT_EQ(Balance(domain::AvailableAccount(buyer_.organization, "CNY")), 3'000'000);
  // Rejected after delivery: escrow frozen until the operator refunds.
  const ContractId b = Contracted(product);
  ASSERT_TRUE(trades_->Download(buyer_, b, 0, 0).ok());
  EXPECT_EQ(
      trades_->ActOnTrade(buyer_, b, TradeAction::kReject, "wrong months")->contract.trade_status,
      TradeStatus::kDisputed);
  EXPECT_EQ(Balance(domain::EscrowAccount(b, "CNY")), 1'000'000);
  EXPECT_EQ(
      errors::KindOf(trades_->ActOnTrade(seller_, b, TradeAction::kResolveRelease, "x").status()),
      errors::kForbidden);
  EXPECT_EQ(trades_->ActOnTrade(operator_, b, TradeAction::kResolveRefund, "data incomplete")
                ->contract.trade_status,
            TradeStatus::kRefunded);
  // Delivered and never answered: the window lapses and clearing runs by itself.
  const ContractId c = Contracted(product);
  ASSERT_TRUE(trades_->Download(buyer_, c, 0, 0).ok());
  clock_.Advance(absl::Hours(71));
  EXPECT_EQ(*trades_->Sweep(), 0);
  clock_.Advance(absl::Hours(2));
  EXPECT_EQ(*trades_->Sweep(), 1);
  EXPECT_EQ(trades_->GetContract(buyer_, c)->contract.trade_status, TradeStatus::kSettled);
  EXPECT_EQ(Balance(domain::AvailableAccount(buyer_.organization, "CNY")), 2'000'000);
  EXPECT_EQ(Balance(domain::AvailableAccount(seller_.organization, "CNY")), 975'000);
  ExpectBooksBalance();
}

TEST_F(TradeServiceTest, OutboundTradesGetACaseAndCrossBorderCertificates) {
  const ProductId product = Listed();
  Deposit(buyer_, 1'000'000);
  const ContractId id = Contracted(product, "SG");
  auto view = trades_->GetContract(buyer_, id);
  ASSERT_TRUE(view->cross_border.has_value());
  EXPECT_EQ(view->cross_border->row, 11);  // No personal information, no important data.
  EXPECT_EQ(view->cross_border->destination, "SG");
  EXPECT_TRUE(view->missing_evidence.empty());
  ASSERT_TRUE(trades_->Download(buyer_, id, 0, 0).ok());
  view = trades_->ActOnTrade(buyer_, id, TradeAction::kAccept, "");
  ASSERT_TRUE(view.ok());
  ASSERT_EQ(view->certificates.size(), 4u);
  EXPECT_EQ(view->certificates[1].type, domain::CertificateType::kCrossBorderTrade);
  EXPECT_EQ(trades_->CrossBorderRegister(operator_, 0, 10)->size(), 1u);
  EXPECT_EQ(errors::KindOf(trades_->CrossBorderRegister(buyer_, 0, 10).status()),
            errors::kForbidden);
}

// Random sequences of deposits, trades, cancellations, disputes and withdrawals: after every
// step the books balance and no account that may not go negative is below zero.
TEST_F(TradeServiceTest, MoneyInvariantsHoldUnderRandomOperations) {
  const ProductId product = Listed();
  std::mt19937_64 rng(42);
  std::vector<ContractId> open;
  for (int step = 0; step < 120; ++step) {
    switch (rng() % 6) {
      case 0:
        Deposit(buyer_, static_cast<int64_t>(rng() % 3'000'000) + 1);
        break;
      case 1: {
        auto n = Agreed(product);
        auto f = trades_->Negotiate(seller_, n.id, NA::kFinalize, std::nullopt, "");
        if (f.ok()) {
          open.push_back(*f->contract_id);
        } else {
          EXPECT_EQ(errors::KindOf(f.status()), errors::kInsufficientFunds);
        }
        break;
      }
      case 2:
        if (!open.empty()) (void)trades_->Download(buyer_, open[rng() % open.size()], 0, 0);
        break;
      case 3:
        if (!open.empty()) {
          const auto& id = open[rng() % open.size()];
          const auto action = std::array{TradeAction::kAccept, TradeAction::kCancel,
                                         TradeAction::kReject}[rng() % 3];
          (void)trades_->ActOnTrade(action == TradeAction::kCancel ? seller_ : buyer_, id, action,
                                    "reason");
        }
        break;
      case 4:
        if (!open.empty())
          (void)trades_->ActOnTrade(
              operator_, open[rng() % open.size()],
              rng() % 2 ? TradeAction::kResolveRefund : TradeAction::kResolveRelease, "ruling");
        break;
      case 5: {
        auto w = trades_->Withdraw(operator_, buyer_.organization,
                                   {static_cast<int64_t>(rng() % 2'000'000) + 1, "CNY"}, "OUT");
        if (!w.ok()) {
          EXPECT_EQ(errors::KindOf(w.status()), errors::kInsufficientFunds);
        }
        break;
      }
    }
    ExpectBooksBalance();
  }
  EXPECT_GT(open.size(), 3u);
}

TEST_F(TradeServiceTest, OnlyTheOperatorMovesMoneyAndBadAmountsAreRefused) {
  EXPECT_EQ(
      errors::KindOf(trades_->Deposit(buyer_, buyer_.organization, {100, "CNY"}, "B1").status()),
      errors::kForbidden);
  EXPECT_EQ(
      errors::FieldOf(trades_->Deposit(operator_, buyer_.organization, {0, "CNY"}, "B1").status()),
      "amount");
  EXPECT_EQ(
      errors::FieldOf(trades_->Deposit(operator_, buyer_.organization, {5, "rmb"}, "B1").status()),
      "currency");
  EXPECT_EQ(
      errors::FieldOf(trades_->Deposit(operator_, buyer_.organization, {5, "CNY"}, "").status()),
      "bank_reference");
  EXPECT_EQ(
      trades_->Deposit(operator_, OrganizationId("org_nope"), {5, "CNY"}, "B").status().code(),
      StatusCode::kNotFound);
  EXPECT_EQ(trades_->Balances(seller_, buyer_.organization).status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace bourse::service
