// Organisations and their admission (W1 in domain-rules.md §5).
//
// An Organization is one legal entity holding one or more role grants. Its admission status
// moves only through the transition table in admission.h. Pure values: no I/O.
#ifndef BOURSE_DOMAIN_ORGANIZATION_H_
#define BOURSE_DOMAIN_ORGANIZATION_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/time/time.h"
#include "base/ids.h"
#include "domain/enum_set.h"
#include "domain/enums.h"

namespace bourse::domain {

struct Contact {
  std::string name;
  std::string email;
  std::string phone;
  friend bool operator==(const Contact&, const Contact&) = default;
};

// What an applicant submits, and may correct when supplementing.
struct Application {
  std::string name;
  std::string uscc;
  LegalForm legal_form = LegalForm::kEnterpriseLegalPerson;
  EnumSet<Role> roles;
  EnumSet<ServiceType> service_types;
  std::optional<OrganizationId> sponsor_id;
  bool ciio = false;  // Critical information infrastructure operator (drives cross-border rules).
  Contact contact;
  friend bool operator==(const Application&, const Application&) = default;
};

// The operator's grading of a data merchant (SZDEX: 3 tiers × 8 types × 4 risk levels).
struct MerchantGrade {
  MerchantTier tier = MerchantTier::kEcosystem;
  EnumSet<MerchantType> types;
  int risk_level = 1;  // 1 (lowest) .. 4 (highest).
  friend bool operator==(const MerchantGrade&, const MerchantGrade&) = default;
};

struct Organization {
  OrganizationId id;
  int64_t seq = 0;  // Insertion order, assigned by the store; the paging key.
  Application profile;
  AdmissionStatus status = AdmissionStatus::kSubmitted;
  std::optional<MerchantGrade> grade;  // Set when approved as a data merchant.
  std::string status_reason;           // Why it was returned, rejected, suspended …
  absl::Time created_at;
  absl::Time updated_at;

  bool Has(Role r) const { return profile.roles.Has(r); }
  bool IsApproved() const { return status == AdmissionStatus::kApproved; }
  bool IsApprovedMerchant() const { return IsApproved() && Has(Role::kDataMerchant); }
  friend bool operator==(const Organization&, const Organization&) = default;
};

// One step in an organisation's admission history.
struct AdmissionEvent {
  OrganizationId organization;
  AdmissionAction action = AdmissionAction::kPassChecks;
  std::optional<OrganizationId> actor;  // Empty for the system's automatic checks.
  AdmissionStatus from = AdmissionStatus::kSubmitted;
  AdmissionStatus to = AdmissionStatus::kSubmitted;
  std::string reason;
  absl::Time at;
  friend bool operator==(const AdmissionEvent&, const AdmissionEvent&) = default;
};

}  // namespace bourse::domain

#endif  // BOURSE_DOMAIN_ORGANIZATION_H_
