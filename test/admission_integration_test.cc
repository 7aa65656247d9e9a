// Every admission transition over HTTP: each legal one moves the organisation; each illegal one
// answers 409 problem+json and changes nothing.
#include <gtest/gtest.h>

#include "base/errors.h"
#include "domain/admission.h"
#include "domain/authorization.h"
#include "test/test_server.h"

namespace bourse::testing {
namespace {

using domain::AdmissionAction;
using domain::AdmissionStatus;
using domain::Role;

class AdmissionIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = TestServer::Start();
    ASSERT_NE(server_, nullptr);
    op_ = server_->Client(server_->operator_token());
  }

  StatusOr<client::DecisionReply> Act(const client::AppliedOrganization& org,
                                      AdmissionAction action) {
    domain::Decision d;
    d.action = action;
    if (action == AdmissionAction::kReject || action == AdmissionAction::kRequestSupplement ||
        action == AdmissionAction::kSuspend || action == AdmissionAction::kRevoke) {
      d.reason = "because";
    }
    bool applicant = domain::ActorOf(action) == domain::Actor::kApplicant;
    return server_->Client(applicant ? org.token : server_->operator_token())
        ->Decide(org.organization.id.value(), d);
  }

  // An organisation (a buyer, or a sponsor-less seller for `returned`) brought to `status`.
  client::AppliedOrganization InStatus(AdmissionStatus status) {
    if (status == AdmissionStatus::kReturned) {
      return server_->Apply("Returned seller", server_->NextUscc(), {Role::kSeller});
    }
    auto org = server_->Apply("Buyer", server_->NextUscc(), {Role::kBuyer});
    auto step = [&](AdmissionAction a) {
      auto r = Act(org, a);
      EXPECT_TRUE(r.ok()) << r.status().ToString();
    };
    switch (status) {
      case AdmissionStatus::kNeedsSupplement:
        step(AdmissionAction::kRequestSupplement);
        break;
      case AdmissionStatus::kApproved:
        step(AdmissionAction::kApprove);
        break;
      case AdmissionStatus::kRejected:
        step(AdmissionAction::kReject);
        break;
      case AdmissionStatus::kSuspended:
        step(AdmissionAction::kApprove);
        step(AdmissionAction::kSuspend);
        break;
      case AdmissionStatus::kRevoked:
        step(AdmissionAction::kApprove);
        step(AdmissionAction::kSuspend);
        step(AdmissionAction::kRevoke);
        break;
      case AdmissionStatus::kExited:
        step(AdmissionAction::kApprove);
        step(AdmissionAction::kExit);
        break;
      default:
        break;
    }
    return org;
  }

  std::unique_ptr<TestServer> server_;
  std::unique_ptr<client::BourseClient> op_;
};

TEST_F(AdmissionIntegrationTest, EveryStatusTimesEveryAction) {
  const AdmissionStatus kObservable[] = {
      AdmissionStatus::kReturned, AdmissionStatus::kUnderReview, AdmissionStatus::kNeedsSupplement,
      AdmissionStatus::kApproved, AdmissionStatus::kRejected,    AdmissionStatus::kSuspended,
      AdmissionStatus::kRevoked,  AdmissionStatus::kExited};
  int legal = 0, illegal = 0;
  for (AdmissionStatus status : kObservable) {
    for (int a = 3; a <= 10; ++a) {
      auto action = static_cast<AdmissionAction>(a);
      auto org = InStatus(status);
      auto before = *op_->GetOrganization(org.organization.id.value());
      ASSERT_EQ(before.organization.status, status);
      auto expected = domain::NextAdmissionStatus(status, action);
      auto r = Act(org, action);
      auto after = *op_->GetOrganization(org.organization.id.value());
      SCOPED_TRACE(std::string(domain::Name(status)) + " + " + std::string(domain::Name(action)));
      if (expected.ok()) {
        ++legal;
        ASSERT_TRUE(r.ok()) << r.status().ToString();
        // A supplement from `returned` goes back through the checks (and, still sponsor-less,
        // returns).
        if (status != AdmissionStatus::kReturned) {
          EXPECT_EQ(after.organization.status, *expected);
        }
        EXPECT_GT(after.history.size(), before.history.size());
      } else {
        ++illegal;
        // A rejected, revoked or exited applicant's own token no longer authenticates.
        if (domain::ActorOf(action) == domain::Actor::kApplicant &&
            !domain::Authenticates(status)) {
          EXPECT_EQ(r.status().code(), StatusCode::kUnauthenticated);
        } else {
          EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
          EXPECT_EQ(r.status().kind(), "illegal-transition");
        }
        EXPECT_EQ(after.organization, before.organization);
        EXPECT_EQ(after.history.size(), before.history.size());
      }
    }
  }
  // The W1 table's 11 rows less the two automatic ones (from `submitted`, never observable).
  EXPECT_EQ(legal, 9);
  EXPECT_EQ(illegal, 64 - 9);
}

TEST_F(AdmissionIntegrationTest, ReturnedSellerSupplementsWithASponsorAndIsApproved) {
  auto merchant = server_->Approved("Merchant", {Role::kDataMerchant});
  auto seller = server_->Apply("Seller", server_->NextUscc(), {Role::kSeller});
  EXPECT_EQ(seller.organization.status, AdmissionStatus::kReturned);
  domain::Decision d;
  d.action = AdmissionAction::kSupplement;
  d.changes = seller.organization.profile;
  d.changes->sponsor_id = merchant.organization.id;
  auto r = server_->Client(seller.token)->Decide(seller.organization.id.value(), d);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->organization.status, AdmissionStatus::kUnderReview);
  auto approved = Act(seller, AdmissionAction::kApprove);
  ASSERT_TRUE(approved.ok()) << approved.status().ToString();
  EXPECT_EQ(approved->organization.status, AdmissionStatus::kApproved);
  EXPECT_FALSE(approved->certificate.has_value())
      << "only merchants receive a merchant certificate";
}

TEST_F(AdmissionIntegrationTest, SellerWhoseSponsorWasSuspendedCannotBeApproved) {
  auto merchant = server_->Approved("Merchant", {Role::kDataMerchant});
  auto seller = server_->Apply("Seller", server_->NextUscc(), {Role::kSeller},
                               merchant.organization.id.value());
  ASSERT_EQ(seller.organization.status, AdmissionStatus::kUnderReview);
  ASSERT_TRUE(Act(merchant, AdmissionAction::kSuspend).ok());
  auto r = Act(seller, AdmissionAction::kApprove);
  EXPECT_EQ(r.status().kind(), "rule-violation");
  EXPECT_EQ(r.status().field(), "sponsor_id");
  EXPECT_EQ(op_->GetOrganization(seller.organization.id.value())->organization.status,
            AdmissionStatus::kUnderReview);
}

TEST_F(AdmissionIntegrationTest, MerchantMustBeAnEnterpriseAndGraded) {
  auto partnership = server_->Apply("Partnership", server_->NextUscc(), {Role::kDataMerchant}, "",
                                    domain::LegalForm::kUnincorporated);
  EXPECT_EQ(partnership.organization.status, AdmissionStatus::kReturned);
  EXPECT_NE(partnership.organization.status_reason.find("enterprise legal person"),
            std::string::npos);

  auto merchant = server_->Apply("Merchant", server_->NextUscc(), {Role::kDataMerchant});
  auto ungraded = Act(merchant, AdmissionAction::kApprove);
  EXPECT_EQ(ungraded.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ungraded.status().field(), "tier");
}

TEST_F(AdmissionIntegrationTest, ListPagesWithCursorsAndFilters) {
  for (int i = 0; i < 5; ++i)
    server_->Apply("B" + std::to_string(i), server_->NextUscc(), {Role::kBuyer});
  client::ListFilter f;
  f.role = "buyer";
  f.limit = 2;
  std::set<std::string> seen;
  int pages = 0;
  while (true) {
    auto page = op_->ListOrganizations(f);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    ++pages;
    for (const auto& o : page->items) EXPECT_TRUE(seen.insert(o.id.value()).second);
    if (!page->next_cursor) break;
    f.cursor = *page->next_cursor;
  }
  EXPECT_EQ(seen.size(), 5u);
  EXPECT_EQ(pages, 3);
  f = {};
  f.status = "approved";
  EXPECT_EQ(op_->ListOrganizations(f)->items.size(), 2u) << "the operator and the regulator";
}

}  // namespace
}  // namespace bourse::testing
