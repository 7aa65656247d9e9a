// The rules of admission (W1, domain-rules.md §5 and §2): input validation, the automatic checks,
// the transition table, who may take each action, and the guards on approval.
//
// All functions are pure. Failures are values: InvalidArgument naming the field for bad input,
// PermissionDenied when the actor may not take the action, FailedPrecondition (kind
// "illegal-transition") for an action the current status does not allow, and FailedPrecondition
// (kind "rule-violation") when a business rule refuses it.
#ifndef BOURSE_DOMAIN_ADMISSION_H_
#define BOURSE_DOMAIN_ADMISSION_H_

#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "domain/organization.h"

namespace bourse::domain {

// Field limits (code points). Long enough for any real name, short enough to bound storage.
inline constexpr size_t kMaxNameLength = 200;
inline constexpr size_t kMaxContactFieldLength = 200;
inline constexpr size_t kMaxReasonLength = 2000;

enum class Actor { kSystem, kOperator, kApplicant };

// An admission decision as requested by an actor.
struct Decision {
  AdmissionAction action = AdmissionAction::kApprove;
  std::string reason;
  std::optional<MerchantGrade> grade;  // approve, for a data merchant.
  std::optional<Application> changes;  // supplement: the corrected application, if any.
};

// Validates an application as submitted by an applicant (the shape, not the market facts).
Status ValidateApplication(const Application& app);

// Facts about the market that the automatic checks need.
struct MarketFacts {
  bool uscc_in_use = false;             // Another live organisation holds this USCC.
  std::optional<Organization> sponsor;  // The named sponsor, if it exists.
};

// The automatic checks run on submission: empty when the application may go to review,
// otherwise the reason for returning it to the applicant.
std::optional<std::string> AutomaticCheckFailure(const Application& app, const MarketFacts& facts);

// Which actor takes `action`.
Actor ActorOf(AdmissionAction action);

// The status after `action`, or FailedPrecondition (illegal-transition) when `from` does not allow
// it.
StatusOr<AdmissionStatus> NextAdmissionStatus(AdmissionStatus from, AdmissionAction action);

// Every (from, action, to) row of the W1 table, for documentation and exhaustive tests.
struct AdmissionTransition {
  AdmissionStatus from;
  AdmissionAction action;
  AdmissionStatus to;
};
const std::vector<AdmissionTransition>& AdmissionTable();

// Guards on approval: a merchant must be an enterprise legal person and needs a complete grade;
// a non-merchant takes no grade; a seller that is not a merchant needs an approved merchant as
// sponsor (`sponsor` is that organisation as it stands now, if it exists).
Status CheckApproval(const Organization& org, const Decision& decision,
                     const std::optional<Organization>& sponsor);

// Validates the free-text and structured parts of a decision before any state is read.
Status ValidateDecision(const Decision& decision);

}  // namespace bourse::domain

#endif  // BOURSE_DOMAIN_ADMISSION_H_
