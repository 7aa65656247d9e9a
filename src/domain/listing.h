// The listing rules (W3, "no compliance, no listing", domain-rules.md §5, §6): input validation
// of a product description, its completeness (§6.7), the automatic checks on submission, the
// transition table, who takes each action, the rules an assessment must satisfy, and the guards
// of the exchange's second vetting. Pure functions; failures are values as in admission.h.
#ifndef BOURSE_DOMAIN_LISTING_H_
#define BOURSE_DOMAIN_LISTING_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "base/status.h"
#include "domain/organization.h"
#include "domain/product.h"

namespace bourse::domain {

inline constexpr size_t kMaxTitleLength = 200;
inline constexpr size_t kMaxTextLength = 20000;
inline constexpr size_t kMaxShortTextLength = 2000;
inline constexpr size_t kMaxListItems = 50;
inline constexpr size_t kMaxFields = 1000;

// The shape of a description as submitted: lengths, counts, a valid currency, a non-negative
// price. InvalidArgument naming the field.
Status ValidateDescription(const ProductDescription& d);

// The §6.7 fields that are still empty, by their API names, in a fixed order.
std::vector<std::string> MissingDescriptionFields(const ProductDescription& d);
// Share of the §6.7 fields that are filled in, 0..1.
double DescriptionCompleteness(const ProductDescription& d);

enum class ProductActor { kSeller, kOperator, kAssessor, kSystem };
ProductActor ActorOf(ProductAction action);

StatusOr<ProductStatus> NextProductStatus(ProductStatus from, ProductAction action);

struct ProductTransition {
  ProductStatus from;
  ProductAction action;
  ProductStatus to;
};
const std::vector<ProductTransition>& ProductTable();

// What the automatic checks on submission need besides the product itself.
struct SubmissionFacts {
  bool has_dataset = false;
  bool dataset_has_personal_information = false;
  bool dataset_has_sensitive_personal_information = false;
  DataClassification suggested_classification = DataClassification::kGeneral;
};

// The reasons a submitted product goes to needs_fix instead of described; empty when it passes:
// an incomplete description; no dataset for a file-delivered dataset; personal information found
// but not declared (unless anonymised with an assessment); no legal basis for personal
// information; a classification below the scan's suggestion; core data.
std::vector<std::string> SubmissionProblems(const ProductDescription& d,
                                            const SubmissionFacts& facts);

// Rules an assessment must satisfy to be recorded against `product` (which must have
// commissioned `assessment.assessor_id`): a legal opinion; conditions for a conditional pass; a
// validity after the decision and at most `max_validity` long; a PIPIA reviewed when personal
// information is present.
Status CheckAssessment(const ComplianceAssessment& assessment, const Product& product,
                       absl::Duration max_validity);

// What the second vetting needs besides the product.
struct ListingFacts {
  std::optional<ComplianceAssessment> assessment;  // The one the listing relies on.
  Organization seller;
  std::optional<Organization> sponsor;
  absl::Time now;
};

// The W3 guards for leaving listing review (approve) and for reinstating or relisting: a passed
// assessment of the current revision that has not expired; a seller that is an approved merchant
// or sponsored by one; at least one scenario; no core data; evidence of authorised operation for
// public data; and important data only after escalation (`escalated`).
Status CheckListingGuards(const Product& product, const ListingFacts& facts, bool escalated);

}  // namespace bourse::domain

#endif  // BOURSE_DOMAIN_LISTING_H_
