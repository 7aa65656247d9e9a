// A real exchange server for integration tests: a fresh data directory (initialised exactly as
// `bourse init` does), the HTTP server on 127.0.0.1 port 0, and clients for the operator, the
// regulator and anyone else. Destroying it shuts the server down and removes the directory.
#ifndef BOURSE_TEST_TEST_SERVER_H_
#define BOURSE_TEST_TEST_SERVER_H_

#include <memory>
#include <string>

#include "app/exchange.h"
#include "client/bourse_client.h"

namespace bourse::testing {

class TestServer {
 public:
  // Aborts the test (ASSERT) on failure.
  static std::unique_ptr<TestServer> Start(app::Config overrides = {});
  ~TestServer();

  std::string url() const { return app_->url(); }
  app::ServerApp& app() { return *app_; }
  const std::string& operator_token() const { return operator_token_; }
  const std::string& regulator_token() const { return regulator_token_; }
  const std::string& operator_id() const { return operator_id_; }
  std::unique_ptr<client::BourseClient> Client(const std::string& token = {}) const;
  void Stop();

  // Applies through the API and returns the applicant's view.
  client::AppliedOrganization Apply(
      const std::string& name, const std::string& uscc, std::vector<domain::Role> roles,
      const std::string& sponsor = {},
      domain::LegalForm form = domain::LegalForm::kEnterpriseLegalPerson);
  // An approved organisation with the given roles (merchants get a grade).
  client::AppliedOrganization Approved(const std::string& name, std::vector<domain::Role> roles,
                                       const std::string& sponsor = {});
  // A fresh valid USCC.
  std::string NextUscc();

 private:
  std::string dir_;
  std::unique_ptr<app::ServerApp> app_;
  std::string operator_token_, regulator_token_, operator_id_;
  int uscc_counter_ = 0;
};

}  // namespace bourse::testing

#endif  // BOURSE_TEST_TEST_SERVER_H_
