// Data products and their revisions, datasets and compliance assessments (domain-rules.md §3,
// §4, §6.7; W3 in §5). Pure values: no I/O.
//
// A product's description is versioned: every change makes a new revision, and a contract names
// the revision it covers. Listing rules live in listing.h.
#ifndef BOURSE_DOMAIN_PRODUCT_H_
#define BOURSE_DOMAIN_PRODUCT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/time.h"
#include "base/ids.h"
#include "domain/enum_set.h"
#include "domain/enums.h"

namespace bourse::domain {

// Integer minor units of an ISO 4217 currency (never floating point).
struct Money {
  int64_t minor = 0;
  std::string currency = "CNY";
  friend bool operator==(const Money&, const Money&) = default;
};

// Three capital letters, as ISO 4217 codes are.
bool IsCurrencyCode(std::string_view code);

struct PriceTerms {
  PriceModel model = PriceModel::kOneOff;
  Money amount;
  friend bool operator==(const PriceTerms&, const PriceTerms&) = default;
};

struct FieldSpec {
  std::string name;
  std::string type;  // integer, decimal, date, datetime, boolean, text, or a free description.
  std::string description;
  friend bool operator==(const FieldSpec&, const FieldSpec&) = default;
};

// The product description (数据产品说明书), §6.7.
struct ProductDescription {
  std::string title;
  std::string description;
  ProductCategory category = ProductCategory::kDataProduct;
  ProductForm form = ProductForm::kDataset;
  std::string data_source;           // Who or what the data comes from.
  std::string acquisition_method;    // How it was collected.
  std::string source_authorisation;  // Reference to the source's authorisation (document hash/URI).
  std::vector<FieldSpec> fields;
  UpdateFrequency update_frequency = UpdateFrequency::kStatic;
  std::string temporal_coverage;       // "2019-01/2026-10", free text.
  std::string spatial_coverage;        // "Shenzhen", "PRC mainland" …
  std::vector<std::string> scenarios;  // Permitted application scenarios.
  EnumSet<DeliveryMode> delivery_modes;
  PriceTerms price;
  std::string licence;  // Licence terms and usage restrictions.
  DataClassification classification = DataClassification::kGeneral;  // As the seller confirms it.
  bool personal_information = false;
  bool sensitive_personal_information = false;
  // How many individuals' personal information the data holds, as the seller declares it; the
  // cross-border counters take the larger of this and what the scan counted.
  int64_t declared_individuals = 0;
  std::optional<LegalBasis> legal_basis;  // Required when personal information is present.
  // A claim of anonymisation needs an assessment document; otherwise the data is personal
  // information whatever it is called ("desensitised" is not anonymous, PIPL 73).
  bool anonymised = false;
  std::string anonymisation_assessment;
  std::string pipia;  // Reference to the personal-information impact assessment.
  Sector sector = Sector::kOther;
  SourceType source_type = SourceType::kOther;
  std::vector<std::string> tags;
  std::vector<ProductId> derived_from;
  bool public_data = false;  // Derived from public data under authorised operation.
  std::string authorised_operation_evidence;
  friend bool operator==(const ProductDescription&, const ProductDescription&) = default;
};

// An uploaded file after its scan.
struct Dataset {
  DatasetId id;
  ProductId product_id;
  int revision = 0;
  std::string file_name;
  DatasetFormat format = DatasetFormat::kCsv;
  int64_t bytes = 0;
  std::string sha256;  // Hex.
  std::string report_json;
  std::optional<int> quality_score;
  DataClassification suggested_classification = DataClassification::kGeneral;
  bool personal_information = false;
  bool sensitive_personal_information = false;
  // False when the scanner could not read the content (a PDF, an image, Parquet …, alone or
  // inside an archive): listing it then needs an assessor's attestation.
  bool readable = true;
  absl::Time uploaded_at;
  friend bool operator==(const Dataset&, const Dataset&) = default;
};

struct Revision {
  ProductId product_id;
  int number = 1;
  ProductDescription description;
  std::optional<DatasetId> dataset_id;
  absl::Time created_at;
  friend bool operator==(const Revision&, const Revision&) = default;
};

struct Product {
  ProductId id;
  int64_t seq = 0;  // Insertion order, assigned by the store.
  OrganizationId seller_id;
  ProductStatus status = ProductStatus::kDraft;
  int revision = 1;                           // The latest revision.
  std::optional<int> listed_revision;         // The revision buyers can contract for.
  ProductDescription description;             // Of the latest revision.
  std::optional<Dataset> dataset;             // Of the latest revision.
  std::optional<OrganizationId> assessor_id;  // Commissioned compliance assessor.
  std::optional<AssessmentId> assessment_id;  // The assessment the listing relies on.
  std::optional<absl::Time> assessment_valid_until;
  std::optional<absl::Time> notice_ends_at;
  std::string status_reason;
  absl::Time created_at;
  absl::Time updated_at;
  friend bool operator==(const Product&, const Product&) = default;
};

// A compliance assessor's review of one revision: subject, object and circulation (主体 / 标的 /
// 流通), with its legal opinion and validity.
struct ComplianceAssessment {
  AssessmentId id;
  ProductId product_id;
  int revision = 1;
  OrganizationId assessor_id;
  AssessmentOutcome outcome = AssessmentOutcome::kPass;
  std::string subject_opinion;
  std::string object_opinion;
  std::string circulation_opinion;
  std::string legal_opinion;
  std::string conditions;  // Required for a conditional pass.
  bool pipia_reviewed = false;
  // The assessor attests that it reviewed, for personal information, content the scanner could
  // not read; required to pass a product whose dataset is unreadable.
  bool content_reviewed = false;
  std::string content_attestation;  // What was reviewed and found.
  absl::Time decided_at;
  absl::Time valid_until;
  friend bool operator==(const ComplianceAssessment&, const ComplianceAssessment&) = default;
};

// One step in a product's history.
struct ProductEvent {
  ProductId product_id;
  ProductAction action = ProductAction::kSubmit;
  std::optional<OrganizationId> actor;  // Empty for the system.
  ProductStatus from = ProductStatus::kDraft;
  ProductStatus to = ProductStatus::kDraft;
  int revision = 1;
  std::string reason;
  absl::Time at;
  friend bool operator==(const ProductEvent&, const ProductEvent&) = default;
};

}  // namespace bourse::domain

#endif  // BOURSE_DOMAIN_PRODUCT_H_
