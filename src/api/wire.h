// The JSON wire format of the /v1 API, both directions.
//
// Parse* functions read request bodies strictly (see json_reader.h) into domain values; *Json
// functions render domain values as response bodies; *FromJson functions read response bodies
// back (for the client). The shapes are specified in docs/openapi.yaml; field names are
// snake_case and never change meaning.
#ifndef BOURSE_API_WIRE_H_
#define BOURSE_API_WIRE_H_

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "domain/admission.h"
#include "domain/api_token.h"
#include "domain/certificate.h"
#include "domain/organization.h"

namespace bourse::api {

// ---- requests ----
StatusOr<domain::Application> ParseApplication(std::string_view body);
StatusOr<domain::Decision> ParseDecision(std::string_view body);
// POST /v1/tokens: {"name": "..."}.
StatusOr<std::string> ParseTokenRequest(std::string_view body);

// POST /v1/sessions: either {"token"} or {"organization", "password"}, never both.
struct SignInRequest {
  std::optional<std::string> token;
  std::string organization;
  std::string password;
};
StatusOr<SignInRequest> ParseSignInRequest(std::string_view body);
// PUT /v1/organizations/{id}/password: {"password"}.
StatusOr<std::string> ParsePasswordRequest(std::string_view body);

// Opaque list cursors.
std::string EncodeCursor(int64_t after_seq);
StatusOr<int64_t> DecodeCursor(std::string_view cursor);

// ---- responses ----
boost::json::object OrganizationJson(const domain::Organization& org);
boost::json::object AdmissionEventJson(const domain::AdmissionEvent& event);
boost::json::object CertificateJson(const domain::Certificate& cert);
boost::json::object TokenJson(const domain::ApiToken& token);
boost::json::object ApplicationJson(const domain::Application& app);
boost::json::object DecisionJson(const domain::Decision& decision);

// RFC 9457 problem details for `status`: type, title, status, detail, and the extension members
// `kind`, `field` (when named) and `request_id`.
boost::json::object ProblemJson(const Status& status, int http_status, std::string_view request_id);
// The URI used as a problem's `type` for a kind slug.
std::string ProblemType(std::string_view kind);

// ---- reading responses (client side) ----
StatusOr<domain::Organization> OrganizationFromJson(const boost::json::value& v);
StatusOr<domain::AdmissionEvent> AdmissionEventFromJson(const boost::json::value& v);
StatusOr<domain::Certificate> CertificateFromJson(const boost::json::value& v);
StatusOr<domain::ApiToken> TokenFromJson(const boost::json::value& v);
// Rebuilds the Status a problem+json body describes (code from the HTTP status).
Status StatusFromProblem(int http_status, std::string_view body);

}  // namespace bourse::api

#endif  // BOURSE_API_WIRE_H_
