// The trading part of the demo: about 400 trades worth about ¥1.08 billion (US$150 million, the
// Shenzhen exchange's trial-period figures), spread over the weeks before the market opens and
// made through the trade use cases exactly as participants would — deposits against bank
// references, declarations, negotiations (some with counter-offers), signed contracts, downloads,
// acceptance or a lapsed window, a few disputes, cancellations and cross-border trades.
#include <algorithm>
#include <cmath>
#include <map>

#include "app/demo.h"
#include "base/errors.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "scan/synthetic.h"

namespace bourse::app {
namespace {

using domain::NegotiationAction;
using domain::TradeAction;
using NA = NegotiationAction;

constexpr int kTrades = 400;
constexpr int kDemands = 24;
// ¥1.08 billion over 400 trades: about ¥2.7 million each, log-normally spread.
constexpr double kMedianYuan = 1'720'000;

const char* const kPurposes[] = {
    "Credit scoring of small and medium enterprises",
    "Fraud detection on loan applications",
    "Site selection for new branches",
    "Supply-chain risk monitoring",
    "Urban traffic planning",
    "Insurance underwriting models",
};
const char* const kForeign[] = {"SG", "HK", "DE", "AE"};

// A standard normal deviate (Box–Muller).
double Gaussian(scan::Synthetic& r) {
  constexpr double kScale = 1.0 / (uint64_t{1} << 30);
  const double u1 = (static_cast<double>(r.Uniform(uint64_t{1} << 30)) + 0.5) * kScale;
  const double u2 = (static_cast<double>(r.Uniform(uint64_t{1} << 30)) + 0.5) * kScale;
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

// Who issues each kind of evidence.
const char* AuthorityOf(domain::EvidenceKind k) {
  switch (k) {
    case domain::EvidenceKind::kSecurityAssessment:
      return "Cyberspace Administration of China (国家互联网信息办公室)";
    case domain::EvidenceKind::kStandardContractFiling:
      return "Guangdong Provincial Cyberspace Administration (广东省互联网信息办公室)";
    case domain::EvidenceKind::kCertification:
      return "China Cybersecurity Review, Certification and Market Regulation Technology Center";
    case domain::EvidenceKind::kConsent:
      return "The exporter's consent records (PIPL Art. 39)";
    case domain::EvidenceKind::kPipia:
      return "The exporter's personal-information protection impact assessment (PIPL Art. 55)";
  }
  return "";
}

// The exporter files one piece of evidence for each kind still missing (one of the
// alternatives only), scoped to the case's destination and the data's sector; the operator
// approves it when `approve`.
Status FileEvidence(Exchange& ex, const domain::Principal& op, const domain::Principal& exporter,
                    const store::CrossBorderCase& k, domain::Sector sector,
                    const std::vector<domain::EvidenceKind>& missing, absl::Time now, int serial,
                    bool approve) {
  bool alternative_filed = false;
  for (domain::EvidenceKind kind : missing) {
    if (k.any_of.Has(kind)) {
      if (alternative_filed) continue;
      alternative_filed = true;
    }
    service::EvidenceFiling f;
    f.kind = kind;
    f.reference = StrCat("CBDT-", 2026, "-", 10000 + serial, "-", static_cast<int>(kind));
    f.authority = AuthorityOf(kind);
    f.scope.destinations = {k.destination};
    f.scope.sectors = {sector};
    f.valid_from = now - absl::Hours(24 * 30);
    f.valid_until = now + absl::Hours(24 * 365 * 2);
    f.document_name = StrCat(domain::Name(kind), "-", 10000 + serial, ".txt");
    f.document =
        StrCat(domain::Name(kind), " ", f.reference, "\nIssued by ", f.authority, "\nExporter ",
               exporter.organization.value(), "\nDestination ", k.destination, "\n");
    BOURSE_ASSIGN_OR_RETURN(domain::Evidence e, ex.evidence().File(exporter, f));
    if (approve)
      BOURSE_RETURN_IF_ERROR(
          ex.evidence()
              .Decide(op, e.id, true, "Checked against the issuing authority's public register")
              .status());
  }
  return OkStatus();
}

}  // namespace

StatusOr<int> BuildDemoTrades(Exchange& ex, const domain::Principal& op,
                              const std::vector<domain::Principal>& buyers,
                              const std::vector<domain::Principal>& sellers, FakeClock* clock,
                              absl::Time until, uint64_t seed,
                              const std::function<void(int, int)>& progress) {
  scan::Synthetic r(seed ^ 0x7a4de);
  // Every listed product that can be delivered, with its seller's principal.
  std::map<std::string, const domain::Principal*> seller_of;
  for (const auto& s : sellers) seller_of[s.organization.value()] = &s;
  std::vector<service::ProductView> listed;
  service::CatalogQuery q;
  q.sort = service::CatalogQuery::Sort::kNewest;
  q.limit = 100;
  for (;;) {
    BOURSE_ASSIGN_OR_RETURN(auto page, ex.products().Search(q));
    for (const auto& p : page.items) {
      if (!seller_of.count(p.seller_id.value())) continue;
      BOURSE_ASSIGN_OR_RETURN(auto view, ex.products().Get(op, p.id));
      listed.push_back(std::move(view));
    }
    q.offset += static_cast<int>(page.items.size());
    if (page.items.empty() || q.offset >= page.total) break;
  }
  if (listed.empty() || buyers.empty()) return 0;
  const absl::Duration step =
      clock && until > clock->Now() ? (until - clock->Now()) / kTrades : absl::ZeroDuration();
  auto& trades = ex.trades();
  // Exporters' facts as the operator verified them: a merchant registered in Shanghai's
  // Lingang free trade zone, and one that operates critical information infrastructure.
  for (size_t i = 0; i < sellers.size() && i < 2; ++i) {
    domain::ExporterFacts facts;
    if (i == 0) {
      facts.in_ftz = true;
      facts.ftz = "shanghai-lingang";
    } else {
      facts.ciio = true;
    }
    BOURSE_RETURN_IF_ERROR(ex.evidence()
                               .SetProfile(op, sellers[i].organization, facts,
                                           i == 0 ? "Business licence registered in the Lingang "
                                                    "Special Area; data not on its negative list"
                                                  : "Designated CIIO by the sector regulator")
                               .status());
  }
  int made = 0;
  for (int i = 0; i < kTrades; ++i) {
    if (clock) clock->Advance(step);
    const service::ProductView& view = listed[r.Uniform(listed.size())];
    const domain::Product& p = view.product;
    const domain::Principal& seller = *seller_of[p.seller_id.value()];
    const domain::Principal& buyer = buyers[r.Uniform(buyers.size())];
    const auto& d = p.description;
    domain::OfferTerms terms;
    terms.model = d.price.model;
    terms.amount.currency = d.price.amount.currency;
    terms.delivery_mode = d.delivery_modes.Has(domain::DeliveryMode::kFile)
                              ? domain::DeliveryMode::kFile
                              : d.delivery_modes.values().front();
    const double yuan = kMedianYuan * std::exp(Gaussian(r));
    terms.amount.minor =
        std::clamp<int64_t>(static_cast<int64_t>(yuan) * 100, 50'000, 3'000'000'000);
    domain::Declaration decl;
    decl.purpose = kPurposes[r.Uniform(std::size(kPurposes))];
    decl.scenario = d.scenarios.front();
    decl.manner_of_use = "Used inside the buyer's own systems; no onward transfer";
    decl.region = StrCat("CN-", 11 + r.Uniform(55));
    if (i % 37 == 5) decl.region = kForeign[r.Uniform(std::size(kForeign))];
    decl.duration_days = 365;
    // The bank transfer first.
    BOURSE_RETURN_IF_ERROR(trades
                               .Deposit(op, buyer.organization, {terms.amount.minor, "CNY"},
                                        StrCat("CNAPS-2026-", 100000 + i))
                               .status());
    auto n = trades.Request(buyer, p.id, decl, terms, "");
    if (!n.ok()) {
      // A buyer may not trade a product whose rules refuse it (a prohibited route, say).
      if (errors::KindOf(n.status()) == errors::kRuleViolation) continue;
      return n.status();
    }
    if (i % 5 == 0) {  // A haggle: the seller asks more, the buyer meets it halfway.
      domain::OfferTerms offer = terms;
      offer.amount.minor = terms.amount.minor * 12 / 10;
      BOURSE_RETURN_IF_ERROR(trades.Negotiate(seller, n->id, NA::kOffer, offer, "").status());
      offer.amount.minor = terms.amount.minor * 11 / 10;
      BOURSE_RETURN_IF_ERROR(
          trades.Negotiate(buyer, n->id, NA::kRequest, offer, "Our budget stops here").status());
      BOURSE_RETURN_IF_ERROR(trades
                                 .Deposit(op, buyer.organization,
                                          {offer.amount.minor - terms.amount.minor, "CNY"},
                                          StrCat("CNAPS-2026-T", 100000 + i))
                                 .status());
    }
    if (i % 41 == 7) {  // Some negotiations end without a deal.
      BOURSE_RETURN_IF_ERROR(
          trades.Negotiate(seller, n->id, NA::kTerminate, std::nullopt, "Terms not acceptable")
              .status());
      continue;
    }
    BOURSE_RETURN_IF_ERROR(trades.Negotiate(seller, n->id, NA::kAgree, std::nullopt, "").status());
    BOURSE_RETURN_IF_ERROR(trades.Negotiate(buyer, n->id, NA::kVerify, std::nullopt, "").status());
    BOURSE_ASSIGN_OR_RETURN(auto signed_n,
                            trades.Negotiate(seller, n->id, NA::kFinalize, std::nullopt, ""));
    const ContractId contract = *signed_n.contract_id;
    ++made;
    if (progress) progress(i + 1, kTrades);
    // Cross-border: the exporter files what the route needs and the operator approves it;
    // its later contracts to the same destination and sector reuse that evidence.
    BOURSE_ASSIGN_OR_RETURN(auto cv, trades.GetContract(seller, contract));
    if (!cv.missing_evidence.empty()) {
      const absl::Time now = clock ? clock->Now() : absl::Now();
      BOURSE_RETURN_IF_ERROR(FileEvidence(ex, op, seller, *cv.cross_border, d.sector,
                                          cv.missing_evidence, now, i, true));
    }
    if (i >= kTrades - 12) continue;  // The newest stay paid into escrow, awaiting delivery.
    if (i % 53 == 11) {
      BOURSE_RETURN_IF_ERROR(
          trades.ActOnTrade(buyer, contract, TradeAction::kCancel, "Project cancelled").status());
      continue;
    }
    if (terms.delivery_mode == domain::DeliveryMode::kFile && view.product.dataset) {
      BOURSE_RETURN_IF_ERROR(trades.Download(buyer, contract, 0, 0).status());
    } else {
      BOURSE_RETURN_IF_ERROR(
          trades.ActOnTrade(seller, contract, TradeAction::kDeliver, "").status());
    }
    if (i % 29 == 3) {
      BOURSE_RETURN_IF_ERROR(trades
                                 .ActOnTrade(buyer, contract, TradeAction::kReject,
                                             "Months 2025-07 to 2025-09 are missing")
                                 .status());
      if (i % 58 == 3)  // Half the disputes are ruled on; the rest wait for the operator.
        BOURSE_RETURN_IF_ERROR(trades
                                   .ActOnTrade(op, contract, TradeAction::kResolveRelease,
                                               "The missing months were delivered")
                                   .status());
      continue;
    }
    if (i % 3 != 0)  // Most buyers accept; the others let the window lapse.
      BOURSE_RETURN_IF_ERROR(trades.ActOnTrade(buyer, contract, TradeAction::kAccept, "").status());
    BOURSE_RETURN_IF_ERROR(ex.Sweep());
  }
  // The operator's review queue as the market opens: two filings waiting, and one approved
  // consent record that expires within the notice period (its exporter has been told).
  if (sellers.size() >= 4) {
    const absl::Time now = clock ? clock->Now() : absl::Now();
    store::CrossBorderCase sg;
    sg.destination = "SG";
    BOURSE_RETURN_IF_ERROR(
        FileEvidence(ex, op, sellers[2], sg, domain::Sector::kFinance,
                     {domain::EvidenceKind::kStandardContractFiling, domain::EvidenceKind::kPipia},
                     now, 90001, false));
    service::EvidenceFiling f;
    f.kind = domain::EvidenceKind::kConsent;
    f.reference = "CONSENT-2025-0420";
    f.authority = AuthorityOf(f.kind);
    f.scope.destinations = {"DE"};
    f.scope.sectors = {domain::Sector::kRetail};
    f.valid_from = now - absl::Hours(24 * 340);
    f.valid_until = now + absl::Hours(24 * 20);
    f.document_name = "consent-records-2025.txt";
    f.document = "Separate consent records for transfers to Germany, 2025\n";
    BOURSE_ASSIGN_OR_RETURN(domain::Evidence e, ex.evidence().File(sellers[3], f));
    BOURSE_RETURN_IF_ERROR(ex.evidence()
                               .Decide(op, e.id, true, "Sampled 50 records; consent text compliant")
                               .status());
  }
  // The board as the market opens: demands from buyers, some already answered with offers.
  for (int i = 0; i < kDemands; ++i) {
    const service::ProductView& view = listed[r.Uniform(listed.size())];
    const auto& d = view.product.description;
    const domain::Principal& buyer = buyers[r.Uniform(buyers.size())];
    domain::Demand demand;
    demand.title = StrCat("Looking for ", d.title.substr(d.title.find(" · ") + 4));
    demand.description = StrCat(d.description, " Needed for ", kPurposes[i % std::size(kPurposes)],
                                "; at least two years of history.");
    for (const auto& f : d.fields) demand.fields.push_back(f.name);
    demand.coverage = d.temporal_coverage;
    demand.purpose = kPurposes[i % std::size(kPurposes)];
    demand.scenario = d.scenarios.front();
    demand.region = StrCat("CN-", 11 + r.Uniform(55));
    demand.sector = d.sector;
    demand.budget = {d.price.amount.minor + static_cast<int64_t>(r.Uniform(5)) * 100'000,
                     d.price.amount.currency};
    demand.deadline = (clock ? clock->Now() : absl::Now()) + absl::Hours(24 * (20 + i));
    auto posted = ex.board().Post(buyer, demand);
    if (!posted.ok()) return posted.status();
    if (i % 2 == 0 || posted->matches.empty()) continue;
    // The seller of the best match answers at 95 % of its list price.
    const auto& best = posted->matches.front();
    auto seller = seller_of.find(best.seller_id.value());
    if (seller == seller_of.end()) continue;
    BOURSE_ASSIGN_OR_RETURN(auto product, ex.products().Get(op, best.product_id));
    const auto& pd = product.product.description;
    domain::OfferTerms terms;
    terms.model = pd.price.model;
    terms.amount = {pd.price.amount.minor * 95 / 100, pd.price.amount.currency};
    terms.delivery_mode = pd.delivery_modes.values().front();
    BOURSE_RETURN_IF_ERROR(ex.board()
                               .Offer(*seller->second, posted->demand.id, best.product_id, terms,
                                      "Matches your fields; sample on request")
                               .status());
  }
  return made;
}

}  // namespace bourse::app
