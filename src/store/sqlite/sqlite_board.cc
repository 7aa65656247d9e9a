#include "store/sqlite/sqlite_board.h"

#include <boost/json.hpp>

namespace bourse::store::sqlite {
namespace {

namespace json = boost::json;

std::string EncodeFields(const std::vector<std::string>& fields) {
  json::array a;
  for (const auto& f : fields) a.emplace_back(f);
  return json::serialize(a);
}

std::vector<std::string> DecodeFields(const std::string& text) {
  std::vector<std::string> out;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& f : v.as_array())
    if (f.is_string()) out.emplace_back(f.as_string());
  return out;
}

constexpr char kDemandColumns[] =
    "seq, id, buyer_id, title, description, fields, coverage, purpose, scenario, region, sector, "
    "budget_minor, currency, deadline, status, created_at";

domain::Demand ReadDemand(const Stmt& s) {
  domain::Demand d;
  d.seq = s.Int(0);
  d.id = DemandId(s.Text(1));
  d.buyer_id = OrganizationId(s.Text(2));
  d.title = s.Text(3);
  d.description = s.Text(4);
  d.fields = DecodeFields(s.Text(5));
  d.coverage = s.Text(6);
  d.purpose = s.Text(7);
  d.scenario = s.Text(8);
  d.region = s.Text(9);
  if (!s.IsNull(10)) d.sector = static_cast<domain::Sector>(s.Int(10));
  d.budget = {s.Int(11), s.Text(12)};
  d.deadline = FromMicros(s.Int(13));
  d.status = static_cast<domain::DemandStatus>(s.Int(14));
  d.created_at = FromMicros(s.Int(15));
  return d;
}

void BindDemand(Stmt& s, const domain::Demand& d) {
  s.Bind(1, std::string_view(d.id.value()))
      .Bind(2, std::string_view(d.buyer_id.value()))
      .Bind(3, std::string_view(d.title))
      .Bind(4, std::string_view(d.description))
      .Bind(5, std::string_view(EncodeFields(d.fields)))
      .Bind(6, std::string_view(d.coverage))
      .Bind(7, std::string_view(d.purpose))
      .Bind(8, std::string_view(d.scenario))
      .Bind(9, std::string_view(d.region))
      .Bind(10, d.sector ? std::optional<int64_t>(static_cast<int64_t>(*d.sector)) : std::nullopt)
      .Bind(11, d.budget.minor)
      .Bind(12, std::string_view(d.budget.currency))
      .Bind(13, Micros(d.deadline))
      .Bind(14, static_cast<int64_t>(d.status))
      .Bind(15, Micros(d.created_at));
}

constexpr char kOfferColumns[] =
    "seq, id, demand_id, merchant_id, product_id, model, amount, currency, quantity, "
    "delivery_mode, message, status, negotiation_id, created_at";

domain::DemandOffer ReadOffer(const Stmt& s) {
  domain::DemandOffer o;
  o.seq = s.Int(0);
  o.id = DemandOfferId(s.Text(1));
  o.demand_id = DemandId(s.Text(2));
  o.merchant_id = OrganizationId(s.Text(3));
  o.product_id = ProductId(s.Text(4));
  o.terms.model = static_cast<domain::PriceModel>(s.Int(5));
  o.terms.amount = {s.Int(6), s.Text(7)};
  o.terms.quantity = s.Int(8);
  o.terms.delivery_mode = static_cast<domain::DeliveryMode>(s.Int(9));
  o.message = s.Text(10);
  o.status = static_cast<domain::DemandOfferStatus>(s.Int(11));
  if (!s.IsNull(12)) o.negotiation_id = NegotiationId(s.Text(12));
  o.created_at = FromMicros(s.Int(13));
  return o;
}

void BindOffer(Stmt& s, const domain::DemandOffer& o) {
  s.Bind(1, std::string_view(o.id.value()))
      .Bind(2, std::string_view(o.demand_id.value()))
      .Bind(3, std::string_view(o.merchant_id.value()))
      .Bind(4, std::string_view(o.product_id.value()))
      .Bind(5, static_cast<int64_t>(o.terms.model))
      .Bind(6, o.terms.amount.minor)
      .Bind(7, std::string_view(o.terms.amount.currency))
      .Bind(8, o.terms.quantity)
      .Bind(9, static_cast<int64_t>(o.terms.delivery_mode))
      .Bind(10, std::string_view(o.message))
      .Bind(11, static_cast<int64_t>(o.status))
      .Bind(12,
            o.negotiation_id ? std::optional<std::string>(o.negotiation_id->value()) : std::nullopt)
      .Bind(13, Micros(o.created_at));
}

template <typename T, typename Read>
StatusOr<std::vector<T>> All(Stmt& s, Read read) {
  std::vector<T> out;
  while (true) {
    BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back(read(s));
  }
  return out;
}

domain::Notification ReadNotification(const Stmt& s) {
  return {s.Int(0),  OrganizationId(s.Text(1)), s.Text(2), s.Text(3),
          s.Text(4), FromMicros(s.Int(5))};
}

domain::Webhook ReadWebhook(const Stmt& s) {
  return {WebhookId(s.Text(0)), OrganizationId(s.Text(1)), s.Text(2), s.Text(3),
          s.Int(4) != 0,        FromMicros(s.Int(5))};
}

domain::WebhookDelivery ReadDelivery(const Stmt& s) {
  domain::WebhookDelivery d;
  d.seq = s.Int(0);
  d.webhook_id = WebhookId(s.Text(1));
  d.notification_seq = s.Int(2);
  d.attempts = static_cast<int>(s.Int(3));
  d.last_status = static_cast<int>(s.Int(4));
  d.last_error = s.Text(5);
  d.delivered = s.Int(6) != 0;
  d.abandoned = s.Int(7) != 0;
  d.next_attempt_at = FromMicros(s.Int(8));
  d.updated_at = FromMicros(s.Int(9));
  return d;
}

constexpr char kDeliveryColumns[] =
    "seq, webhook_id, notification_seq, attempts, last_status, last_error, delivered, abandoned, "
    "next_attempt_at, updated_at";

}  // namespace

Status SqliteDemands::Insert(domain::Demand* d) {
  Stmt s = c_.Prepare(
      "INSERT INTO demands (id, buyer_id, title, description, fields, coverage, purpose, "
      "scenario, region, sector, budget_minor, currency, deadline, status, created_at) VALUES "
      "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15)");
  BindDemand(s, *d);
  BOURSE_RETURN_IF_ERROR(s.Run());
  d->seq = s.LastInsertRowId();
  return OkStatus();
}

Status SqliteDemands::Update(const domain::Demand& d) {
  Stmt s = c_.Prepare(
      "UPDATE demands SET buyer_id=?2, title=?3, description=?4, fields=?5, coverage=?6, "
      "purpose=?7, scenario=?8, region=?9, sector=?10, budget_minor=?11, currency=?12, "
      "deadline=?13, status=?14, created_at=?15 WHERE id=?1");
  BindDemand(s, d);
  BOURSE_RETURN_IF_ERROR(s.Run());
  if (s.Changes() == 0) return errors::NotFound("demand");
  return OkStatus();
}

StatusOr<domain::Demand> SqliteDemands::Get(const DemandId& id) {
  static const std::string sql = StrCat("SELECT ", kDemandColumns, " FROM demands WHERE id=?1");
  Stmt s = c_.Prepare(sql.c_str());
  s.Bind(1, std::string_view(id.value()));
  BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return errors::NotFound("demand");
  return ReadDemand(s);
}

StatusOr<std::vector<domain::Demand>> SqliteDemands::List(const DemandFilter& f) {
  static const std::string sql =
      StrCat("SELECT ", kDemandColumns,
             " FROM demands WHERE seq > ?1 AND (?2 IS NULL OR status = ?2) AND (?3 IS NULL OR "
             "buyer_id = ?3) ORDER BY seq LIMIT ?4");
  Stmt s = c_.Prepare(sql.c_str());
  s.Bind(1, f.after_seq)
      .Bind(2, f.status ? std::optional<int64_t>(static_cast<int64_t>(*f.status)) : std::nullopt)
      .Bind(3, f.buyer ? std::optional<std::string>(f.buyer->value()) : std::nullopt)
      .Bind(4, int64_t{f.limit});
  return All<domain::Demand>(s, ReadDemand);
}

StatusOr<std::vector<DemandId>> SqliteDemands::Expired(absl::Time now) {
  Stmt s = c_.Prepare("SELECT id FROM demands WHERE status=?1 AND deadline <= ?2 LIMIT 500");
  s.Bind(1, static_cast<int64_t>(domain::DemandStatus::kOpen)).Bind(2, Micros(now));
  return All<DemandId>(s, [](const Stmt& st) { return DemandId(st.Text(0)); });
}

Status SqliteDemands::InsertOffer(domain::DemandOffer* o) {
  Stmt s = c_.Prepare(
      "INSERT INTO demand_offers (id, demand_id, merchant_id, product_id, model, amount, "
      "currency, quantity, delivery_mode, message, status, negotiation_id, created_at) VALUES "
      "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)");
  BindOffer(s, *o);
  BOURSE_RETURN_IF_ERROR(s.Run());
  o->seq = s.LastInsertRowId();
  return OkStatus();
}

Status SqliteDemands::UpdateOffer(const domain::DemandOffer& o) {
  Stmt s = c_.Prepare(
      "UPDATE demand_offers SET demand_id=?2, merchant_id=?3, product_id=?4, model=?5, "
      "amount=?6, currency=?7, quantity=?8, delivery_mode=?9, message=?10, status=?11, "
      "negotiation_id=?12, created_at=?13 WHERE id=?1");
  BindOffer(s, o);
  BOURSE_RETURN_IF_ERROR(s.Run());
  if (s.Changes() == 0) return errors::NotFound("offer");
  return OkStatus();
}

StatusOr<domain::DemandOffer> SqliteDemands::GetOffer(const DemandOfferId& id) {
  static const std::string sql =
      StrCat("SELECT ", kOfferColumns, " FROM demand_offers WHERE id=?1");
  Stmt s = c_.Prepare(sql.c_str());
  s.Bind(1, std::string_view(id.value()));
  BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return errors::NotFound("offer");
  return ReadOffer(s);
}

StatusOr<std::vector<domain::DemandOffer>> SqliteDemands::Offers(const DemandId& demand) {
  static const std::string sql =
      StrCat("SELECT ", kOfferColumns, " FROM demand_offers WHERE demand_id=?1 ORDER BY seq");
  Stmt s = c_.Prepare(sql.c_str());
  s.Bind(1, std::string_view(demand.value()));
  return All<domain::DemandOffer>(s, ReadOffer);
}

Status SqliteNotifications::Insert(domain::Notification* n) {
  {
    Stmt s = c_.Prepare(
        "INSERT INTO notifications (organization_id, kind, subject, text, created_at) VALUES "
        "(?1,?2,?3,?4,?5)");
    s.Bind(1, std::string_view(n->organization.value()))
        .Bind(2, std::string_view(n->kind))
        .Bind(3, std::string_view(n->subject))
        .Bind(4, std::string_view(n->text))
        .Bind(5, Micros(n->created_at));
    BOURSE_RETURN_IF_ERROR(s.Run());
    n->seq = s.LastInsertRowId();
  }
  Stmt q = c_.Prepare(
      "INSERT INTO webhook_deliveries (webhook_id, notification_seq, attempts, last_status, "
      "last_error, delivered, abandoned, next_attempt_at, updated_at) SELECT id, ?2, 0, 0, '', 0, "
      "0, ?3, ?3 FROM webhooks WHERE organization_id=?1 AND active=1");
  q.Bind(1, std::string_view(n->organization.value()))
      .Bind(2, n->seq)
      .Bind(3, Micros(n->created_at));
  return q.Run();
}

StatusOr<domain::Notification> SqliteNotifications::Get(int64_t seq) {
  Stmt s = c_.Prepare(
      "SELECT seq, organization_id, kind, subject, text, created_at FROM notifications WHERE "
      "seq=?1");
  s.Bind(1, seq);
  BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return errors::NotFound("notification");
  return ReadNotification(s);
}

StatusOr<std::vector<domain::Notification>> SqliteNotifications::ListFor(const OrganizationId& org,
                                                                         int64_t before_seq,
                                                                         int limit) {
  Stmt s = c_.Prepare(
      "SELECT seq, organization_id, kind, subject, text, created_at FROM notifications WHERE "
      "organization_id=?1 AND seq < ?2 ORDER BY seq DESC LIMIT ?3");
  s.Bind(1, std::string_view(org.value()))
      .Bind(2, before_seq > 0 ? before_seq : INT64_MAX)
      .Bind(3, int64_t{limit});
  return All<domain::Notification>(s, ReadNotification);
}

Status SqliteNotifications::InsertWebhook(const domain::Webhook& w) {
  Stmt s = c_.Prepare(
      "INSERT INTO webhooks (id, organization_id, url, secret, active, created_at) VALUES "
      "(?1,?2,?3,?4,?5,?6)");
  s.Bind(1, std::string_view(w.id.value()))
      .Bind(2, std::string_view(w.organization.value()))
      .Bind(3, std::string_view(w.url))
      .Bind(4, std::string_view(w.secret))
      .Bind(5, int64_t{w.active})
      .Bind(6, Micros(w.created_at));
  return s.Run();
}

StatusOr<domain::Webhook> SqliteNotifications::GetWebhook(const WebhookId& id) {
  Stmt s = c_.Prepare(
      "SELECT id, organization_id, url, secret, active, created_at FROM webhooks WHERE id=?1");
  s.Bind(1, std::string_view(id.value()));
  BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return errors::NotFound("webhook");
  return ReadWebhook(s);
}

StatusOr<std::vector<domain::Webhook>> SqliteNotifications::Webhooks(const OrganizationId& org) {
  Stmt s = c_.Prepare(
      "SELECT id, organization_id, url, secret, active, created_at FROM webhooks WHERE "
      "organization_id=?1 ORDER BY created_at");
  s.Bind(1, std::string_view(org.value()));
  return All<domain::Webhook>(s, ReadWebhook);
}

StatusOr<std::vector<domain::Webhook>> SqliteNotifications::AllWebhooks() {
  Stmt s = c_.Prepare(
      "SELECT id, organization_id, url, secret, active, created_at FROM webhooks ORDER BY "
      "created_at");
  return All<domain::Webhook>(s, ReadWebhook);
}

Status SqliteNotifications::UpdateWebhookSecret(const WebhookId& id, const std::string& secret) {
  Stmt s = c_.Prepare("UPDATE webhooks SET secret=?2 WHERE id=?1");
  s.Bind(1, std::string_view(id.value())).Bind(2, std::string_view(secret));
  BOURSE_RETURN_IF_ERROR(s.Run());
  if (s.Changes() == 0) return errors::NotFound("webhook");
  return OkStatus();
}

Status SqliteNotifications::DeactivateWebhook(const WebhookId& id) {
  Stmt s = c_.Prepare("UPDATE webhooks SET active=0 WHERE id=?1");
  s.Bind(1, std::string_view(id.value()));
  BOURSE_RETURN_IF_ERROR(s.Run());
  if (s.Changes() == 0) return errors::NotFound("webhook");
  // Nothing more is sent to it.
  Stmt d =
      c_.Prepare("UPDATE webhook_deliveries SET abandoned=1 WHERE webhook_id=?1 AND delivered=0");
  d.Bind(1, std::string_view(id.value()));
  return d.Run();
}

StatusOr<std::vector<domain::WebhookDelivery>> SqliteNotifications::DueDeliveries(absl::Time now,
                                                                                  int limit) {
  static const std::string sql =
      StrCat("SELECT ", kDeliveryColumns,
             " FROM webhook_deliveries WHERE delivered=0 AND abandoned=0 AND next_attempt_at <= "
             "?1 ORDER BY next_attempt_at LIMIT ?2");
  Stmt s = c_.Prepare(sql.c_str());
  s.Bind(1, Micros(now)).Bind(2, int64_t{limit});
  return All<domain::WebhookDelivery>(s, ReadDelivery);
}

Status SqliteNotifications::UpdateDelivery(const domain::WebhookDelivery& d) {
  Stmt s = c_.Prepare(
      "UPDATE webhook_deliveries SET attempts=?2, last_status=?3, last_error=?4, delivered=?5, "
      "abandoned=?6, next_attempt_at=?7, updated_at=?8 WHERE seq=?1");
  s.Bind(1, d.seq)
      .Bind(2, int64_t{d.attempts})
      .Bind(3, int64_t{d.last_status})
      .Bind(4, std::string_view(d.last_error))
      .Bind(5, int64_t{d.delivered})
      .Bind(6, int64_t{d.abandoned})
      .Bind(7, Micros(d.next_attempt_at))
      .Bind(8, Micros(d.updated_at));
  BOURSE_RETURN_IF_ERROR(s.Run());
  if (s.Changes() == 0) return errors::NotFound("delivery");
  return OkStatus();
}

StatusOr<std::vector<domain::WebhookDelivery>> SqliteNotifications::Deliveries(const WebhookId& id,
                                                                               int limit) {
  static const std::string sql = StrCat("SELECT ", kDeliveryColumns,
                                        " FROM webhook_deliveries WHERE webhook_id=?1 ORDER BY "
                                        "seq DESC LIMIT ?2");
  Stmt s = c_.Prepare(sql.c_str());
  s.Bind(1, std::string_view(id.value())).Bind(2, int64_t{limit});
  return All<domain::WebhookDelivery>(s, ReadDelivery);
}

}  // namespace bourse::store::sqlite
