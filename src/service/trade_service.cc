#include "service/trade_service.h"

#include <algorithm>
#include <boost/json.hpp>
#include <filesystem>
#include <functional>

#include "base/errors.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "base/time_format.h"
#include "service/circulation_gate.h"
#include "service/contract_document.h"
#include "service/notifier.h"

namespace bourse::service {
namespace {

using domain::NegotiationAction;
using domain::NegotiationState;
using domain::TradeAction;
using domain::TradeStatus;
using NA = NegotiationAction;
using TA = TradeAction;
using TS = TradeStatus;

constexpr size_t kMaxMessage = 2000;

bool IsParty(const domain::Principal& caller, const OrganizationId& buyer,
             const OrganizationId& seller) {
  return caller.Owns(buyer) || caller.Owns(seller);
}

// The exporter's calendar year in China Standard Time (the counting window starts 1 January).
int YearOf(absl::Time t) {
  return static_cast<int>(absl::ToCivilYear(t, absl::FixedTimeZone(8 * 3600)).year());
}

// The records in a dataset, from its scan report (0 for files the scan only counted).
int64_t RowsOf(const domain::Dataset& d) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(d.report_json, ec);
  if (ec || !v.is_object()) return 0;
  const auto* r = v.as_object().if_contains("rows");
  return r && r->is_int64() ? r->as_int64() : 0;
}

// Individuals in a dataset, from its scan: every row counts as one person when the scan found
// personal information (the stricter reading, as §6.2 asks).
std::pair<int64_t, int64_t> IndividualsOf(const domain::Dataset& d) {
  if (!d.personal_information && !d.sensitive_personal_information) return {0, 0};
  const int64_t rows = RowsOf(d);
  return {rows, d.sensitive_personal_information ? rows : 0};
}

// Evidence ids for a log entry.
boost::json::array IdArray(const std::vector<EvidenceId>& ids) {
  boost::json::array out;
  for (const auto& id : ids) out.emplace_back(id.value());
  return out;
}

using Route = std::optional<std::pair<domain::CrossBorderRoute, int>>;

// Calls `issue` for each certificate that settling `c` gives, in issuing order: each party its
// trade certificate and, for an outbound trade, its cross-border trade certificate too.
Status ForEachSettlementCertificate(
    store::Transaction& tx, const domain::Contract& c,
    const std::function<Status(const domain::Product&, const domain::Organization&,
                               const char* role, const Route& route)>& issue) {
  BOURSE_ASSIGN_OR_RETURN(domain::Product p, tx.products().Get(c.product_id));
  Route route;
  if (c.cross_border) {
    BOURSE_ASSIGN_OR_RETURN(store::CrossBorderCase k, tx.cross_border().Get(c.id));
    route = std::make_pair(k.route, k.row);
  }
  for (const auto& [party, role] : {std::pair{c.buyer_id, "buyer"}, {c.seller_id, "seller"}}) {
    BOURSE_ASSIGN_OR_RETURN(domain::Organization org, tx.organizations().Get(party));
    BOURSE_RETURN_IF_ERROR(issue(p, org, role, std::nullopt));
    if (route) BOURSE_RETURN_IF_ERROR(issue(p, org, role, route));
  }
  return OkStatus();
}

}  // namespace

StatusOr<domain::JournalEntry> TradeService::Post(store::Transaction& tx, domain::JournalKind kind,
                                                  std::string reference,
                                                  std::optional<OrganizationId> organization,
                                                  std::optional<ContractId> contract,
                                                  std::vector<domain::Posting> postings) {
  domain::JournalEntry e;
  e.id = JournalId(NewId("jnl", clock_.Now(), random_));
  e.kind = kind;
  e.reference = std::move(reference);
  e.organization = std::move(organization);
  e.contract = std::move(contract);
  e.postings = std::move(postings);
  e.at = clock_.Now();
  BOURSE_RETURN_IF_ERROR(tx.ledger().Apply(&e));
  log::Event entry;
  entry.type = "ledger.posted";
  entry.time = e.at;
  entry.subjects = {{"journal", e.id.value()}};
  if (e.contract) entry.subjects["contract"] = e.contract->value();
  if (e.organization) entry.subjects["organization"] = e.organization->value();
  boost::json::array lines;
  for (const auto& p : e.postings)
    lines.push_back(boost::json::object{{"account", p.account.Key()}, {"amount", p.amount}});
  entry.fields = {{"kind", domain::Name(kind)}, {"postings", std::move(lines)}};
  entry.Document("reference", e.reference);
  BOURSE_RETURN_IF_ERROR(log_.Append(tx, entry).status());
  return e;
}

StatusOr<domain::CrossBorderFacts> TradeService::FactsFor(store::Transaction& tx,
                                                          const domain::Revision& rev,
                                                          const OrganizationId& exporter,
                                                          int year) {
  domain::CrossBorderFacts f;
  const auto& d = rev.description;
  f.core_data = d.classification == domain::DataClassification::kCore;
  f.important_data = d.classification == domain::DataClassification::kImportant;
  f.personal_information = d.personal_information && !d.anonymised;
  f.sensitive_personal_information = d.sensitive_personal_information && !d.anonymised;
  f.consent_legal_basis = d.legal_basis == domain::LegalBasis::kConsent;
  // The exporter's facts are those the operator verified; none when it never decided any. A
  // self-declared CIIO status can only make the route stricter, so it counts as declared.
  BOURSE_ASSIGN_OR_RETURN(domain::Organization org, tx.organizations().Get(exporter));
  domain::ExporterFacts facts;
  auto profile = tx.compliance().GetProfile(exporter);
  if (profile.ok()) facts = profile->facts;
  if (!profile.ok() && profile.status().code() != StatusCode::kNotFound) return profile.status();
  f.exporter_in_ftz = facts.in_ftz;
  f.on_ftz_negative_list = facts.on_ftz_negative_list;
  f.trade_context = facts.trade_context;
  f.collected_abroad = facts.collected_abroad;
  f.necessary_for_contract = facts.necessary_for_contract;
  f.employee_hr = facts.employee_hr;
  f.emergency = facts.emergency;
  f.exporter_ciio = facts.ciio || org.profile.ciio;
  int64_t individuals = 0, sensitive = 0;
  if (f.personal_information || f.sensitive_personal_information) {
    if (rev.dataset_id) {
      BOURSE_ASSIGN_OR_RETURN(domain::Dataset ds, tx.products().GetDataset(*rev.dataset_id));
      std::tie(individuals, sensitive) = IndividualsOf(ds);
    }
    // The seller's declared volume counts where it is larger than what the scan saw.
    individuals = std::max(individuals, d.declared_individuals);
    if (f.sensitive_personal_information)
      sensitive = std::max({sensitive, individuals, int64_t{1}});
    individuals = std::max<int64_t>(individuals, 1);
  }
  BOURSE_ASSIGN_OR_RETURN(auto exported, tx.cross_border().Exported(exporter, year));
  f.individuals_this_year = exported.first + individuals;
  f.sensitive_individuals_this_year = exported.second + sensitive;
  return f;
}

StatusOr<domain::Negotiation> TradeService::Request(
    const domain::Principal& caller, const ProductId& product_id,
    const domain::Declaration& declaration, const std::optional<domain::OfferTerms>& terms,
    const std::string& message, bool instant, const std::optional<OrganizationId>& for_buyer) {
  domain::Negotiation out;
  BOURSE_RETURN_IF_ERROR(store_.Write([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(
        out, RequestIn(tx, caller, product_id, declaration, terms, message, instant, for_buyer));
    return OkStatus();
  }));
  return out;
}

StatusOr<domain::Negotiation> TradeService::RequestIn(
    store::Transaction& tx, const domain::Principal& caller, const ProductId& product_id,
    const domain::Declaration& declaration, const std::optional<domain::OfferTerms>& terms,
    const std::string& message, bool instant, const std::optional<OrganizationId>& for_buyer) {
  if (caller.IsRegulator() || caller.IsOperator())
    return errors::Forbidden("the operator and the regulator never trade in the market");
  if (caller.status != domain::AdmissionStatus::kApproved)
    return errors::Forbidden("only admitted participants trade");
  if (!caller.roles.Has(domain::Role::kBuyer) && !caller.roles.Has(domain::Role::kDataMerchant))
    return errors::Forbidden("buying needs the buyer or data merchant role");
  BOURSE_RETURN_IF_ERROR(domain::ValidateDeclaration(declaration));
  if (terms) BOURSE_RETURN_IF_ERROR(domain::ValidateTerms(*terms));
  if (terms) BOURSE_RETURN_IF_ERROR(domain::CheckTermsWithin(*terms, options_.money));
  if (message.size() > kMaxMessage)
    return errors::InvalidField("message", "at most 2000 characters");
  BOURSE_ASSIGN_OR_RETURN(domain::Product p, tx.products().Get(product_id));
  if (p.status != domain::ProductStatus::kListed || !p.listed_revision)
    return caller.Owns(p.seller_id) ? errors::RuleViolation("the product is not listed")
                                    : errors::NotFound("product");
  if (caller.Owns(p.seller_id)) return errors::Forbidden("a seller cannot buy its own product");
  std::optional<OrganizationId> agent;
  OrganizationId buyer = caller.organization;
  if (for_buyer && !caller.Owns(*for_buyer)) {
    BOURSE_ASSIGN_OR_RETURN(const bool mandated,
                            ActsForBuyer(tx, caller, *for_buyer, caller.organization));
    if (!mandated)
      return errors::Forbidden("buying for another organisation needs its active mandate");
    BOURSE_ASSIGN_OR_RETURN(domain::Organization principal, tx.organizations().Get(*for_buyer));
    if (!principal.IsApproved())
      return errors::RuleViolation("the buyer is not admitted", "buyer_id");
    if (principal.id == p.seller_id)
      return errors::Forbidden("a seller cannot buy its own product");
    buyer = *for_buyer;
    agent = caller.organization;
  }
  BOURSE_ASSIGN_OR_RETURN(domain::Revision rev,
                          tx.products().GetRevision(p.id, *p.listed_revision));
  BOURSE_RETURN_IF_ERROR(domain::CheckDeclarationAgainst(declaration, rev.description));
  domain::OfferTerms t;
  if (terms) {
    t = *terms;
  } else {
    t.model = rev.description.price.model;
    t.amount = rev.description.price.amount;
    t.quantity = 1;
    t.delivery_mode = rev.description.delivery_modes.empty()
                          ? domain::DeliveryMode::kFile
                          : rev.description.delivery_modes.values().front();
  }
  BOURSE_RETURN_IF_ERROR(domain::CheckTermsAgainst(t, rev.description));
  domain::Negotiation n;
  n.id = NegotiationId(NewId("neg", clock_.Now(), random_));
  n.product_id = p.id;
  n.revision = rev.number;
  n.buyer_id = buyer;
  n.buyer_agent_id = agent;
  n.seller_id = p.seller_id;
  n.declaration = declaration;
  n.terms = t;
  n.state = NegotiationState::kRequested;
  n.cross_border = domain::IsCrossBorder(declaration);
  n.created_at = n.updated_at = clock_.Now();
  n.rounds.push_back({NA::kRequest, caller.organization, t, message, n.created_at});
  if (n.cross_border) {
    BOURSE_ASSIGN_OR_RETURN(domain::CrossBorderFacts facts,
                            FactsFor(tx, rev, p.seller_id, YearOf(n.created_at)));
    const auto decision = domain::DecideCrossBorder(facts, options_.thresholds);
    if (decision.route == domain::CrossBorderRoute::kProhibited)
      return errors::RuleViolation(
          StrCat("cross-border trade refused (row ", decision.row, "): ", decision.reason),
          "declaration.region");
  }
  BOURSE_RETURN_IF_ERROR(tx.negotiations().Insert(&n));
  log::Event entry;
  entry.type = "negotiation.requested";
  entry.time = n.created_at;
  entry.actor = caller.organization.value();
  entry.subjects = {{"negotiation", n.id.value()},
                    {"product", p.id.value()},
                    {"buyer", n.buyer_id.value()},
                    {"seller", n.seller_id.value()}};
  entry.fields = {{"revision", n.revision},       {"scenario", declaration.scenario},
                  {"region", declaration.region}, {"cross_border", n.cross_border},
                  {"amount", t.amount.minor},     {"currency", t.amount.currency},
                  {"quantity", t.quantity}};
  entry.Document("purpose", declaration.purpose);
  entry.Document("manner_of_use", declaration.manner_of_use);
  BOURSE_RETURN_IF_ERROR(log_.Append(tx, entry).status());
  if (instant) {
    if (t.model != rev.description.price.model || t.amount != rev.description.price.amount)
      return errors::RuleViolation("an instant purchase is at the list price", "terms");
    const absl::Time now = clock_.Now();
    const std::string standing = "the standing offer at the list price";
    n.rounds.push_back({NA::kAgree, n.seller_id, std::nullopt, standing, now});
    n.rounds.push_back({NA::kVerify, n.buyer_id, std::nullopt, "", now});
    n.rounds.push_back({NA::kFinalize, n.seller_id, std::nullopt, standing, now});
    n.state = NegotiationState::kFinalized;
    n.updated_at = now;
    BOURSE_RETURN_IF_ERROR(Sign(tx, n, n.seller_id));
    BOURSE_RETURN_IF_ERROR(tx.negotiations().Update(n));
    log::Event done;
    done.type = "negotiation.transition";
    done.time = now;
    done.actor = n.seller_id.value();
    done.subjects = {{"negotiation", n.id.value()}, {"product", n.product_id.value()}};
    done.fields = {
        {"action", "finalize"}, {"from", "requested"}, {"to", "finalized"}, {"instant", true}};
    BOURSE_RETURN_IF_ERROR(log_.Append(tx, done).status());
  }
  BOURSE_RETURN_IF_ERROR(Notify(
      tx, clock_, n.seller_id, instant ? "contract.signed" : "negotiation.requested",
      instant ? n.contract_id->value() : n.id.value(),
      StrCat(instant ? "Sold at the list price: " : "A buyer asks for ", rev.description.title,
             " (", declaration.scenario, ", ", declaration.region, ")")));
  return n;
}

StatusOr<domain::Negotiation> TradeService::Load(store::Transaction& tx,
                                                 const domain::Principal& caller,
                                                 const NegotiationId& id) {
  auto n = tx.negotiations().Get(id);
  if (!n.ok()) return n.status();
  if (!caller.SeesEverything() && !IsParty(caller, n->buyer_id, n->seller_id) &&
      !(n->buyer_agent_id && caller.Owns(*n->buyer_agent_id))) {
    BOURSE_ASSIGN_OR_RETURN(const bool agent, ActsForSeller(tx, caller, n->seller_id));
    if (!agent) return errors::NotFound("negotiation");
  }
  return n;
}

StatusOr<domain::Negotiation> TradeService::Negotiate(
    const domain::Principal& caller, const NegotiationId& id, NegotiationAction action,
    const std::optional<domain::OfferTerms>& terms, const std::string& message,
    const RecordInTransaction<domain::Negotiation>& record) {
  if (caller.IsRegulator()) return errors::Forbidden("the regulator reads but never writes");
  if (message.size() > kMaxMessage)
    return errors::InvalidField("message", "at most 2000 characters");
  const bool needs_terms = action == NA::kRequest || action == NA::kOffer;
  if (needs_terms && !terms) return errors::MissingField("terms");
  if (!needs_terms && terms)
    return errors::InvalidField("terms", StrCat("'", domain::Name(action), "' takes no terms"));
  if (terms) BOURSE_RETURN_IF_ERROR(domain::ValidateTerms(*terms));
  if (terms) BOURSE_RETURN_IF_ERROR(domain::CheckTermsWithin(*terms, options_.money));
  domain::Negotiation out;
  BOURSE_RETURN_IF_ERROR(store_.Write([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(domain::Negotiation n, Load(tx, caller, id));
    const auto party = domain::PartyOf(action);
    BOURSE_ASSIGN_OR_RETURN(const bool consumer,
                            ActsForBuyer(tx, caller, n.buyer_id, n.buyer_agent_id));
    BOURSE_ASSIGN_OR_RETURN(const bool provider, ActsForSeller(tx, caller, n.seller_id));
    if ((party == domain::NegotiationParty::kConsumer && !consumer) ||
        (party == domain::NegotiationParty::kProvider && !provider) ||
        (party == domain::NegotiationParty::kEither && !consumer && !provider))
      return errors::Forbidden(StrCat("'", domain::Name(action), "' is the ",
                                      party == domain::NegotiationParty::kConsumer   ? "buyer's"
                                      : party == domain::NegotiationParty::kProvider ? "seller's"
                                                                                     : "parties'",
                                      " to take"));
    BOURSE_ASSIGN_OR_RETURN(NegotiationState next, domain::NextNegotiationState(n.state, action));
    if (terms) {
      BOURSE_ASSIGN_OR_RETURN(domain::Revision rev,
                              tx.products().GetRevision(n.product_id, n.revision));
      BOURSE_RETURN_IF_ERROR(domain::CheckTermsAgainst(*terms, rev.description));
      n.terms = *terms;
    }
    const NegotiationState from = n.state;
    n.state = next;
    n.updated_at = clock_.Now();
    n.rounds.push_back({action, caller.organization, terms, message, n.updated_at});
    if (action == NA::kTerminate) n.termination_reason = message;
    if (action == NA::kFinalize) BOURSE_RETURN_IF_ERROR(Sign(tx, n, caller.organization));
    BOURSE_RETURN_IF_ERROR(tx.negotiations().Update(n));
    log::Event entry;
    entry.type = "negotiation.transition";
    entry.time = n.updated_at;
    entry.actor = caller.organization.value();
    entry.subjects = {{"negotiation", n.id.value()}, {"product", n.product_id.value()}};
    entry.fields = {
        {"action", domain::Name(action)}, {"from", domain::Name(from)}, {"to", domain::Name(next)}};
    if (terms) {
      entry.fields["amount"] = terms->amount.minor;
      entry.fields["currency"] = terms->amount.currency;
      entry.fields["quantity"] = terms->quantity;
    }
    if (!message.empty()) entry.Document("message", message);
    BOURSE_RETURN_IF_ERROR(log_.Append(tx, entry).status());
    // The other side hears of every step.
    BOURSE_RETURN_IF_ERROR(Notify(tx, clock_, consumer ? n.seller_id : n.buyer_id,
                                  StrCat("negotiation.", domain::Name(action)), n.id.value(),
                                  StrCat("Negotiation ", n.id.value(), ": ", domain::Name(from),
                                         " -> ", domain::Name(next))));
    if (record) BOURSE_RETURN_IF_ERROR(record(tx, n));
    out = std::move(n);
    return OkStatus();
  }));
  return out;
}

Status TradeService::Sign(store::Transaction& tx, domain::Negotiation& n,
                          const OrganizationId& actor) {
  BOURSE_ASSIGN_OR_RETURN(domain::Product p, tx.products().Get(n.product_id));
  if (p.status != domain::ProductStatus::kListed)
    return errors::RuleViolation("the product is no longer listed; the contract cannot be signed");
  BOURSE_ASSIGN_OR_RETURN(domain::Revision rev,
                          tx.products().GetRevision(n.product_id, n.revision));
  BOURSE_ASSIGN_OR_RETURN(int64_t total, domain::TotalOf(n.terms));
  domain::Contract c;
  c.id = ContractId(NewId("ctr", clock_.Now(), random_));
  c.negotiation_id = n.id;
  c.product_id = n.product_id;
  c.revision = n.revision;
  c.buyer_id = n.buyer_id;
  c.seller_id = n.seller_id;
  c.declaration = n.declaration;
  c.terms = n.terms;
  c.total = {total, n.terms.amount.currency};
  c.signed_at = absl::FromUnixSeconds(absl::ToUnixSeconds(clock_.Now()));
  c.ends_at = c.signed_at + absl::Hours(24) * n.declaration.duration_days;
  c.cross_border = n.cross_border;
  if (actor != n.seller_id) {  // Finalised by a merchant under the seller's mandate.
    BOURSE_ASSIGN_OR_RETURN(
        domain::Mandate m,
        tx.negotiations().ActiveMandate(n.seller_id, actor, domain::MandateSide::kSeller));
    c.agent_id = actor;
    c.commission_basis_points = m.commission_basis_points;
  }
  if (n.buyer_agent_id) {  // Bought by a merchant under the buyer's mandate.
    auto m =
        tx.negotiations().ActiveMandate(n.buyer_id, *n.buyer_agent_id, domain::MandateSide::kBuyer);
    if (!m.ok() && m.status().code() == StatusCode::kNotFound)
      return errors::RuleViolation("the buyer has revoked its mandate to the merchant");
    if (!m.ok()) return m.status();
    c.buyer_agent_id = n.buyer_agent_id;
    c.buyer_commission_basis_points = m->commission_basis_points;
  }
  c.status = domain::ContractStatus::kActive;
  c.trade_status = TS::kEscrowed;
  c.renews = c.terms.model == domain::PriceModel::kSubscription;
  BOURSE_ASSIGN_OR_RETURN(c.digest, AgreementDigest(c, authority_.options().public_url));
  // An outbound trade's route is decided on the exporter's record as it stands at signing.
  std::optional<store::CrossBorderCase> k;
  if (c.cross_border) {
    const int year = YearOf(c.signed_at);
    BOURSE_ASSIGN_OR_RETURN(domain::CrossBorderFacts facts, FactsFor(tx, rev, c.seller_id, year));
    BOURSE_ASSIGN_OR_RETURN(auto before, tx.cross_border().Exported(c.seller_id, year));
    const domain::CrossBorderDecision decision =
        domain::DecideCrossBorder(facts, options_.thresholds);
    if (decision.route == domain::CrossBorderRoute::kProhibited)
      return errors::RuleViolation(
          StrCat("cross-border trade refused (row ", decision.row, "): ", decision.reason));
    k.emplace();
    k->contract_id = c.id;
    k->exporter = c.seller_id;
    k->recipient = c.buyer_id;
    k->destination = domain::IsOutsideMainland(c.declaration.region)
                         ? c.declaration.region
                         : c.declaration.delivery_region;
    k->year = year;
    k->individuals = facts.individuals_this_year - before.first;
    k->sensitive_individuals = facts.sensitive_individuals_this_year - before.second;
    k->row = decision.row;
    k->route = decision.route;
    k->reason = decision.reason;
    k->any_of = decision.any_of;
    k->all_of = decision.all_of;
    k->created_at = c.signed_at;
  }
  log::Event entry;
  entry.type = "contract.signed";
  entry.time = c.signed_at;
  entry.actor = actor.value();
  entry.subjects = {{"contract", c.id.value()},
                    {"negotiation", n.id.value()},
                    {"product", c.product_id.value()},
                    {"buyer", c.buyer_id.value()},
                    {"seller", c.seller_id.value()}};
  entry.fields = {{"revision", c.revision},       {"amount", c.total.minor},
                  {"currency", c.total.currency}, {"price_model", domain::Name(c.terms.model)},
                  {"digest", c.digest},           {"cross_border", c.cross_border}};
  if (k) {
    entry.fields["cross_border_row"] = k->row;
    entry.fields["cross_border_route"] = domain::Name(k->route);
  }
  BOURSE_ASSIGN_OR_RETURN(c.log_index, log_.Append(tx, entry));
  BOURSE_RETURN_IF_ERROR(tx.contracts().Insert(&c));
  if (total > 0) {
    BOURSE_RETURN_IF_ERROR(
        Post(tx, domain::JournalKind::kEscrow, c.id.value(), c.buyer_id, c.id,
             domain::EscrowPostings(c.buyer_id, c.id, domain::EscrowedFor(c), c.total.currency))
            .status());
  }
  if (k) BOURSE_RETURN_IF_ERROR(tx.cross_border().Insert(&*k));
  n.contract_id = c.id;
  return OkStatus();
}

StatusOr<bool> TradeService::ActsForSeller(store::Transaction& tx, const domain::Principal& caller,
                                           const OrganizationId& seller) {
  if (caller.Owns(seller)) return true;
  if (!caller.roles.Has(domain::Role::kDataMerchant)) return false;
  auto m =
      tx.negotiations().ActiveMandate(seller, caller.organization, domain::MandateSide::kSeller);
  if (m.ok()) return true;
  if (m.status().code() == StatusCode::kNotFound) return false;
  return m.status();
}

StatusOr<bool> TradeService::ActsForBuyer(store::Transaction& tx, const domain::Principal& caller,
                                          const OrganizationId& buyer,
                                          const std::optional<OrganizationId>& agent) {
  if (caller.Owns(buyer)) return true;
  if (!agent || !caller.Owns(*agent) || !caller.roles.Has(domain::Role::kDataMerchant))
    return false;
  auto m = tx.negotiations().ActiveMandate(buyer, *agent, domain::MandateSide::kBuyer);
  if (m.ok()) return true;
  if (m.status().code() == StatusCode::kNotFound) return false;
  return m.status();
}

StatusOr<domain::Mandate> TradeService::GrantMandate(const domain::Principal& caller,
                                                     const OrganizationId& agent,
                                                     int commission_basis_points,
                                                     domain::MandateSide side) {
  const bool buying = side == domain::MandateSide::kBuyer;
  if (caller.IsRegulator() || caller.IsOperator())
    return errors::Forbidden("mandates are granted by sellers and buyers");
  if (caller.status != domain::AdmissionStatus::kApproved ||
      (!caller.roles.Has(buying ? domain::Role::kBuyer : domain::Role::kSeller) &&
       !caller.roles.Has(domain::Role::kDataMerchant)))
    return errors::Forbidden(buying ? "only an admitted buyer grants a buying mandate"
                                    : "only an admitted seller grants a selling mandate");
  if (commission_basis_points < 0 || commission_basis_points > domain::kMaxCommissionBasisPoints)
    return errors::InvalidField("commission_basis_points", "from 0 to 3000 (30 %)");
  if (caller.Owns(agent)) return errors::InvalidField("agent_id", "must be another organisation");
  domain::Mandate m;
  BOURSE_RETURN_IF_ERROR(store_.Write([&](store::Transaction& tx) -> Status {
    auto org = tx.organizations().Get(agent);
    if (!org.ok() || !org->IsApprovedMerchant())
      return errors::InvalidField("agent_id", "must be an approved data merchant");
    if (tx.negotiations().ActiveMandate(caller.organization, agent, side).ok())
      return errors::Conflict("a mandate to this merchant is already active", "agent_id");
    m.id = MandateId(NewId("mdt", clock_.Now(), random_));
    m.principal = caller.organization;
    m.agent = agent;
    m.commission_basis_points = commission_basis_points;
    m.created_at = clock_.Now();
    m.side = side;
    BOURSE_RETURN_IF_ERROR(tx.negotiations().InsertMandate(m));
    log::Event entry;
    entry.type = "mandate.granted";
    entry.time = m.created_at;
    entry.actor = caller.organization.value();
    entry.subjects = {{"mandate", m.id.value()}, {"agent", agent.value()}};
    entry.fields = {{"commission_basis_points", commission_basis_points},
                    {"side", domain::Name(side)}};
    BOURSE_RETURN_IF_ERROR(log_.Append(tx, entry).status());
    return Notify(
        tx, clock_, agent, "mandate.granted", m.id.value(),
        StrCat("You may now ", buying ? "buy" : "sell", " for ", caller.organization.value(),
               " at ", commission_basis_points, " basis points"));
  }));
  return m;
}

StatusOr<domain::Mandate> TradeService::RevokeMandate(const domain::Principal& caller,
                                                      const MandateId& id) {
  domain::Mandate m;
  BOURSE_RETURN_IF_ERROR(store_.Write([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(m, tx.negotiations().GetMandate(id));
    if (!caller.Owns(m.principal)) {
      return caller.Owns(m.agent) ? errors::Forbidden("only the principal revokes its mandate")
                                  : errors::NotFound("mandate");
    }
    if (!m.active) return errors::IllegalTransition("the mandate is already revoked");
    m.active = false;
    BOURSE_RETURN_IF_ERROR(tx.negotiations().UpdateMandate(m));
    log::Event entry;
    entry.type = "mandate.revoked";
    entry.time = clock_.Now();
    entry.actor = caller.organization.value();
    entry.subjects = {{"mandate", m.id.value()}, {"agent", m.agent.value()}};
    BOURSE_RETURN_IF_ERROR(log_.Append(tx, entry).status());
    return Notify(tx, clock_, m.agent, "mandate.revoked", m.id.value(),
                  StrCat("Your mandate from ", m.principal.value(), " was revoked"));
  }));
  return m;
}

StatusOr<std::vector<domain::Mandate>> TradeService::Mandates(const domain::Principal& caller) {
  std::vector<domain::Mandate> out;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(out, tx.negotiations().Mandates(caller.organization));
    return OkStatus();
  }));
  return out;
}

StatusOr<domain::Negotiation> TradeService::GetNegotiation(const domain::Principal& caller,
                                                           const NegotiationId& id) {
  domain::Negotiation out;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(out, Load(tx, caller, id));
    return OkStatus();
  }));
  return out;
}

StatusOr<store::NegotiationPage> TradeService::ListNegotiations(const domain::Principal& caller,
                                                                int64_t after_seq, int limit) {
  store::NegotiationPage out;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    store::TradeFilter f;
    if (!caller.SeesEverything()) f.party = caller.organization;
    f.after_seq = after_seq;
    f.limit = limit;
    BOURSE_ASSIGN_OR_RETURN(out, tx.negotiations().List(f));
    return OkStatus();
  }));
  return out;
}

StatusOr<domain::Contract> TradeService::LoadContract(store::Transaction& tx,
                                                      const domain::Principal& caller,
                                                      const ContractId& id) {
  auto c = tx.contracts().Get(id);
  if (!c.ok()) return c.status();
  const bool agent = (c->agent_id && caller.Owns(*c->agent_id)) ||
                     (c->buyer_agent_id && caller.Owns(*c->buyer_agent_id));
  if (!caller.SeesEverything() && !IsParty(caller, c->buyer_id, c->seller_id) && !agent)
    return errors::NotFound("contract");
  return c;
}

StatusOr<ContractView> TradeService::View(store::Transaction& tx, const domain::Contract& c,
                                          const std::vector<domain::Certificate>& known) {
  ContractView v;
  v.contract = c;
  if (c.cross_border) {
    BOURSE_ASSIGN_OR_RETURN(v.cross_border, tx.cross_border().Get(c.id));
    BOURSE_ASSIGN_OR_RETURN(CirculationVerdict verdict, JudgeCirculation(tx, c, clock_.Now()));
    v.missing_evidence = std::move(verdict.check.missing);
    v.relied_on = std::move(verdict.check.relied_on);
  }
  for (const auto& id : c.certificate_ids) {
    auto in_hand = std::find_if(known.begin(), known.end(),
                                [&](const domain::Certificate& k) { return k.id == id; });
    if (in_hand != known.end()) {
      v.certificates.push_back(*in_hand);
      continue;
    }
    BOURSE_ASSIGN_OR_RETURN(domain::Certificate cert, tx.certificates().Get(id));
    v.certificates.push_back(std::move(cert));
  }
  return v;
}

StatusOr<ContractView> TradeService::GetContract(const domain::Principal& caller,
                                                 const ContractId& id) {
  ContractView out;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(domain::Contract c, LoadContract(tx, caller, id));
    BOURSE_ASSIGN_OR_RETURN(out, View(tx, c));
    return OkStatus();
  }));
  return out;
}

StatusOr<store::ContractPage> TradeService::ListContracts(const domain::Principal& caller,
                                                          int64_t after_seq, int limit) {
  store::ContractPage out;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    store::TradeFilter f;
    if (!caller.SeesEverything()) f.party = caller.organization;
    f.after_seq = after_seq;
    f.limit = limit;
    BOURSE_ASSIGN_OR_RETURN(out, tx.contracts().List(f));
    return OkStatus();
  }));
  return out;
}

StatusOr<domain::Contract> TradeService::ReadContract(const domain::Principal& caller,
                                                      const ContractId& id) {
  domain::Contract out;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(out, LoadContract(tx, caller, id));
    return OkStatus();
  }));
  return out;
}

StatusOr<boost::json::object> TradeService::Agreement(const domain::Principal& caller,
                                                      const ContractId& id) {
  BOURSE_ASSIGN_OR_RETURN(domain::Contract c, ReadContract(caller, id));
  return OdrlAgreement(c, authority_.options().public_url);
}

StatusOr<std::string> TradeService::SignedAgreement(const domain::Principal& caller,
                                                    const ContractId& id) {
  BOURSE_ASSIGN_OR_RETURN(domain::Contract c, ReadContract(caller, id));
  BOURSE_ASSIGN_OR_RETURN(std::string canonical,
                          CanonicalAgreement(c, authority_.options().public_url));
  return authority_.SignDocument(canonical, "odrl+jws");
}

StatusOr<std::string> TradeService::ReadableAgreementText(const domain::Principal& caller,
                                                          const ContractId& id) {
  std::string out;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(domain::Contract c, LoadContract(tx, caller, id));
    BOURSE_ASSIGN_OR_RETURN(domain::Revision rev,
                            tx.products().GetRevision(c.product_id, c.revision));
    out = ReadableAgreement(c, rev.description.title, authority_.options().public_url);
    return OkStatus();
  }));
  return out;
}

PresignedCertificates TradeService::PresignSettlement(const domain::Principal& caller,
                                                      const ContractId& id, TradeAction action) {
  PresignedCertificates out;
  if (action != TA::kAccept && action != TA::kResolveRelease) return out;
  (void)store_.Read([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(domain::Contract c, LoadContract(tx, caller, id));
    auto next = domain::NextTradeStatus(c.trade_status, action);
    if (!next.ok() || *next != TS::kSettled) return OkStatus();
    return ForEachSettlementCertificate(
        tx, c,
        [&](const domain::Product& p, const domain::Organization& org, const char* role,
            const Route& route) {
          return authority_.PresignTradeCertificate(tx, out, c, p, org, role, route);
        });
  });
  return out;
}

Status TradeService::Settle(store::Transaction& tx, domain::Contract& c,
                            const OrganizationId& actor, PresignedCertificates* presigned,
                            std::vector<domain::Certificate>* issued_certificates) {
  // A metered contract pays for what it used; the rest of the prepayment goes back.
  // The buyer's merchant is paid on what was charged; the rest of its escrowed commission goes
  // back with the unused prepayment.
  const int64_t charged = domain::ChargeFor(c);
  domain::ClearingSplit split =
      domain::SplitProceeds(charged, options_.fee_basis_points, c.commission_basis_points);
  split.buyer_commission = domain::BuyerCommission(c, charged);
  const int64_t unused = domain::EscrowedFor(c) - charged - split.buyer_commission;
  if (unused > 0) {
    BOURSE_RETURN_IF_ERROR(Post(tx, domain::JournalKind::kRefund, c.id.value(), c.buyer_id, c.id,
                                domain::RefundPostings(c.id, c.buyer_id, unused, c.total.currency))
                               .status());
  }
  if (charged > 0) {
    BOURSE_RETURN_IF_ERROR(Post(tx, domain::JournalKind::kClearing, c.id.value(), std::nullopt,
                                c.id,
                                domain::ClearingPostings(c.id, c.seller_id, split, c.total.currency,
                                                         c.agent_id, c.buyer_agent_id))
                               .status());
  }
  c.fee_minor = split.fee;
  c.settled_at = clock_.Now();
  std::vector<CertificateId> issued;
  BOURSE_RETURN_IF_ERROR(ForEachSettlementCertificate(
      tx, c,
      [&](const domain::Product& p, const domain::Organization& org, const char* role,
          const Route& route) -> Status {
        BOURSE_ASSIGN_OR_RETURN(
            domain::Certificate cert,
            authority_.IssueTradeCertificate(tx, c, p, org, role, actor, route, presigned));
        issued.push_back(cert.id);
        if (issued_certificates != nullptr) issued_certificates->push_back(std::move(cert));
        return OkStatus();
      }));
  c.certificate_ids.insert(c.certificate_ids.end(), issued.begin(), issued.end());
  return OkStatus();
}

Status TradeService::Move(store::Transaction& tx, domain::Contract& c, TradeAction action,
                          const std::optional<OrganizationId>& actor, const std::string& reason,
                          PresignedCertificates* presigned,
                          std::vector<domain::Certificate>* issued) {
  BOURSE_ASSIGN_OR_RETURN(TS next, domain::NextTradeStatus(c.trade_status, action));
  const TS from = c.trade_status;
  const absl::Time now = clock_.Now();
  // Delivering and every way of settling (which certifies the trade) pass the gate.
  std::vector<EvidenceId> evidence;
  if (action == TA::kDeliver || next == TS::kSettled) {
    BOURSE_ASSIGN_OR_RETURN(evidence, CheckCirculation(tx, c, now));
  }
  const OrganizationId acting = actor ? *actor : c.seller_id;
  switch (action) {
    case TA::kDeliver:
      c.delivered_at = now;
      c.acceptance_due = now + options_.acceptance_window;
      break;
    case TA::kAccept:
    case TA::kLapse:
    case TA::kResolveRelease:
      c.trade_status = next;
      BOURSE_RETURN_IF_ERROR(Settle(tx, c, acting, presigned, issued));
      break;
    case TA::kCancel:
    case TA::kResolveRefund:
      if (c.total.minor > 0) {
        BOURSE_RETURN_IF_ERROR(
            Post(tx, domain::JournalKind::kRefund, c.id.value(), c.buyer_id, c.id,
                 domain::RefundPostings(c.id, c.buyer_id, domain::EscrowedFor(c), c.total.currency))
                .status());
      }
      break;
    case TA::kReject:
      break;
  }
  c.trade_status = next;
  if (!reason.empty()) c.status_reason = reason;
  BOURSE_RETURN_IF_ERROR(tx.contracts().Update(c));
  log::Event entry;
  entry.type = "trade.transition";
  entry.time = now;
  if (actor) entry.actor = actor->value();
  entry.subjects = {{"contract", c.id.value()}, {"product", c.product_id.value()}};
  entry.fields = {
      {"action", domain::Name(action)}, {"from", domain::Name(from)}, {"to", domain::Name(next)}};
  if (next == TS::kSettled) entry.fields["fee"] = c.fee_minor;
  if (!evidence.empty()) entry.fields["evidence"] = IdArray(evidence);
  if (!reason.empty()) entry.Document("reason", reason);
  BOURSE_RETURN_IF_ERROR(log_.Append(tx, entry).status());
  const std::string text =
      StrCat("Contract ", c.id.value(), ": ", domain::Name(from), " -> ", domain::Name(next));
  for (const auto& party : {c.buyer_id, c.seller_id})
    if (!actor || *actor != party)
      BOURSE_RETURN_IF_ERROR(
          Notify(tx, clock_, party, StrCat("trade.", domain::Name(action)), c.id.value(), text));
  return OkStatus();
}

StatusOr<ContractView> TradeService::ActOnTrade(const domain::Principal& caller,
                                                const ContractId& id, TradeAction action,
                                                const std::string& reason,
                                                const RecordInTransaction<ContractView>& record) {
  if (caller.IsRegulator()) return errors::Forbidden("the regulator reads but never writes");
  if (reason.size() > kMaxMessage) return errors::InvalidField("reason", "at most 2000 characters");
  const domain::TradeActor actor = domain::ActorOf(action);
  if (actor == domain::TradeActor::kSystem)
    return errors::Forbidden("the acceptance window lapses by itself");
  if ((action == TA::kReject || action == TA::kResolveRefund || action == TA::kResolveRelease) &&
      reason.empty())
    return errors::MissingField("reason");
  PresignedCertificates presigned = PresignSettlement(caller, id, action);
  ContractView out;
  BOURSE_RETURN_IF_ERROR(store_.Write([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(domain::Contract c, LoadContract(tx, caller, id));
    BOURSE_ASSIGN_OR_RETURN(const bool for_buyer,
                            ActsForBuyer(tx, caller, c.buyer_id, c.buyer_agent_id));
    const bool ok =
        (actor == domain::TradeActor::kBuyer && for_buyer) ||
        (actor == domain::TradeActor::kSeller &&
         (caller.Owns(c.seller_id) || (c.agent_id && caller.Owns(*c.agent_id)))) ||
        (actor == domain::TradeActor::kBuyerOrSeller && IsParty(caller, c.buyer_id, c.seller_id)) ||
        (actor == domain::TradeActor::kOperator && caller.IsOperator());
    if (!ok) return errors::Forbidden(StrCat("'", domain::Name(action), "' is not yours to take"));
    std::vector<domain::Certificate> issued;
    BOURSE_RETURN_IF_ERROR(Move(tx, c, action, caller.organization, reason, &presigned, &issued));
    BOURSE_ASSIGN_OR_RETURN(out, View(tx, c, issued));
    if (record) BOURSE_RETURN_IF_ERROR(record(tx, out));
    return OkStatus();
  }));
  return out;
}

StatusOr<ContractView> TradeService::ChangeContract(
    const domain::Principal& caller, const ContractId& id, domain::ContractAction action,
    const std::string& reason, const RecordInTransaction<ContractView>& record) {
  if (caller.IsRegulator()) return errors::Forbidden("the regulator reads but never writes");
  if (reason.size() > kMaxMessage) return errors::InvalidField("reason", "at most 2000 characters");
  if (action == domain::ContractAction::kStopRenewal ||
      action == domain::ContractAction::kResumeRenewal)
    return SetRenewal(caller, id, action == domain::ContractAction::kResumeRenewal, reason, record);
  if (reason.empty()) return errors::MissingField("reason");
  ContractView out;
  BOURSE_RETURN_IF_ERROR(store_.Write([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(domain::Contract c, LoadContract(tx, caller, id));
    const auto from = c.status;
    using CA = domain::ContractAction;
    using CS = domain::ContractStatus;
    if (action != CA::kTerminate && !caller.IsOperator())
      return errors::Forbidden("only the operator suspends or reinstates a contract");
    if (action == CA::kTerminate && !caller.IsOperator() &&
        !IsParty(caller, c.buyer_id, c.seller_id))
      return errors::Forbidden("only a party or the operator terminates a contract");
    if (from == CS::kTerminated)
      return errors::IllegalTransition("the contract is already terminated");
    if (action == CA::kSuspend && from != CS::kActive)
      return errors::IllegalTransition("only an active contract can be suspended");
    if (action == CA::kReinstate && from != CS::kSuspended)
      return errors::IllegalTransition("only a suspended contract can be reinstated");
    c.status = action == CA::kTerminate ? CS::kTerminated
               : action == CA::kSuspend ? CS::kSuspended
                                        : CS::kActive;
    c.status_reason = reason;
    if (action == CA::kTerminate) c.renews = false;
    // Terminating before delivery returns the escrow to the buyer.
    if (action == CA::kTerminate && c.trade_status == TS::kEscrowed) {
      BOURSE_RETURN_IF_ERROR(Move(tx, c, TA::kCancel, caller.organization, reason));
    } else {
      BOURSE_RETURN_IF_ERROR(tx.contracts().Update(c));
    }
    log::Event entry;
    entry.type = "contract.status_changed";
    entry.time = clock_.Now();
    entry.actor = caller.organization.value();
    entry.subjects = {{"contract", c.id.value()}};
    entry.fields = {{"action", domain::Name(action)},
                    {"from", domain::Name(from)},
                    {"to", domain::Name(c.status)}};
    entry.Document("reason", reason);
    BOURSE_RETURN_IF_ERROR(log_.Append(tx, entry).status());
    BOURSE_ASSIGN_OR_RETURN(out, View(tx, c));
    if (record) BOURSE_RETURN_IF_ERROR(record(tx, out));
    return OkStatus();
  }));
  return out;
}

StatusOr<ContractView> TradeService::SetRenewal(const domain::Principal& caller,
                                                const ContractId& id, bool renews,
                                                const std::string& reason,
                                                const RecordInTransaction<ContractView>& record) {
  ContractView out;
  BOURSE_RETURN_IF_ERROR(store_.Write([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(domain::Contract c, LoadContract(tx, caller, id));
    BOURSE_ASSIGN_OR_RETURN(const bool for_buyer,
                            ActsForBuyer(tx, caller, c.buyer_id, c.buyer_agent_id));
    if (!for_buyer)
      return errors::Forbidden("only the buyer stops or resumes a subscription's renewal");
    if (c.terms.model != domain::PriceModel::kSubscription)
      return errors::RuleViolation("only a subscription renews");
    if (c.status != domain::ContractStatus::kActive)
      return errors::IllegalTransition(StrCat("the contract is ", domain::Name(c.status)));
    if (c.renews == renews)
      return errors::IllegalTransition(renews ? "the subscription already renews"
                                              : "the subscription already stops renewing");
    c.renews = renews;
    BOURSE_RETURN_IF_ERROR(tx.contracts().Update(c));
    log::Event entry;
    entry.type = "contract.renewal_changed";
    entry.time = clock_.Now();
    entry.actor = caller.organization.value();
    entry.subjects = {{"contract", c.id.value()}};
    entry.fields = {{"renews", renews}};
    if (!reason.empty()) entry.Document("reason", reason);
    BOURSE_RETURN_IF_ERROR(log_.Append(tx, entry).status());
    BOURSE_RETURN_IF_ERROR(Notify(tx, clock_, c.seller_id,
                                  renews ? "contract.renewal_resumed" : "contract.renewal_stopped",
                                  c.id.value(),
                                  StrCat("Contract ", c.id.value(),
                                         renews ? ": renews again at the end of each term"
                                                : ": ends with its current term")));
    BOURSE_ASSIGN_OR_RETURN(out, View(tx, c));
    if (record) BOURSE_RETURN_IF_ERROR(record(tx, out));
    return OkStatus();
  }));
  return out;
}

Status TradeService::Renew(store::Transaction& tx, domain::Contract& c) {
  const absl::Time now = clock_.Now();
  log::Event entry;
  entry.time = now;
  entry.subjects = {{"contract", c.id.value()}, {"product", c.product_id.value()}};
  std::string kind, text;
  // A renewal circulates the data for another term: it passes the gate, or the subscription
  // ends with its term and the buyer pays nothing more.
  auto gate = CheckCirculation(tx, c, now);
  if (!gate.ok() && gate.status().kind() != errors::kEvidenceRequired) return gate.status();
  if (!gate.ok() && c.RenewalDue(now)) {
    c.renews = false;
    c.status_reason = std::string(gate.status().message());
    entry.type = "contract.renewal_refused";
    entry.Document("reason", c.status_reason);
    kind = "contract.renewal_refused";
    text = StrCat("Contract ", c.id.value(), ": not renewed: ", gate.status().message());
  } else if (!c.RenewalDue(now)) {
    // The term ended while the contract was suspended, terminated or not settled: it ends.
    c.renews = false;
    entry.type = "contract.renewal_ended";
    entry.fields = {{"status", domain::Name(c.status)},
                    {"trade_status", domain::Name(c.trade_status)}};
    kind = "contract.renewal_ended";
    text = StrCat("Contract ", c.id.value(), ": the subscription ended with its term (",
                  domain::Name(c.status), ", ", domain::Name(c.trade_status), ")");
  } else {
    BOURSE_ASSIGN_OR_RETURN(int64_t total, domain::TotalOf(c.terms));
    const std::string ref = StrCat(c.id.value(), "/renewal/", c.renewals + 1);
    auto paid =
        Post(tx, domain::JournalKind::kEscrow, ref, c.buyer_id, c.id,
             domain::EscrowPostings(c.buyer_id, c.id, domain::EscrowedFor(c), c.total.currency));
    if (!paid.ok() && paid.status().kind() != errors::kInsufficientFunds) return paid.status();
    if (!paid.ok()) {
      c.renews = false;
      c.status_reason = "the subscription lapsed: the buyer's account could not pay the renewal";
      entry.type = "contract.renewal_lapsed";
      entry.fields = {{"amount", total}, {"currency", c.total.currency}};
      kind = "contract.renewal_lapsed";
      text = StrCat("Contract ", c.id.value(), ": the renewal of ", total, " ", c.total.currency,
                    " could not be paid; the subscription ended");
    } else {
      domain::ClearingSplit split =
          domain::SplitProceeds(total, options_.fee_basis_points, c.commission_basis_points);
      split.buyer_commission = domain::BuyerCommission(c, total);
      BOURSE_RETURN_IF_ERROR(
          Post(tx, domain::JournalKind::kClearing, ref, std::nullopt, c.id,
               domain::ClearingPostings(c.id, c.seller_id, split, c.total.currency, c.agent_id,
                                        c.buyer_agent_id))
              .status());
      ++c.renewals;
      c.ends_at += absl::Hours(24) * c.declaration.duration_days;
      c.fee_minor += split.fee;
      entry.type = "contract.renewed";
      entry.fields = {{"renewal", c.renewals},
                      {"amount", total},
                      {"currency", c.total.currency},
                      {"fee", split.fee},
                      {"ends_at", FormatRfc3339(c.ends_at)}};
      if (!gate->empty()) entry.fields["evidence"] = IdArray(*gate);
      kind = "contract.renewed";
      text = StrCat("Contract ", c.id.value(), ": renewed (term ", c.renewals + 1, ") until ",
                    FormatRfc3339(c.ends_at));
    }
  }
  BOURSE_RETURN_IF_ERROR(tx.contracts().Update(c));
  BOURSE_RETURN_IF_ERROR(log_.Append(tx, entry).status());
  for (const auto& party : {c.buyer_id, c.seller_id})
    BOURSE_RETURN_IF_ERROR(Notify(tx, clock_, party, kind, c.id.value(), text));
  return OkStatus();
}

StatusOr<DownloadGrant> TradeService::Download(const domain::Principal& caller,
                                               const ContractId& id, int64_t offset, int64_t length,
                                               bool probe) {
  if (offset < 0 || length < 0) return errors::RangeNotSatisfiable("a negative range");
  DownloadGrant out;
  BOURSE_RETURN_IF_ERROR(store_.Write([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(domain::Contract c, LoadContract(tx, caller, id));
    if (!caller.Owns(c.buyer_id)) return errors::Forbidden("only the buyer receives the data");
    const absl::Time now = clock_.Now();
    if (!c.Live(now))
      return errors::Forbidden(c.status != domain::ContractStatus::kActive
                                   ? StrCat("the contract is ", domain::Name(c.status))
                               : now >= c.ends_at
                                   ? "the contract has expired"
                                   : StrCat("the trade is ", domain::Name(c.trade_status)));
    if (c.terms.delivery_mode != domain::DeliveryMode::kFile)
      return errors::RuleViolation("this contract is not delivered as a file");
    BOURSE_ASSIGN_OR_RETURN(const std::vector<EvidenceId> evidence, CheckCirculation(tx, c, now));
    BOURSE_ASSIGN_OR_RETURN(domain::Revision rev,
                            tx.products().GetRevision(c.product_id, c.revision));
    if (!rev.dataset_id) return errors::RuleViolation("the contracted revision has no dataset");
    BOURSE_ASSIGN_OR_RETURN(domain::Dataset ds, tx.products().GetDataset(*rev.dataset_id));
    if (offset > ds.bytes || (offset == ds.bytes && ds.bytes > 0))
      return errors::RangeNotSatisfiable(StrCat("the file has ", ds.bytes, " bytes"));
    BOURSE_ASSIGN_OR_RETURN(out.source, blobs_.OpenBlob(ds.sha256));
    out.file_name = ds.file_name;
    out.sha256 = ds.sha256;
    out.size = ds.bytes;
    out.offset = offset;
    out.length = length == 0 ? ds.bytes - offset : std::min(length, ds.bytes - offset);
    out.partial = offset > 0 || out.length < ds.bytes;
    if (probe) return OkStatus();  // HEAD: decided, not delivered.
    // A download from the first byte is one delivery (a resumed one continues it); metered
    // contracts count its calls or records against the prepaid quantity.
    if (offset == 0 && domain::IsMetered(c.terms.model)) {
      const int64_t units = domain::UnitsPerDelivery(c.terms.model, RowsOf(ds));
      if (c.units_used + units > c.terms.quantity)
        return errors::RuleViolation(StrCat("the contract's prepaid quantity (", c.terms.quantity,
                                            ") is used up: ", c.units_used,
                                            " used, this delivery "
                                            "needs ",
                                            units));
      c.units_used += units;
    }
    ++c.downloads;
    c.bytes_delivered += out.length;
    if (c.trade_status == TS::kEscrowed) {
      BOURSE_RETURN_IF_ERROR(Move(tx, c, TA::kDeliver, std::nullopt, "first download"));
    } else {
      BOURSE_RETURN_IF_ERROR(tx.contracts().Update(c));
    }
    log::Event entry;
    entry.type = "delivery.download";
    entry.time = now;
    entry.actor = caller.organization.value();
    entry.subjects = {{"contract", c.id.value()}, {"dataset", ds.id.value()}};
    entry.fields = {{"offset", out.offset}, {"length", out.length}, {"sha256", ds.sha256}};
    if (!evidence.empty()) entry.fields["evidence"] = IdArray(evidence);
    return log_.Append(tx, entry).status();
  }));
  return out;
}

StatusOr<domain::JournalEntry> TradeService::MoveMoney(
    const domain::Principal& caller, domain::JournalKind kind, const OrganizationId& org,
    const domain::Money& amount, const std::string& bank_ref,
    const RecordInTransaction<domain::JournalEntry>& record) {
  const bool deposit = kind == domain::JournalKind::kDeposit;
  if (!caller.IsOperator())
    return errors::Forbidden(deposit ? "the operator records deposits"
                                     : "the operator records withdrawals");
  if (amount.minor <= 0) return errors::InvalidField("amount", "must be positive");
  if (!domain::IsCurrencyCode(amount.currency))
    return errors::InvalidField("currency", "must be an ISO 4217 code");
  BOURSE_RETURN_IF_ERROR(domain::CheckMoney(amount, options_.money, "amount", "currency"));
  if (bank_ref.empty()) return errors::MissingField("bank_reference");
  if (bank_ref.size() > 200)
    return errors::InvalidField("bank_reference", "at most 200 characters");
  domain::JournalEntry out;
  BOURSE_RETURN_IF_ERROR(store_.Write([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(domain::Organization o, tx.organizations().Get(org));
    // Money comes in only for admitted organisations; it may always go back out.
    if (deposit && !o.IsApproved())
      return errors::RuleViolation("the organisation is not admitted");
    auto postings = deposit ? domain::DepositPostings(org, amount.minor, amount.currency)
                            : domain::WithdrawalPostings(org, amount.minor, amount.currency);
    BOURSE_ASSIGN_OR_RETURN(out, Post(tx, kind, bank_ref, org, std::nullopt, std::move(postings)));
    if (record) BOURSE_RETURN_IF_ERROR(record(tx, out));
    return OkStatus();
  }));
  return out;
}

StatusOr<std::vector<store::AccountBalance>> TradeService::Balances(const domain::Principal& caller,
                                                                    const OrganizationId& org) {
  if (!caller.SeesEverything() && !caller.Owns(org)) return errors::NotFound("organization");
  std::vector<store::AccountBalance> out;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    BOURSE_RETURN_IF_ERROR(tx.organizations().Get(org).status());
    BOURSE_ASSIGN_OR_RETURN(out, tx.ledger().BalancesOf(org.value()));
    return OkStatus();
  }));
  return out;
}

StatusOr<std::vector<domain::JournalEntry>> TradeService::Journal(const domain::Principal& caller,
                                                                  const OrganizationId& org,
                                                                  int64_t before_seq, int limit) {
  if (!caller.SeesEverything() && !caller.Owns(org)) return errors::NotFound("organization");
  std::vector<domain::JournalEntry> out;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(out, tx.ledger().Entries(org.value(), before_seq, limit));
    return OkStatus();
  }));
  return out;
}

StatusOr<std::vector<store::CrossBorderCase>> TradeService::CrossBorderRegister(
    const domain::Principal& caller, int64_t after_seq, int limit) {
  if (!caller.SeesEverything())
    return errors::Forbidden("the cross-border register is for the operator and the regulator");
  std::vector<store::CrossBorderCase> out;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(out, tx.cross_border().List(after_seq, limit));
    return OkStatus();
  }));
  return out;
}

StatusOr<store::TradeTotals> TradeService::Totals() {
  store::TradeTotals out;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(out, tx.contracts().Totals());
    return OkStatus();
  }));
  return out;
}

StatusOr<int> TradeService::Sweep() {
  std::vector<ContractId> due;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(due, tx.contracts().AcceptanceDue(clock_.Now()));
    return OkStatus();
  }));
  int moved = 0;
  for (const auto& id : due) {
    Status st = store_.Write([&](store::Transaction& tx) -> Status {
      BOURSE_ASSIGN_OR_RETURN(domain::Contract c, tx.contracts().Get(id));
      if (c.trade_status != TS::kDelivered || !c.acceptance_due || *c.acceptance_due > clock_.Now())
        return OkStatus();
      ++moved;
      return Move(tx, c, TA::kLapse, std::nullopt, "the acceptance window ended");
    });
    // A delivered outbound contract whose evidence has lapsed waits, unsettled, for it.
    if (!st.ok() && st.kind() == errors::kEvidenceRequired) {
      --moved;
      continue;
    }
    if (!st.ok()) return st;
  }
  // Subscriptions whose term has ended renew (or end), one transaction each.
  std::vector<ContractId> renewing;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(renewing, tx.contracts().RenewalsDue(clock_.Now()));
    return OkStatus();
  }));
  for (const auto& id : renewing) {
    Status st = store_.Write([&](store::Transaction& tx) -> Status {
      BOURSE_ASSIGN_OR_RETURN(domain::Contract c, tx.contracts().Get(id));
      if (!c.renews || clock_.Now() < c.ends_at) return OkStatus();
      ++moved;
      return Renew(tx, c);
    });
    if (!st.ok()) return st;
  }
  return moved;
}

}  // namespace bourse::service
