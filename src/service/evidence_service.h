// The exporter's side of the cross-border gate (W5): the facts about an exporter that the
// operator verifies, and the evidence an exporter files for the operator's review.
//
// The operator decides an organisation's exporter profile (free-trade-zone registration and its
// negative list, CIIO status, the Art. 3–6 circumstances); the decision is logged and the
// organisation told. An exporter (a seller or data merchant) files evidence — kind, reference,
// issuing authority, scope (destinations, sectors), validity, and the document itself, stored
// under its digest like a dataset — and the operator approves or rejects it with a reason.
// Approved evidence serves every contract of that exporter within its scope and validity
// (service/circulation_gate.h). Sweep() tells exporters of evidence about to expire.
//
// The exporter sees its own evidence; the operator and the regulator see all of it (the
// register); anyone else gets NotFound. Every change is one transaction with its log entry.
// Thread-safe.
#ifndef BOURSE_SERVICE_EVIDENCE_SERVICE_H_
#define BOURSE_SERVICE_EVIDENCE_SERVICE_H_

#include <string>
#include <vector>

#include "base/clock.h"
#include "base/random.h"
#include "delivery/blob_store.h"
#include "domain/evidence.h"
#include "domain/principal.h"
#include "log/transparency_log.h"
#include "store/store.h"

namespace bourse::service {

using domain::EvidenceFiling;

inline constexpr size_t kMaxEvidenceDocumentBytes = size_t{512} * 1024;

struct EvidenceDocument {
  std::shared_ptr<ByteSource> source;  // The stored blob's plaintext.
  std::string name;
  std::string sha256;
  int64_t bytes = 0;
};

class EvidenceService {
 public:
  EvidenceService(store::Store& store, const Clock& clock, Random& random,
                  log::TransparencyLog& log, delivery::BlobStore& blobs,
                  domain::EvidenceRules rules = {})
      : store_(store), clock_(clock), random_(random), log_(log), blobs_(blobs), rules_(rules) {}

  // The operator decides `org`'s exporter facts, with a reason.
  StatusOr<domain::ExporterProfile> SetProfile(const domain::Principal& caller,
                                               const OrganizationId& org,
                                               const domain::ExporterFacts& facts,
                                               const std::string& reason);
  // The profile as decided, or an undecided one (no facts) when the operator never decided.
  StatusOr<domain::ExporterProfile> Profile(const domain::Principal& caller,
                                            const OrganizationId& org);

  // An admitted seller or data merchant files evidence for itself.
  StatusOr<domain::Evidence> File(const domain::Principal& caller, const EvidenceFiling& filing);
  // The operator approves or rejects filed evidence (IllegalTransition once decided).
  StatusOr<domain::Evidence> Decide(const domain::Principal& caller, const EvidenceId& id,
                                    bool approve, const std::string& reason);
  StatusOr<domain::Evidence> Get(const domain::Principal& caller, const EvidenceId& id);
  // The caller's own evidence, or for the operator and the regulator everyone's (filtered).
  StatusOr<std::vector<domain::Evidence>> List(const domain::Principal& caller,
                                               store::EvidenceFilter filter);
  StatusOr<EvidenceDocument> Document(const domain::Principal& caller, const EvidenceId& id);

  // Tells exporters of approved evidence that expires within the notice period. Returns how
  // many it told.
  StatusOr<int> Sweep();

  const domain::EvidenceRules& rules() const { return rules_; }

 private:
  StatusOr<domain::Evidence> Load(store::Transaction& tx, const domain::Principal& caller,
                                  const EvidenceId& id);

  store::Store& store_;
  const Clock& clock_;
  Random& random_;
  log::TransparencyLog& log_;
  delivery::BlobStore& blobs_;
  const domain::EvidenceRules rules_;
};

}  // namespace bourse::service

#endif  // BOURSE_SERVICE_EVIDENCE_SERVICE_H_
