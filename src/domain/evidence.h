// The exporter's side of the cross-border gate (W5, domain-rules.md §8): the facts about an
// exporter that the decision table reads, as the operator has verified them, and the evidence
// an exporter files — a security-assessment approval, a standard-contract filing, a
// certification, a PIPIA, consent records — which the operator reviews. Evidence belongs to the
// exporter, not to one contract: every contract of that exporter whose destination and data it
// covers, while it is valid, reuses it.
//
// MayCirculate is the gate itself: whether a contract's route is satisfied, now, by approved
// evidence in scope and in its validity period. Every path that moves data or money for an
// outbound contract asks it. Pure: no I/O.
#ifndef BOURSE_DOMAIN_EVIDENCE_H_
#define BOURSE_DOMAIN_EVIDENCE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "base/ids.h"
#include "base/status.h"
#include "domain/enum_set.h"
#include "domain/enums.h"

namespace bourse::domain {

// What the operator has verified about an exporter (at admission or by a logged profile
// decision). A party to a trade cannot assert any of it.
struct ExporterFacts {
  bool in_ftz = false;                // Registered in a pilot free trade zone (Art. 6).
  std::string ftz;                    // Which zone, e.g. "shanghai-lingang".
  bool on_ftz_negative_list = false;  // Its data falls under that zone's negative list.
  bool ciio = false;                  // Critical information infrastructure operator.
  bool trade_context = false;     // Art. 3: its data arises in international trade and the like.
  bool collected_abroad = false;  // Art. 4: it re-exports personal information collected abroad.
  bool necessary_for_contract = false;  // Art. 5: transfers needed for contracts with individuals.
  bool employee_hr = false;             // Art. 5: cross-border human resources.
  bool emergency = false;               // Art. 5: life, health or property.
  friend bool operator==(const ExporterFacts&, const ExporterFacts&) = default;
};

// An exporter's verified facts with who decided them and when.
struct ExporterProfile {
  OrganizationId organization;
  ExporterFacts facts;
  std::optional<OrganizationId> decided_by;  // Empty until the operator decides.
  std::string reason;
  absl::Time updated_at;
  friend bool operator==(const ExporterProfile&, const ExporterProfile&) = default;
};

// Where and for what data a piece of evidence holds.
struct EvidenceScope {
  std::vector<std::string> destinations;  // ISO 3166 codes outside the mainland ("SG", "CN-HK").
  EnumSet<Sector> sectors;                // The data's sectors.
  friend bool operator==(const EvidenceScope&, const EvidenceScope&) = default;
};

struct Evidence {
  EvidenceId id;
  int64_t seq = 0;
  OrganizationId exporter;
  EvidenceKind kind = EvidenceKind::kPipia;
  std::string reference;  // The approval, filing or certificate number.
  std::string authority;  // Who issued it (the CAC, a provincial CAC, a certification body …).
  EvidenceScope scope;
  absl::Time valid_from;
  absl::Time valid_until;  // Exclusive.
  // The document itself, stored like a dataset under its digest.
  std::string document_name;
  std::string document_sha256;
  int64_t document_bytes = 0;
  EvidenceStatus status = EvidenceStatus::kFiled;
  std::string decision_reason;
  std::optional<OrganizationId> decided_by;
  std::optional<absl::Time> decided_at;
  absl::Time filed_at;
  bool expiry_notified = false;  // The exporter has been told it is about to expire.
  friend bool operator==(const Evidence&, const Evidence&) = default;
};

// What an exporter files: the evidence's terms and the document's bytes.
struct EvidenceFiling {
  EvidenceKind kind = EvidenceKind::kPipia;
  std::string reference;
  std::string authority;
  EvidenceScope scope;
  absl::Time valid_from;
  absl::Time valid_until;
  std::string document_name;
  std::string document;
};

// Limits on what may be filed.
struct EvidenceRules {
  // A CAC security assessment is valid for three years (2024 Provisions, Art. 8).
  absl::Duration security_assessment_validity = absl::Hours(24 * (365 * 3 + 1));
  absl::Duration longest_validity = absl::Hours(24 * (365 * 10 + 3));
  absl::Duration expiry_notice = absl::Hours(24 * 30);
};

// Checks an exporter's filing before it is stored: reference and authority present, at least
// one destination outside the mainland and one sector, a validity period that has not ended
// and fits the kind. InvalidArgument naming the field otherwise.
Status ValidateEvidence(const Evidence& e, absl::Time now, const EvidenceRules& rules);

// Whether `e` counts for `kind` on a transfer to `destination` of data in `sector` at `at`:
// approved, of that kind, in scope and within its validity period.
bool Covers(const Evidence& e, EvidenceKind kind, std::string_view destination, Sector sector,
            absl::Time at);

// What a contract's route requires (from its cross-border case).
struct CirculationRequirement {
  int row = 0;
  std::string destination;
  Sector sector = Sector::kOther;
  EnumSet<EvidenceKind> any_of;  // One of these, when not empty.
  EnumSet<EvidenceKind> all_of;  // Every one of these.
};

struct CirculationCheck {
  std::vector<EvidenceKind> missing;  // Empty when the contract may circulate.
  std::vector<EvidenceId> relied_on;  // The evidence that satisfies the route.
  bool allowed() const { return missing.empty(); }
};

// The gate: which required kinds `evidence` (the exporter's) leaves unsatisfied at `now`, and
// which evidence satisfies the rest.
CirculationCheck MayCirculate(const CirculationRequirement& req,
                              const std::vector<Evidence>& evidence, absl::Time now);
// `check` as a status: OK when allowed, or FailedPrecondition of kind "evidence-required"
// (HTTP 422, field "evidence") whose detail names the row and every missing kind.
Status RefusalOf(const CirculationRequirement& req, const CirculationCheck& check);

}  // namespace bourse::domain

#endif  // BOURSE_DOMAIN_EVIDENCE_H_
