// The typed client of the Bourse API, used by the CLI and the integration tests. Every call
// returns the decoded result, or the Status the server's problem+json describes (same code, kind
// and field). Not thread-safe: one client per thread.
#ifndef BOURSE_CLIENT_BOURSE_CLIENT_H_
#define BOURSE_CLIENT_BOURSE_CLIENT_H_

#include <boost/json.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "client/http_client.h"
#include "domain/admission.h"
#include "domain/api_token.h"
#include "domain/certificate.h"
#include "domain/organization.h"

namespace bourse::client {

struct AppliedOrganization {
  domain::Organization organization;
  std::string token;  // The applicant's bearer secret, shown once.
};

struct OrganizationDetail {
  domain::Organization organization;
  std::vector<domain::AdmissionEvent> history;
};

struct OrganizationList {
  std::vector<domain::Organization> items;
  std::optional<std::string> next_cursor;
};

struct DecisionReply {
  domain::Organization organization;
  std::optional<domain::Certificate> certificate;
};

struct CreatedToken {
  domain::ApiToken token;
  std::string secret;
};

struct ListFilter {
  std::string role, status, cursor;
  int limit = 0;
};

class BourseClient {
 public:
  static StatusOr<std::unique_ptr<BourseClient>> Create(const std::string& base_url,
                                                        std::string token);

  StatusOr<AppliedOrganization> Apply(const domain::Application& application,
                                      const std::string& idempotency_key = {});
  StatusOr<OrganizationDetail> GetOrganization(const std::string& id);
  StatusOr<OrganizationList> ListOrganizations(const ListFilter& filter);
  StatusOr<DecisionReply> Decide(const std::string& id, const domain::Decision& decision);
  StatusOr<std::vector<domain::Certificate>> OrganizationCertificates(const std::string& id);
  StatusOr<domain::Certificate> GetCertificate(const std::string& id);
  // The status list credential named `name` ("revocation", "suspension-1"), a compact JWT.
  StatusOr<std::string> StatusListJwt(const std::string& name);
  StatusOr<std::string> Jwks();
  StatusOr<CreatedToken> CreateToken(const std::string& name);
  StatusOr<std::vector<domain::ApiToken>> ListTokens();
  Status RevokeToken(const std::string& id);
  StatusOr<boost::json::value> Stats();

  // Any request, returned as received (for tests of the wire itself).
  StatusOr<HttpReply> Raw(const std::string& method, const std::string& target,
                          const std::string& body, Headers headers = {});
  // A GET whose body is streamed to `sink` (see HttpClient::Fetch), with the client's token.
  StatusOr<HttpReply> Fetch(const std::string& target, Headers headers,
                            const std::function<void(const HttpReply&)>& on_headers,
                            const HttpClient::Sink& sink);
  void set_token(std::string token) { token_ = std::move(token); }

 private:
  BourseClient(std::unique_ptr<HttpClient> http, std::string token)
      : http_(std::move(http)), token_(std::move(token)) {}
  // Sends and decodes a JSON reply with the expected status, else the problem's Status.
  StatusOr<boost::json::value> Call(const std::string& method, const std::string& target,
                                    const std::string& body, int expected, Headers headers = {});

  std::unique_ptr<HttpClient> http_;
  std::string token_;
};

}  // namespace bourse::client

#endif  // BOURSE_CLIENT_BOURSE_CLIENT_H_
