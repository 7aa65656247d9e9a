#include "service/session_service.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "base/errors.h"
#include "base/strings.h"
#include "service/service_test_env.h"

namespace bourse::service {
namespace {

using domain::Role;

class SessionServiceTest : public ::testing::Test {
 protected:
  SessionServiceTest()
      : env_(absl::FromUnixSeconds(1'800'000'000), 7, absl::ZeroDuration()),
        sessions_(*env_.store, *env_.tokens, env_.clock, env_.random,
                  {.lifetime = absl::Hours(12),
                   .cost = {.log2_n = 10, .r = 8, .p = 1},
                   .cache_ttl = absl::ZeroDuration()}) {
    auto op = env_.admission->Bootstrap(Role::kOperator,
                                        TestApplication("Venue", "91310000MA1FL4T21C", {}));
    EXPECT_TRUE(op.ok()) << op.status().ToString();
    operator_secret_ = op->applicant_token.secret;
    operator_ = *env_.tokens->Authenticate(operator_secret_);
    regulator_ = env_.Boot(Role::kRegulator, "Regulator", "11440300MB2C92032L");
  }

  ServiceTestEnv env_;
  SessionService sessions_;
  std::string operator_secret_;
  domain::Principal operator_, regulator_;
};

TEST_F(SessionServiceTest, PasswordSignInOpensASessionWithTheOrganisationsRoles) {
  ASSERT_TRUE(sessions_.SetPassword(operator_, operator_.organization, "a long passphrase").ok());
  auto in = sessions_.SignInWithPassword(operator_.organization.value(), "a long passphrase");
  ASSERT_TRUE(in.ok()) << in.status().ToString();
  EXPECT_EQ(in->secret.rfind("bss_", 0), 0u);
  EXPECT_FALSE(in->view.csrf_token.empty());
  EXPECT_FALSE(in->view.with_token);
  auto view = sessions_.Authenticate(in->secret);
  ASSERT_TRUE(view.ok()) << view.status().ToString();
  EXPECT_EQ(view->principal.organization, operator_.organization);
  EXPECT_TRUE(view->principal.IsOperator());
  EXPECT_EQ(view->organization_name, "Venue");
  EXPECT_EQ(view->csrf_token, in->view.csrf_token);
  // By USCC too.
  EXPECT_TRUE(sessions_.SignInWithPassword("91310000MA1FL4T21C", "a long passphrase").ok());
}

TEST_F(SessionServiceTest, WrongPasswordAndUnknownOrganisationLookAlike) {
  ASSERT_TRUE(sessions_.SetPassword(operator_, operator_.organization, "a long passphrase").ok());
  auto wrong = sessions_.SignInWithPassword(operator_.organization.value(), "a long passphrasE");
  auto unknown = sessions_.SignInWithPassword("org_nobody", "a long passphrase");
  auto no_password =
      sessions_.SignInWithPassword(regulator_.organization.value(), "whatever it is");
  for (const auto* r : {&wrong, &unknown, &no_password}) {
    ASSERT_FALSE(r->ok());
    EXPECT_EQ(r->status().code(), StatusCode::kUnauthenticated);
    EXPECT_EQ(r->status().message(), wrong.status().message());
  }
  EXPECT_EQ(sessions_.SignInWithPassword("", "x").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(sessions_.SignInWithPassword("org", "").status().code(), StatusCode::kInvalidArgument);
}

TEST_F(SessionServiceTest, OnlyTheOrganisationSetsItsPasswordAndItMustBeLongEnough) {
  auto foreign = sessions_.SetPassword(operator_, regulator_.organization, "a long passphrase");
  EXPECT_EQ(foreign.code(), StatusCode::kPermissionDenied);
  auto regulator = sessions_.SetPassword(regulator_, regulator_.organization, "a long passphrase");
  EXPECT_EQ(regulator.code(), StatusCode::kPermissionDenied);
  auto short_one = sessions_.SetPassword(operator_, operator_.organization, "short");
  EXPECT_EQ(short_one.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(errors::FieldOf(short_one), "password");
  // Twelve characters, counted as characters rather than bytes: 十二个汉字 is 4 characters.
  EXPECT_EQ(sessions_.SetPassword(operator_, operator_.organization, "十二个汉字十二个汉字").code(),
            StatusCode::kInvalidArgument);
  EXPECT_TRUE(
      sessions_.SetPassword(operator_, operator_.organization, "十二个汉字十二个汉字十二").ok());
  EXPECT_EQ(sessions_.SetPassword(operator_, operator_.organization, std::string(300, 'x')).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(
      sessions_.SetPassword(operator_, operator_.organization, "bad utf8 \xff\xfe here").code(),
      StatusCode::kInvalidArgument);
}

TEST_F(SessionServiceTest, SessionsExpireAndEndOnSignOut) {
  auto in = sessions_.SignInWithToken(operator_secret_);
  ASSERT_TRUE(in.ok()) << in.status().ToString();
  EXPECT_TRUE(in->view.with_token);
  env_.clock.Advance(absl::Hours(11));
  EXPECT_TRUE(sessions_.Authenticate(in->secret).ok());
  env_.clock.Advance(absl::Hours(2));
  auto expired = sessions_.Authenticate(in->secret);
  EXPECT_EQ(expired.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(expired.status().message().find("expired"), std::string::npos);

  auto again = sessions_.SignInWithToken(operator_secret_);
  ASSERT_TRUE(again.ok());
  ASSERT_TRUE(sessions_.SignOut(again->secret).ok());
  EXPECT_EQ(sessions_.Authenticate(again->secret).status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(sessions_.Authenticate("bss_short").status().code(), StatusCode::kUnauthenticated);
}

TEST_F(SessionServiceTest, RevokingTheTokenOrChangingThePasswordEndsSessions) {
  auto minted = env_.tokens->Create(operator_, "console");
  ASSERT_TRUE(minted.ok());
  auto by_token = sessions_.SignInWithToken(minted->secret);
  ASSERT_TRUE(by_token.ok());
  ASSERT_TRUE(sessions_.SetPassword(operator_, operator_.organization, "first passphrase").ok());
  auto by_password =
      sessions_.SignInWithPassword(operator_.organization.value(), "first passphrase");
  ASSERT_TRUE(by_password.ok());

  ASSERT_TRUE(sessions_.SetPassword(operator_, operator_.organization, "second passphrase").ok());
  EXPECT_EQ(sessions_.Authenticate(by_password->secret).status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_TRUE(sessions_.Authenticate(by_token->secret).ok());
  EXPECT_FALSE(
      sessions_.SignInWithPassword(operator_.organization.value(), "first passphrase").ok());

  ASSERT_TRUE(env_.tokens->Revoke(operator_, minted->token.id).ok());
  auto revoked = sessions_.Authenticate(by_token->secret);
  EXPECT_EQ(revoked.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(revoked.status().message().find("revoked"), std::string::npos);
  EXPECT_EQ(sessions_.SignInWithToken(minted->secret).status().code(),
            StatusCode::kUnauthenticated);
}

}  // namespace
}  // namespace bourse::service

namespace bourse::service {
namespace {

class SignInLimitsTest : public ::testing::Test {
 protected:
  SignInLimitsTest()
      : env_(absl::FromUnixSeconds(1'800'000'000), 11, absl::ZeroDuration()),
        workers_({.threads = 1, .max_queued = 4}) {
    auto op = env_.admission->Bootstrap(domain::Role::kOperator,
                                        TestApplication("Venue", "91310000MA1FL4T21C", {}));
    EXPECT_TRUE(op.ok()) << op.status().ToString();
    operator_ = *env_.tokens->Authenticate(op->applicant_token.secret);
  }

  SessionService Service(int log2_n, SignInThrottleOptions throttle = {}) {
    return SessionService(*env_.store, *env_.tokens, env_.clock, env_.random,
                          {.cost = {.log2_n = log2_n, .r = 8, .p = 1},
                           .cache_ttl = absl::ZeroDuration(),
                           .workers = &workers_,
                           .throttle = throttle});
  }
  std::string StoredHash() {
    std::string hash;
    EXPECT_TRUE(env_.store
                    ->Read([&](store::Transaction& tx) -> Status {
                      auto c = tx.credentials().GetPassword(operator_.organization);
                      if (c.ok()) hash = c->hash;
                      return c.status();
                    })
                    .ok());
    return hash;
  }
  std::vector<domain::Notification> Notices() {
    std::vector<domain::Notification> out;
    EXPECT_TRUE(env_.store
                    ->Read([&](store::Transaction& tx) -> Status {
                      auto l = tx.notifications().ListFor(operator_.organization, 0, 100);
                      if (l.ok()) out = *l;
                      return l.status();
                    })
                    .ok());
    std::erase_if(out, [](const auto& n) { return n.kind != "sign_in.failures"; });
    return out;
  }

  ServiceTestEnv env_;
  PasswordWorkers workers_;
  domain::Principal operator_;
};

TEST_F(SignInLimitsTest, AnAddressPastItsBudgetGets429WithARetryTime) {
  SignInThrottleOptions t;
  t.per_address = {3, 1.0 / 60};
  SessionService s = Service(10, t);
  ASSERT_TRUE(s.SetPassword(operator_, operator_.organization, "a long passphrase").ok());
  const std::string org = operator_.organization.value();
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(errors::KindOf(s.SignInWithPassword(org, "wrong password!", "192.0.2.7").status()),
              errors::kUnauthenticated);
  }
  auto refused = s.SignInWithPassword(org, "a long passphrase", "192.0.2.7");
  EXPECT_EQ(errors::KindOf(refused.status()), errors::kTooManyRequests);
  EXPECT_EQ(refused.status().retry_after_seconds(), 60);
  const int64_t hashed = workers_.completed();
  EXPECT_EQ(s.SignInWithPassword(org, "x", "192.0.2.7").status().retry_after_seconds(), 60);
  EXPECT_EQ(workers_.completed(), hashed) << "a refused attempt costs the server no hash";
  // Another address is unaffected; the first recovers with time.
  EXPECT_TRUE(s.SignInWithPassword(org, "a long passphrase", "192.0.2.8").ok());
  env_.clock.Advance(absl::Seconds(60));
  EXPECT_TRUE(s.SignInWithPassword(org, "a long passphrase", "192.0.2.7").ok());
}

TEST_F(SignInLimitsTest, RepeatedFailuresPauseTheOrganisationAndTellItOnce) {
  SignInThrottleOptions t;
  t.per_organization = {4, 1.0 / 600};
  SessionService s = Service(10, t);
  ASSERT_TRUE(s.SetPassword(operator_, operator_.organization, "a long passphrase").ok());
  const std::string org = operator_.organization.value();
  for (int i = 0; i < 4; ++i) {
    // From many addresses: the organisation's own budget counts them all.
    auto r = s.SignInWithPassword(org, "wrong password!", StrCat("198.51.100.", i));
    EXPECT_EQ(errors::KindOf(r.status()), errors::kUnauthenticated);
  }
  ASSERT_EQ(Notices().size(), 1u);
  EXPECT_NE(Notices()[0].text.find("failed password sign-ins"), std::string::npos);
  auto paused = s.SignInWithPassword(org, "a long passphrase", "198.51.100.50");
  EXPECT_EQ(errors::KindOf(paused.status()), errors::kTooManyRequests);
  EXPECT_EQ(paused.status().retry_after_seconds(), 600);
  EXPECT_EQ(Notices().size(), 1u) << "told once, not on every refusal";
  env_.clock.Advance(absl::Seconds(600));
  EXPECT_TRUE(s.SignInWithPassword(org, "a long passphrase", "198.51.100.50").ok());
}

TEST_F(SignInLimitsTest, AnOlderHashIsUpgradedAtTheNextGoodSignIn) {
  {
    SessionService old_cost = Service(10);
    ASSERT_TRUE(old_cost.SetPassword(operator_, operator_.organization, "a long passphrase").ok());
  }
  EXPECT_NE(StoredHash().find("$scrypt$ln=10,r=8,p=1$"), std::string::npos);
  SessionService s = Service(11);
  const std::string org = operator_.organization.value();
  EXPECT_FALSE(s.SignInWithPassword(org, "wrong password!").ok());
  EXPECT_NE(StoredHash().find("ln=10,"), std::string::npos) << "a wrong password changes nothing";
  ASSERT_TRUE(s.SignInWithPassword(org, "a long passphrase").ok());
  EXPECT_NE(StoredHash().find("$scrypt$ln=11,r=8,p=1$"), std::string::npos);
  EXPECT_TRUE(s.SignInWithPassword(org, "a long passphrase").ok()) << "the new hash verifies";
}

TEST(PasswordWorkersTest, HashesOffTheCallersThreadAndRefusesPastTheQueue) {
  PasswordWorkers workers({.threads = 1, .max_queued = 2});
  const std::string salt(16, 's');
  std::atomic<int> refused{0}, done{0};
  std::vector<std::thread> callers;
  for (int i = 0; i < 8; ++i) {
    callers.emplace_back([&] {
      auto h = workers.Hash("a long passphrase", salt, {.log2_n = 14, .r = 8, .p = 1});
      if (h.ok()) {
        ++done;
      } else if (errors::KindOf(h.status()) == errors::kTooManyRequests &&
                 h.status().retry_after_seconds() == 1) {
        ++refused;
      }
    });
  }
  for (auto& t : callers) t.join();
  EXPECT_EQ(done + refused, 8);
  EXPECT_GE(refused.load(), 1) << "eight at once cannot all wait in a queue of two";
  EXPECT_GE(done.load(), 2);
  EXPECT_EQ(workers.refused(), refused.load());
  auto h = workers.Hash("a long passphrase", salt, {.log2_n = 10, .r = 8, .p = 1});
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(*workers.Verify("a long passphrase", *h), true);
  EXPECT_EQ(*workers.Verify("another passphrase", *h), false);
}

}  // namespace
}  // namespace bourse::service
