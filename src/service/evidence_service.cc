#include "service/evidence_service.h"

#include "base/encoding.h"
#include "base/errors.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "base/time_format.h"
#include "service/notifier.h"

namespace bourse::service {
namespace {

constexpr size_t kMaxReason = 2000;
constexpr int kSweepBatch = 200;

boost::json::array Names(domain::EnumSet<domain::Sector> sectors) {
  boost::json::array out;
  for (auto s : sectors.values()) out.emplace_back(domain::Name(s));
  return out;
}

boost::json::array Strings(const std::vector<std::string>& v) {
  boost::json::array out;
  for (const auto& s : v) out.emplace_back(s);
  return out;
}

// The facts as log fields: enumerated flags only (the zone's name is free text: a digest).
boost::json::object FactFields(const domain::ExporterFacts& f) {
  return {{"in_ftz", f.in_ftz},
          {"on_ftz_negative_list", f.on_ftz_negative_list},
          {"ciio", f.ciio},
          {"trade_context", f.trade_context},
          {"collected_abroad", f.collected_abroad},
          {"necessary_for_contract", f.necessary_for_contract},
          {"employee_hr", f.employee_hr},
          {"emergency", f.emergency}};
}

bool CanFile(const domain::Principal& p) {
  return p.roles.Has(domain::Role::kSeller) || p.roles.Has(domain::Role::kDataMerchant);
}

}  // namespace

StatusOr<domain::ExporterProfile> EvidenceService::SetProfile(const domain::Principal& caller,
                                                              const OrganizationId& org,
                                                              const domain::ExporterFacts& facts,
                                                              const std::string& reason) {
  if (!caller.IsOperator())
    return errors::Forbidden("only the operator verifies an exporter's cross-border facts");
  if (reason.empty()) return errors::MissingField("reason");
  if (reason.size() > kMaxReason) return errors::InvalidField("reason", "at most 2000 bytes");
  if (!IsValidUtf8(reason)) return errors::InvalidField("reason", "must be valid UTF-8");
  if (facts.ftz.size() > 64 || !IsValidUtf8(facts.ftz))
    return errors::InvalidField("ftz", "the zone's name, at most 64 bytes");
  if (facts.in_ftz && facts.ftz.empty()) return errors::MissingField("ftz");
  if (!facts.in_ftz && (!facts.ftz.empty() || facts.on_ftz_negative_list))
    return errors::InvalidField(facts.ftz.empty() ? "on_ftz_negative_list" : "ftz",
                                "only an exporter in a free trade zone has a zone");
  domain::ExporterProfile out;
  BOURSE_RETURN_IF_ERROR(store_.Write([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(domain::Organization o, tx.organizations().Get(org));
    if (o.Has(domain::Role::kOperator) || o.Has(domain::Role::kRegulator))
      return errors::Forbidden("the venue's own organisations export nothing");
    out.organization = org;
    out.facts = facts;
    out.decided_by = caller.organization;
    out.reason = reason;
    out.updated_at = clock_.Now();
    BOURSE_RETURN_IF_ERROR(tx.compliance().PutProfile(out));
    log::Event entry;
    entry.type = "organization.exporter_profile";
    entry.time = out.updated_at;
    entry.actor = caller.organization.value();
    entry.subjects = {{"organization", org.value()}};
    entry.fields = FactFields(facts);
    entry.Document("reason", reason);
    if (!facts.ftz.empty()) entry.Document("ftz", facts.ftz);
    BOURSE_RETURN_IF_ERROR(log_.Append(tx, entry).status());
    return Notify(tx, clock_, org, "exporter_profile.decided", org.value(),
                  StrCat("The operator recorded your cross-border facts: ", reason));
  }));
  return out;
}

StatusOr<domain::ExporterProfile> EvidenceService::Profile(const domain::Principal& caller,
                                                           const OrganizationId& org) {
  if (!caller.SeesEverything() && !caller.Owns(org)) return errors::NotFound("organization");
  domain::ExporterProfile out;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    BOURSE_RETURN_IF_ERROR(tx.organizations().Get(org).status());
    auto p = tx.compliance().GetProfile(org);
    if (p.ok()) {
      out = *p;
    } else if (p.status().code() == StatusCode::kNotFound) {
      out.organization = org;
    } else {
      return p.status();
    }
    return OkStatus();
  }));
  return out;
}

StatusOr<domain::Evidence> EvidenceService::File(const domain::Principal& caller,
                                                 const EvidenceFiling& filing) {
  if (caller.SeesEverything() || !CanFile(caller))
    return errors::Forbidden("an exporter (a seller or a data merchant) files its own evidence");
  domain::Evidence e;
  e.exporter = caller.organization;
  e.kind = filing.kind;
  e.reference = filing.reference;
  e.authority = filing.authority;
  e.scope = filing.scope;
  for (auto& d : e.scope.destinations)
    for (auto& ch : d) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  e.valid_from = filing.valid_from;
  e.valid_until = filing.valid_until;
  e.filed_at = clock_.Now();
  BOURSE_RETURN_IF_ERROR(domain::ValidateEvidence(e, e.filed_at, rules_));
  if (filing.document.empty()) return errors::MissingField("document");
  if (filing.document.size() > kMaxEvidenceDocumentBytes)
    return errors::InvalidField("document", "at most 512 KiB");
  if (filing.document_name.empty()) return errors::MissingField("document.file_name");
  if (filing.document_name.size() > 200 || !IsValidUtf8(filing.document_name) ||
      filing.document_name.find('/') != std::string::npos)
    return errors::InvalidField("document.file_name", "a file name of at most 200 bytes");
  e.id = EvidenceId(NewId("evd", e.filed_at, random_));
  // The document is stored like a dataset: under its digest, written whole before the record.
  const UploadId staging(e.id.value());
  BOURSE_RETURN_IF_ERROR(blobs_.Write(staging, 0, filing.document));
  auto sealed = blobs_.Seal(staging);
  if (!sealed.ok()) {
    (void)blobs_.Discard(staging);
    return sealed.status();
  }
  e.document_name = filing.document_name;
  e.document_sha256 = sealed->sha256;
  e.document_bytes = sealed->bytes;
  BOURSE_RETURN_IF_ERROR(store_.Write([&](store::Transaction& tx) -> Status {
    BOURSE_RETURN_IF_ERROR(tx.compliance().InsertEvidence(&e));
    log::Event entry;
    entry.type = "evidence.filed";
    entry.time = e.filed_at;
    entry.actor = caller.organization.value();
    entry.subjects = {{"evidence", e.id.value()}, {"exporter", e.exporter.value()}};
    entry.fields = {{"kind", domain::Name(e.kind)},
                    {"destinations", Strings(e.scope.destinations)},
                    {"sectors", Names(e.scope.sectors)},
                    {"valid_from", FormatRfc3339(e.valid_from)},
                    {"valid_until", FormatRfc3339(e.valid_until)},
                    {"document_sha256", e.document_sha256},
                    {"document_bytes", e.document_bytes}};
    entry.Document("reference", e.reference);
    entry.Document("authority", e.authority);
    return log_.Append(tx, entry).status();
  }));
  return e;
}

StatusOr<domain::Evidence> EvidenceService::Load(store::Transaction& tx,
                                                 const domain::Principal& caller,
                                                 const EvidenceId& id) {
  auto e = tx.compliance().GetEvidence(id);
  if (!e.ok()) return e.status();
  if (!caller.SeesEverything() && !caller.Owns(e->exporter)) return errors::NotFound("evidence");
  return e;
}

StatusOr<domain::Evidence> EvidenceService::Decide(const domain::Principal& caller,
                                                   const EvidenceId& id, bool approve,
                                                   const std::string& reason) {
  if (reason.empty()) return errors::MissingField("reason");
  if (reason.size() > kMaxReason || !IsValidUtf8(reason))
    return errors::InvalidField("reason", "valid UTF-8 of at most 2000 bytes");
  domain::Evidence out;
  BOURSE_RETURN_IF_ERROR(store_.Write([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(out, Load(tx, caller, id));
    if (!caller.IsOperator())
      return errors::Forbidden("only the operator approves or rejects evidence");
    if (out.status != domain::EvidenceStatus::kFiled)
      return errors::IllegalTransition(StrCat("the evidence is already ", Name(out.status)));
    const absl::Time now = clock_.Now();
    if (approve && out.valid_until <= now)
      return errors::RuleViolation("the evidence has expired; the exporter files it anew");
    out.status = approve ? domain::EvidenceStatus::kApproved : domain::EvidenceStatus::kRejected;
    out.decision_reason = reason;
    out.decided_by = caller.organization;
    out.decided_at = now;
    BOURSE_RETURN_IF_ERROR(tx.compliance().UpdateEvidence(out));
    log::Event entry;
    entry.type = "evidence.decided";
    entry.time = now;
    entry.actor = caller.organization.value();
    entry.subjects = {{"evidence", out.id.value()}, {"exporter", out.exporter.value()}};
    entry.fields = {{"kind", domain::Name(out.kind)}, {"status", domain::Name(out.status)}};
    entry.Document("reason", reason);
    BOURSE_RETURN_IF_ERROR(log_.Append(tx, entry).status());
    return Notify(tx, clock_, out.exporter, approve ? "evidence.approved" : "evidence.rejected",
                  out.id.value(),
                  StrCat(approve ? "Approved: " : "Rejected: ", domain::Name(out.kind), " ",
                         out.reference, " (", reason, ")"));
  }));
  return out;
}

StatusOr<domain::Evidence> EvidenceService::Get(const domain::Principal& caller,
                                                const EvidenceId& id) {
  domain::Evidence out;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(out, Load(tx, caller, id));
    return OkStatus();
  }));
  return out;
}

StatusOr<std::vector<domain::Evidence>> EvidenceService::List(const domain::Principal& caller,
                                                              store::EvidenceFilter filter) {
  if (!caller.SeesEverything()) {
    if (filter.exporter && !caller.Owns(*filter.exporter)) return std::vector<domain::Evidence>{};
    filter.exporter = caller.organization;
  }
  std::vector<domain::Evidence> out;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(out, tx.compliance().ListEvidence(filter));
    return OkStatus();
  }));
  return out;
}

StatusOr<EvidenceDocument> EvidenceService::Document(const domain::Principal& caller,
                                                     const EvidenceId& id) {
  BOURSE_ASSIGN_OR_RETURN(domain::Evidence e, Get(caller, id));
  BOURSE_ASSIGN_OR_RETURN(std::shared_ptr<ByteSource> source, blobs_.OpenBlob(e.document_sha256));
  return EvidenceDocument{std::move(source), e.document_name, e.document_sha256, e.document_bytes};
}

StatusOr<int> EvidenceService::Sweep() {
  const absl::Time now = clock_.Now();
  std::vector<domain::Evidence> due;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(
        due, tx.compliance().ExpiringEvidence(now + rules_.expiry_notice, kSweepBatch));
    return OkStatus();
  }));
  int told = 0;
  for (auto& e : due) {
    BOURSE_RETURN_IF_ERROR(store_.Write([&](store::Transaction& tx) -> Status {
      e.expiry_notified = true;
      BOURSE_RETURN_IF_ERROR(tx.compliance().UpdateEvidence(e));
      const int64_t days = std::max<int64_t>(0, absl::ToInt64Hours(e.valid_until - now) / 24);
      return Notify(tx, clock_, e.exporter, "evidence.expiring", e.id.value(),
                    StrCat(domain::Name(e.kind), " ", e.reference, " expires on ",
                           FormatRfc3339(e.valid_until), " (in ", days,
                           " days); file its renewal so that outbound contracts keep "
                           "circulating"));
    }));
    ++told;
  }
  return told;
}

}  // namespace bourse::service
