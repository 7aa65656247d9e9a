// Data property-rights registration (W2, domain-rules.md §5): what a holder claims, the
// transition table, who acts, and the rules that refuse a claim. Pure functions.
//
// Rights are claimed separately — holding does not imply use or operation — each with its own
// evidence. A derived product may only claim rights that registrations on every source grant to
// the same holder.
#ifndef BOURSE_DOMAIN_REGISTRATION_H_
#define BOURSE_DOMAIN_REGISTRATION_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "base/ids.h"
#include "base/status.h"
#include "domain/enum_set.h"
#include "domain/enums.h"
#include "domain/product.h"

namespace bourse::domain {

struct Objection {
  OrganizationId objector;
  std::string reason;
  absl::Time at;
  bool open = true;
  friend bool operator==(const Objection&, const Objection&) = default;
};

struct RightsRegistration {
  RegistrationId id;
  int64_t seq = 0;
  std::string number;  // Unique registration number, assigned when registered.
  ProductId product_id;
  int revision = 1;
  OrganizationId holder_id;
  RegistrationType type = RegistrationType::kInitial;
  EnumSet<RightType> rights;
  std::map<RightType, std::string> evidence;  // One piece of evidence per right claimed.
  std::string source_authorisation;
  std::string review_report;  // The third-party review report on authenticity and compliance.
  std::optional<RegistrationId> previous;  // For licence, transfer, change, cancellation.
  std::optional<OrganizationId> licensee;  // For licence and transfer registrations.
  RegistrationStatus status = RegistrationStatus::kSubmitted;
  std::vector<Objection> objections;
  std::optional<absl::Time> notice_ends_at;
  std::optional<CertificateId> certificate_id;
  std::string status_reason;
  absl::Time created_at;
  absl::Time updated_at;
  friend bool operator==(const RightsRegistration&, const RightsRegistration&) = default;
};

enum class RegistrationActor { kHolder, kRegistrar, kParticipant, kSystem };
RegistrationActor ActorOf(RegistrationAction action);

StatusOr<RegistrationStatus> NextRegistrationStatus(RegistrationStatus from,
                                                    RegistrationAction action);
struct RegistrationTransition {
  RegistrationStatus from;
  RegistrationAction action;
  RegistrationStatus to;
};
const std::vector<RegistrationTransition>& RegistrationTable();

// The shape of a claim: at least one right, evidence for each right claimed and for no other,
// a review report, licence/transfer naming the licensee.
Status ValidateRegistration(const RightsRegistration& r);

// The formal check (scope, completeness, consistency): the reasons to return the claim, or
// empty. `source_grants` holds, for each product the registered one derives from, the rights
// registered to the same holder on it.
std::vector<std::string> FormalCheckProblems(const RightsRegistration& r,
                                             const ProductDescription& product,
                                             const std::vector<EnumSet<RightType>>& source_grants);

// Refusal grounds checked before publishing the notice (Shenzhen): core data, no
// authorisation from the data source, an unresolved ownership dispute (an open objection).
Status CheckRefusalGrounds(const RightsRegistration& r, const ProductDescription& product);

}  // namespace bourse::domain

#endif  // BOURSE_DOMAIN_REGISTRATION_H_
