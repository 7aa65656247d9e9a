#include "store/sqlite/sqlite_compliance.h"

#include "base/errors.h"
#include "base/status_macros.h"
#include "base/strings.h"

namespace bourse::store::sqlite {
namespace {

using domain::Evidence;
using domain::ExporterFacts;

// The facts as one integer, a bit each.
int64_t MaskOf(const ExporterFacts& f) {
  return int64_t{f.in_ftz} | int64_t{f.on_ftz_negative_list} << 1 | int64_t{f.ciio} << 2 |
         int64_t{f.trade_context} << 3 | int64_t{f.collected_abroad} << 4 |
         int64_t{f.necessary_for_contract} << 5 | int64_t{f.employee_hr} << 6 |
         int64_t{f.emergency} << 7;
}

ExporterFacts FactsOf(int64_t m, std::string ftz) {
  ExporterFacts f;
  f.in_ftz = (m & 1) != 0;
  f.on_ftz_negative_list = (m & 2) != 0;
  f.ciio = (m & 4) != 0;
  f.trade_context = (m & 8) != 0;
  f.collected_abroad = (m & 16) != 0;
  f.necessary_for_contract = (m & 32) != 0;
  f.employee_hr = (m & 64) != 0;
  f.emergency = (m & 128) != 0;
  f.ftz = std::move(ftz);
  return f;
}

// Destinations are kept as one comma-separated column: a handful of short codes.
std::vector<std::string> SplitDestinations(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

constexpr char kColumns[] =
    "seq, id, exporter_id, kind, reference, authority, destinations, sectors, valid_from, "
    "valid_until, document_name, document_sha256, document_bytes, status, decision_reason, "
    "decided_by, decided_at, filed_at, expiry_notified";

Evidence Read(const Stmt& s) {
  Evidence e;
  e.seq = s.Int(0);
  e.id = EvidenceId(s.Text(1));
  e.exporter = OrganizationId(s.Text(2));
  e.kind = static_cast<domain::EvidenceKind>(s.Int(3));
  e.reference = s.Text(4);
  e.authority = s.Text(5);
  e.scope.destinations = SplitDestinations(s.Text(6));
  e.scope.sectors = domain::EnumSet<domain::Sector>::FromMask(static_cast<uint32_t>(s.Int(7)));
  e.valid_from = FromMicros(s.Int(8));
  e.valid_until = FromMicros(s.Int(9));
  e.document_name = s.Text(10);
  e.document_sha256 = s.Text(11);
  e.document_bytes = s.Int(12);
  e.status = static_cast<domain::EvidenceStatus>(s.Int(13));
  e.decision_reason = s.Text(14);
  if (!s.IsNull(15)) e.decided_by = OrganizationId(s.Text(15));
  e.decided_at = OptTime(s, 16);
  e.filed_at = FromMicros(s.Int(17));
  e.expiry_notified = s.Int(18) != 0;
  return e;
}

StatusOr<std::vector<Evidence>> ReadAll(Stmt& s) {
  std::vector<Evidence> out;
  while (true) {
    BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back(Read(s));
  }
  return out;
}

}  // namespace

StatusOr<domain::ExporterProfile> SqliteCompliance::GetProfile(const OrganizationId& org) {
  Stmt s = c_.Prepare(
      "SELECT facts, ftz, decided_by, reason, updated_at FROM exporter_profiles WHERE "
      "organization_id=?1");
  s.Bind(1, std::string_view(org.value()));
  BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return errors::NotFound("exporter profile");
  domain::ExporterProfile p;
  p.organization = org;
  p.facts = FactsOf(s.Int(0), s.Text(1));
  if (!s.IsNull(2)) p.decided_by = OrganizationId(s.Text(2));
  p.reason = s.Text(3);
  p.updated_at = FromMicros(s.Int(4));
  return p;
}

Status SqliteCompliance::PutProfile(const domain::ExporterProfile& p) {
  Stmt s = c_.Prepare(
      "INSERT INTO exporter_profiles (organization_id, facts, ftz, decided_by, reason, "
      "updated_at) VALUES (?1,?2,?3,?4,?5,?6) ON CONFLICT(organization_id) DO UPDATE SET "
      "facts=excluded.facts, ftz=excluded.ftz, decided_by=excluded.decided_by, "
      "reason=excluded.reason, updated_at=excluded.updated_at");
  std::optional<std::string> by;
  if (p.decided_by) by = p.decided_by->value();
  s.Bind(1, std::string_view(p.organization.value()))
      .Bind(2, MaskOf(p.facts))
      .Bind(3, std::string_view(p.facts.ftz))
      .Bind(4, by)
      .Bind(5, std::string_view(p.reason))
      .Bind(6, Micros(p.updated_at));
  return s.Run();
}

Status SqliteCompliance::InsertEvidence(Evidence* e) {
  Stmt s = c_.Prepare(
      "INSERT INTO evidence (id, exporter_id, kind, reference, authority, destinations, sectors, "
      "valid_from, valid_until, document_name, document_sha256, document_bytes, status, "
      "decision_reason, decided_by, decided_at, filed_at, expiry_notified) VALUES "
      "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18)");
  std::optional<std::string> by;
  if (e->decided_by) by = e->decided_by->value();
  const std::string destinations = StrJoin(e->scope.destinations, ",");
  s.Bind(1, std::string_view(e->id.value()))
      .Bind(2, std::string_view(e->exporter.value()))
      .Bind(3, static_cast<int64_t>(e->kind))
      .Bind(4, std::string_view(e->reference))
      .Bind(5, std::string_view(e->authority))
      .Bind(6, std::string_view(destinations))
      .Bind(7, int64_t{e->scope.sectors.mask()})
      .Bind(8, Micros(e->valid_from))
      .Bind(9, Micros(e->valid_until))
      .Bind(10, std::string_view(e->document_name))
      .Bind(11, std::string_view(e->document_sha256))
      .Bind(12, e->document_bytes)
      .Bind(13, static_cast<int64_t>(e->status))
      .Bind(14, std::string_view(e->decision_reason))
      .Bind(15, by)
      .Bind(16, OptMicros(e->decided_at))
      .Bind(17, Micros(e->filed_at))
      .Bind(18, int64_t{e->expiry_notified});
  BOURSE_RETURN_IF_ERROR(s.Run());
  e->seq = s.LastInsertRowId();
  return OkStatus();
}

Status SqliteCompliance::UpdateEvidence(const Evidence& e) {
  // Only the review and the expiry notice change; what was filed stays as filed.
  Stmt s = c_.Prepare(
      "UPDATE evidence SET status=?2, decision_reason=?3, decided_by=?4, decided_at=?5, "
      "expiry_notified=?6 WHERE id=?1");
  std::optional<std::string> by;
  if (e.decided_by) by = e.decided_by->value();
  s.Bind(1, std::string_view(e.id.value()))
      .Bind(2, static_cast<int64_t>(e.status))
      .Bind(3, std::string_view(e.decision_reason))
      .Bind(4, by)
      .Bind(5, OptMicros(e.decided_at))
      .Bind(6, int64_t{e.expiry_notified});
  BOURSE_RETURN_IF_ERROR(s.Run());
  if (s.Changes() == 0) return errors::NotFound("evidence");
  return OkStatus();
}

StatusOr<Evidence> SqliteCompliance::GetEvidence(const EvidenceId& id) {
  static const std::string sql = StrCat("SELECT ", kColumns, " FROM evidence WHERE id=?1");
  Stmt s = c_.Prepare(sql.c_str());
  s.Bind(1, std::string_view(id.value()));
  BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return errors::NotFound("evidence");
  return Read(s);
}

StatusOr<std::vector<Evidence>> SqliteCompliance::ApprovedEvidence(const OrganizationId& exporter,
                                                                   absl::Time at) {
  static const std::string sql =
      StrCat("SELECT ", kColumns,
             " FROM evidence WHERE exporter_id=?1 AND status=?2 AND valid_until>?3 ORDER BY seq");
  Stmt s = c_.Prepare(sql.c_str());
  s.Bind(1, std::string_view(exporter.value()))
      .Bind(2, static_cast<int64_t>(domain::EvidenceStatus::kApproved))
      .Bind(3, Micros(at));
  return ReadAll(s);
}

StatusOr<std::vector<Evidence>> SqliteCompliance::ListEvidence(const EvidenceFilter& f) {
  static const std::string sql =
      StrCat("SELECT ", kColumns,
             " FROM evidence WHERE seq>?1 AND (?2 IS NULL OR exporter_id=?2) AND (?3 IS NULL OR "
             "status=?3) ORDER BY seq LIMIT ?4");
  Stmt s = c_.Prepare(sql.c_str());
  std::optional<std::string> exporter;
  if (f.exporter) exporter = f.exporter->value();
  std::optional<int64_t> status;
  if (f.status) status = static_cast<int64_t>(*f.status);
  s.Bind(1, f.after_seq).Bind(2, exporter).Bind(3, status).Bind(4, int64_t{f.limit});
  return ReadAll(s);
}

StatusOr<std::vector<Evidence>> SqliteCompliance::ExpiringEvidence(absl::Time before, int limit) {
  static const std::string sql =
      StrCat("SELECT ", kColumns,
             " FROM evidence WHERE status=?1 AND expiry_notified=0 AND valid_until<?2 ORDER BY "
             "valid_until LIMIT ?3");
  Stmt s = c_.Prepare(sql.c_str());
  s.Bind(1, static_cast<int64_t>(domain::EvidenceStatus::kApproved))
      .Bind(2, Micros(before))
      .Bind(3, int64_t{limit});
  return ReadAll(s);
}

}  // namespace bourse::store::sqlite
