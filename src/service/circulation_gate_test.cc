// The cross-border gate on every path that delivers, settles, renews or certifies, for each row
// of the decision table that needs evidence (7–10): refused without approved evidence, allowed
// with approved evidence in scope and validity, refused once that evidence has expired.
#include "service/circulation_gate.h"

#include <gtest/gtest.h>

#include "base/errors.h"
#include "service/evidence_service.h"
#include "service/market_test_fixture.h"
#include "service/trade_service.h"

namespace bourse::service {
namespace {

using domain::EvidenceKind;
using domain::NegotiationAction;
using domain::TradeAction;
using domain::TradeStatus;
using NA = NegotiationAction;

class GateTest : public testing_fixture::MarketTest {
 protected:
  void SetUp() override {
    MarketTest::SetUp();
    trades_ = std::make_unique<TradeService>(*store_, clock_, random_, *log_, *authority_, *blobs_,
                                             TradeOptions{});
    evidence_ = std::make_unique<EvidenceService>(*store_, clock_, random_, *log_, *blobs_);
  }

  // A listed product whose outbound trade lands on `row`. The sector differs per row, so
  // that no row's evidence serves another's.
  ProductId ListedForRow(int row, domain::PriceModel model = domain::PriceModel::kOneOff) {
    domain::ProductDescription d = testing_fixture::Description();
    d.price.model = model;
    d.sector = static_cast<domain::Sector>(row - 6);  // Energy, finance, transport, healthcare.
    if (row == 7) {
      d.classification = domain::DataClassification::kImportant;
    } else {
      d = WithPersonalInformation(d, row == 9 ? 1'000'000 : row == 10 ? 150'000 : 10);
    }
    if (row == 8) {
      domain::ExporterFacts facts;
      facts.ciio = true;
      EXPECT_TRUE(evidence_->SetProfile(operator_, seller_.organization, facts, "designated").ok());
    }
    return ListedWith(d);
  }

  static domain::ProductDescription WithPersonalInformation(domain::ProductDescription d,
                                                            int64_t individuals) {
    d.personal_information = true;
    d.legal_basis = domain::LegalBasis::kContract;  // No PIPL 39 consent needed.
    d.pipia = "PIPIA 2026-07";
    d.declared_individuals = individuals;
    return d;
  }

  ProductId ListedWith(const domain::ProductDescription& d) {
    auto p = products_->Create(seller_, d);
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    const ProductId id = p->product.id;
    EXPECT_TRUE(Upload(id, "uscc,kwh\n91440300MA5FQ3H108,1200\n").ok());
    EXPECT_TRUE(Do(seller_, id, domain::ProductAction::kSubmit).ok());
    EXPECT_TRUE(Do(seller_, id, domain::ProductAction::kCommissionAssessment).ok());
    AssessmentRequest a = Pass();
    a.pipia_reviewed = true;
    EXPECT_TRUE(products_->Assess(assessor_, id, a).ok());
    EXPECT_TRUE(Do(seller_, id, domain::ProductAction::kRequestListing).ok());
    if (d.classification == domain::DataClassification::kImportant)
      EXPECT_TRUE(Do(operator_, id, domain::ProductAction::kEscalate).ok());
    EXPECT_TRUE(Do(operator_, id, domain::ProductAction::kApproveListing).ok());
    clock_.Advance(absl::Hours(73));
    EXPECT_EQ(*products_->Sweep(), 1);
    return id;
  }

  ContractId Contract(const ProductId& product, int duration_days = 365) {
    auto dep = trades_->Deposit(operator_, buyer_.organization, {100'000'000, "CNY"},
                                "BANK-" + std::to_string(++bank_ref_));
    EXPECT_TRUE(dep.ok()) << dep.status().ToString();
    domain::Declaration decl{
        "score SME borrowers", "credit scoring", "internal model training", "SG", "",
        duration_days};
    auto n = trades_->Request(buyer_, product, decl, std::nullopt, "", true);
    EXPECT_TRUE(n.ok()) << n.status().ToString();
    return n.ok() ? *n->contract_id : ContractId("none");
  }

  // What the row requires (one of the alternatives for row 10), as the contract's case says.
  std::vector<EvidenceKind> Required(const ContractId& id) {
    auto v = trades_->GetContract(operator_, id);
    EXPECT_TRUE(v.ok());
    std::vector<EvidenceKind> out;
    if (!v->cross_border->any_of.empty()) out.push_back(v->cross_border->any_of.values().front());
    for (auto k : v->cross_border->all_of.values()) out.push_back(k);
    return out;
  }

  // Files the evidence `id` needs, valid for `days` from now; approves it when `approve`.
  void FileFor(const ContractId& id, int row, int days, bool approve = true) {
    for (EvidenceKind kind : Required(id)) {
      EvidenceFiling f;
      f.kind = kind;
      f.reference = "REF-" + std::to_string(++filings_);
      f.authority = "CAC";
      f.scope.destinations = {"SG"};
      f.scope.sectors = {static_cast<domain::Sector>(row - 6)};
      f.valid_from = clock_.Now() - absl::Hours(1);
      f.valid_until = clock_.Now() + absl::Hours(24) * days;
      f.document_name = "approval.pdf";
      f.document = "%PDF-1.4 approval " + f.reference;
      auto e = evidence_->File(seller_, f);
      ASSERT_TRUE(e.ok()) << e.status().ToString();
      if (approve) ASSERT_TRUE(evidence_->Decide(operator_, e->id, true, "verified").ok());
    }
  }

  static void ExpectRefused(const Status& st) {
    EXPECT_EQ(errors::KindOf(st), errors::kEvidenceRequired) << st.ToString();
    EXPECT_EQ(st.code(), StatusCode::kFailedPrecondition);
  }

  TradeStatus StatusOf(const ContractId& id) {
    return trades_->GetContract(operator_, id)->contract.trade_status;
  }
  int64_t Available(const OrganizationId& org) {
    int64_t out = 0;
    EXPECT_TRUE(store_
                    ->Read([&](store::Transaction& tx) -> Status {
                      out = *tx.ledger().Balance(domain::AvailableAccount(org, "CNY"));
                      return OkStatus();
                    })
                    .ok());
    return out;
  }

  // Delivers `id` under evidence valid for `days`, then lets that evidence expire.
  void DeliveredThenExpired(const ContractId& id, int row, int days) {
    FileFor(id, row, days);
    ASSERT_TRUE(trades_->ActOnTrade(seller_, id, TradeAction::kDeliver, "").ok());
    clock_.Advance(absl::Hours(24) * days + absl::Hours(1));
  }

  std::unique_ptr<TradeService> trades_;
  std::unique_ptr<EvidenceService> evidence_;
  int bank_ref_ = 0, filings_ = 0;
};

class CirculationGateTest : public GateTest, public ::testing::WithParamInterface<int> {
 protected:
  int row() const { return GetParam(); }
};

TEST_P(CirculationGateTest, TheRowIsDecidedOnTheVerifiedFacts) {
  const ContractId id = Contract(ListedForRow(row()));
  auto v = trades_->GetContract(buyer_, id);
  EXPECT_EQ(v->cross_border->row, row());
  EXPECT_FALSE(v->missing_evidence.empty());
}

TEST_P(CirculationGateTest, Download) {
  const ContractId id = Contract(ListedForRow(row()));
  ExpectRefused(trades_->Download(buyer_, id, 0, 0).status());
  FileFor(id, row(), 30, /*approve=*/false);  // Filed is not enough: the operator approves.
  ExpectRefused(trades_->Download(buyer_, id, 0, 0).status());
  EXPECT_EQ(StatusOf(id), TradeStatus::kEscrowed) << "nothing moved";
  FileFor(id, row(), 30);
  ASSERT_TRUE(trades_->Download(buyer_, id, 0, 0).ok());
  EXPECT_EQ(StatusOf(id), TradeStatus::kDelivered);
  EXPECT_TRUE(trades_->GetContract(buyer_, id)->missing_evidence.empty());
  EXPECT_FALSE(trades_->GetContract(buyer_, id)->relied_on.empty());
  clock_.Advance(absl::Hours(24 * 31));
  ExpectRefused(trades_->Download(buyer_, id, 0, 0).status());
}

TEST_P(CirculationGateTest, SellerDelivery) {
  const ContractId id = Contract(ListedForRow(row()));
  ExpectRefused(trades_->ActOnTrade(seller_, id, TradeAction::kDeliver, "").status());
  FileFor(id, row(), 2);
  clock_.Advance(absl::Hours(24 * 3));
  ExpectRefused(trades_->ActOnTrade(seller_, id, TradeAction::kDeliver, "").status());
  EXPECT_EQ(StatusOf(id), TradeStatus::kEscrowed);
  FileFor(id, row(), 30);
  auto v = trades_->ActOnTrade(seller_, id, TradeAction::kDeliver, "");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->contract.trade_status, TradeStatus::kDelivered);
}

TEST_P(CirculationGateTest, AcceptanceCertifiesOnlyUnderValidEvidence) {
  const ContractId id = Contract(ListedForRow(row()));
  DeliveredThenExpired(id, row(), 2);
  const int64_t seller_before = Available(seller_.organization);
  ExpectRefused(trades_->ActOnTrade(buyer_, id, TradeAction::kAccept, "").status());
  EXPECT_EQ(StatusOf(id), TradeStatus::kDelivered);
  EXPECT_TRUE(trades_->GetContract(buyer_, id)->certificates.empty()) << "nothing certified";
  EXPECT_EQ(Available(seller_.organization), seller_before) << "no money moved";
  FileFor(id, row(), 30);
  auto v = trades_->ActOnTrade(buyer_, id, TradeAction::kAccept, "");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->contract.trade_status, TradeStatus::kSettled);
  EXPECT_EQ(v->certificates.size(), 4u);  // Trade and cross-border trade certificates, each side.
}

TEST_P(CirculationGateTest, TheAcceptanceWindowLapsesOnlyUnderValidEvidence) {
  const ContractId id = Contract(ListedForRow(row()));
  DeliveredThenExpired(id, row(), 4);  // The 72-hour window has ended too.
  EXPECT_LE(trades_->GetContract(buyer_, id)->contract.acceptance_due, clock_.Now());
  EXPECT_EQ(*trades_->Sweep(), 0);
  EXPECT_EQ(StatusOf(id), TradeStatus::kDelivered);
  FileFor(id, row(), 30);
  EXPECT_EQ(*trades_->Sweep(), 1);
  EXPECT_EQ(StatusOf(id), TradeStatus::kSettled);
}

TEST_P(CirculationGateTest, TheOperatorReleasesDisputedEscrowOnlyUnderValidEvidence) {
  const ContractId id = Contract(ListedForRow(row()));
  FileFor(id, row(), 2);
  ASSERT_TRUE(trades_->ActOnTrade(seller_, id, TradeAction::kDeliver, "").ok());
  ASSERT_TRUE(trades_->ActOnTrade(buyer_, id, TradeAction::kReject, "incomplete").ok());
  clock_.Advance(absl::Hours(24 * 3));
  ExpectRefused(
      trades_->ActOnTrade(operator_, id, TradeAction::kResolveRelease, "delivered").status());
  EXPECT_EQ(StatusOf(id), TradeStatus::kDisputed);
  FileFor(id, row(), 30);
  ASSERT_TRUE(trades_->ActOnTrade(operator_, id, TradeAction::kResolveRelease, "delivered").ok());
  EXPECT_EQ(StatusOf(id), TradeStatus::kSettled);
}

TEST_P(CirculationGateTest, ASubscriptionRenewsOnlyUnderValidEvidence) {
  const ContractId id = Contract(ListedForRow(row(), domain::PriceModel::kSubscription), 30);
  FileFor(id, row(), 45);
  ASSERT_TRUE(trades_->ActOnTrade(seller_, id, TradeAction::kDeliver, "").ok());
  ASSERT_TRUE(trades_->ActOnTrade(buyer_, id, TradeAction::kAccept, "").ok());
  clock_.Advance(absl::Hours(24 * 30));
  ASSERT_GE(*trades_->Sweep(), 1);
  auto c = trades_->GetContract(buyer_, id)->contract;
  EXPECT_EQ(c.renewals, 1) << "renewed under valid evidence";
  const int64_t buyer_before = Available(buyer_.organization);
  clock_.Advance(absl::Hours(24 * 30));  // The evidence ended on day 45.
  ASSERT_GE(*trades_->Sweep(), 1);
  c = trades_->GetContract(buyer_, id)->contract;
  EXPECT_EQ(c.renewals, 1) << "not renewed once the evidence expired";
  EXPECT_FALSE(c.renews);
  EXPECT_NE(c.status_reason.find("row " + std::to_string(row())), std::string::npos)
      << c.status_reason;
  EXPECT_EQ(Available(buyer_.organization), buyer_before) << "the buyer paid nothing more";
}

INSTANTIATE_TEST_SUITE_P(EvidenceRows, CirculationGateTest, ::testing::Values(7, 8, 9, 10),
                         [](const auto& info) { return "Row" + std::to_string(info.param); });

// The exemption facts are the exporter's, as the operator verified them.
using CrossBorderFactsTest = GateTest;

TEST_F(CrossBorderFactsTest, AFreeTradeZoneExporterIsExemptOnlyOnceTheOperatorSaysSo) {
  const ProductId product =
      ListedWith(WithPersonalInformation(testing_fixture::Description(), 150'000));
  const ContractId before = Contract(product);
  EXPECT_EQ(trades_->GetContract(buyer_, before)->cross_border->row, 10);
  // Only the operator records the facts; the exporter cannot.
  domain::ExporterFacts ftz;
  ftz.in_ftz = true;
  ftz.ftz = "shanghai-lingang";
  EXPECT_EQ(
      errors::KindOf(evidence_->SetProfile(seller_, seller_.organization, ftz, "mine").status()),
      errors::kForbidden);
  EXPECT_EQ(errors::FieldOf(
                evidence_->SetProfile(operator_, seller_.organization, domain::ExporterFacts{}, "")
                    .status()),
            "reason");
  domain::ExporterFacts nameless = ftz;
  nameless.ftz.clear();
  EXPECT_EQ(errors::FieldOf(
                evidence_->SetProfile(operator_, seller_.organization, nameless, "x").status()),
            "ftz");
  EXPECT_FALSE(evidence_->Profile(seller_, seller_.organization)->decided_by.has_value());
  auto decided = evidence_->SetProfile(operator_, seller_.organization, ftz, "licence checked");
  ASSERT_TRUE(decided.ok()) << decided.status().ToString();
  EXPECT_TRUE(evidence_->Profile(seller_, seller_.organization)->facts.in_ftz);
  EXPECT_EQ(evidence_->Profile(buyer_, seller_.organization).status().code(),
            StatusCode::kNotFound);
  const ContractId after = Contract(product);
  auto v = trades_->GetContract(buyer_, after);
  EXPECT_EQ(v->cross_border->row, 1);
  EXPECT_EQ(v->cross_border->route, domain::CrossBorderRoute::kExempt);
  // Exempt from the three mechanisms; the PIPL 55 impact assessment still applies.
  EXPECT_EQ(v->missing_evidence, std::vector<EvidenceKind>{EvidenceKind::kPipia});
  FileFor(after, 7, 30);  // Evidence for the energy sector, the product's.
  EXPECT_TRUE(trades_->Download(buyer_, after, 0, 0).ok());
  // The contract signed before keeps the route it was signed on.
  ExpectRefused(trades_->Download(buyer_, before, 0, 0).status());
}

TEST_F(CrossBorderFactsTest, YearlyCountersAccumulateAcrossTradesAtBothBoundaries) {
  auto listed = [&](int64_t individuals) {
    return ListedWith(WithPersonalInformation(testing_fixture::Description(), individuals));
  };
  const ProductId sixty = listed(60'000), almost = listed(39'999), one = listed(1);
  EXPECT_EQ(trades_->GetContract(buyer_, Contract(sixty))->cross_border->row, 11);
  // 99,999 individuals this year: still under the 100,000 of the standard-contract row.
  const ContractId under = Contract(almost);
  EXPECT_EQ(trades_->GetContract(buyer_, under)->cross_border->row, 11);
  EXPECT_EQ(trades_->GetContract(buyer_, under)->cross_border->individuals, 39'999);
  // One more individual reaches it.
  EXPECT_EQ(trades_->GetContract(buyer_, Contract(one))->cross_border->row, 10);
  // And the security-assessment threshold, 1,000,000, likewise: 999,999 stays on row 10.
  const ProductId big = listed(899'999);
  EXPECT_EQ(trades_->GetContract(buyer_, Contract(big))->cross_border->row, 10);
  EXPECT_EQ(trades_->GetContract(buyer_, Contract(one))->cross_border->row, 9);
  // The count starts again on 1 January (China Standard Time).
  const absl::CivilSecond next_year(
      absl::ToCivilYear(clock_.Now(), absl::FixedTimeZone(8 * 3600)).year() + 1, 1, 1, 0, 0, 1);
  clock_.Advance(absl::FromCivil(next_year, absl::FixedTimeZone(8 * 3600)) - clock_.Now());
  EXPECT_EQ(trades_->GetContract(buyer_, Contract(one))->cross_border->row, 11);
}

TEST_F(CrossBorderFactsTest, EvidenceIsTheExportersAndTheOperatorReviewsIt) {
  EvidenceFiling f;
  f.kind = EvidenceKind::kStandardContractFiling;
  f.reference = "粤网信备 2026-118";
  f.authority = "Guangdong CAC";
  f.scope.destinations = {"sg"};
  f.scope.sectors = {domain::Sector::kEnergy};
  f.valid_from = clock_.Now() - absl::Hours(24);
  f.valid_until = clock_.Now() + absl::Hours(24 * 40);
  f.document_name = "filing.pdf";
  f.document = "%PDF-1.4 filing";
  // Bad filings change nothing and name the field.
  EvidenceFiling past = f;
  past.valid_until = clock_.Now() - absl::Hours(1);
  EXPECT_EQ(errors::FieldOf(evidence_->File(seller_, past).status()), "valid_until");
  EvidenceFiling empty = f;
  empty.document.clear();
  EXPECT_EQ(errors::FieldOf(evidence_->File(seller_, empty).status()), "document");
  EXPECT_EQ(errors::KindOf(evidence_->File(buyer_, f).status()), errors::kForbidden);
  EXPECT_EQ(errors::KindOf(evidence_->File(operator_, f).status()), errors::kForbidden);
  EXPECT_TRUE(evidence_->List(operator_, {})->empty());

  auto e = evidence_->File(seller_, f);
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ(e->status, domain::EvidenceStatus::kFiled);
  EXPECT_EQ(e->scope.destinations, std::vector<std::string>{"SG"});
  EXPECT_EQ(e->document_bytes, 15);
  auto doc = evidence_->Document(seller_, e->id);
  ASSERT_TRUE(doc.ok());
  ASSERT_NE(doc->source, nullptr);
  EXPECT_EQ(doc->source->size(), 15);
  // Others see nothing of it; the regulator reads it; only the operator decides.
  EXPECT_EQ(evidence_->Get(buyer_, e->id).status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(evidence_->List(buyer_, {})->empty());
  EXPECT_EQ(evidence_->List(seller_, {})->size(), 1u);
  EXPECT_EQ(errors::KindOf(evidence_->Decide(seller_, e->id, true, "self").status()),
            errors::kForbidden);
  EXPECT_EQ(errors::FieldOf(evidence_->Decide(operator_, e->id, true, "").status()), "reason");
  auto approved = evidence_->Decide(operator_, e->id, true, "checked with the CAC register");
  ASSERT_TRUE(approved.ok());
  EXPECT_EQ(approved->status, domain::EvidenceStatus::kApproved);
  EXPECT_EQ(errors::KindOf(evidence_->Decide(operator_, e->id, false, "again").status()),
            errors::kIllegalTransition);
  store::EvidenceFilter queue;
  queue.status = domain::EvidenceStatus::kFiled;
  EXPECT_TRUE(evidence_->List(operator_, queue)->empty());

  // Thirty days before it expires, the exporter is told, once.
  EXPECT_EQ(*evidence_->Sweep(), 0);
  clock_.Advance(absl::Hours(24 * 11));
  EXPECT_EQ(*evidence_->Sweep(), 1);
  EXPECT_EQ(*evidence_->Sweep(), 0);
  int told = 0;
  ASSERT_TRUE(store_
                  ->Read([&](store::Transaction& tx) -> Status {
                    auto list = tx.notifications().ListFor(seller_.organization, 0, 100);
                    for (const auto& n : *list) told += n.kind == "evidence.expiring";
                    return OkStatus();
                  })
                  .ok());
  EXPECT_EQ(told, 1);
}

}  // namespace
}  // namespace bourse::service
