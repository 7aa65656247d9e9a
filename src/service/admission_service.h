// Admission use cases (W1): apply, read, list, decide; plus bootstrapping the venue's own
// operator and regulator organisations.
//
// Each use case is one store transaction: a failed one changes nothing. Authorization is part of
// each use case: participants see only their own organisation (others answer NotFound, exactly
// as missing ones do); the operator and the regulator see all; the regulator never writes.
// Thread-safe.
#ifndef BOURSE_SERVICE_ADMISSION_SERVICE_H_
#define BOURSE_SERVICE_ADMISSION_SERVICE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/hash/hash.h"
#include "base/clock.h"
#include "base/random.h"
#include "base/status.h"
#include "domain/admission.h"
#include "domain/certificate.h"
#include "domain/principal.h"
#include "service/certificate_authority.h"
#include "service/read_cache.h"
#include "service/token_service.h"
#include "store/store.h"

namespace bourse::service {

struct ApplyResult {
  domain::Organization organization;
  IssuedToken applicant_token;
  int64_t log_index = -1;  // The "organization.applied" leaf.
};

struct DecisionResult {
  domain::Organization organization;
  std::optional<domain::Certificate> certificate;  // Issued by this decision, if any.
  int64_t log_index = -1;                          // The "organization.decided" leaf.
};

struct OrganizationView {
  domain::Organization organization;
  std::vector<domain::AdmissionEvent> history;
};

struct ListQuery {
  std::optional<domain::Role> role;
  std::optional<domain::AdmissionStatus> status;
  int64_t after_seq = 0;
  int limit = 50;
};

class AdmissionService {
 public:
  // Organisation views are cached for `view_cache_ttl` (see read_cache.h); zero disables it.
  AdmissionService(store::Store& store, const Clock& clock, Random& random, TokenService& tokens,
                   CertificateAuthority& authority, log::TransparencyLog& log,
                   absl::Duration view_cache_ttl = absl::ZeroDuration())
      : store_(store),
        clock_(clock),
        random_(random),
        tokens_(tokens),
        authority_(authority),
        log_(log),
        views_(clock, view_cache_ttl) {}

  // Anyone applies. Runs the automatic checks at once (submitted → under_review or returned) and
  // mints the applicant's first token.
  StatusOr<ApplyResult> Apply(const domain::Application& application);

  StatusOr<OrganizationView> Get(const domain::Principal& caller, const OrganizationId& id);
  StatusOr<store::OrganizationPage> List(const domain::Principal& caller, const ListQuery& query);

  // Takes an admission decision. Approving a data merchant issues its certificate; suspending,
  // reinstating, revoking and exiting move the certificates' status with the organisation.
  StatusOr<DecisionResult> Decide(const domain::Principal& caller, const OrganizationId& id,
                                  const domain::Decision& decision);

  // Creates an approved organisation holding only `role` (operator or regulator) and its first
  // token. Used by `bourse init`; not reachable over HTTP.
  StatusOr<ApplyResult> Bootstrap(domain::Role role, const domain::Application& application);

 private:
  Status RunAutomaticChecks(store::Transaction& tx, domain::Organization& org);
  // Inserts an organisation in `initial` status (running the automatic checks when that is
  // `submitted`) and mints its first token, in one transaction.
  StatusOr<ApplyResult> Create(const domain::Application& application,
                               domain::AdmissionStatus initial, const std::string& token_name);

  store::Store& store_;
  const Clock& clock_;
  Random& random_;
  TokenService& tokens_;
  CertificateAuthority& authority_;
  log::TransparencyLog& log_;
  ReadCache<OrganizationId, OrganizationView, absl::Hash<OrganizationId>> views_;
};

}  // namespace bourse::service

#endif  // BOURSE_SERVICE_ADMISSION_SERVICE_H_
