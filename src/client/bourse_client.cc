#include "client/bourse_client.h"

#include <boost/url.hpp>

#include "api/wire.h"
#include "base/status_macros.h"
#include "base/strings.h"

namespace bourse::client {
namespace json = boost::json;

StatusOr<std::unique_ptr<BourseClient>> BourseClient::Create(const std::string& base_url,
                                                             std::string token) {
  BOURSE_ASSIGN_OR_RETURN(auto http, HttpClient::Create(base_url));
  return std::unique_ptr<BourseClient>(new BourseClient(std::move(http), std::move(token)));
}

StatusOr<HttpReply> BourseClient::Raw(const std::string& method, const std::string& target,
                                      const std::string& body, Headers headers) {
  if (!token_.empty()) headers.emplace_back("Authorization", "Bearer " + token_);
  return http_->Send(method, target, body, headers);
}

StatusOr<HttpReply> BourseClient::Fetch(const std::string& target, Headers headers,
                                        const std::function<void(const HttpReply&)>& on_headers,
                                        const HttpClient::Sink& sink) {
  if (!token_.empty()) headers.emplace_back("Authorization", "Bearer " + token_);
  return http_->Fetch(target, headers, on_headers, sink);
}

StatusOr<json::value> BourseClient::Call(const std::string& method, const std::string& target,
                                         const std::string& body, int expected, Headers headers) {
  BOURSE_ASSIGN_OR_RETURN(HttpReply reply, Raw(method, target, body, std::move(headers)));
  if (reply.status != expected) {
    if (reply.status >= 200 && reply.status < 300) {
      return InternalError(StrCat("unexpected HTTP ", reply.status, " from ", method, " ", target));
    }
    return api::StatusFromProblem(reply.status, reply.body);
  }
  if (reply.body.empty()) return json::value(nullptr);
  boost::system::error_code ec;
  json::value v = json::parse(reply.body, ec);
  if (ec) return InternalError(StrCat("the server sent invalid JSON: ", ec.message()));
  return v;
}

StatusOr<AppliedOrganization> BourseClient::Apply(const domain::Application& application,
                                                  const std::string& idempotency_key) {
  Headers headers;
  if (!idempotency_key.empty()) headers.emplace_back("Idempotency-Key", idempotency_key);
  BOURSE_ASSIGN_OR_RETURN(json::value v,
                          Call("POST", "/v1/organizations",
                               json::serialize(api::ApplicationJson(application)), 201, headers));
  AppliedOrganization out;
  BOURSE_ASSIGN_OR_RETURN(out.organization, api::OrganizationFromJson(v));
  out.token = std::string(v.as_object().at("token").as_string());
  return out;
}

StatusOr<OrganizationDetail> BourseClient::GetOrganization(const std::string& id) {
  BOURSE_ASSIGN_OR_RETURN(json::value v, Call("GET", "/v1/organizations/" + id, "", 200));
  OrganizationDetail out;
  BOURSE_ASSIGN_OR_RETURN(out.organization, api::OrganizationFromJson(v));
  if (const auto* h = v.as_object().if_contains("history"); h && h->is_array()) {
    for (const auto& e : h->as_array()) {
      BOURSE_ASSIGN_OR_RETURN(auto event, api::AdmissionEventFromJson(e));
      event.organization = out.organization.id;
      out.history.push_back(std::move(event));
    }
  }
  return out;
}

StatusOr<OrganizationList> BourseClient::ListOrganizations(const ListFilter& f) {
  boost::urls::url target("/v1/organizations");
  if (!f.role.empty()) target.params().append({"role", f.role});
  if (!f.status.empty()) target.params().append({"status", f.status});
  if (!f.cursor.empty()) target.params().append({"cursor", f.cursor});
  if (f.limit > 0) target.params().append({"limit", std::to_string(f.limit)});
  BOURSE_ASSIGN_OR_RETURN(json::value v, Call("GET", std::string(target.buffer()), "", 200));
  OrganizationList out;
  for (const auto& item : v.as_object().at("items").as_array()) {
    BOURSE_ASSIGN_OR_RETURN(auto org, api::OrganizationFromJson(item));
    out.items.push_back(std::move(org));
  }
  if (const auto& c = v.as_object().at("next_cursor"); c.is_string())
    out.next_cursor = std::string(c.as_string());
  return out;
}

StatusOr<DecisionReply> BourseClient::Decide(const std::string& id,
                                             const domain::Decision& decision) {
  BOURSE_ASSIGN_OR_RETURN(json::value v, Call("POST", "/v1/organizations/" + id + "/decisions",
                                              json::serialize(api::DecisionJson(decision)), 200));
  DecisionReply out;
  BOURSE_ASSIGN_OR_RETURN(out.organization,
                          api::OrganizationFromJson(v.as_object().at("organization")));
  if (const auto& c = v.as_object().at("certificate"); c.is_object()) {
    BOURSE_ASSIGN_OR_RETURN(out.certificate, api::CertificateFromJson(c));
  }
  return out;
}

StatusOr<std::vector<domain::Certificate>> BourseClient::OrganizationCertificates(
    const std::string& id) {
  BOURSE_ASSIGN_OR_RETURN(json::value v,
                          Call("GET", "/v1/organizations/" + id + "/certificates", "", 200));
  std::vector<domain::Certificate> out;
  for (const auto& item : v.as_object().at("items").as_array()) {
    BOURSE_ASSIGN_OR_RETURN(auto c, api::CertificateFromJson(item));
    out.push_back(std::move(c));
  }
  return out;
}

StatusOr<domain::Certificate> BourseClient::GetCertificate(const std::string& id) {
  BOURSE_ASSIGN_OR_RETURN(json::value v, Call("GET", "/v1/certificates/" + id, "", 200));
  return api::CertificateFromJson(v);
}

StatusOr<std::string> BourseClient::StatusListJwt(const std::string& name) {
  BOURSE_ASSIGN_OR_RETURN(HttpReply reply, Raw("GET", "/v1/status-lists/" + name, ""));
  if (reply.status != 200) return api::StatusFromProblem(reply.status, reply.body);
  return reply.body;
}

StatusOr<std::string> BourseClient::Jwks() {
  BOURSE_ASSIGN_OR_RETURN(HttpReply reply, Raw("GET", "/.well-known/jwks.json", ""));
  if (reply.status != 200) return api::StatusFromProblem(reply.status, reply.body);
  return reply.body;
}

StatusOr<CreatedToken> BourseClient::CreateToken(const std::string& name) {
  BOURSE_ASSIGN_OR_RETURN(json::value v, Call("POST", "/v1/tokens",
                                              json::serialize(json::object{{"name", name}}), 201));
  CreatedToken out;
  BOURSE_ASSIGN_OR_RETURN(out.token, api::TokenFromJson(v));
  out.secret = std::string(v.as_object().at("token").as_string());
  return out;
}

StatusOr<std::vector<domain::ApiToken>> BourseClient::ListTokens() {
  BOURSE_ASSIGN_OR_RETURN(json::value v, Call("GET", "/v1/tokens", "", 200));
  std::vector<domain::ApiToken> out;
  for (const auto& item : v.as_object().at("items").as_array()) {
    BOURSE_ASSIGN_OR_RETURN(auto t, api::TokenFromJson(item));
    out.push_back(std::move(t));
  }
  return out;
}

Status BourseClient::RevokeToken(const std::string& id) {
  return Call("DELETE", "/v1/tokens/" + id, "", 204).status();
}

StatusOr<json::value> BourseClient::Stats() { return Call("GET", "/v1/stats", "", 200); }

}  // namespace bourse::client
