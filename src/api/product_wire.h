// The JSON wire format of products, revisions, datasets, assessments, uploads and rights
// registrations (docs/openapi.yaml). Parse* read request bodies strictly, naming the field at
// fault; *Json render responses.
#ifndef BOURSE_API_PRODUCT_WIRE_H_
#define BOURSE_API_PRODUCT_WIRE_H_

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "absl/time/time.h"
#include "base/status.h"
#include "domain/product.h"
#include "domain/registration.h"

namespace bourse::api {

StatusOr<domain::ProductDescription> ParseDescription(std::string_view body);

struct ProductActionBody {
  domain::ProductAction action = domain::ProductAction::kSubmit;
  std::string reason;
  std::optional<OrganizationId> assessor_id;
};
StatusOr<ProductActionBody> ParseProductAction(std::string_view body);

struct AssessmentBody {
  domain::AssessmentOutcome outcome = domain::AssessmentOutcome::kPass;
  std::string subject, object, circulation, legal_opinion, conditions;
  bool pipia_reviewed = false;
  bool content_reviewed = false;
  std::string content_attestation;
  std::optional<absl::Time> valid_until;
};
StatusOr<AssessmentBody> ParseAssessment(std::string_view body);

struct UploadBody {
  std::string file_name;
  int64_t size = 0;
  std::string sha256;
};
StatusOr<UploadBody> ParseUpload(std::string_view body);

// {"reason": "..."} (objections).
StatusOr<std::string> ParseReason(std::string_view body);

StatusOr<domain::RightsRegistration> ParseRegistration(std::string_view body);
struct RegistrationActionBody {
  domain::RegistrationAction action = domain::RegistrationAction::kPassFormalCheck;
  std::string reason;
};
StatusOr<RegistrationActionBody> ParseRegistrationAction(std::string_view body);

boost::json::object DescriptionJson(const domain::ProductDescription& d);
// A product; `full` adds what only its parties see (assessor, notice, status reason).
boost::json::object ProductJson(const domain::Product& p, bool full);
boost::json::object ProductEventJson(const domain::ProductEvent& e);
boost::json::object RevisionJson(const domain::Revision& r);
// The dataset with its scan report embedded as JSON.
boost::json::object DatasetJson(const domain::Dataset& d);
boost::json::object AssessmentJson(const domain::ComplianceAssessment& a);
boost::json::object RegistrationJson(const domain::RightsRegistration& r);

}  // namespace bourse::api

#endif  // BOURSE_API_PRODUCT_WIRE_H_
