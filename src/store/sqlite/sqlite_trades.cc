#include "store/sqlite/sqlite_trades.h"

#include <algorithm>
#include <array>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "store/trade_codec.h"

namespace bourse::store::sqlite {
namespace {

// A journal entry's postings go in with one statement per table rather than one per posting:
// SQL for 1..kPostingRows rows, built once (Connection::Prepare keys its cache by address).
constexpr size_t kPostingRows = 8;

using PostingSql = std::array<std::string, kPostingRows + 1>;

// `head`, then `row` repeated 1..kPostingRows times with commas between, then `tail`.
PostingSql MultiRowSql(std::string_view head, std::string_view row, std::string_view tail) {
  PostingSql out;
  for (size_t n = 1; n <= kPostingRows; ++n) {
    out[n] = std::string(head);
    for (size_t i = 0; i < n; ++i) {
      if (i > 0) out[n] += ',';
      out[n] += row;
    }
    out[n] += tail;
  }
  return out;
}

const char* AccountUpsertSql(size_t rows) {
  // Rows apply in order, so an account named twice is credited twice.
  static const PostingSql sql = MultiRowSql(
      "INSERT INTO accounts (key, kind, owner, currency, balance) VALUES ", "(?,?,?,?,?)",
      " ON CONFLICT(key) DO UPDATE SET balance = balance + excluded.balance");
  return sql[rows].c_str();
}

const char* PostingInsertSql(size_t rows) {
  static const PostingSql sql =
      MultiRowSql("INSERT INTO postings (journal_seq, account_key, amount) VALUES ", "(?,?,?)", "");
  return sql[rows].c_str();
}

std::optional<std::string> OptId(const std::optional<OrganizationId>& id) {
  if (!id) return std::nullopt;
  return id->value();
}

// ---- negotiations ----

constexpr char kNegotiationColumns[] =
    "seq, id, product_id, revision, buyer_id, seller_id, state, cross_border, contract_id, "
    "document, created_at, updated_at";

StatusOr<domain::Negotiation> ReadNegotiation(const Stmt& s) {
  domain::Negotiation n;
  n.seq = s.Int(0);
  n.id = NegotiationId(s.Text(1));
  n.product_id = ProductId(s.Text(2));
  n.revision = static_cast<int>(s.Int(3));
  n.buyer_id = OrganizationId(s.Text(4));
  n.seller_id = OrganizationId(s.Text(5));
  n.state = static_cast<domain::NegotiationState>(s.Int(6));
  n.cross_border = s.Int(7) != 0;
  if (!s.IsNull(8)) n.contract_id = ContractId(s.Text(8));
  BOURSE_RETURN_IF_ERROR(DecodeNegotiationDocument(s.Text(9), &n));
  n.created_at = FromMicros(s.Int(10));
  n.updated_at = FromMicros(s.Int(11));
  return n;
}

void BindNegotiation(Stmt& s, const domain::Negotiation& n) {
  s.Bind(1, std::string_view(n.id.value()))
      .Bind(2, std::string_view(n.product_id.value()))
      .Bind(3, int64_t{n.revision})
      .Bind(4, std::string_view(n.buyer_id.value()))
      .Bind(5, std::string_view(n.seller_id.value()))
      .Bind(6, static_cast<int64_t>(n.state))
      .Bind(7, int64_t{n.cross_border})
      .Bind(8, n.contract_id ? std::optional<std::string>(n.contract_id->value()) : std::nullopt)
      .Bind(9, std::string_view(EncodeNegotiationDocument(n)))
      .Bind(10, Micros(n.created_at))
      .Bind(11, Micros(n.updated_at));
}

// ---- contracts ----

constexpr char kContractColumns[] =
    "seq, id, negotiation_id, product_id, revision, buyer_id, seller_id, currency, total_minor, "
    "fee_minor, status, trade_status, signed_at, ends_at, delivered_at, acceptance_due, "
    "settled_at, digest, log_index, downloads, bytes_delivered, cross_border, status_reason, "
    "document, renews";

// The first column of every row, as contract ids.
StatusOr<std::vector<ContractId>> ReadContractIds(Stmt& s) {
  std::vector<ContractId> out;
  while (true) {
    BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.emplace_back(s.Text(0));
  }
  return out;
}

StatusOr<domain::Contract> ReadContract(const Stmt& s) {
  domain::Contract c;
  c.seq = s.Int(0);
  c.id = ContractId(s.Text(1));
  c.negotiation_id = NegotiationId(s.Text(2));
  c.product_id = ProductId(s.Text(3));
  c.revision = static_cast<int>(s.Int(4));
  c.buyer_id = OrganizationId(s.Text(5));
  c.seller_id = OrganizationId(s.Text(6));
  c.total = {s.Int(8), s.Text(7)};
  c.fee_minor = s.Int(9);
  c.status = static_cast<domain::ContractStatus>(s.Int(10));
  c.trade_status = static_cast<domain::TradeStatus>(s.Int(11));
  c.signed_at = FromMicros(s.Int(12));
  c.ends_at = FromMicros(s.Int(13));
  c.delivered_at = OptTime(s, 14);
  c.acceptance_due = OptTime(s, 15);
  c.settled_at = OptTime(s, 16);
  c.digest = s.Text(17);
  c.log_index = s.Int(18);
  c.downloads = s.Int(19);
  c.bytes_delivered = s.Int(20);
  c.cross_border = s.Int(21) != 0;
  c.status_reason = s.Text(22);
  BOURSE_RETURN_IF_ERROR(DecodeContractDocument(s.Text(23), &c));
  c.renews = s.Int(24) != 0;
  return c;
}

void BindContract(Stmt& s, const domain::Contract& c) {
  s.Bind(1, std::string_view(c.id.value()))
      .Bind(2, std::string_view(c.negotiation_id.value()))
      .Bind(3, std::string_view(c.product_id.value()))
      .Bind(4, int64_t{c.revision})
      .Bind(5, std::string_view(c.buyer_id.value()))
      .Bind(6, std::string_view(c.seller_id.value()))
      .Bind(7, std::string_view(c.total.currency))
      .Bind(8, c.total.minor)
      .Bind(9, c.fee_minor)
      .Bind(10, static_cast<int64_t>(c.status))
      .Bind(11, static_cast<int64_t>(c.trade_status))
      .Bind(12, Micros(c.signed_at))
      .Bind(13, Micros(c.ends_at))
      .Bind(14, OptMicros(c.delivered_at))
      .Bind(15, OptMicros(c.acceptance_due))
      .Bind(16, OptMicros(c.settled_at))
      .Bind(17, std::string_view(c.digest))
      .Bind(18, c.log_index)
      .Bind(19, c.downloads)
      .Bind(20, c.bytes_delivered)
      .Bind(21, int64_t{c.cross_border})
      .Bind(22, std::string_view(c.status_reason))
      .Bind(23, std::string_view(EncodeContractDocument(c)))
      .Bind(24, int64_t{c.renews});
}

}  // namespace

Status SqliteNegotiations::Insert(domain::Negotiation* n) {
  Stmt s = c_.Prepare(
      "INSERT INTO negotiations (id, product_id, revision, buyer_id, seller_id, state, "
      "cross_border, contract_id, document, created_at, updated_at) VALUES "
      "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)");
  BindNegotiation(s, *n);
  BOURSE_RETURN_IF_ERROR(s.Run());
  n->seq = s.LastInsertRowId();
  return OkStatus();
}

Status SqliteNegotiations::Update(const domain::Negotiation& n) {
  Stmt s = c_.Prepare(
      "UPDATE negotiations SET state=?6, cross_border=?7, contract_id=?8, document=?9, "
      "updated_at=?11 WHERE id=?1");
  BindNegotiation(s, n);
  BOURSE_RETURN_IF_ERROR(s.Run());
  if (s.Changes() == 0) return errors::NotFound("negotiation");
  return OkStatus();
}

StatusOr<domain::Negotiation> SqliteNegotiations::Get(const NegotiationId& id) {
  static const std::string sql =
      StrCat("SELECT ", kNegotiationColumns, " FROM negotiations WHERE id=?1");
  Stmt s = c_.Prepare(sql.c_str());
  s.Bind(1, std::string_view(id.value()));
  BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return errors::NotFound("negotiation");
  return ReadNegotiation(s);
}

// A party's negotiations, or its contracts, are found through two indexes, negotiations by buyer
// and by seller, merged in order (SQLite's MERGE (UNION)) and cut at the page's size: a page
// costs a few index seeks however many trades the exchange holds. `mine` holds the seqs of the
// party's (?2) negotiations after ?1, at most ?3 of them; with ?4 = 1, only those that led to a
// contract.
constexpr char kPartyNegotiations[] =
    "WITH mine(seq) AS ("
    "SELECT seq FROM negotiations WHERE buyer_id = ?2 AND seq > ?1 AND (?4 = 0 OR contract_id "
    "IS NOT NULL) "
    "UNION "
    "SELECT seq FROM negotiations WHERE seller_id = ?2 AND seq > ?1 AND (?4 = 0 OR contract_id "
    "IS NOT NULL) "
    "ORDER BY 1 LIMIT ?3) ";

StatusOr<NegotiationPage> SqliteNegotiations::List(const TradeFilter& f) {
  static const std::string all = StrCat("SELECT ", kNegotiationColumns,
                                        " FROM negotiations WHERE seq > ?1 ORDER BY seq LIMIT ?3");
  static const std::string mine =
      StrCat(kPartyNegotiations, "SELECT ", kNegotiationColumns,
             " FROM negotiations WHERE seq IN (SELECT seq FROM mine) ORDER BY seq");
  Stmt s = c_.Prepare(f.party ? mine.c_str() : all.c_str());
  s.Bind(1, f.after_seq).Bind(3, int64_t{f.limit + 1});
  if (f.party) s.Bind(2, std::string_view(f.party->value())).Bind(4, int64_t{0});
  NegotiationPage page;
  while (true) {
    BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    BOURSE_ASSIGN_OR_RETURN(domain::Negotiation n, ReadNegotiation(s));
    page.items.push_back(std::move(n));
  }
  if (static_cast<int>(page.items.size()) > f.limit) {
    page.items.pop_back();
    page.next_after_seq = page.items.back().seq;
  }
  return page;
}

namespace {
constexpr char kMandateColumns[] =
    "id, principal_id, agent_id, commission_basis_points, active, created_at, side";
domain::Mandate ReadMandate(const Stmt& s) {
  return {MandateId(s.Text(0)),
          OrganizationId(s.Text(1)),
          OrganizationId(s.Text(2)),
          static_cast<int>(s.Int(3)),
          s.Int(4) != 0,
          FromMicros(s.Int(5)),
          static_cast<domain::MandateSide>(s.Int(6))};
}
}  // namespace

Status SqliteNegotiations::InsertMandate(const domain::Mandate& m) {
  Stmt s = c_.Prepare(
      "INSERT INTO mandates (id, principal_id, agent_id, commission_basis_points, active, "
      "created_at, side) VALUES (?1,?2,?3,?4,?5,?6,?7)");
  s.Bind(1, std::string_view(m.id.value()))
      .Bind(2, std::string_view(m.principal.value()))
      .Bind(3, std::string_view(m.agent.value()))
      .Bind(4, int64_t{m.commission_basis_points})
      .Bind(5, int64_t{m.active})
      .Bind(6, Micros(m.created_at))
      .Bind(7, static_cast<int64_t>(m.side));
  return s.Run();
}

Status SqliteNegotiations::UpdateMandate(const domain::Mandate& m) {
  Stmt s = c_.Prepare("UPDATE mandates SET commission_basis_points=?2, active=?3 WHERE id=?1");
  s.Bind(1, std::string_view(m.id.value()))
      .Bind(2, int64_t{m.commission_basis_points})
      .Bind(3, int64_t{m.active});
  BOURSE_RETURN_IF_ERROR(s.Run());
  if (s.Changes() == 0) return errors::NotFound("mandate");
  return OkStatus();
}

StatusOr<domain::Mandate> SqliteNegotiations::GetMandate(const MandateId& id) {
  static const std::string sql = StrCat("SELECT ", kMandateColumns, " FROM mandates WHERE id=?1");
  Stmt s = c_.Prepare(sql.c_str());
  s.Bind(1, std::string_view(id.value()));
  BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return errors::NotFound("mandate");
  return ReadMandate(s);
}

StatusOr<domain::Mandate> SqliteNegotiations::ActiveMandate(const OrganizationId& principal,
                                                            const OrganizationId& agent,
                                                            domain::MandateSide side) {
  static const std::string sql =
      StrCat("SELECT ", kMandateColumns,
             " FROM mandates WHERE principal_id=?1 AND agent_id=?2 AND side=?3 AND active=1 "
             "ORDER BY created_at DESC LIMIT 1");
  Stmt s = c_.Prepare(sql.c_str());
  s.Bind(1, std::string_view(principal.value()))
      .Bind(2, std::string_view(agent.value()))
      .Bind(3, static_cast<int64_t>(side));
  BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return errors::NotFound("mandate");
  return ReadMandate(s);
}

StatusOr<std::vector<domain::Mandate>> SqliteNegotiations::Mandates(const OrganizationId& org) {
  static const std::string sql =
      StrCat("SELECT ", kMandateColumns,
             " FROM mandates WHERE principal_id=?1 OR agent_id=?1 ORDER BY created_at DESC");
  Stmt s = c_.Prepare(sql.c_str());
  s.Bind(1, std::string_view(org.value()));
  std::vector<domain::Mandate> out;
  while (true) {
    BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back(ReadMandate(s));
  }
  return out;
}

Status SqliteContracts::Insert(domain::Contract* c) {
  Stmt s = c_.Prepare(
      "INSERT INTO contracts (id, negotiation_id, product_id, revision, buyer_id, seller_id, "
      "currency, total_minor, fee_minor, status, trade_status, signed_at, ends_at, delivered_at, "
      "acceptance_due, settled_at, digest, log_index, downloads, bytes_delivered, cross_border, "
      "status_reason, document, renews) VALUES "
      "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24)");
  BindContract(s, *c);
  BOURSE_RETURN_IF_ERROR(s.Run());
  c->seq = s.LastInsertRowId();
  return OkStatus();
}

Status SqliteContracts::Update(const domain::Contract& c) {
  Stmt s = c_.Prepare(
      "UPDATE contracts SET fee_minor=?9, status=?10, trade_status=?11, ends_at=?13, "
      "delivered_at=?14, acceptance_due=?15, settled_at=?16, downloads=?19, "
      "bytes_delivered=?20, status_reason=?22, document=?23, renews=?24 WHERE id=?1");
  BindContract(s, c);
  BOURSE_RETURN_IF_ERROR(s.Run());
  if (s.Changes() == 0) return errors::NotFound("contract");
  return OkStatus();
}

StatusOr<domain::Contract> SqliteContracts::Get(const ContractId& id) {
  static const std::string sql = StrCat("SELECT ", kContractColumns, " FROM contracts WHERE id=?1");
  Stmt s = c_.Prepare(sql.c_str());
  s.Bind(1, std::string_view(id.value()));
  BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return errors::NotFound("contract");
  return ReadContract(s);
}

StatusOr<ContractPage> SqliteContracts::List(const TradeFilter& f) {
  // Contracts come in the order their negotiations began, and the cursor counts negotiations:
  // that lets a party's contracts be found through the negotiations' party indexes (contracts
  // have none of their own, which would cost every trade two more index pages per commit).
  // The contract's columns, then its negotiation's seq.
  static const std::vector<absl::string_view> names = absl::StrSplit(kContractColumns, ", ");
  static const std::string columns = [] {
    std::string out;
    for (absl::string_view col : names) absl::StrAppend(&out, out.empty() ? "" : ", ", "c.", col);
    return out;
  }();
  static const std::string all =
      StrCat("SELECT ", columns,
             ", n.seq FROM negotiations n JOIN contracts c ON c.id = n.contract_id "
             "WHERE n.seq > ?1 ORDER BY n.seq LIMIT ?3");
  static const std::string mine =
      StrCat(kPartyNegotiations, "SELECT ", columns,
             ", n.seq FROM mine JOIN negotiations n ON n.seq = mine.seq "
             "JOIN contracts c ON c.id = n.contract_id ORDER BY n.seq");
  static const int kNegotiationSeq = static_cast<int>(names.size());  // After the contract's.
  Stmt s = c_.Prepare(f.party ? mine.c_str() : all.c_str());
  s.Bind(1, f.after_seq).Bind(3, int64_t{f.limit + 1});
  if (f.party) s.Bind(2, std::string_view(f.party->value())).Bind(4, int64_t{1});
  ContractPage page;
  int64_t last_seq = 0;
  while (true) {
    BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    if (static_cast<int>(page.items.size()) == f.limit) {
      page.next_after_seq = last_seq;
      break;
    }
    BOURSE_ASSIGN_OR_RETURN(domain::Contract c, ReadContract(s));
    page.items.push_back(std::move(c));
    last_seq = s.Int(kNegotiationSeq);
  }
  return page;
}

StatusOr<std::vector<ContractId>> SqliteContracts::AcceptanceDue(absl::Time now) {
  Stmt s = c_.Prepare(
      "SELECT id FROM contracts WHERE trade_status=?1 AND acceptance_due <= ?2 ORDER BY "
      "acceptance_due LIMIT 500");
  s.Bind(1, static_cast<int64_t>(domain::TradeStatus::kDelivered)).Bind(2, Micros(now));
  return ReadContractIds(s);
}

StatusOr<std::vector<ContractId>> SqliteContracts::RenewalsDue(absl::Time now) {
  Stmt s = c_.Prepare(
      "SELECT id FROM contracts WHERE renews=1 AND ends_at <= ?1 ORDER BY ends_at LIMIT 500");
  s.Bind(1, Micros(now));
  return ReadContractIds(s);
}

StatusOr<TradeTotals> SqliteContracts::Totals() {
  TradeTotals t;
  const int64_t refunded = static_cast<int64_t>(domain::TradeStatus::kRefunded);
  const int64_t cancelled = static_cast<int64_t>(domain::TradeStatus::kCancelled);
  {
    Stmt s = c_.Prepare(
        "SELECT COUNT(*), COALESCE(SUM(cross_border), 0), COALESCE(SUM(trade_status = ?1), 0) "
        "FROM contracts");
    s.Bind(1, static_cast<int64_t>(domain::TradeStatus::kDisputed));
    BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (row) {
      t.count = s.Int(0);
      t.cross_border = s.Int(1);
      t.disputed = s.Int(2);
    }
  }
  {
    Stmt s = c_.Prepare(
        "SELECT currency, SUM(total_minor) FROM contracts WHERE trade_status NOT IN (?1, ?2) "
        "GROUP BY currency ORDER BY currency");
    s.Bind(1, refunded).Bind(2, cancelled);
    while (true) {
      BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      t.value[s.Text(0)] = s.Int(1);
    }
  }
  {
    Stmt s = c_.Prepare(
        "SELECT p.sector, c.currency, COUNT(*), SUM(CASE WHEN c.trade_status IN (?1, ?2) THEN 0 "
        "ELSE c.total_minor END) FROM contracts c JOIN products p ON p.id = c.product_id GROUP "
        "BY p.sector, c.currency ORDER BY p.sector, c.currency");
    s.Bind(1, refunded).Bind(2, cancelled);
    while (true) {
      BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      t.by_sector.push_back({std::string(domain::Name(static_cast<domain::Sector>(s.Int(0)))),
                             s.Text(1), s.Int(2), s.Int(3)});
    }
  }
  {
    Stmt s = c_.Prepare(
        "SELECT strftime('%Y-%m', signed_at / 1000000, 'unixepoch') AS month, currency, "
        "COUNT(*), SUM(CASE WHEN trade_status IN (?1, ?2) THEN 0 ELSE total_minor END) FROM "
        "contracts GROUP BY month, currency ORDER BY month, currency");
    s.Bind(1, refunded).Bind(2, cancelled);
    while (true) {
      BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      t.by_month.push_back({s.Text(0), s.Text(1), s.Int(2), s.Int(3)});
    }
  }
  return t;
}

// ---- cross-border cases ----

namespace {
constexpr char kCaseColumns[] =
    "seq, contract_id, exporter_id, recipient_id, destination, year, individuals, "
    "sensitive_individuals, row, route, reason, any_of, all_of, created_at";

CrossBorderCase ReadCase(const Stmt& s) {
  CrossBorderCase c;
  c.seq = s.Int(0);
  c.contract_id = ContractId(s.Text(1));
  c.exporter = OrganizationId(s.Text(2));
  c.recipient = OrganizationId(s.Text(3));
  c.destination = s.Text(4);
  c.year = static_cast<int>(s.Int(5));
  c.individuals = s.Int(6);
  c.sensitive_individuals = s.Int(7);
  c.row = static_cast<int>(s.Int(8));
  c.route = static_cast<domain::CrossBorderRoute>(s.Int(9));
  c.reason = s.Text(10);
  c.any_of = domain::EnumSet<domain::EvidenceKind>::FromMask(static_cast<uint32_t>(s.Int(11)));
  c.all_of = domain::EnumSet<domain::EvidenceKind>::FromMask(static_cast<uint32_t>(s.Int(12)));
  c.created_at = FromMicros(s.Int(13));
  return c;
}
}  // namespace

Status SqliteCrossBorder::Insert(CrossBorderCase* c) {
  Stmt s = c_.Prepare(
      "INSERT INTO cross_border_cases (contract_id, exporter_id, recipient_id, destination, year, "
      "individuals, sensitive_individuals, row, route, reason, any_of, all_of, created_at) "
      "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)");
  s.Bind(1, std::string_view(c->contract_id.value()))
      .Bind(2, std::string_view(c->exporter.value()))
      .Bind(3, std::string_view(c->recipient.value()))
      .Bind(4, std::string_view(c->destination))
      .Bind(5, int64_t{c->year})
      .Bind(6, c->individuals)
      .Bind(7, c->sensitive_individuals)
      .Bind(8, int64_t{c->row})
      .Bind(9, static_cast<int64_t>(c->route))
      .Bind(10, std::string_view(c->reason))
      .Bind(11, int64_t{c->any_of.mask()})
      .Bind(12, int64_t{c->all_of.mask()})
      .Bind(13, Micros(c->created_at));
  BOURSE_RETURN_IF_ERROR(s.Run());
  c->seq = s.LastInsertRowId();
  return OkStatus();
}

StatusOr<CrossBorderCase> SqliteCrossBorder::Get(const ContractId& contract) {
  static const std::string sql =
      StrCat("SELECT ", kCaseColumns, " FROM cross_border_cases WHERE contract_id=?1");
  Stmt s = c_.Prepare(sql.c_str());
  s.Bind(1, std::string_view(contract.value()));
  BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return errors::NotFound("cross-border case");
  return ReadCase(s);
}

StatusOr<std::pair<int64_t, int64_t>> SqliteCrossBorder::Exported(const OrganizationId& exporter,
                                                                  int year) {
  Stmt s = c_.Prepare(
      "SELECT COALESCE(SUM(individuals), 0), COALESCE(SUM(sensitive_individuals), 0) FROM "
      "cross_border_cases WHERE exporter_id=?1 AND year=?2");
  s.Bind(1, std::string_view(exporter.value())).Bind(2, int64_t{year});
  BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return std::pair<int64_t, int64_t>{0, 0};
  return std::pair<int64_t, int64_t>{s.Int(0), s.Int(1)};
}

StatusOr<std::vector<CrossBorderCase>> SqliteCrossBorder::List(int64_t after_seq, int limit) {
  static const std::string sql = StrCat("SELECT ", kCaseColumns,
                                        " FROM cross_border_cases WHERE seq > ?1 ORDER BY seq "
                                        "LIMIT ?2");
  std::vector<CrossBorderCase> out;
  {
    Stmt s = c_.Prepare(sql.c_str());
    s.Bind(1, after_seq).Bind(2, int64_t{limit});
    while (true) {
      BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      out.push_back(ReadCase(s));
    }
  }
  return out;
}

// ---- ledger ----

Status SqliteLedger::Apply(domain::JournalEntry* e) {
  BOURSE_RETURN_IF_ERROR(domain::CheckBalanced(*e));
  // Refuse before writing anything if an account that may not go negative would.
  std::map<std::string, int64_t> change;
  for (const auto& p : e->postings)
    if (!domain::MayGoNegative(p.account.kind)) change[p.account.Key()] += p.amount;
  for (const auto& [key, delta] : change) {
    if (delta >= 0) continue;
    Stmt s = c_.Prepare("SELECT balance FROM accounts WHERE key=?1");
    s.Bind(1, std::string_view(key));
    BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
    const int64_t balance = row ? s.Int(0) : 0;
    if (balance + delta < 0)
      return errors::InsufficientFunds(
          StrCat("account ", key, " holds ", balance, " and needs ", -delta));
  }
  {
    Stmt s = c_.Prepare(
        "INSERT INTO journal (id, kind, reference, organization_id, contract_id, at) VALUES "
        "(?1,?2,?3,?4,?5,?6)");
    s.Bind(1, std::string_view(e->id.value()))
        .Bind(2, static_cast<int64_t>(e->kind))
        .Bind(3, std::string_view(e->reference))
        .Bind(4, OptId(e->organization))
        .Bind(5, e->contract ? std::optional<std::string>(e->contract->value()) : std::nullopt)
        .Bind(6, Micros(e->at));
    BOURSE_RETURN_IF_ERROR(s.Run());
    e->seq = s.LastInsertRowId();
  }
  for (size_t first = 0; first < e->postings.size(); first += kPostingRows) {
    const size_t rows = std::min(kPostingRows, e->postings.size() - first);
    Stmt a = c_.Prepare(AccountUpsertSql(rows));
    Stmt s = c_.Prepare(PostingInsertSql(rows));
    for (size_t i = 0; i < rows; ++i) {
      const domain::Posting& p = e->postings[first + i];
      const std::string key = p.account.Key();
      const int at = static_cast<int>(i);
      a.Bind(at * 5 + 1, std::string_view(key))
          .Bind(at * 5 + 2, static_cast<int64_t>(p.account.kind))
          .Bind(at * 5 + 3, std::string_view(p.account.owner))
          .Bind(at * 5 + 4, std::string_view(p.account.currency))
          .Bind(at * 5 + 5, p.amount);
      s.Bind(at * 3 + 1, e->seq).Bind(at * 3 + 2, std::string_view(key)).Bind(at * 3 + 3, p.amount);
    }
    BOURSE_RETURN_IF_ERROR(a.Run());
    BOURSE_RETURN_IF_ERROR(s.Run());
  }
  return OkStatus();
}

StatusOr<int64_t> SqliteLedger::Balance(const domain::AccountRef& account) {
  Stmt s = c_.Prepare("SELECT balance FROM accounts WHERE key=?1");
  s.Bind(1, std::string_view(account.Key()));
  BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
  return row ? s.Int(0) : int64_t{0};
}

StatusOr<std::vector<AccountBalance>> SqliteLedger::BalancesOf(const std::string& owner) {
  Stmt s =
      c_.Prepare("SELECT kind, owner, currency, balance FROM accounts WHERE owner=?1 ORDER BY key");
  s.Bind(1, std::string_view(owner));
  std::vector<AccountBalance> out;
  while (true) {
    BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back({{static_cast<domain::AccountKind>(s.Int(0)), s.Text(1), s.Text(2)}, s.Int(3)});
  }
  return out;
}

Status SqliteLedger::LoadPostings(domain::JournalEntry& e) {
  Stmt s = c_.Prepare(
      "SELECT a.kind, a.owner, a.currency, p.amount FROM postings p JOIN accounts a ON a.key = "
      "p.account_key WHERE p.journal_seq=?1 ORDER BY p.rowid");
  s.Bind(1, e.seq);
  while (true) {
    BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    e.postings.push_back(
        {{static_cast<domain::AccountKind>(s.Int(0)), s.Text(1), s.Text(2)}, s.Int(3)});
  }
  return OkStatus();
}

StatusOr<std::vector<domain::JournalEntry>> SqliteLedger::Entries(const std::string& owner,
                                                                  int64_t before_seq, int limit) {
  Stmt s = c_.Prepare(
      "SELECT seq, id, kind, reference, organization_id, contract_id, at FROM journal j WHERE "
      "seq < ?1 AND (?2 = '' OR EXISTS (SELECT 1 FROM postings p JOIN accounts a ON a.key = "
      "p.account_key WHERE p.journal_seq = j.seq AND a.owner = ?2)) ORDER BY seq DESC LIMIT ?3");
  s.Bind(1, before_seq > 0 ? before_seq : INT64_MAX)
      .Bind(2, std::string_view(owner))
      .Bind(3, int64_t{limit});
  std::vector<domain::JournalEntry> out;
  while (true) {
    BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    domain::JournalEntry e;
    e.seq = s.Int(0);
    e.id = JournalId(s.Text(1));
    e.kind = static_cast<domain::JournalKind>(s.Int(2));
    e.reference = s.Text(3);
    if (!s.IsNull(4)) e.organization = OrganizationId(s.Text(4));
    if (!s.IsNull(5)) e.contract = ContractId(s.Text(5));
    e.at = FromMicros(s.Int(6));
    out.push_back(std::move(e));
  }
  for (auto& e : out) BOURSE_RETURN_IF_ERROR(LoadPostings(e));
  return out;
}

StatusOr<std::map<std::string, int64_t>> SqliteLedger::TrialBalance() {
  Stmt s = c_.Prepare("SELECT currency, SUM(balance) FROM accounts GROUP BY currency");
  std::map<std::string, int64_t> out;
  while (true) {
    BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out[s.Text(0)] = s.Int(1);
  }
  return out;
}

StatusOr<int64_t> SqliteLedger::LowestNonNegativeBalance() {
  Stmt s = c_.Prepare("SELECT COALESCE(MIN(balance), 0) FROM accounts WHERE kind != ?1");
  s.Bind(1, static_cast<int64_t>(domain::AccountKind::kBank));
  BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
  return row ? s.Int(0) : int64_t{0};
}

}  // namespace bourse::store::sqlite
