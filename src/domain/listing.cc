#include "domain/listing.h"

#include "base/encoding.h"
#include "base/errors.h"
#include "base/status_macros.h"
#include "base/strings.h"

namespace bourse::domain {
namespace {

using PS = ProductStatus;
using PA = ProductAction;

Status Length(std::string_view field, const std::string& v, size_t max) {
  if (Utf8Length(v) > max)
    return errors::InvalidField(
        field, StrCat("must be at most ", static_cast<int64_t>(max), " characters"));
  return OkStatus();
}

Status Items(std::string_view field, const std::vector<std::string>& items, size_t max_items,
             size_t max_length) {
  if (items.size() > max_items)
    return errors::InvalidField(field,
                                StrCat("at most ", static_cast<int64_t>(max_items), " items"));
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string name = StrCat(field, "[", static_cast<int64_t>(i), "]");
    if (items[i].empty()) return errors::InvalidField(name, "must not be empty");
    if (Status s = Length(name, items[i], max_length); !s.ok()) return s;
  }
  return OkStatus();
}

const std::vector<ProductTransition> kTable = {
    {PS::kDraft, PA::kSubmit, PS::kDescribed},  // Or needs_fix: the checks decide.
    {PS::kNeedsFix, PA::kSubmit, PS::kDescribed},
    {PS::kDraft, PA::kRevise, PS::kDraft},
    {PS::kNeedsFix, PA::kRevise, PS::kDraft},
    {PS::kDescribed, PA::kRevise, PS::kDraft},
    {PS::kAssessmentFailed, PA::kRevise, PS::kDraft},
    {PS::kRejected, PA::kRevise, PS::kDraft},
    {PS::kDelisted, PA::kRevise, PS::kDraft},
    {PS::kDescribed, PA::kCommissionAssessment, PS::kInAssessment},
    {PS::kInAssessment, PA::kAssessPass, PS::kAssessed},
    {PS::kInAssessment, PA::kAssessConditional, PS::kAssessed},
    {PS::kInAssessment, PA::kAssessFail, PS::kAssessmentFailed},
    {PS::kAssessed, PA::kRequestListing, PS::kListingReview},
    {PS::kListingReview, PA::kApproveListing, PS::kPublicNotice},
    {PS::kListingReview, PA::kEscalate, PS::kEscalated},
    {PS::kEscalated, PA::kApproveListing, PS::kPublicNotice},
    {PS::kListingReview, PA::kRejectListing, PS::kRejected},
    {PS::kEscalated, PA::kRejectListing, PS::kRejected},
    {PS::kPublicNotice, PA::kNoticeExpires, PS::kListed},
    {PS::kPublicNotice, PA::kObject, PS::kPublicNotice},
    {PS::kPublicNotice, PA::kUpholdObjection, PS::kRejected},
    {PS::kListed, PA::kSuspend, PS::kSuspended},
    {PS::kListed, PA::kAssessmentExpires, PS::kSuspended},
    {PS::kSuspended, PA::kReinstate, PS::kListed},
    {PS::kListed, PA::kDelist, PS::kDelisted},
    {PS::kSuspended, PA::kDelist, PS::kDelisted},
    {PS::kListed, PA::kWithdraw, PS::kDelisted},
    {PS::kDelisted, PA::kRelist, PS::kListingReview},
};

}  // namespace

bool IsCurrencyCode(std::string_view code) {
  if (code.size() != 3) return false;
  for (char c : code)
    if (c < 'A' || c > 'Z') return false;
  return true;
}

Status ValidateDescription(const ProductDescription& d) {
  if (d.title.empty()) return errors::MissingField("title");
  BOURSE_RETURN_IF_ERROR(Length("title", d.title, kMaxTitleLength));
  BOURSE_RETURN_IF_ERROR(Length("description", d.description, kMaxTextLength));
  for (auto [name, value] :
       {std::pair<std::string_view, const std::string*>{"data_source", &d.data_source},
        {"acquisition_method", &d.acquisition_method},
        {"source_authorisation", &d.source_authorisation},
        {"temporal_coverage", &d.temporal_coverage},
        {"spatial_coverage", &d.spatial_coverage},
        {"licence", &d.licence},
        {"anonymisation_assessment", &d.anonymisation_assessment},
        {"pipia", &d.pipia},
        {"authorised_operation_evidence", &d.authorised_operation_evidence}}) {
    BOURSE_RETURN_IF_ERROR(Length(name, *value, kMaxShortTextLength));
  }
  BOURSE_RETURN_IF_ERROR(Items("scenarios", d.scenarios, kMaxListItems, 500));
  BOURSE_RETURN_IF_ERROR(Items("tags", d.tags, kMaxListItems, 50));
  if (d.fields.size() > kMaxFields) return errors::InvalidField("fields", "at most 1000 fields");
  for (size_t i = 0; i < d.fields.size(); ++i) {
    const std::string name = StrCat("fields[", static_cast<int64_t>(i), "]");
    if (d.fields[i].name.empty()) return errors::MissingField(StrCat(name, ".name"));
    BOURSE_RETURN_IF_ERROR(Length(StrCat(name, ".name"), d.fields[i].name, 200));
    BOURSE_RETURN_IF_ERROR(Length(StrCat(name, ".type"), d.fields[i].type, 200));
    BOURSE_RETURN_IF_ERROR(Length(StrCat(name, ".description"), d.fields[i].description, 2000));
  }
  if (d.price.amount.minor < 0) return errors::InvalidField("price.amount", "must not be negative");
  if (!IsCurrencyCode(d.price.amount.currency))
    return errors::InvalidField("price.currency", "must be an ISO 4217 code such as CNY");
  if (d.derived_from.size() > kMaxListItems)
    return errors::InvalidField("derived_from", "at most 50 sources");
  if (d.anonymised && d.anonymisation_assessment.empty())
    return errors::InvalidField("anonymisation_assessment",
                                "a claim of anonymisation needs its assessment document; "
                                "de-identified data is still personal information");
  return OkStatus();
}

std::vector<std::string> MissingDescriptionFields(const ProductDescription& d) {
  std::vector<std::string> missing;
  auto need = [&](bool ok, const char* name) {
    if (!ok) missing.emplace_back(name);
  };
  need(!d.title.empty(), "title");
  need(!d.description.empty(), "description");
  need(!d.data_source.empty(), "data_source");
  need(!d.acquisition_method.empty(), "acquisition_method");
  need(!d.source_authorisation.empty(), "source_authorisation");
  need(!d.fields.empty(), "fields");
  need(!d.temporal_coverage.empty(), "temporal_coverage");
  need(!d.spatial_coverage.empty(), "spatial_coverage");
  need(!d.scenarios.empty(), "scenarios");
  need(!d.delivery_modes.empty(), "delivery_modes");
  need(!d.licence.empty(), "licence");
  need(!d.personal_information || d.legal_basis.has_value(), "legal_basis");
  need(!d.public_data || !d.authorised_operation_evidence.empty(), "authorised_operation_evidence");
  return missing;
}

double DescriptionCompleteness(const ProductDescription& d) {
  constexpr double kFields = 13;
  return 1.0 - static_cast<double>(MissingDescriptionFields(d).size()) / kFields;
}

ProductActor ActorOf(ProductAction action) {
  switch (action) {
    case PA::kSubmit:
    case PA::kRevise:
    case PA::kObject:  // Any participant; the service checks who.
    case PA::kCommissionAssessment:
    case PA::kRequestListing:
    case PA::kWithdraw:
    case PA::kRelist:
      return ProductActor::kSeller;
    case PA::kAssessPass:
    case PA::kAssessConditional:
    case PA::kAssessFail:
      return ProductActor::kAssessor;
    case PA::kNoticeExpires:
    case PA::kAssessmentExpires:
      return ProductActor::kSystem;
    case PA::kApproveListing:
    case PA::kEscalate:
    case PA::kRejectListing:
    case PA::kUpholdObjection:
    case PA::kSuspend:
    case PA::kReinstate:
    case PA::kDelist:
      return ProductActor::kOperator;
  }
  return ProductActor::kSystem;
}

StatusOr<ProductStatus> NextProductStatus(ProductStatus from, ProductAction action) {
  for (const auto& t : kTable)
    if (t.from == from && t.action == action) return t.to;
  return errors::IllegalTransition(
      StrCat("a product that is ", Name(from), " cannot be ", "moved by '", Name(action), "'"));
}

const std::vector<ProductTransition>& ProductTable() { return kTable; }

std::vector<std::string> SubmissionProblems(const ProductDescription& d,
                                            const SubmissionFacts& facts) {
  std::vector<std::string> problems;
  const auto missing = MissingDescriptionFields(d);
  if (!missing.empty())
    problems.push_back(StrCat("the description is incomplete: ", StrJoin(missing, ", ")));
  if (d.form == ProductForm::kDataset && d.delivery_modes.Has(DeliveryMode::kFile) &&
      !facts.has_dataset)
    problems.push_back("a dataset delivered as a file needs an uploaded, scanned dataset");
  if (facts.dataset_has_personal_information && !d.personal_information && !d.anonymised)
    problems.push_back(
        "the scan found personal information that the description does not declare; declare "
        "it with a legal basis, or attach an anonymisation assessment");
  if (facts.dataset_has_sensitive_personal_information && !d.sensitive_personal_information &&
      !d.anonymised)
    problems.push_back("the scan found sensitive personal information that is not declared");
  if (static_cast<int>(d.classification) < static_cast<int>(facts.suggested_classification))
    problems.push_back(StrCat("classification '", Name(d.classification),
                              "' is below the scan's suggestion '",
                              Name(facts.suggested_classification), "' (the higher level wins)"));
  if (d.classification == DataClassification::kCore)
    problems.push_back("core data cannot be registered or listed");
  return problems;
}

Status CheckAssessment(const ComplianceAssessment& a, const Product& product,
                       absl::Duration max_validity) {
  if (!product.assessor_id || *product.assessor_id != a.assessor_id)
    return errors::Forbidden("only the commissioned assessor may assess this product");
  if (a.legal_opinion.empty()) return errors::MissingField("legal_opinion");
  if (a.subject_opinion.empty()) return errors::MissingField("subject");
  if (a.object_opinion.empty()) return errors::MissingField("object");
  if (a.circulation_opinion.empty()) return errors::MissingField("circulation");
  if (a.outcome == AssessmentOutcome::kConditional && a.conditions.empty())
    return errors::MissingField("conditions");
  if (a.outcome != AssessmentOutcome::kFail) {
    if (a.valid_until <= a.decided_at)
      return errors::InvalidField("valid_until", "must be after the decision");
    if (a.valid_until - a.decided_at > max_validity)
      return errors::InvalidField("valid_until", "is beyond the longest validity allowed");
    const bool personal =
        product.description.personal_information && !product.description.anonymised;
    if (personal && (!a.pipia_reviewed || product.description.pipia.empty()))
      return errors::RuleViolation(
          "personal information is present: the seller's PIPIA must be attached and reviewed",
          "pipia_reviewed");
    // Content the scanner could not read passes only on the assessor's word that it looked.
    if (product.dataset && !product.dataset->readable &&
        (!a.content_reviewed || a.content_attestation.empty()))
      return errors::RuleViolation(
          "the scanner could not read the dataset: the assessor must attest that it reviewed the "
          "content for personal information (content_reviewed and content_attestation)",
          "content_reviewed");
  }
  return OkStatus();
}

Status CheckListingGuards(const Product& p, const ListingFacts& f, bool escalated) {
  if (!f.assessment || f.assessment->outcome == AssessmentOutcome::kFail)
    return errors::RuleViolation("no passed compliance assessment", "assessment");
  if (f.assessment->revision != p.revision)
    return errors::RuleViolation("the assessment covers an earlier revision", "assessment");
  if (f.assessment->valid_until <= f.now)
    return errors::RuleViolation("the compliance assessment has expired", "assessment");
  if (p.dataset && !p.dataset->readable && !f.assessment->content_reviewed)
    return errors::RuleViolation(
        "the scanner could not read the dataset and no assessor attested to its content",
        "content_reviewed");
  const bool merchant = f.seller.IsApprovedMerchant();
  const bool sponsored = f.sponsor && f.sponsor->IsApprovedMerchant() && f.seller.IsApproved();
  if (!merchant && !sponsored)
    return errors::RuleViolation(
        "the seller is neither an approved data merchant nor sponsored by one", "seller");
  if (p.description.scenarios.empty())
    return errors::RuleViolation("no application scenario: no scenario, no trade", "scenarios");
  if (p.description.classification == DataClassification::kCore)
    return errors::RuleViolation("core data is never listed", "classification");
  if (p.description.public_data && p.description.authorised_operation_evidence.empty())
    return errors::RuleViolation("public data needs evidence of authorised operation",
                                 "authorised_operation_evidence");
  if (p.description.classification == DataClassification::kImportant && !escalated)
    return errors::RuleViolation("important data must be escalated before listing",
                                 "classification");
  return OkStatus();
}

}  // namespace bourse::domain
