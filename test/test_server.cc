#include "test/test_server.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>

#include "app/data_dir.h"
#include "app/demo.h"
#include "base/strings.h"

namespace bourse::testing {

std::unique_ptr<TestServer> TestServer::Start(app::Config config) {
  static std::atomic<int> counter{0};
  auto server = std::unique_ptr<TestServer>(new TestServer());
  server->dir_ =
      (std::filesystem::temp_directory_path() / StrCat("bourse_it_", getpid(), "_", counter++))
          .string();
  std::filesystem::remove_all(server->dir_);
  config.data_dir = server->dir_;
  config.listen = "127.0.0.1:0";
  config.sqlite_synchronous = "normal";
  config.access_log = false;
  auto init = app::InitDataDir(config);
  EXPECT_TRUE(init.ok()) << init.status().ToString();
  if (!init.ok()) return nullptr;
  server->operator_token_ = init->operator_token;
  server->regulator_token_ = init->regulator_token;
  server->operator_id_ = init->operator_id;
  auto logger =
      std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::null_sink_mt>());
  auto app = app::ServerApp::Start(config, logger);
  EXPECT_TRUE(app.ok()) << app.status().ToString();
  if (!app.ok()) return nullptr;
  server->app_ = std::move(*app);
  return server;
}

TestServer::~TestServer() {
  Stop();
  std::filesystem::remove_all(dir_);
}

void TestServer::Stop() {
  if (app_) app_->Shutdown();
  app_.reset();
}

std::unique_ptr<client::BourseClient> TestServer::Client(const std::string& token) const {
  return std::move(*client::BourseClient::Create(url(), token));
}

std::string TestServer::NextUscc() {
  SeededRandom r(1000 + uscc_counter_++);
  return app::DemoUscc(r, "440300");
}

client::AppliedOrganization TestServer::Apply(const std::string& name, const std::string& uscc,
                                              std::vector<domain::Role> roles,
                                              const std::string& sponsor, domain::LegalForm form) {
  domain::Application app;
  app.name = name;
  app.uscc = uscc;
  app.legal_form = form;
  for (auto r : roles) app.roles.Add(r);
  if (app.roles.Has(domain::Role::kServiceProvider))
    app.service_types = {domain::ServiceType::kComplianceAssessor};
  if (!sponsor.empty()) app.sponsor_id = OrganizationId(sponsor);
  app.contact = {"Contact", "contact@example.cn", ""};
  auto applied = Client()->Apply(app);
  EXPECT_TRUE(applied.ok()) << applied.status().ToString();
  return applied.ok() ? *applied : client::AppliedOrganization{};
}

client::AppliedOrganization TestServer::Approved(const std::string& name,
                                                 std::vector<domain::Role> roles,
                                                 const std::string& sponsor) {
  auto applied = Apply(name, NextUscc(), roles, sponsor);
  domain::Decision d;
  d.action = domain::AdmissionAction::kApprove;
  if (applied.organization.Has(domain::Role::kDataMerchant)) {
    d.grade =
        domain::MerchantGrade{domain::MerchantTier::kCore, {domain::MerchantType::kResource}, 2};
  }
  auto decided = Client(operator_token_)->Decide(applied.organization.id.value(), d);
  EXPECT_TRUE(decided.ok()) << decided.status().ToString();
  if (decided.ok()) applied.organization = decided->organization;
  return applied;
}

}  // namespace bourse::testing
