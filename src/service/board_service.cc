#include "service/board_service.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <cmath>
#include <map>
#include <set>

#include "base/encoding.h"
#include "base/errors.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "base/time_format.h"
#include "crypto/sha256.h"
#include "service/notifier.h"

namespace bourse::service {
namespace {

using domain::DemandOfferStatus;
using domain::DemandStatus;

constexpr int kMaxWords = 16;
// The purpose a webhook's signing secret is sealed for.
constexpr std::string_view kWebhookPurpose = "webhook-secret";
constexpr int kNotifiedSellers = 5;

const std::set<std::string>& StopWords() {
  static const std::set<std::string> kWords = {
      "the",   "and",  "for", "with", "from", "per", "that", "this", "our", "data", "need",
      "needs", "want", "are", "use",  "used", "all", "each", "any",  "its", "into", "over"};
  return kWords;
}

// The demand's distinct words (lower-case ASCII words of three letters or more, and runs of
// other UTF-8 text), most informative first by order of appearance: title, fields, description.
std::vector<std::string> Words(const domain::Demand& d) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  auto add_text = [&](std::string_view text) {
    std::string word;
    auto flush = [&] {
      const bool ascii = std::all_of(word.begin(), word.end(),
                                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
      if (!word.empty() && (!ascii || word.size() >= 3) && !StopWords().count(word) &&
          static_cast<int>(out.size()) < kMaxWords && seen.insert(word).second)
        out.push_back(word);
      word.clear();
    };
    for (char ch : text) {
      const unsigned char c = static_cast<unsigned char>(ch);
      if (c >= 0x80 || std::isalnum(c)) {
        word.push_back(static_cast<char>(std::tolower(c)));
      } else {
        flush();
      }
    }
    flush();
  };
  add_text(d.title);
  for (const auto& f : d.fields) add_text(f);
  add_text(d.description);
  return out;
}

bool SameText(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

StatusOr<std::vector<DemandMatch>> BoardService::Match(const domain::Demand& demand, int limit) {
  CatalogQuery all;
  all.limit = 1;
  BOURSE_ASSIGN_OR_RETURN(CatalogPage everything, products_.Search(all));
  const double listed = static_cast<double>(std::max<int64_t>(everything.total, 1));
  struct Candidate {
    domain::Product product;
    double weight = 0;
  };
  std::map<std::string, Candidate> candidates;
  double total_weight = 0;
  for (const std::string& word : Words(demand)) {
    CatalogQuery q;
    q.terms = {word};
    q.limit = 50;
    BOURSE_ASSIGN_OR_RETURN(CatalogPage page, products_.Search(q));
    // A word few products contain says more than one most of them do (inverse document
    // frequency); a word no product contains still counts against the share.
    const double weight = std::log(1.0 + listed / static_cast<double>(page.total + 1));
    total_weight += weight;
    for (auto& p : page.items) {
      const std::string key = p.id.value();
      auto it = candidates.try_emplace(key, Candidate{std::move(p), 0}).first;
      it->second.weight += weight;
    }
  }
  std::vector<DemandMatch> out;
  for (auto& [id, c] : candidates) {
    const auto& d = c.product.description;
    DemandMatch m;
    m.product_id = c.product.id;
    m.seller_id = c.product.seller_id;
    m.title = d.title;
    m.price = d.price.amount;
    m.signals.text = total_weight > 0 ? c.weight / total_weight : 0;
    m.signals.scenario = std::any_of(d.scenarios.begin(), d.scenarios.end(),
                                     [&](const auto& s) { return SameText(s, demand.scenario); });
    m.signals.sector = demand.sector && *demand.sector == d.sector;
    m.signals.within_budget = d.price.amount.currency == demand.budget.currency &&
                              d.price.amount.minor <= demand.budget.minor;
    m.score = domain::MatchScore(m.signals);
    if (m.score > 0) out.push_back(std::move(m));
  }
  std::sort(out.begin(), out.end(), [](const DemandMatch& a, const DemandMatch& b) {
    return a.score != b.score ? a.score > b.score : a.product_id.value() < b.product_id.value();
  });
  if (static_cast<int>(out.size()) > limit) out.resize(limit);
  return out;
}

StatusOr<DemandView> BoardService::Post(const domain::Principal& caller,
                                        const domain::Demand& demand) {
  if (caller.IsRegulator() || caller.IsOperator())
    return errors::Forbidden("the operator and the regulator do not post demands");
  if (caller.status != domain::AdmissionStatus::kApproved)
    return errors::Forbidden("only admitted participants post demands");
  if (!caller.roles.Has(domain::Role::kBuyer) && !caller.roles.Has(domain::Role::kDataMerchant))
    return errors::Forbidden("posting a demand needs the buyer or data merchant role");
  BOURSE_RETURN_IF_ERROR(domain::ValidateDemand(demand, clock_.Now()));
  BOURSE_RETURN_IF_ERROR(
      domain::CheckMoney(demand.budget, trades_.money_bounds(), "budget", "currency"));
  domain::Demand d = demand;
  d.id = DemandId(NewId("dmd", clock_.Now(), random_));
  d.buyer_id = caller.organization;
  d.status = DemandStatus::kOpen;
  d.created_at = clock_.Now();
  // Matching reads the catalogue index, outside the write.
  BOURSE_ASSIGN_OR_RETURN(std::vector<DemandMatch> matches, Match(d, 10));
  BOURSE_RETURN_IF_ERROR(store_.Write([&](store::Transaction& tx) -> Status {
    BOURSE_RETURN_IF_ERROR(tx.demands().Insert(&d));
    log::Event entry;
    entry.type = "demand.posted";
    entry.time = d.created_at;
    entry.actor = caller.organization.value();
    entry.subjects = {{"demand", d.id.value()}};
    entry.fields = {{"scenario", d.scenario},
                    {"region", d.region},
                    {"budget", d.budget.minor},
                    {"currency", d.budget.currency},
                    {"matches", static_cast<int64_t>(matches.size())}};
    entry.Document("description", d.description);
    BOURSE_RETURN_IF_ERROR(log_.Append(tx, entry).status());
    BOURSE_RETURN_IF_ERROR(
        Notify(tx, clock_, d.buyer_id, "demand.matched", d.id.value(),
               StrCat(matches.size(), " listed products match \"", d.title, "\"")));
    std::set<std::string> told;
    for (const auto& m : matches) {
      if (static_cast<int>(told.size()) == kNotifiedSellers) break;
      if (m.seller_id == d.buyer_id || !told.insert(m.seller_id.value()).second) continue;
      BOURSE_RETURN_IF_ERROR(Notify(tx, clock_, m.seller_id, "demand.matches_product", d.id.value(),
                                    StrCat("A buyer's demand \"", d.title, "\" matches \"", m.title,
                                           "\" (", m.product_id.value(), ")")));
    }
    return OkStatus();
  }));
  return DemandView{d, std::move(matches), {}};
}

StatusOr<domain::Demand> BoardService::LoadVisible(store::Transaction& tx,
                                                   const domain::Principal& caller,
                                                   const DemandId& id) {
  auto d = tx.demands().Get(id);
  if (!d.ok()) return d.status();
  const bool sees =
      caller.SeesEverything() || caller.Owns(d->buyer_id) ||
      (d->status == DemandStatus::kOpen && caller.status == domain::AdmissionStatus::kApproved);
  if (!sees) return errors::NotFound("demand");
  return d;
}

StatusOr<DemandView> BoardService::Get(const domain::Principal& caller, const DemandId& id) {
  DemandView v;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(v.demand, LoadVisible(tx, caller, id));
    BOURSE_ASSIGN_OR_RETURN(auto offers, tx.demands().Offers(id));
    const bool all = caller.SeesEverything() || caller.Owns(v.demand.buyer_id);
    for (auto& o : offers)
      if (all || caller.Owns(o.merchant_id)) v.offers.push_back(std::move(o));
    return OkStatus();
  }));
  if (caller.SeesEverything() || caller.Owns(v.demand.buyer_id)) {
    BOURSE_ASSIGN_OR_RETURN(v.matches, Match(v.demand, 10));
  }
  return v;
}

StatusOr<std::vector<domain::Demand>> BoardService::List(const domain::Principal& caller, bool mine,
                                                         int64_t after_seq, int limit) {
  if (!mine && !caller.SeesEverything() && caller.status != domain::AdmissionStatus::kApproved)
    return errors::Forbidden("the board is open to admitted participants");
  std::vector<domain::Demand> out;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    store::DemandFilter f;
    if (mine) {
      f.buyer = caller.organization;
    } else {
      f.status = DemandStatus::kOpen;
    }
    f.after_seq = after_seq;
    f.limit = limit;
    BOURSE_ASSIGN_OR_RETURN(out, tx.demands().List(f));
    return OkStatus();
  }));
  return out;
}

StatusOr<DemandView> BoardService::Close(const domain::Principal& caller, const DemandId& id) {
  DemandView v;
  BOURSE_RETURN_IF_ERROR(store_.Write([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(v.demand, LoadVisible(tx, caller, id));
    if (!caller.Owns(v.demand.buyer_id))
      return errors::Forbidden("only the buyer closes its demand");
    if (v.demand.status != DemandStatus::kOpen)
      return errors::IllegalTransition(
          StrCat("the demand is already ", domain::Name(v.demand.status)));
    v.demand.status = DemandStatus::kClosed;
    BOURSE_RETURN_IF_ERROR(tx.demands().Update(v.demand));
    log::Event entry;
    entry.type = "demand.closed";
    entry.time = clock_.Now();
    entry.actor = caller.organization.value();
    entry.subjects = {{"demand", id.value()}};
    return log_.Append(tx, entry).status();
  }));
  return v;
}

StatusOr<domain::DemandOffer> BoardService::Offer(const domain::Principal& caller,
                                                  const DemandId& demand_id,
                                                  const ProductId& product_id,
                                                  const domain::OfferTerms& terms,
                                                  const std::string& message) {
  if (caller.IsRegulator() || caller.IsOperator())
    return errors::Forbidden("the operator and the regulator do not make offers");
  BOURSE_RETURN_IF_ERROR(domain::ValidateTerms(terms));
  BOURSE_RETURN_IF_ERROR(domain::CheckTermsWithin(terms, trades_.money_bounds()));
  if (message.size() > 2000) return errors::InvalidField("message", "at most 2000 characters");
  domain::DemandOffer o;
  BOURSE_RETURN_IF_ERROR(store_.Write([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(domain::Demand d, LoadVisible(tx, caller, demand_id));
    if (d.status != DemandStatus::kOpen)
      return errors::IllegalTransition(StrCat("the demand is ", domain::Name(d.status)));
    if (caller.Owns(d.buyer_id)) return errors::Forbidden("a buyer cannot answer its own demand");
    auto p = tx.products().Get(product_id);
    if (!p.ok() || !caller.Owns(p->seller_id))
      return errors::InvalidField("product_id", "must be one of your products");
    if (p->status != domain::ProductStatus::kListed)
      return errors::RuleViolation("only a listed product can be offered", "product_id");
    BOURSE_RETURN_IF_ERROR(domain::CheckTermsAgainst(terms, p->description));
    o.id = DemandOfferId(NewId("dof", clock_.Now(), random_));
    o.demand_id = d.id;
    o.merchant_id = caller.organization;
    o.product_id = product_id;
    o.terms = terms;
    o.message = message;
    o.created_at = clock_.Now();
    BOURSE_RETURN_IF_ERROR(tx.demands().InsertOffer(&o));
    log::Event entry;
    entry.type = "demand.offer";
    entry.time = o.created_at;
    entry.actor = caller.organization.value();
    entry.subjects = {
        {"demand", d.id.value()}, {"offer", o.id.value()}, {"product", product_id.value()}};
    entry.fields = {{"amount", terms.amount.minor},
                    {"currency", terms.amount.currency},
                    {"quantity", terms.quantity}};
    BOURSE_RETURN_IF_ERROR(log_.Append(tx, entry).status());
    return Notify(tx, clock_, d.buyer_id, "offer.received", o.id.value(),
                  StrCat("An offer for \"", d.title, "\": ", p->description.title));
  }));
  return o;
}

StatusOr<domain::DemandOffer> BoardService::WithdrawOffer(const domain::Principal& caller,
                                                          const DemandOfferId& id) {
  domain::DemandOffer o;
  BOURSE_RETURN_IF_ERROR(store_.Write([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(o, tx.demands().GetOffer(id));
    if (!caller.Owns(o.merchant_id)) return errors::NotFound("offer");
    if (o.status != DemandOfferStatus::kOpen)
      return errors::IllegalTransition(StrCat("the offer is ", domain::Name(o.status)));
    o.status = DemandOfferStatus::kWithdrawn;
    return tx.demands().UpdateOffer(o);
  }));
  return o;
}

StatusOr<domain::Negotiation> BoardService::AcceptOffer(const domain::Principal& caller,
                                                        const DemandOfferId& id,
                                                        const std::string& manner_of_use) {
  // One transaction: the offer is taken at most once, and only with its negotiation started.
  domain::Negotiation n;
  BOURSE_RETURN_IF_ERROR(store_.Write([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(domain::DemandOffer o, tx.demands().GetOffer(id));
    BOURSE_ASSIGN_OR_RETURN(domain::Demand d, tx.demands().Get(o.demand_id));
    if (!caller.Owns(d.buyer_id) && !caller.Owns(o.merchant_id)) return errors::NotFound("offer");
    if (!caller.Owns(d.buyer_id)) return errors::Forbidden("only the buyer takes an offer");
    if (o.status != DemandOfferStatus::kOpen)
      return errors::IllegalTransition(StrCat("the offer is ", domain::Name(o.status)));
    domain::Declaration declaration{
        d.purpose, d.scenario, manner_of_use.empty() ? "As stated in the demand" : manner_of_use,
        d.region,  "",         365};
    BOURSE_ASSIGN_OR_RETURN(
        n, trades_.RequestIn(tx, caller, o.product_id, declaration, o.terms,
                             StrCat("Taking offer ", o.id.value(), " on demand ", d.id.value()),
                             false, std::nullopt));
    o.status = DemandOfferStatus::kAccepted;
    o.negotiation_id = n.id;
    BOURSE_RETURN_IF_ERROR(tx.demands().UpdateOffer(o));
    return Notify(tx, clock_, o.merchant_id, "offer.accepted", n.id.value(),
                  StrCat("Your offer on \"", d.title, "\" was taken: negotiation ", n.id.value()));
  }));
  return n;
}

StatusOr<std::vector<domain::Notification>> BoardService::Notifications(
    const domain::Principal& caller, int64_t before_seq, int limit) {
  std::vector<domain::Notification> out;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(out,
                            tx.notifications().ListFor(caller.organization, before_seq, limit));
    return OkStatus();
  }));
  return out;
}

StatusOr<domain::Webhook> BoardService::AddWebhook(const domain::Principal& caller,
                                                   const std::string& url) {
  if (caller.IsRegulator()) return errors::Forbidden("the regulator reads but never writes");
  BOURSE_RETURN_IF_ERROR(domain::ValidateWebhookUrl(url));
  if (endpoint_check_) BOURSE_RETURN_IF_ERROR(endpoint_check_(url));
  domain::Webhook w;
  w.id = WebhookId(NewId("whk", clock_.Now(), random_));
  w.organization = caller.organization;
  w.url = url;
  w.secret = StrCat("whsec_", HexEncode(random_.Bytes(24)));
  w.created_at = clock_.Now();
  domain::Webhook stored = w;
  if (secret_keys_ != nullptr) {
    BOURSE_ASSIGN_OR_RETURN(stored.secret, secret_keys_->SealSecret(w.secret, kWebhookPurpose));
  }
  BOURSE_RETURN_IF_ERROR(store_.Write([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(auto existing, tx.notifications().Webhooks(caller.organization));
    int active = 0;
    for (const auto& e : existing) active += e.active;
    if (active >= 10) return errors::RuleViolation("at most 10 active webhooks");
    return tx.notifications().InsertWebhook(stored);
  }));
  return w;
}

StatusOr<int64_t> BoardService::SealStoredSecrets() {
  if (secret_keys_ == nullptr) return int64_t{0};
  int64_t sealed = 0;
  const std::string active = secret_keys_->active_id();
  BOURSE_RETURN_IF_ERROR(store_.Write([&](store::Transaction& tx) -> Status {
    sealed = 0;
    BOURSE_ASSIGN_OR_RETURN(auto hooks, tx.notifications().AllWebhooks());
    for (const auto& w : hooks) {
      if (crypto::SealedSecretKeyId(w.secret) == active) continue;
      std::string plain = w.secret;
      if (crypto::IsSealedSecret(w.secret)) {
        BOURSE_ASSIGN_OR_RETURN(plain, secret_keys_->OpenSecret(w.secret, kWebhookPurpose));
      }
      BOURSE_ASSIGN_OR_RETURN(std::string again, secret_keys_->SealSecret(plain, kWebhookPurpose));
      BOURSE_RETURN_IF_ERROR(tx.notifications().UpdateWebhookSecret(w.id, again));
      ++sealed;
    }
    return OkStatus();
  }));
  return sealed;
}

StatusOr<std::vector<domain::Webhook>> BoardService::Webhooks(const domain::Principal& caller) {
  std::vector<domain::Webhook> out;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(out, tx.notifications().Webhooks(caller.organization));
    return OkStatus();
  }));
  for (auto& w : out) w.secret.clear();
  return out;
}

Status BoardService::RemoveWebhook(const domain::Principal& caller, const WebhookId& id) {
  return store_.Write([&](store::Transaction& tx) -> Status {
    auto w = tx.notifications().GetWebhook(id);
    if (!w.ok() || !caller.Owns(w->organization)) return errors::NotFound("webhook");
    return tx.notifications().DeactivateWebhook(id);
  });
}

StatusOr<std::vector<domain::WebhookDelivery>> BoardService::Deliveries(
    const domain::Principal& caller, const WebhookId& id, int limit) {
  std::vector<domain::WebhookDelivery> out;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    auto w = tx.notifications().GetWebhook(id);
    if (!w.ok() || (!caller.Owns(w->organization) && !caller.SeesEverything()))
      return errors::NotFound("webhook");
    BOURSE_ASSIGN_OR_RETURN(out, tx.notifications().Deliveries(id, limit));
    return OkStatus();
  }));
  return out;
}

StatusOr<int> BoardService::Sweep() {
  std::vector<DemandId> due;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(due, tx.demands().Expired(clock_.Now()));
    return OkStatus();
  }));
  for (const auto& id : due) {
    BOURSE_RETURN_IF_ERROR(store_.Write([&](store::Transaction& tx) -> Status {
      BOURSE_ASSIGN_OR_RETURN(domain::Demand d, tx.demands().Get(id));
      if (d.status != DemandStatus::kOpen) return OkStatus();
      d.status = DemandStatus::kExpired;
      BOURSE_RETURN_IF_ERROR(tx.demands().Update(d));
      return Notify(tx, clock_, d.buyer_id, "demand.expired", d.id.value(),
                    StrCat("Your demand \"", d.title, "\" reached its deadline"));
    }));
  }
  return static_cast<int>(due.size());
}

StatusOr<int> BoardService::DeliverWebhooks(const WebhookPoster& post, int limit) {
  std::vector<domain::WebhookDelivery> due;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(due, tx.notifications().DueDeliveries(clock_.Now(), limit));
    return OkStatus();
  }));
  for (auto& d : due) {
    domain::Webhook hook;
    domain::Notification n;
    BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
      BOURSE_ASSIGN_OR_RETURN(hook, tx.notifications().GetWebhook(d.webhook_id));
      BOURSE_ASSIGN_OR_RETURN(n, tx.notifications().Get(d.notification_seq));
      return OkStatus();
    }));
    const std::string body =
        boost::json::serialize(boost::json::object{{"id", n.seq},
                                                   {"organization", n.organization.value()},
                                                   {"kind", n.kind},
                                                   {"subject", n.subject},
                                                   {"text", n.text},
                                                   {"created_at", FormatRfc3339(n.created_at)},
                                                   {"attempt", d.attempts + 1}});
    if (secret_keys_ != nullptr && crypto::IsSealedSecret(hook.secret)) {
      BOURSE_ASSIGN_OR_RETURN(hook.secret, secret_keys_->OpenSecret(hook.secret, kWebhookPurpose));
    }
    const int64_t t = absl::ToUnixSeconds(clock_.Now());
    const std::string signature = StrCat(
        "t=", t, ",v1=", crypto::HmacSha256Hex(hook.secret, domain::WebhookSignedPayload(t, body)));
    // The network call happens outside any transaction.
    auto status = post(hook.url, body,
                       {{"Content-Type", "application/json"},
                        {"Bourse-Signature", signature},
                        {"Bourse-Delivery", std::to_string(d.seq)}});
    ++d.attempts;
    d.updated_at = clock_.Now();
    d.last_status = status.ok() ? *status : 0;
    d.last_error = status.ok() ? "" : std::string(status.status().message());
    d.delivered = status.ok() && *status >= 200 && *status < 300;
    if (!d.delivered) {
      d.abandoned = d.attempts >= domain::kMaxWebhookAttempts;
      d.next_attempt_at = clock_.Now() + domain::WebhookBackoff(d.attempts - 1);
    }
    BOURSE_RETURN_IF_ERROR(
        store_.Write([&](store::Transaction& tx) { return tx.notifications().UpdateDelivery(d); }));
  }
  return static_cast<int>(due.size());
}

}  // namespace bourse::service
