#include "service/session_service.h"

#include <gtest/gtest.h>

#include "base/errors.h"
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
