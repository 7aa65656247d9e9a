#include "domain/authorization.h"

#include <gtest/gtest.h>

#include "base/errors.h"

namespace bourse::domain {
namespace {

using A = Act;
using S = AdmissionStatus;

const S kAllStatuses[] = {S::kSubmitted,       S::kReturned, S::kUnderReview,
                          S::kNeedsSupplement, S::kApproved, S::kRejected,
                          S::kSuspended,       S::kRevoked,  S::kExited};

EnumSet<Role> Roles(std::initializer_list<Role> roles) {
  EnumSet<Role> out;
  for (Role r : roles) out.Add(r);
  return out;
}

std::string KindOf(S s, EnumSet<Role> roles, A a) {
  Status st = Authorize(s, roles, a);
  return st.ok() ? "ok" : errors::KindOf(st);
}

TEST(Authorization, ApprovedParticipantsDoEverythingButOperate) {
  const auto buyer = Roles({Role::kBuyer});
  for (A a : AllActs()) {
    EXPECT_EQ(KindOf(S::kApproved, buyer, a), a == A::kOperate ? "forbidden" : "ok") << Name(a);
  }
  EXPECT_EQ(KindOf(S::kApproved, Roles({Role::kOperator}), A::kOperate), "ok");
}

TEST(Authorization, SuspendedReadsAndTakesItsAdmissionStepsOnly) {
  const auto seller = Roles({Role::kSeller, Role::kDataMerchant});
  for (A a : AllActs()) {
    const bool allowed =
        a == A::kPublic || a == A::kRead || a == A::kAdmission || a == A::kRelinquish;
    EXPECT_EQ(KindOf(S::kSuspended, seller, a), allowed ? "ok" : "organization-suspended")
        << Name(a);
  }
  // Neither sessions nor tokens nor trading.
  EXPECT_EQ(Authorize(S::kSuspended, seller, A::kSignIn).code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(Authorize(S::kSuspended, seller, A::kCredentials).code(),
            StatusCode::kPermissionDenied);
}

TEST(Authorization, ApplicantsCompleteTheirApplicationButDoNotTrade) {
  for (S s : {S::kSubmitted, S::kReturned, S::kUnderReview, S::kNeedsSupplement}) {
    for (A a : AllActs()) {
      const bool allowed = a != A::kParticipate && a != A::kOperate;
      EXPECT_EQ(KindOf(s, Roles({Role::kBuyer}), a), allowed ? "ok" : "organization-not-admitted")
          << Name(s) << " " << Name(a);
    }
  }
}

TEST(Authorization, RejectedRevokedAndExitedNoLongerAuthenticate) {
  for (S s : {S::kRejected, S::kRevoked, S::kExited}) {
    EXPECT_FALSE(Authenticates(s));
    for (A a : AllActs()) {
      EXPECT_EQ(KindOf(s, Roles({Role::kBuyer}), a), a == A::kPublic ? "ok" : "unauthenticated")
          << Name(s) << " " << Name(a);
    }
  }
  int authenticating = 0;
  for (S s : kAllStatuses) authenticating += Authenticates(s);
  EXPECT_EQ(authenticating, 6);
}

TEST(Authorization, TheRegulatorReadsAndNeverWrites) {
  const auto regulator = Roles({Role::kRegulator});
  for (A a : AllActs()) {
    const bool allowed = a == A::kPublic || a == A::kRead || a == A::kSignIn || a == A::kRelinquish;
    EXPECT_EQ(KindOf(S::kApproved, regulator, a), allowed ? "ok" : "read-only") << Name(a);
  }
}

TEST(Authorization, ActsHaveStableNames) {
  for (A a : AllActs()) EXPECT_EQ(ParseAct(Name(a)), a);
  EXPECT_EQ(ParseAct("trade"), std::nullopt);
  EXPECT_EQ(AllActs().size(), 8u);
}

}  // namespace
}  // namespace bourse::domain
