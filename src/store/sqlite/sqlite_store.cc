#include "store/sqlite/sqlite_store.h"

#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "base/completion.h"
#include "base/errors.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "base/thread_name.h"
#include "store/jws_codec.h"
#include "store/product_codec.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_board.h"
#include "store/sqlite/sqlite_compliance.h"
#include "store/sqlite/sqlite_credentials.h"
#include "store/sqlite/sqlite_trades.h"

namespace bourse::store::sqlite {
namespace {

using domain::AdmissionStatus;

// ---- Organisation rows ------------------------------------------------------------------------

constexpr char kOrgColumns[] =
    "seq, id, name, uscc, legal_form, roles, service_types, sponsor_id, ciio, contact_name, "
    "contact_email, contact_phone, status, tier, merchant_types, risk_level, status_reason, "
    "created_at, updated_at";

domain::Organization ReadOrg(const Stmt& s) {
  domain::Organization o;
  o.seq = s.Int(0);
  o.id = OrganizationId(s.Text(1));
  o.profile.name = s.Text(2);
  o.profile.uscc = s.Text(3);
  o.profile.legal_form = static_cast<domain::LegalForm>(s.Int(4));
  o.profile.roles = domain::EnumSet<domain::Role>::FromMask(static_cast<uint32_t>(s.Int(5)));
  o.profile.service_types =
      domain::EnumSet<domain::ServiceType>::FromMask(static_cast<uint32_t>(s.Int(6)));
  if (!s.IsNull(7)) o.profile.sponsor_id = OrganizationId(s.Text(7));
  o.profile.ciio = s.Int(8) != 0;
  o.profile.contact = {s.Text(9), s.Text(10), s.Text(11)};
  o.status = static_cast<AdmissionStatus>(s.Int(12));
  if (!s.IsNull(13)) {
    o.grade = domain::MerchantGrade{
        static_cast<domain::MerchantTier>(s.Int(13)),
        domain::EnumSet<domain::MerchantType>::FromMask(static_cast<uint32_t>(s.Int(14))),
        static_cast<int>(s.Int(15))};
  }
  o.status_reason = s.Text(16);
  o.created_at = FromMicros(s.Int(17));
  o.updated_at = FromMicros(s.Int(18));
  return o;
}

// Binds every column but seq, starting at parameter 1 with id.
void BindOrg(Stmt& s, const domain::Organization& o) {
  s.Bind(1, std::string_view(o.id.value()))
      .Bind(2, std::string_view(o.profile.name))
      .Bind(3, std::string_view(o.profile.uscc))
      .Bind(4, int64_t(o.profile.legal_form))
      .Bind(5, int64_t(o.profile.roles.mask()))
      .Bind(6, int64_t(o.profile.service_types.mask()))
      .Bind(7, o.profile.sponsor_id ? std::optional<std::string>(o.profile.sponsor_id->value())
                                    : std::nullopt)
      .Bind(8, int64_t(o.profile.ciio))
      .Bind(9, std::string_view(o.profile.contact.name))
      .Bind(10, std::string_view(o.profile.contact.email))
      .Bind(11, std::string_view(o.profile.contact.phone))
      .Bind(12, int64_t(o.status))
      .Bind(13, o.grade ? std::optional<int64_t>(int64_t(o.grade->tier)) : std::nullopt)
      .Bind(14, o.grade ? std::optional<int64_t>(o.grade->types.mask()) : std::nullopt)
      .Bind(15, o.grade ? std::optional<int64_t>(o.grade->risk_level) : std::nullopt)
      .Bind(16, std::string_view(o.status_reason))
      .Bind(17, Micros(o.created_at))
      .Bind(18, Micros(o.updated_at));
}

// ---- Products, uploads, registrations ---------------------------------------------------------

bool IsCjk(uint32_t cp) {
  return (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0xAC00 && cp <= 0xD7AF);
}

// Chinese, Japanese and Korean text has no spaces between words: index every CJK character as
// its own token, so that a word is found as a phrase of its characters ("电力" → "电 力").
std::string SeparateCjk(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 2);
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    uint32_t cp = c;
    if (n == 3 && i + 2 < text.size())
      cp = ((c & 0x0F) << 12) | ((text[i + 1] & 0x3F) << 6) | (text[i + 2] & 0x3F);
    if (n == 3 && IsCjk(cp)) {
      out.push_back(' ');
      out.append(text.substr(i, n));
      out.push_back(' ');
    } else {
      out.append(text.substr(i, std::min(n, text.size() - i)));
    }
    i += n;
  }
  return out;
}

// One FTS5 query clause per analysed term: a quoted phrase (so no user text is FTS5 syntax),
// with '*' for a prefix.
std::string MatchExpression(const std::vector<std::string>& terms) {
  std::string expr;
  for (const auto& term : terms) {
    std::string t = term;
    const bool prefix = !t.empty() && t.back() == '*';
    if (prefix) t.pop_back();
    std::string phrase;
    for (char c : SeparateCjk(t)) {
      if (c == '"') continue;
      phrase.push_back(c);
    }
    if (!expr.empty()) expr += " AND ";
    expr += "\"" + phrase + "\"";
    if (prefix) expr += "*";
  }
  return expr;
}

constexpr char kProductColumns[] =
    "seq, id, seller_id, status, revision, listed_revision, quality_score, dataset_id, "
    "assessor_id, assessment_id, assessment_valid_until, notice_ends_at, status_reason, "
    "description, created_at, updated_at";

// Products, revisions and datasets, decoded, as the writer's connection last read them: a trade
// reads the same few several times. Only the writer's transactions use it, one at a time. It is
// emptied by every change to those tables made through the repository, by every rollback (of a
// work or of a batch: what it held may have been read from the rolled-back state) and whenever
// another connection has committed (PRAGMA data_version), so it never answers with anything the
// database would not.
class ProductCache {
 public:
  template <typename T>
  using Map = absl::flat_hash_map<std::string, T>;

  Map<domain::Product>& products() { return products_; }
  Map<domain::Revision>& revisions() { return revisions_; }
  Map<domain::Dataset>& datasets() { return datasets_; }

  // Keeps `value` under `key` in `map`, starting over once the cache holds kMaxEntries.
  template <typename T>
  void Put(Map<T>& map, std::string key, const T& value) {
    if (products_.size() + revisions_.size() + datasets_.size() >= kMaxEntries) Clear();
    map.insert_or_assign(std::move(key), value);
  }

  void Clear() {
    products_.clear();
    revisions_.clear();
    datasets_.clear();
  }

 private:
  static constexpr size_t kMaxEntries = 4096;
  Map<domain::Product> products_;
  Map<domain::Revision> revisions_;
  Map<domain::Dataset> datasets_;
};

class SqliteProducts final : public ProductRepository {
 public:
  // `cache`, if any, is the writer's (see ProductCache).
  explicit SqliteProducts(Connection& c, ProductCache* cache = nullptr) : c_(c), cache_(cache) {}

  Status Insert(domain::Product* p) override {
    Stmt s = c_.Prepare(
        "INSERT INTO products (id, seller_id, status, revision, listed_revision, title, category, "
        "form, sector, source_type, delivery_modes, classification, price_minor, quality_score, "
        "dataset_id, assessor_id, assessment_id, assessment_valid_until, notice_ends_at, "
        "status_reason, description, created_at, updated_at) VALUES "
        "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23)");
    Changing();
    Bind(s, *p);
    BOURSE_RETURN_IF_ERROR(s.Run());
    p->seq = s.LastInsertRowId();
    return Index(*p);
  }

  Status Update(const domain::Product& p) override {
    Changing();
    // Most updates are status changes: the full-text row is rewritten only when the searchable
    // text changed.
    bool text_changed = true;
    {
      Stmt old = c_.Prepare("SELECT description FROM products WHERE id=?1");
      old.Bind(1, std::string_view(p.id.value()));
      BOURSE_ASSIGN_OR_RETURN(bool row, old.Step());
      if (!row) return errors::NotFound("product");
      text_changed = old.Text(0) != EncodeDescription(p.description);
    }
    Stmt s = c_.Prepare(
        "UPDATE products SET seller_id=?2, status=?3, revision=?4, listed_revision=?5, title=?6, "
        "category=?7, form=?8, sector=?9, source_type=?10, delivery_modes=?11, "
        "classification=?12, price_minor=?13, quality_score=?14, dataset_id=?15, assessor_id=?16, "
        "assessment_id=?17, assessment_valid_until=?18, notice_ends_at=?19, status_reason=?20, "
        "description=?21, created_at=?22, updated_at=?23 WHERE id=?1");
    Bind(s, p);
    BOURSE_RETURN_IF_ERROR(s.Run());
    if (s.Changes() == 0) return errors::NotFound("product");
    if (!text_changed) return OkStatus();
    Stmt d = c_.Prepare("DELETE FROM products_fts WHERE rowid=?1");
    d.Bind(1, p.seq);
    BOURSE_RETURN_IF_ERROR(d.Run());
    return Index(p);
  }

  StatusOr<domain::Product> Get(const ProductId& id) override {
    if (cache_ != nullptr) {
      if (auto it = cache_->products().find(id.value()); it != cache_->products().end())
        return it->second;
    }
    static const std::string sql = StrCat("SELECT ", kProductColumns, " FROM products WHERE id=?1");
    Stmt s = c_.Prepare(sql.c_str());
    s.Bind(1, std::string_view(id.value()));
    BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return errors::NotFound("product");
    BOURSE_ASSIGN_OR_RETURN(domain::Product p, Read(s));
    if (cache_ != nullptr) cache_->Put(cache_->products(), id.value(), p);
    return p;
  }

  StatusOr<ProductPage> List(const ProductFilter& f) override {
    static const std::string sql = StrCat(
        "SELECT ", kProductColumns,
        " FROM products WHERE seq > ?1 AND (?2 IS NULL OR seller_id = ?2) AND (?3 IS NULL OR "
        "status = ?3) AND (?4 IS NULL OR assessor_id = ?4) ORDER BY seq LIMIT ?5");
    Stmt s = c_.Prepare(sql.c_str());
    s.Bind(1, f.after_seq);
    s.Bind(2, f.seller ? std::optional<std::string>(f.seller->value()) : std::nullopt);
    s.Bind(3, f.status ? std::optional<int64_t>(static_cast<int64_t>(*f.status)) : std::nullopt);
    s.Bind(4, f.assessor ? std::optional<std::string>(f.assessor->value()) : std::nullopt);
    s.Bind(5, static_cast<int64_t>(f.limit) + 1);
    ProductPage page;
    while (true) {
      BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      BOURSE_ASSIGN_OR_RETURN(domain::Product p, Read(s));
      page.items.push_back(std::move(p));
    }
    if (static_cast<int>(page.items.size()) > f.limit) {
      page.items.pop_back();
      page.next_after_seq = page.items.back().seq;
    }
    return page;
  }

  Status InsertRevision(const domain::Revision& r) override {
    Stmt s = c_.Prepare(
        "INSERT INTO product_revisions (product_id, number, description, dataset_id, created_at) "
        "VALUES (?1,?2,?3,?4,?5)");
    Changing();
    s.Bind(1, std::string_view(r.product_id.value()))
        .Bind(2, static_cast<int64_t>(r.number))
        .Bind(3, std::string_view(EncodeDescription(r.description)))
        .Bind(4, r.dataset_id ? std::optional<std::string>(r.dataset_id->value()) : std::nullopt)
        .Bind(5, Micros(r.created_at));
    return s.Run();
  }

  Status SetRevisionDataset(const ProductId& id, int number, const DatasetId& dataset) override {
    Stmt s =
        c_.Prepare("UPDATE product_revisions SET dataset_id=?3 WHERE product_id=?1 AND number=?2");
    Changing();
    s.Bind(1, std::string_view(id.value()))
        .Bind(2, static_cast<int64_t>(number))
        .Bind(3, std::string_view(dataset.value()));
    BOURSE_RETURN_IF_ERROR(s.Run());
    if (s.Changes() == 0) return errors::NotFound("revision");
    return OkStatus();
  }

  StatusOr<domain::Revision> GetRevision(const ProductId& id, int number) override {
    std::string key;
    if (cache_ != nullptr) {
      key = StrCat(id.value(), "#", number);
      if (auto it = cache_->revisions().find(key); it != cache_->revisions().end())
        return it->second;
    }
    Stmt s = c_.Prepare(
        "SELECT product_id, number, description, dataset_id, created_at FROM product_revisions "
        "WHERE product_id=?1 AND number=?2");
    s.Bind(1, std::string_view(id.value())).Bind(2, static_cast<int64_t>(number));
    BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return errors::NotFound("revision");
    BOURSE_ASSIGN_OR_RETURN(domain::Revision r, ReadRevision(s));
    if (cache_ != nullptr) cache_->Put(cache_->revisions(), std::move(key), r);
    return r;
  }

  StatusOr<std::vector<domain::Revision>> Revisions(const ProductId& id) override {
    Stmt s = c_.Prepare(
        "SELECT product_id, number, description, dataset_id, created_at FROM product_revisions "
        "WHERE product_id=?1 ORDER BY number");
    s.Bind(1, std::string_view(id.value()));
    std::vector<domain::Revision> out;
    while (true) {
      BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      BOURSE_ASSIGN_OR_RETURN(domain::Revision r, ReadRevision(s));
      out.push_back(std::move(r));
    }
    return out;
  }

  Status AppendEvent(const domain::ProductEvent& e) override {
    Stmt s = c_.Prepare(
        "INSERT INTO product_events (product_id, action, actor_id, from_status, to_status, "
        "revision, reason, at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)");
    s.Bind(1, std::string_view(e.product_id.value()))
        .Bind(2, static_cast<int64_t>(e.action))
        .Bind(3, e.actor ? std::optional<std::string>(e.actor->value()) : std::nullopt)
        .Bind(4, static_cast<int64_t>(e.from))
        .Bind(5, static_cast<int64_t>(e.to))
        .Bind(6, static_cast<int64_t>(e.revision))
        .Bind(7, std::string_view(e.reason))
        .Bind(8, Micros(e.at));
    return s.Run();
  }

  StatusOr<std::vector<domain::ProductEvent>> Events(const ProductId& id) override {
    Stmt s = c_.Prepare(
        "SELECT action, actor_id, from_status, to_status, revision, reason, at FROM "
        "product_events WHERE product_id=?1 ORDER BY seq");
    s.Bind(1, std::string_view(id.value()));
    std::vector<domain::ProductEvent> out;
    while (true) {
      BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      domain::ProductEvent e;
      e.product_id = id;
      e.action = static_cast<domain::ProductAction>(s.Int(0));
      if (!s.IsNull(1)) e.actor = OrganizationId(s.Text(1));
      e.from = static_cast<domain::ProductStatus>(s.Int(2));
      e.to = static_cast<domain::ProductStatus>(s.Int(3));
      e.revision = static_cast<int>(s.Int(4));
      e.reason = s.Text(5);
      e.at = FromMicros(s.Int(6));
      out.push_back(std::move(e));
    }
    return out;
  }

  Status InsertDataset(const domain::Dataset& d, const OrganizationId& owner) override {
    Stmt s = c_.Prepare(
        "INSERT INTO datasets (id, product_id, revision, owner_id, file_name, format, bytes, "
        "sha256, report, quality_score, suggested_classification, personal, sensitive, "
        "uploaded_at, readable) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15)");
    Changing();
    s.Bind(1, std::string_view(d.id.value()))
        .Bind(2, std::string_view(d.product_id.value()))
        .Bind(3, static_cast<int64_t>(d.revision))
        .Bind(4, std::string_view(owner.value()))
        .Bind(5, std::string_view(d.file_name))
        .Bind(6, static_cast<int64_t>(d.format))
        .Bind(7, d.bytes)
        .Bind(8, std::string_view(d.sha256))
        .Bind(9, std::string_view(d.report_json))
        .Bind(10, d.quality_score ? std::optional<int64_t>(*d.quality_score) : std::nullopt)
        .Bind(11, static_cast<int64_t>(d.suggested_classification))
        .Bind(12, static_cast<int64_t>(d.personal_information))
        .Bind(13, static_cast<int64_t>(d.sensitive_personal_information))
        .Bind(14, Micros(d.uploaded_at))
        .Bind(15, static_cast<int64_t>(d.readable));
    return s.Run();
  }

  StatusOr<domain::Dataset> GetDataset(const DatasetId& id) override {
    if (cache_ != nullptr) {
      if (auto it = cache_->datasets().find(id.value()); it != cache_->datasets().end())
        return it->second;
    }
    Stmt s = c_.Prepare(
        "SELECT id, product_id, revision, file_name, format, bytes, sha256, report, quality_score, "
        "suggested_classification, personal, sensitive, uploaded_at, readable FROM datasets WHERE "
        "id=?1");
    s.Bind(1, std::string_view(id.value()));
    BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return errors::NotFound("dataset");
    domain::Dataset d;
    d.id = DatasetId(s.Text(0));
    d.product_id = ProductId(s.Text(1));
    d.revision = static_cast<int>(s.Int(2));
    d.file_name = s.Text(3);
    d.format = static_cast<domain::DatasetFormat>(s.Int(4));
    d.bytes = s.Int(5);
    d.sha256 = s.Text(6);
    d.report_json = s.Text(7);
    if (!s.IsNull(8)) d.quality_score = static_cast<int>(s.Int(8));
    d.suggested_classification = static_cast<domain::DataClassification>(s.Int(9));
    d.personal_information = s.Int(10) != 0;
    d.sensitive_personal_information = s.Int(11) != 0;
    d.uploaded_at = FromMicros(s.Int(12));
    d.readable = s.Int(13) != 0;
    if (cache_ != nullptr) cache_->Put(cache_->datasets(), id.value(), d);
    return d;
  }

  StatusOr<int64_t> DatasetBytes(const OrganizationId& owner) override {
    Stmt s = c_.Prepare("SELECT COALESCE(SUM(bytes), 0) FROM datasets WHERE owner_id=?1");
    s.Bind(1, std::string_view(owner.value()));
    BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
    return row ? s.Int(0) : 0;
  }

  Status InsertAssessment(const domain::ComplianceAssessment& a) override {
    Stmt s = c_.Prepare(
        "INSERT INTO assessments (id, product_id, revision, assessor_id, outcome, subject, object, "
        "circulation, legal_opinion, conditions, pipia_reviewed, decided_at, valid_until, "
        "content_reviewed, content_attestation) VALUES "
        "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15)");
    s.Bind(1, std::string_view(a.id.value()))
        .Bind(2, std::string_view(a.product_id.value()))
        .Bind(3, static_cast<int64_t>(a.revision))
        .Bind(4, std::string_view(a.assessor_id.value()))
        .Bind(5, static_cast<int64_t>(a.outcome))
        .Bind(6, std::string_view(a.subject_opinion))
        .Bind(7, std::string_view(a.object_opinion))
        .Bind(8, std::string_view(a.circulation_opinion))
        .Bind(9, std::string_view(a.legal_opinion))
        .Bind(10, std::string_view(a.conditions))
        .Bind(11, static_cast<int64_t>(a.pipia_reviewed))
        .Bind(12, Micros(a.decided_at))
        .Bind(13, Micros(a.valid_until))
        .Bind(14, static_cast<int64_t>(a.content_reviewed))
        .Bind(15, std::string_view(a.content_attestation));
    return s.Run();
  }

  StatusOr<domain::ComplianceAssessment> GetAssessment(const AssessmentId& id) override {
    Stmt s = c_.Prepare(kAssessmentById);
    s.Bind(1, std::string_view(id.value()));
    BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return errors::NotFound("assessment");
    return ReadAssessment(s);
  }

  StatusOr<std::vector<domain::ComplianceAssessment>> Assessments(const ProductId& id) override {
    Stmt s = c_.Prepare(kAssessmentsByProduct);
    s.Bind(1, std::string_view(id.value()));
    std::vector<domain::ComplianceAssessment> out;
    while (true) {
      BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      out.push_back(ReadAssessment(s));
    }
    return out;
  }

  StatusOr<std::vector<ProductId>> NoticesDue(absl::Time now) override {
    Stmt s = c_.Prepare(
        "SELECT id FROM products WHERE notice_ends_at IS NOT NULL AND notice_ends_at <= ?1 AND "
        "status = ?2 ORDER BY notice_ends_at");
    s.Bind(1, Micros(now)).Bind(2, static_cast<int64_t>(domain::ProductStatus::kPublicNotice));
    return Ids(s);
  }

  StatusOr<std::vector<ProductId>> AssessmentsExpired(absl::Time now) override {
    Stmt s =
        c_.Prepare("SELECT id FROM products WHERE status = ?2 AND assessment_valid_until <= ?1");
    s.Bind(1, Micros(now)).Bind(2, static_cast<int64_t>(domain::ProductStatus::kListed));
    return Ids(s);
  }

  StatusOr<int64_t> CountListed() override {
    Stmt s = c_.Prepare("SELECT COUNT(*) FROM products WHERE status = ?1");
    s.Bind(1, static_cast<int64_t>(domain::ProductStatus::kListed));
    BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
    return row ? s.Int(0) : 0;
  }

  StatusOr<std::vector<CatalogEntry>> ListedEntries() override;
  StatusOr<CatalogEntry> Entry(const ProductId& id) override;
  Status ForEachTextMatch(const std::vector<std::string>& terms,
                          const std::function<bool(int64_t)>& visit) override;
  StatusOr<std::vector<std::pair<int64_t, double>>> RankText(
      const std::vector<std::string>& terms) override;

 private:
  static constexpr const char* kAssessmentById =
      "SELECT id, product_id, revision, assessor_id, outcome, subject, object, circulation, "
      "legal_opinion, conditions, pipia_reviewed, decided_at, valid_until, content_reviewed, "
      "content_attestation FROM assessments WHERE id=?1";
  static constexpr const char* kAssessmentsByProduct =
      "SELECT id, product_id, revision, assessor_id, outcome, subject, object, circulation, "
      "legal_opinion, conditions, pipia_reviewed, decided_at, valid_until, content_reviewed, "
      "content_attestation FROM assessments WHERE product_id=?1 ORDER BY decided_at DESC";

  static CatalogEntry ReadEntry(const Stmt& s);
  static domain::ComplianceAssessment ReadAssessment(const Stmt& s) {
    domain::ComplianceAssessment a;
    a.id = AssessmentId(s.Text(0));
    a.product_id = ProductId(s.Text(1));
    a.revision = static_cast<int>(s.Int(2));
    a.assessor_id = OrganizationId(s.Text(3));
    a.outcome = static_cast<domain::AssessmentOutcome>(s.Int(4));
    a.subject_opinion = s.Text(5);
    a.object_opinion = s.Text(6);
    a.circulation_opinion = s.Text(7);
    a.legal_opinion = s.Text(8);
    a.conditions = s.Text(9);
    a.pipia_reviewed = s.Int(10) != 0;
    a.decided_at = FromMicros(s.Int(11));
    a.valid_until = FromMicros(s.Int(12));
    a.content_reviewed = s.Int(13) != 0;
    a.content_attestation = s.Text(14);
    return a;
  }

  static StatusOr<std::vector<ProductId>> Ids(Stmt& s) {
    std::vector<ProductId> out;
    while (true) {
      BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      out.emplace_back(s.Text(0));
    }
    return out;
  }

  static void Bind(Stmt& s, const domain::Product& p) {
    const auto& d = p.description;
    s.Bind(1, std::string_view(p.id.value()))
        .Bind(2, std::string_view(p.seller_id.value()))
        .Bind(3, static_cast<int64_t>(p.status))
        .Bind(4, static_cast<int64_t>(p.revision))
        .Bind(5, p.listed_revision ? std::optional<int64_t>(*p.listed_revision) : std::nullopt)
        .Bind(6, std::string_view(d.title))
        .Bind(7, static_cast<int64_t>(d.category))
        .Bind(8, static_cast<int64_t>(d.form))
        .Bind(9, static_cast<int64_t>(d.sector))
        .Bind(10, static_cast<int64_t>(d.source_type))
        .Bind(11, static_cast<int64_t>(d.delivery_modes.mask()))
        .Bind(12, static_cast<int64_t>(d.classification))
        .Bind(13, d.price.amount.minor)
        .Bind(14, p.dataset && p.dataset->quality_score
                      ? std::optional<int64_t>(*p.dataset->quality_score)
                      : std::nullopt)
        .Bind(15, p.dataset ? std::optional<std::string>(p.dataset->id.value()) : std::nullopt)
        .Bind(16, p.assessor_id ? std::optional<std::string>(p.assessor_id->value()) : std::nullopt)
        .Bind(17,
              p.assessment_id ? std::optional<std::string>(p.assessment_id->value()) : std::nullopt)
        .Bind(18, OptMicros(p.assessment_valid_until))
        .Bind(19, OptMicros(p.notice_ends_at))
        .Bind(20, std::string_view(p.status_reason))
        .Bind(21, std::string_view(EncodeDescription(d)))
        .Bind(22, Micros(p.created_at))
        .Bind(23, Micros(p.updated_at));
  }

  StatusOr<domain::Product> Read(const Stmt& s) {
    domain::Product p;
    p.seq = s.Int(0);
    p.id = ProductId(s.Text(1));
    p.seller_id = OrganizationId(s.Text(2));
    p.status = static_cast<domain::ProductStatus>(s.Int(3));
    p.revision = static_cast<int>(s.Int(4));
    if (!s.IsNull(5)) p.listed_revision = static_cast<int>(s.Int(5));
    const std::optional<std::string> dataset_id =
        s.IsNull(7) ? std::nullopt : std::optional<std::string>(s.Text(7));
    if (!s.IsNull(8)) p.assessor_id = OrganizationId(s.Text(8));
    if (!s.IsNull(9)) p.assessment_id = AssessmentId(s.Text(9));
    p.assessment_valid_until = OptTime(s, 10);
    p.notice_ends_at = OptTime(s, 11);
    p.status_reason = s.Text(12);
    BOURSE_ASSIGN_OR_RETURN(p.description, DecodeDescription(s.Text(13)));
    p.created_at = FromMicros(s.Int(14));
    p.updated_at = FromMicros(s.Int(15));
    if (dataset_id) {
      BOURSE_ASSIGN_OR_RETURN(domain::Dataset d, GetDataset(DatasetId(*dataset_id)));
      p.dataset = std::move(d);
    }
    return p;
  }

  StatusOr<domain::Revision> ReadRevision(const Stmt& s) {
    domain::Revision r;
    r.product_id = ProductId(s.Text(0));
    r.number = static_cast<int>(s.Int(1));
    BOURSE_ASSIGN_OR_RETURN(r.description, DecodeDescription(s.Text(2)));
    if (!s.IsNull(3)) r.dataset_id = DatasetId(s.Text(3));
    r.created_at = FromMicros(s.Int(4));
    return r;
  }

  Status Index(const domain::Product& p) {
    const auto& d = p.description;
    std::string fields;
    for (const auto& f : d.fields) {
      fields += f.name;
      fields += ' ';
      fields += f.description;
      fields += ' ';
    }
    Stmt s = c_.Prepare(
        "INSERT INTO products_fts (rowid, title, description, tags, fields) VALUES "
        "(?1,?2,?3,?4,?5)");
    s.Bind(1, p.seq)
        .Bind(2, std::string_view(SeparateCjk(d.title)))
        .Bind(3, std::string_view(SeparateCjk(d.description)))
        .Bind(4, std::string_view(SeparateCjk(StrJoin(d.tags, " "))))
        .Bind(5, std::string_view(SeparateCjk(fields)));
    return s.Run();
  }

  // Anything cached may be about to change.
  void Changing() {
    if (cache_ != nullptr) cache_->Clear();
  }

  Connection& c_;
  ProductCache* cache_;
};

StatusOr<std::vector<CatalogEntry>> SqliteProducts::ListedEntries() {
  Stmt s = c_.Prepare(
      "SELECT seq, id, category, form, sector, source_type, delivery_modes, classification, "
      "price_minor, quality_score FROM products WHERE status = ?1 ORDER BY seq");
  s.Bind(1, static_cast<int64_t>(domain::ProductStatus::kListed));
  std::vector<CatalogEntry> out;
  while (true) {
    BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back(ReadEntry(s));
  }
  return out;
}

StatusOr<CatalogEntry> SqliteProducts::Entry(const ProductId& id) {
  Stmt s = c_.Prepare(
      "SELECT seq, id, category, form, sector, source_type, delivery_modes, classification, "
      "price_minor, quality_score FROM products WHERE id = ?1");
  s.Bind(1, std::string_view(id.value()));
  BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return errors::NotFound("product");
  return ReadEntry(s);
}

CatalogEntry SqliteProducts::ReadEntry(const Stmt& s) {
  CatalogEntry e;
  e.seq = s.Int(0);
  e.id = ProductId(s.Text(1));
  e.category = static_cast<domain::ProductCategory>(s.Int(2));
  e.form = static_cast<domain::ProductForm>(s.Int(3));
  e.sector = static_cast<domain::Sector>(s.Int(4));
  e.source_type = static_cast<domain::SourceType>(s.Int(5));
  e.delivery_modes = static_cast<uint32_t>(s.Int(6));
  e.classification = static_cast<domain::DataClassification>(s.Int(7));
  e.price_minor = s.Int(8);
  e.quality = s.IsNull(9) ? -1 : static_cast<int>(s.Int(9));
  return e;
}

Status SqliteProducts::ForEachTextMatch(const std::vector<std::string>& terms,
                                        const std::function<bool(int64_t)>& visit) {
  Stmt s =
      c_.Prepare("SELECT rowid FROM products_fts WHERE products_fts MATCH ?1 ORDER BY rowid DESC");
  s.Bind(1, std::string_view(MatchExpression(terms)));
  while (true) {
    BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row || !visit(s.Int(0))) break;
  }
  return OkStatus();
}

StatusOr<std::vector<std::pair<int64_t, double>>> SqliteProducts::RankText(
    const std::vector<std::string>& terms) {
  Stmt s = c_.Prepare(
      "SELECT rowid, bm25(products_fts, 10.0, 2.0, 5.0, 3.0) FROM products_fts WHERE "
      "products_fts MATCH ?1");
  s.Bind(1, std::string_view(MatchExpression(terms)));
  std::vector<std::pair<int64_t, double>> out;
  while (true) {
    BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.emplace_back(s.Int(0), s.Double(1));
  }
  return out;
}

class SqliteUploads final : public UploadRepository {
 public:
  explicit SqliteUploads(Connection& c) : c_(c) {}

  Status Insert(const Upload& u) override {
    Stmt s = c_.Prepare(
        "INSERT INTO uploads (id, product_id, owner_id, file_name, format, size, received, "
        "sha256, created_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)");
    s.Bind(1, std::string_view(u.id.value()))
        .Bind(2, std::string_view(u.product_id.value()))
        .Bind(3, std::string_view(u.owner.value()))
        .Bind(4, std::string_view(u.file_name))
        .Bind(5, u.format ? std::optional<int64_t>(static_cast<int64_t>(*u.format)) : std::nullopt)
        .Bind(6, u.size)
        .Bind(7, u.received)
        .Bind(8, std::string_view(u.sha256))
        .Bind(9, Micros(u.created_at));
    return s.Run();
  }

  StatusOr<Upload> Get(const UploadId& id) override {
    Stmt s = c_.Prepare(
        "SELECT id, product_id, owner_id, file_name, format, size, received, sha256, created_at "
        "FROM uploads WHERE id=?1");
    s.Bind(1, std::string_view(id.value()));
    BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return errors::NotFound("upload");
    return Read(s);
  }

  StatusOr<std::vector<Upload>> StartedBefore(absl::Time cutoff, int limit) override {
    Stmt s = c_.Prepare(
        "SELECT id, product_id, owner_id, file_name, format, size, received, sha256, created_at "
        "FROM uploads WHERE created_at < ?1 ORDER BY created_at LIMIT ?2");
    s.Bind(1, Micros(cutoff)).Bind(2, int64_t{limit});
    std::vector<Upload> out;
    for (;;) {
      BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      out.push_back(Read(s));
    }
    return out;
  }

 private:
  static Upload Read(Stmt& s) {
    Upload u;
    u.id = UploadId(s.Text(0));
    u.product_id = ProductId(s.Text(1));
    u.owner = OrganizationId(s.Text(2));
    u.file_name = s.Text(3);
    if (!s.IsNull(4)) u.format = static_cast<domain::DatasetFormat>(s.Int(4));
    u.size = s.Int(5);
    u.received = s.Int(6);
    u.sha256 = s.Text(7);
    u.created_at = FromMicros(s.Int(8));
    return u;
  }

 public:
  Status Advance(const UploadId& id, int64_t expected, int64_t received) override {
    Stmt s = c_.Prepare("UPDATE uploads SET received=?3 WHERE id=?1 AND received=?2");
    s.Bind(1, std::string_view(id.value())).Bind(2, expected).Bind(3, received);
    BOURSE_RETURN_IF_ERROR(s.Run());
    if (s.Changes() == 0)
      return errors::Conflict("the upload moved on: ask for its offset and resume from there",
                              "Upload-Offset");
    return OkStatus();
  }

  Status Delete(const UploadId& id) override {
    Stmt s = c_.Prepare("DELETE FROM uploads WHERE id=?1");
    s.Bind(1, std::string_view(id.value()));
    return s.Run();
  }

  StatusOr<int64_t> OpenBytes(const OrganizationId& owner) override {
    Stmt s = c_.Prepare("SELECT COALESCE(SUM(size), 0) FROM uploads WHERE owner_id=?1");
    s.Bind(1, std::string_view(owner.value()));
    BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
    return row ? s.Int(0) : 0;
  }

 private:
  Connection& c_;
};

class SqliteRegistrations final : public RegistrationRepository {
 public:
  explicit SqliteRegistrations(Connection& c) : c_(c) {}

  Status Insert(domain::RightsRegistration* r) override {
    Stmt s = c_.Prepare(
        "INSERT INTO registrations (id, number, product_id, revision, holder_id, type, rights, "
        "status, notice_ends_at, certificate_id, document, created_at, updated_at) VALUES "
        "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)");
    Bind(s, *r);
    BOURSE_RETURN_IF_ERROR(s.Run());
    r->seq = s.LastInsertRowId();
    return OkStatus();
  }

  Status Update(const domain::RightsRegistration& r) override {
    Stmt s = c_.Prepare(
        "UPDATE registrations SET number=?2, product_id=?3, revision=?4, holder_id=?5, type=?6, "
        "rights=?7, status=?8, notice_ends_at=?9, certificate_id=?10, document=?11, "
        "created_at=?12, updated_at=?13 WHERE id=?1");
    Bind(s, r);
    BOURSE_RETURN_IF_ERROR(s.Run());
    if (s.Changes() == 0) return errors::NotFound("registration");
    return OkStatus();
  }

  StatusOr<domain::RightsRegistration> Get(const RegistrationId& id) override {
    Stmt s = c_.Prepare(
        "SELECT seq, id, number, product_id, revision, holder_id, type, rights, status, "
        "notice_ends_at, certificate_id, document, created_at, updated_at FROM registrations "
        "WHERE id=?1");
    s.Bind(1, std::string_view(id.value()));
    BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return errors::NotFound("registration");
    return Read(s);
  }

  StatusOr<std::vector<domain::RightsRegistration>> ListByProduct(const ProductId& id) override {
    Stmt s = c_.Prepare(
        "SELECT seq, id, number, product_id, revision, holder_id, type, rights, status, "
        "notice_ends_at, certificate_id, document, created_at, updated_at FROM registrations "
        "WHERE product_id=?1 ORDER BY seq");
    s.Bind(1, std::string_view(id.value()));
    std::vector<domain::RightsRegistration> out;
    while (true) {
      BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      BOURSE_ASSIGN_OR_RETURN(auto r, Read(s));
      out.push_back(std::move(r));
    }
    return out;
  }

  StatusOr<domain::EnumSet<domain::RightType>> RegisteredRights(
      const ProductId& product, const OrganizationId& holder) override {
    BOURSE_ASSIGN_OR_RETURN(auto all, ListByProduct(product));
    domain::EnumSet<domain::RightType> rights;
    for (const auto& r : all) {
      if (r.status != domain::RegistrationStatus::kRegistered) continue;
      const bool mine = r.licensee ? *r.licensee == holder : r.holder_id == holder;
      if (mine)
        for (auto right : r.rights.values()) rights.Add(right);
    }
    return rights;
  }

  StatusOr<std::vector<RegistrationId>> NoticesDue(absl::Time now) override {
    Stmt s = c_.Prepare(
        "SELECT id FROM registrations WHERE status=?2 AND notice_ends_at <= ?1 ORDER BY seq");
    s.Bind(1, Micros(now)).Bind(2, static_cast<int64_t>(domain::RegistrationStatus::kPublicNotice));
    std::vector<RegistrationId> out;
    while (true) {
      BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      out.emplace_back(s.Text(0));
    }
    return out;
  }

  StatusOr<int64_t> CountNumbered() override {
    Stmt s = c_.Prepare("SELECT COUNT(number) FROM registrations");
    BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
    return row ? s.Int(0) : 0;
  }

 private:
  static void Bind(Stmt& s, const domain::RightsRegistration& r) {
    s.Bind(1, std::string_view(r.id.value()))
        .Bind(2, r.number.empty() ? std::nullopt : std::optional<std::string>(r.number))
        .Bind(3, std::string_view(r.product_id.value()))
        .Bind(4, static_cast<int64_t>(r.revision))
        .Bind(5, std::string_view(r.holder_id.value()))
        .Bind(6, static_cast<int64_t>(r.type))
        .Bind(7, static_cast<int64_t>(r.rights.mask()))
        .Bind(8, static_cast<int64_t>(r.status))
        .Bind(9, OptMicros(r.notice_ends_at))
        .Bind(10, r.certificate_id ? std::optional<std::string>(r.certificate_id->value())
                                   : std::nullopt)
        .Bind(11, std::string_view(EncodeRegistrationDocument(r)))
        .Bind(12, Micros(r.created_at))
        .Bind(13, Micros(r.updated_at));
  }

  static StatusOr<domain::RightsRegistration> Read(const Stmt& s) {
    domain::RightsRegistration r;
    r.seq = s.Int(0);
    r.id = RegistrationId(s.Text(1));
    r.number = s.Text(2);
    r.product_id = ProductId(s.Text(3));
    r.revision = static_cast<int>(s.Int(4));
    r.holder_id = OrganizationId(s.Text(5));
    r.type = static_cast<domain::RegistrationType>(s.Int(6));
    r.rights = domain::EnumSet<domain::RightType>::FromMask(static_cast<uint32_t>(s.Int(7)));
    r.status = static_cast<domain::RegistrationStatus>(s.Int(8));
    r.notice_ends_at = OptTime(s, 9);
    if (!s.IsNull(10)) r.certificate_id = CertificateId(s.Text(10));
    BOURSE_RETURN_IF_ERROR(DecodeRegistrationDocument(s.Text(11), &r));
    r.created_at = FromMicros(s.Int(12));
    r.updated_at = FromMicros(s.Int(13));
    return r;
  }

  Connection& c_;
};

class SqliteTransaction final : public Transaction,
                                OrganizationRepository,
                                CertificateRepository,
                                StatusListRepository,
                                TokenRepository,
                                IdempotencyRepository,
                                LogRepository {
 public:
  explicit SqliteTransaction(Connection& c, ProductCache* product_cache = nullptr)
      : c_(c),
        products_(c, product_cache),
        uploads_(c),
        registrations_(c),
        negotiations_(c),
        contracts_(c),
        cross_border_(c),
        ledger_(c),
        demands_(c),
        notifications_(c),
        credentials_(c),
        compliance_(c) {}

  OrganizationRepository& organizations() override { return *this; }
  CertificateRepository& certificates() override { return *this; }
  StatusListRepository& status_lists() override { return *this; }
  TokenRepository& tokens() override { return *this; }
  CredentialRepository& credentials() override { return credentials_; }
  IdempotencyRepository& idempotency() override { return *this; }
  LogRepository& log() override { return *this; }
  ProductRepository& products() override { return products_; }
  UploadRepository& uploads() override { return uploads_; }
  RegistrationRepository& registrations() override { return registrations_; }
  NegotiationRepository& negotiations() override { return negotiations_; }
  ContractRepository& contracts() override { return contracts_; }
  CrossBorderRepository& cross_border() override { return cross_border_; }
  ComplianceRepository& compliance() override { return compliance_; }
  LedgerRepository& ledger() override { return ledger_; }
  DemandRepository& demands() override { return demands_; }
  NotificationRepository& notifications() override { return notifications_; }

  // ---- organisations ----
  Status Insert(domain::Organization* o) override {
    Stmt s = c_.Prepare(
        "INSERT INTO organizations (id, name, uscc, legal_form, roles, service_types, sponsor_id, "
        "ciio, contact_name, contact_email, contact_phone, status, tier, merchant_types, "
        "risk_level, status_reason, created_at, updated_at) "
        "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18)");
    BindOrg(s, *o);
    BOURSE_RETURN_IF_ERROR(s.Run());
    o->seq = s.LastInsertRowId();
    return OkStatus();
  }

  Status Update(const domain::Organization& o) override {
    Stmt s = c_.Prepare(
        "UPDATE organizations SET name=?2, uscc=?3, legal_form=?4, roles=?5, service_types=?6, "
        "sponsor_id=?7, ciio=?8, contact_name=?9, contact_email=?10, contact_phone=?11, "
        "status=?12, tier=?13, merchant_types=?14, risk_level=?15, status_reason=?16, "
        "created_at=?17, updated_at=?18 WHERE id=?1");
    BindOrg(s, o);
    BOURSE_RETURN_IF_ERROR(s.Run());
    if (s.Changes() == 0) return errors::NotFound("organization");
    return OkStatus();
  }

  StatusOr<domain::Organization> Get(const OrganizationId& id) override {
    static const std::string sql =
        StrCat("SELECT ", kOrgColumns, " FROM organizations WHERE id=?1");
    Stmt s = c_.Prepare(sql.c_str());
    s.Bind(1, std::string_view(id.value()));
    BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return errors::NotFound("organization");
    return ReadOrg(s);
  }

  StatusOr<std::vector<OrganizationId>> FindLiveByUscc(const std::string& uscc,
                                                       const OrganizationId& except) override {
    Stmt s = c_.Prepare(
        "SELECT id FROM organizations WHERE uscc=?1 AND id<>?2 AND status NOT IN (2,6,8,9)");
    s.Bind(1, std::string_view(uscc)).Bind(2, std::string_view(except.value()));
    std::vector<OrganizationId> out;
    while (true) {
      BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      out.emplace_back(s.Text(0));
    }
    return out;
  }

  StatusOr<OrganizationPage> List(const OrganizationFilter& f) override {
    static const std::string sql =
        StrCat("SELECT ", kOrgColumns,
               " FROM organizations WHERE seq > ?1 AND (?2 IS NULL OR (roles & (1 << ?2)) <> 0) "
               "AND (?3 IS NULL OR status = ?3) AND (?4 IS NULL OR id = ?4) ORDER BY seq LIMIT ?5");
    Stmt s = c_.Prepare(sql.c_str());
    s.Bind(1, f.after_seq)
        .Bind(2, f.role ? std::optional<int64_t>(int64_t(*f.role)) : std::nullopt)
        .Bind(3, f.status ? std::optional<int64_t>(int64_t(*f.status)) : std::nullopt)
        .Bind(4, f.only ? std::optional<std::string>(f.only->value()) : std::nullopt)
        .Bind(5, int64_t(f.limit) + 1);
    OrganizationPage page;
    while (true) {
      BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      page.items.push_back(ReadOrg(s));
    }
    if (static_cast<int>(page.items.size()) > f.limit) {
      page.items.pop_back();
      page.next_after_seq = page.items.back().seq;
    }
    return page;
  }

  StatusOr<std::vector<RoleStatusCount>> CountByRolesAndStatus() override {
    Stmt s = c_.Prepare(
        "SELECT roles, status, COUNT(*) FROM organizations GROUP BY roles, status ORDER BY 1, 2");
    std::vector<RoleStatusCount> out;
    while (true) {
      BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      out.push_back(
          {static_cast<uint32_t>(s.Int(0)), static_cast<AdmissionStatus>(s.Int(1)), s.Int(2)});
    }
    return out;
  }

  Status AppendEvent(const domain::AdmissionEvent& e) override {
    Stmt s = c_.Prepare(
        "INSERT INTO admission_events (organization_id, action, actor_id, from_status, "
        "to_status, reason, at) VALUES (?1,?2,?3,?4,?5,?6,?7)");
    s.Bind(1, std::string_view(e.organization.value()))
        .Bind(2, int64_t(e.action))
        .Bind(3, e.actor ? std::optional<std::string>(e.actor->value()) : std::nullopt)
        .Bind(4, int64_t(e.from))
        .Bind(5, int64_t(e.to))
        .Bind(6, std::string_view(e.reason))
        .Bind(7, Micros(e.at));
    return s.Run();
  }

  StatusOr<std::vector<domain::AdmissionEvent>> Events(const OrganizationId& id) override {
    Stmt s = c_.Prepare(
        "SELECT action, actor_id, from_status, to_status, reason, at FROM admission_events "
        "WHERE organization_id=?1 ORDER BY seq");
    s.Bind(1, std::string_view(id.value()));
    std::vector<domain::AdmissionEvent> out;
    while (true) {
      BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      domain::AdmissionEvent e;
      e.organization = id;
      e.action = static_cast<domain::AdmissionAction>(s.Int(0));
      if (!s.IsNull(1)) e.actor = OrganizationId(s.Text(1));
      e.from = static_cast<AdmissionStatus>(s.Int(2));
      e.to = static_cast<AdmissionStatus>(s.Int(3));
      e.reason = s.Text(4);
      e.at = FromMicros(s.Int(5));
      out.push_back(std::move(e));
    }
    return out;
  }

  // ---- certificates ----
  // The columns ReadCert reads. A certificate's JWT is kept decoded in `packed`
  // (store/jws_codec.h), or as text in `jwt` when it could not be packed exactly.
  static constexpr char kCertColumns[] =
      "id, type, subject_id, jwt, status, status_index, issued_at, expires_at, log_index, packed";

  static StatusOr<domain::Certificate> ReadCert(const Stmt& s) {
    domain::Certificate c;
    c.id = CertificateId(s.Text(0));
    c.type = static_cast<domain::CertificateType>(s.Int(1));
    c.subject = OrganizationId(s.Text(2));
    if (s.IsNull(9)) {
      c.jwt = s.Text(3);
    } else {
      BOURSE_ASSIGN_OR_RETURN(c.jwt, UnpackCompactJws(s.Blob(9)));
    }
    c.status = static_cast<domain::CertificateStatus>(s.Int(4));
    c.status_index = s.Int(5);
    c.issued_at = FromMicros(s.Int(6));
    c.expires_at = FromMicros(s.Int(7));
    if (!s.IsNull(8)) c.log_index = s.Int(8);
    return c;
  }

  Status Insert(const domain::Certificate& c) override {
    Stmt s = c_.Prepare(
        "INSERT INTO certificates (id, type, subject_id, jwt, status, status_index, issued_at, "
        "expires_at, log_index, packed) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)");
    const std::optional<std::string> packed = PackCompactJws(c.jwt);
    if (packed) {
      s.BindBlob(10, *packed).Bind(4, std::string_view(""));
    } else {
      s.Bind(10, std::optional<int64_t>()).Bind(4, std::string_view(c.jwt));
    }
    s.Bind(1, std::string_view(c.id.value()))
        .Bind(2, int64_t(c.type))
        .Bind(3, std::string_view(c.subject.value()))
        .Bind(5, int64_t(c.status))
        .Bind(6, c.status_index)
        .Bind(7, Micros(c.issued_at))
        .Bind(8, Micros(c.expires_at))
        .Bind(9, c.log_index);
    return s.Run();
  }

  StatusOr<domain::Certificate> Get(const CertificateId& id) override {
    static const std::string sql =
        StrCat("SELECT ", kCertColumns, " FROM certificates WHERE id=?1");
    Stmt s = c_.Prepare(sql.c_str());
    s.Bind(1, std::string_view(id.value()));
    BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return errors::NotFound("certificate");
    return ReadCert(s);
  }

  StatusOr<std::vector<domain::Certificate>> ListBySubject(const OrganizationId& subject) override {
    static const std::string sql =
        StrCat("SELECT ", kCertColumns, " FROM certificates WHERE subject_id=?1 ORDER BY seq DESC");
    Stmt s = c_.Prepare(sql.c_str());
    s.Bind(1, std::string_view(subject.value()));
    std::vector<domain::Certificate> out;
    while (true) {
      BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      BOURSE_ASSIGN_OR_RETURN(domain::Certificate c, ReadCert(s));
      out.push_back(std::move(c));
    }
    return out;
  }

  Status UpdateStatus(const CertificateId& id, domain::CertificateStatus status) override {
    Stmt s = c_.Prepare("UPDATE certificates SET status=?2 WHERE id=?1");
    s.Bind(1, std::string_view(id.value())).Bind(2, int64_t(status));
    BOURSE_RETURN_IF_ERROR(s.Run());
    if (s.Changes() == 0) return errors::NotFound("certificate");
    return OkStatus();
  }

  StatusOr<bool> IsStatusIndexUsed(int64_t index) override {
    Stmt s = c_.Prepare("SELECT 1 FROM certificates WHERE status_index=?1");
    s.Bind(1, index);
    return s.Step();
  }

  StatusOr<int64_t> IssuedCount() override {
    // Certificates are never deleted, so the last sequence number is the count (and, unlike
    // count(*), costs one b-tree descent).
    Stmt s = c_.Prepare("SELECT COALESCE(MAX(seq), 0) FROM certificates");
    BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
    return row ? s.Int(0) : 0;
  }

  // ---- status lists ----
  Status SetBit(domain::StatusPurpose purpose, int64_t index, bool value) override {
    if (value) {
      Stmt s = c_.Prepare("INSERT OR IGNORE INTO status_list_bits (purpose, idx) VALUES (?1, ?2)");
      s.Bind(1, int64_t(purpose)).Bind(2, index);
      return s.Run();
    }
    Stmt s = c_.Prepare("DELETE FROM status_list_bits WHERE purpose=?1 AND idx=?2");
    s.Bind(1, int64_t(purpose)).Bind(2, index);
    return s.Run();
  }

  StatusOr<std::vector<int64_t>> SetBits(domain::StatusPurpose purpose) override {
    Stmt s = c_.Prepare("SELECT idx FROM status_list_bits WHERE purpose=?1 ORDER BY idx");
    s.Bind(1, int64_t(purpose));
    std::vector<int64_t> out;
    while (true) {
      BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      out.push_back(s.Int(0));
    }
    return out;
  }

  // ---- tokens ----
  static domain::ApiToken ReadToken(const Stmt& s) {
    domain::ApiToken t;
    t.id = TokenId(s.Text(0));
    t.organization = OrganizationId(s.Text(1));
    t.name = s.Text(2);
    t.secret_hash = s.Text(3);
    t.created_at = FromMicros(s.Int(4));
    if (!s.IsNull(5)) t.revoked_at = FromMicros(s.Int(5));
    return t;
  }

  Status Insert(const domain::ApiToken& t) override {
    Stmt s = c_.Prepare(
        "INSERT INTO tokens (id, organization_id, name, secret_hash, created_at, revoked_at) "
        "VALUES (?1,?2,?3,?4,?5,?6)");
    s.Bind(1, std::string_view(t.id.value()))
        .Bind(2, std::string_view(t.organization.value()))
        .Bind(3, std::string_view(t.name))
        .Bind(4, std::string_view(t.secret_hash))
        .Bind(5, Micros(t.created_at))
        .Bind(6, t.revoked_at ? std::optional<int64_t>(Micros(*t.revoked_at)) : std::nullopt);
    return s.Run();
  }

  StatusOr<domain::ApiToken> Get(const TokenId& id) override {
    Stmt s = c_.Prepare(
        "SELECT id, organization_id, name, secret_hash, created_at, revoked_at FROM tokens "
        "WHERE id=?1");
    s.Bind(1, std::string_view(id.value()));
    BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return errors::NotFound("token");
    return ReadToken(s);
  }

  StatusOr<domain::ApiToken> FindBySecretHash(const std::string& hash) override {
    Stmt s = c_.Prepare(
        "SELECT id, organization_id, name, secret_hash, created_at, revoked_at FROM tokens "
        "WHERE secret_hash=?1");
    s.Bind(1, std::string_view(hash));
    BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return errors::NotFound("token");
    return ReadToken(s);
  }

  StatusOr<std::vector<domain::ApiToken>> ListByOrganization(const OrganizationId& org) override {
    Stmt s = c_.Prepare(
        "SELECT id, organization_id, name, secret_hash, created_at, revoked_at FROM tokens "
        "WHERE organization_id=?1 ORDER BY seq");
    s.Bind(1, std::string_view(org.value()));
    std::vector<domain::ApiToken> out;
    while (true) {
      BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      out.push_back(ReadToken(s));
    }
    return out;
  }

  Status MarkRevoked(const TokenId& id, absl::Time at) override {
    Stmt s = c_.Prepare("UPDATE tokens SET revoked_at=?2 WHERE id=?1 AND revoked_at IS NULL");
    s.Bind(1, std::string_view(id.value())).Bind(2, Micros(at));
    return s.Run();
  }

  // ---- idempotency ----
  StatusOr<IdempotentResponse> Get(const std::string& caller, const std::string& key) override {
    Stmt s = c_.Prepare(
        "SELECT request_digest, status, body, instance, created_at FROM idempotency_keys "
        "WHERE caller=?1 AND key=?2");
    s.Bind(1, std::string_view(caller)).Bind(2, std::string_view(key));
    BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return errors::NotFound("idempotency key");
    return IdempotentResponse{s.Text(0), static_cast<int>(s.Int(1)), s.Text(2), s.Text(3),
                              FromMicros(s.Int(4))};
  }

  Status Put(const std::string& caller, const std::string& key, const IdempotentResponse& r,
             absl::Time at) override {
    Stmt s = c_.Prepare(
        "INSERT INTO idempotency_keys (caller, key, request_digest, status, body, created_at, "
        "instance) VALUES (?1,?2,?3,?4,?5,?6,?7)");
    s.Bind(1, std::string_view(caller))
        .Bind(2, std::string_view(key))
        .Bind(3, std::string_view(r.request_digest))
        .Bind(4, int64_t(r.status))
        .Bind(5, std::string_view(r.body))
        .Bind(6, Micros(at))
        .Bind(7, std::string_view(r.instance));
    return s.Run();
  }

  Status Complete(const std::string& caller, const std::string& key, int status,
                  const std::string& body) override {
    Stmt s = c_.Prepare(
        "UPDATE idempotency_keys SET status=?3, body=?4 WHERE caller=?1 AND key=?2 AND status=0");
    s.Bind(1, std::string_view(caller))
        .Bind(2, std::string_view(key))
        .Bind(3, int64_t(status))
        .Bind(4, std::string_view(body));
    BOURSE_RETURN_IF_ERROR(s.Run());
    if (s.Changes() == 0) return errors::NotFound("reserved idempotency key");
    return OkStatus();
  }

  Status Delete(const std::string& caller, const std::string& key) override {
    Stmt s = c_.Prepare("DELETE FROM idempotency_keys WHERE caller=?1 AND key=?2");
    s.Bind(1, std::string_view(caller)).Bind(2, std::string_view(key));
    return s.Run();
  }

  StatusOr<int64_t> DeleteOlderThan(absl::Time before) override {
    Stmt s = c_.Prepare("DELETE FROM idempotency_keys WHERE created_at < ?1");
    s.Bind(1, Micros(before));
    BOURSE_RETURN_IF_ERROR(s.Run());
    return s.Changes();
  }

  // ---- transparency log ----
  // The first column of every remaining row, as bytes.
  static StatusOr<std::vector<std::string>> Blobs(Stmt& s) {
    std::vector<std::string> out;
    while (true) {
      BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      out.push_back(s.Blob(0));
    }
    return out;
  }

  StatusOr<int64_t> Append(const std::string& leaf) override {
    Stmt s = c_.Prepare(
        "INSERT INTO log_entries (idx, leaf) VALUES ((SELECT COALESCE(MAX(idx) + 1, 0) FROM "
        "log_entries), ?1)");
    s.BindBlob(1, leaf);
    BOURSE_RETURN_IF_ERROR(s.Run());
    return s.LastInsertRowId();  // idx is the rowid.
  }

  StatusOr<int64_t> Size() override {
    Stmt s = c_.Prepare("SELECT COALESCE(MAX(idx) + 1, 0) FROM log_entries");
    BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
    (void)row;
    return s.Int(0);
  }

  StatusOr<std::vector<std::string>> Entries(int64_t begin, int64_t end) override {
    Stmt s = c_.Prepare("SELECT leaf FROM log_entries WHERE idx >= ?1 AND idx < ?2 ORDER BY idx");
    s.Bind(1, begin).Bind(2, end);
    return Blobs(s);
  }

  Status PutHashes(int tile_level, int64_t first, const std::vector<std::string>& hashes) override {
    for (size_t i = 0; i < hashes.size(); ++i) {
      Stmt s = c_.Prepare("INSERT INTO log_hashes (level, idx, hash) VALUES (?1, ?2, ?3)");
      s.Bind(1, int64_t(tile_level))
          .Bind(2, first + static_cast<int64_t>(i))
          .BindBlob(3, hashes[i]);
      BOURSE_RETURN_IF_ERROR(s.Run());
    }
    return OkStatus();
  }

  StatusOr<std::vector<std::string>> Hashes(int tile_level, int64_t begin, int64_t end) override {
    Stmt s = c_.Prepare(
        "SELECT hash FROM log_hashes WHERE level = ?1 AND idx >= ?2 AND idx < ?3 ORDER BY idx");
    s.Bind(1, int64_t(tile_level)).Bind(2, begin).Bind(3, end);
    return Blobs(s);
  }

  Status PutCheckpoint(const LogCheckpoint& c) override {
    Stmt s =
        c_.Prepare("INSERT INTO log_checkpoints (size, root, note, at) VALUES (?1, ?2, ?3, ?4)");
    s.Bind(1, c.size).BindBlob(2, c.root).Bind(3, std::string_view(c.note)).Bind(4, Micros(c.at));
    return s.Run();
  }

  StatusOr<LogCheckpoint> LatestCheckpoint() override {
    Stmt s =
        c_.Prepare("SELECT size, root, note, at FROM log_checkpoints ORDER BY size DESC LIMIT 1");
    BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return errors::NotFound("checkpoint");
    return LogCheckpoint{s.Int(0), s.Blob(1), s.Text(2), FromMicros(s.Int(3))};
  }

 private:
  Connection& c_;
  SqliteProducts products_;
  SqliteUploads uploads_;
  SqliteRegistrations registrations_;
  SqliteNegotiations negotiations_;
  SqliteContracts contracts_;
  SqliteCrossBorder cross_border_;
  SqliteLedger ledger_;
  SqliteDemands demands_;
  SqliteNotifications notifications_;
  SqliteCredentials credentials_;
  SqliteCompliance compliance_;
};

class SqliteStore final : public Store {
 public:
  static StatusOr<std::unique_ptr<Store>> Open(const SqliteOptions& o) {
    auto store = std::unique_ptr<SqliteStore>(new SqliteStore());
    BOURSE_ASSIGN_OR_RETURN(store->writer_, Connection::Open(o, false));
    BOURSE_RETURN_IF_ERROR(store->Migrate());
    // Checkpoints run on their own thread and connection, so that no commit waits while the
    // write-ahead log is copied back into the database: the writer only signals when the log
    // has grown past kCheckpointPages.
    BOURSE_RETURN_IF_ERROR(store->writer_->Exec("PRAGMA wal_autocheckpoint=0"));
    BOURSE_ASSIGN_OR_RETURN(store->checkpointer_, Connection::Open(o, false));
    sqlite3_wal_hook(store->writer_->handle(), &SqliteStore::OnCommit, store.get());
    store->checkpoint_thread_ = std::thread([s = store.get()] { s->RunCheckpoints(); });
    store->writer_thread_ = std::thread([s = store.get()] { s->RunWriter(); });
    for (int i = 0; i < std::max(1, o.readers); ++i) {
      BOURSE_ASSIGN_OR_RETURN(auto reader, Connection::Open(o, true));
      store->idle_readers_.push_back(std::move(reader));
    }
    return std::unique_ptr<Store>(std::move(store));
  }

  // Group commit: callers queue their works and wait; the store's writer thread takes everything
  // queued, runs it in one transaction, each work inside its own savepoint (a failed work rolls
  // back alone), then commits once — one fsync for the whole batch — and wakes the batch's
  // callers. Works run one after another, in queue order, so each sees the effects of those
  // before it exactly as with one transaction each. While a batch commits, the next one queues.
  // A request running as a fiber suspends while it waits (base/completion.h); any other caller
  // blocks.
  Status Write(const Work& work) override {
    Pending me{&work};
    {
      std::lock_guard<std::mutex> lock(queue_mu_);
      queue_.push_back(&me);
      if (queue_.size() == 1) writer_wake_.notify_one();
    }
    me.done.Wait();
    return me.result;
  }

  Status Read(const Work& work) override {
    // A reader is pooled: a task holding one must not be suspended (a Write inside a read would
    // otherwise leave it held while other tasks on the same thread wait for one).
    NoSuspendScope holds_pooled_reader;
    std::unique_ptr<Connection> conn;
    {
      absl::MutexLock lock(&pool_mu_);
      pool_mu_.Await(absl::Condition(
          +[](std::vector<std::unique_ptr<Connection>>* v) { return !v->empty(); },
          &idle_readers_));
      conn = std::move(idle_readers_.back());
      idle_readers_.pop_back();
    }
    Status st = RunIn(*conn, "BEGIN", work);
    absl::MutexLock lock(&pool_mu_);
    idle_readers_.push_back(std::move(conn));
    return st;
  }

  int SchemaVersion() const override { return schema_version_; }

 private:
  SqliteStore() = default;

 public:
  ~SqliteStore() override {
    {
      std::lock_guard<std::mutex> lock(queue_mu_);
      writer_stopping_ = true;
    }
    writer_wake_.notify_one();
    if (writer_thread_.joinable()) writer_thread_.join();
    {
      std::lock_guard<std::mutex> lock(checkpoint_mu_);
      stopping_ = true;
    }
    checkpoint_wake_.notify_one();
    if (checkpoint_thread_.joinable()) checkpoint_thread_.join();
  }

 private:
  // Nice value asked for the writer thread (request threads run at 0).
  static constexpr int kWriterNice = -10;
  // A checkpoint copies each page changed since the last one once, however often it changed:
  // the fee account's balance, the tables' last pages and the interior pages above them change
  // in every batch. Starting at 4,000 pages (16 MiB, about 200 trades) rather than 1,000 copies
  // each of them a quarter as often; that measured 5-8 % more trades a second (bench/README.md).
  static constexpr int kCheckpointPages = 4000;
  // Under a steady stream of commits the background checkpoint never reaches the log's end, and
  // the log restarts only once it has: past this size the writer finishes the copy itself
  // (little is left by then) so that the next commit starts the log over.
  static constexpr int kWriterCheckpointPages = 4 * kCheckpointPages;

  // Called by SQLite after each commit on the writer with the log's size in pages.
  static int OnCommit(void* self, sqlite3* db, const char* name, int pages) {
    if (pages < kCheckpointPages) return SQLITE_OK;
    if (pages >= kWriterCheckpointPages) {
      (void)sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
      return SQLITE_OK;
    }
    auto* store = static_cast<SqliteStore*>(self);
    {
      std::lock_guard<std::mutex> lock(store->checkpoint_mu_);
      store->checkpoint_due_ = true;
    }
    store->checkpoint_wake_.notify_one();
    return SQLITE_OK;
  }

  // The writer thread. Every write in the process funnels through it, so it asks to run ahead
  // of request threads (a higher priority, where the process may raise one; otherwise it keeps
  // the default) rather than wait behind the very threads that are waiting for it.
  void RunWriter() {
    SetCurrentThreadName("bourse-writer");
    (void)setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), kWriterNice);
    std::unique_lock<std::mutex> lock(queue_mu_);
    while (true) {
      writer_wake_.wait(lock, [&] { return writer_stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // Stopping, with nothing left to run.
      std::vector<Pending*> batch(queue_.begin(), queue_.end());
      queue_.clear();
      lock.unlock();
      {
        absl::MutexLock write_lock(&write_mu_);
        RunBatch(batch);
      }
      // A caller may return (and free its Pending) as soon as its completion is signalled.
      for (Pending* p : batch) p->done.Signal();
      lock.lock();
    }
  }

  // Copies committed pages back into the database without blocking the writer or readers
  // (a passive checkpoint); the log then restarts from its beginning on a later commit.
  void RunCheckpoints() {
    SetCurrentThreadName("bourse-checkpt");
    std::unique_lock<std::mutex> lock(checkpoint_mu_);
    while (true) {
      checkpoint_wake_.wait(lock, [&] { return stopping_ || checkpoint_due_; });
      if (stopping_) return;
      checkpoint_due_ = false;
      lock.unlock();
      (void)sqlite3_wal_checkpoint_v2(checkpointer_->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                      nullptr, nullptr);
      lock.lock();
    }
  }

  struct Pending {
    const Work* work;
    Status result;
    Completion done;
  };

  void RunBatch(const std::vector<Pending*>& batch) ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_) {
    Connection& c = *writer_;
    ForgetOthersChanges();
    if (batch.size() == 1) {
      batch[0]->result = RunIn(c, "BEGIN IMMEDIATE", *batch[0]->work, &product_cache_);
      return;
    }
    if (Status st = c.Prepare("BEGIN IMMEDIATE").Run(); !st.ok()) {
      for (Pending* p : batch) p->result = st;
      return;
    }
    SqliteTransaction tx(c, &product_cache_);
    bool any_ok = false;
    for (Pending* p : batch) {
      Status st = c.Prepare("SAVEPOINT work").Run();
      if (st.ok()) st = (*p->work)(tx);
      if (st.ok()) {
        st = c.Prepare("RELEASE work").Run();
      } else {
        (void)c.Prepare("ROLLBACK TO work").Run();
        (void)c.Prepare("RELEASE work").Run();
        product_cache_.Clear();
      }
      any_ok |= st.ok();
      p->result = st;
    }
    Status commit = any_ok ? c.Prepare("COMMIT").Run() : c.Prepare("ROLLBACK").Run();
    if (!commit.ok()) {
      (void)c.Prepare("ROLLBACK").Run();
      product_cache_.Clear();
      for (Pending* p : batch) {
        if (p->result.ok()) p->result = commit;
      }
    }
  }

  // Empties the writer's product cache if another connection has committed since the last
  // batch (another process on the same database, say).
  void ForgetOthersChanges() ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_) {
    Stmt s = writer_->Prepare("PRAGMA data_version");
    auto row = s.Step();
    const int64_t version = row.ok() && *row ? s.Int(0) : -1;
    if (version != data_version_ || version < 0) product_cache_.Clear();
    data_version_ = version;
  }

  // Transaction control runs through cached statements: no SQL is parsed per transaction.
  // `cache`, the writer's product cache, is emptied if the transaction rolls back.
  static Status RunIn(Connection& c, const char* begin, const Work& work,
                      ProductCache* cache = nullptr) {
    BOURSE_RETURN_IF_ERROR(c.Prepare(begin).Run());
    SqliteTransaction tx(c, cache);
    Status st = work(tx);
    if (st.ok()) {
      st = c.Prepare("COMMIT").Run();
      if (st.ok()) return st;
    }
    (void)c.Prepare("ROLLBACK").Run();
    if (cache != nullptr) cache->Clear();
    return st;
  }

  Status Migrate() {
    BOURSE_RETURN_IF_ERROR(
        writer_->Exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                      "applied_at INTEGER NOT NULL) STRICT"));
    int current = 0;
    {
      Stmt s = writer_->Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
      BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
      if (row) current = static_cast<int>(s.Int(0));
    }
    const auto& migrations = Migrations();
    if (current > static_cast<int>(migrations.size())) {
      return FailedPreconditionError(StrCat("database schema version ", current,
                                            " is newer than this binary supports (",
                                            static_cast<int>(migrations.size()), ")"));
    }
    for (int v = current + 1; v <= static_cast<int>(migrations.size()); ++v) {
      BOURSE_RETURN_IF_ERROR(writer_->Exec("BEGIN IMMEDIATE"));
      Status st = writer_->Exec(migrations[v - 1]);
      if (st.ok()) {
        Stmt s = writer_->Prepare(
            "INSERT INTO schema_migrations (version, applied_at) VALUES (?1, "
            "strftime('%s','now'))");
        s.Bind(1, int64_t(v));
        st = s.Run();
      }
      if (!st.ok()) {
        (void)writer_->Exec("ROLLBACK");
        return st;
      }
      BOURSE_RETURN_IF_ERROR(writer_->Exec("COMMIT"));
    }
    schema_version_ = static_cast<int>(migrations.size());
    return OkStatus();
  }

  std::mutex queue_mu_;
  std::deque<Pending*> queue_;    // Guarded by queue_mu_.
  bool writer_stopping_ = false;  // Guarded by queue_mu_.
  std::condition_variable writer_wake_;
  std::thread writer_thread_;
  absl::Mutex write_mu_;
  std::unique_ptr<Connection> writer_ ABSL_PT_GUARDED_BY(write_mu_);
  ProductCache product_cache_ ABSL_GUARDED_BY(write_mu_);
  int64_t data_version_ ABSL_GUARDED_BY(write_mu_) = -1;
  absl::Mutex pool_mu_;
  std::vector<std::unique_ptr<Connection>> idle_readers_ ABSL_GUARDED_BY(pool_mu_);
  int schema_version_ = 0;
  std::unique_ptr<Connection> checkpointer_;
  std::mutex checkpoint_mu_;
  std::condition_variable checkpoint_wake_;
  bool checkpoint_due_ = false;  // Guarded by checkpoint_mu_.
  bool stopping_ = false;        // Guarded by checkpoint_mu_.
  std::thread checkpoint_thread_;
};

}  // namespace

StatusOr<std::unique_ptr<Store>> OpenSqliteStore(const SqliteOptions& options) {
  // Memory statistics take a process-wide mutex on every allocation; connections here are
  // confined to one thread at a time (NOMUTEX), so nothing needs them. Must precede any use.
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)configured;
  return SqliteStore::Open(options);
}

}  // namespace bourse::store::sqlite
