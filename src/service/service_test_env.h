// For service tests: a throw-away exchange — a fresh SQLite store in its own temporary directory,
// a fake clock, seeded randomness, and the token, log, certificate-authority and admission
// services built on them. The directory is removed on destruction.
#ifndef BOURSE_SERVICE_SERVICE_TEST_ENV_H_
#define BOURSE_SERVICE_SERVICE_TEST_ENV_H_

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "base/clock.h"
#include "base/random.h"
#include "crypto/ed25519.h"
#include "service/admission_service.h"
#include "service/certificate_authority.h"
#include "service/token_service.h"
#include "store/sqlite/sqlite_store.h"

namespace bourse::service {

inline domain::Application TestApplication(std::string name, std::string uscc,
                                           domain::EnumSet<domain::Role> roles) {
  domain::Application a;
  a.name = std::move(name);
  a.uscc = std::move(uscc);
  a.roles = roles;
  a.contact = {"Contact", "c@example.cn", ""};
  return a;
}

struct ServiceTestEnv {
  ServiceTestEnv(absl::Time start, uint64_t seed, absl::Duration view_cache_ttl)
      : dir(std::filesystem::temp_directory_path() /
            ("bourse_svc_" + std::to_string(getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name())),
        clock(start),
        random(seed),
        key(crypto::Ed25519PrivateKey::Generate(random)) {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    store = std::move(*store::sqlite::OpenSqliteStore(
        {.path = (dir / "db").string(), .synchronous_full = false}));
    tokens = std::make_unique<TokenService>(*store, clock, random);
    log = std::make_unique<log::TransparencyLog>(*store, clock, key, log::LogOptions{});
    authority =
        std::make_unique<CertificateAuthority>(*store, clock, random, key, *log, IssuerOptions{});
    admission = std::make_unique<AdmissionService>(*store, clock, random, *tokens, *authority, *log,
                                                   view_cache_ttl);
  }
  ~ServiceTestEnv() {
    admission.reset();
    authority.reset();
    log.reset();
    tokens.reset();
    store.reset();
    std::filesystem::remove_all(dir);
  }

  // Creates the venue's own organisation holding `role` and returns its principal.
  domain::Principal Boot(domain::Role role, std::string name, std::string uscc) {
    auto r = admission->Bootstrap(role, TestApplication(std::move(name), std::move(uscc), {}));
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return *tokens->Authenticate(r->applicant_token.secret);
  }

  std::filesystem::path dir;
  FakeClock clock;
  SeededRandom random;
  crypto::Ed25519PrivateKey key;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<TokenService> tokens;
  std::unique_ptr<log::TransparencyLog> log;
  std::unique_ptr<CertificateAuthority> authority;
  std::unique_ptr<AdmissionService> admission;
};

}  // namespace bourse::service

#endif  // BOURSE_SERVICE_SERVICE_TEST_ENV_H_
