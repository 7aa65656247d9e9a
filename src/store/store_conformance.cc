#include "store/store_conformance.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <set>
#include <thread>
#include <tuple>

#include "base/encoding.h"
#include "base/errors.h"
#include "base/status_macros.h"
#include "base/strings.h"

namespace bourse::store::testing {
namespace {

using domain::AdmissionStatus;
using domain::Role;

absl::Time T(int64_t s) { return absl::FromUnixSeconds(1'764'000'000 + s); }

domain::Organization MakeOrg(std::string id, std::string uscc, domain::EnumSet<Role> roles,
                             AdmissionStatus status = AdmissionStatus::kUnderReview) {
  domain::Organization o;
  o.id = OrganizationId(std::move(id));
  o.profile.name = "名称 " + o.id.value();
  o.profile.uscc = std::move(uscc);
  o.profile.legal_form = domain::LegalForm::kEnterpriseLegalPerson;
  o.profile.roles = roles;
  o.profile.contact = {"Wang", "w@example.cn", ""};
  o.status = status;
  o.created_at = T(1);
  o.updated_at = T(2);
  return o;
}

Status Insert(Store& s, domain::Organization o) {
  return s.Write([&](Transaction& tx) { return tx.organizations().Insert(&o); });
}

}  // namespace

void StoreConformanceTest::SetUp() {
  static std::atomic<int> counter{0};
  dir_ = (std::filesystem::temp_directory_path() /
          StrCat("bourse_conformance_", getpid(), "_", counter++))
             .string();
  std::filesystem::create_directories(dir_);
  auto opened = GetParam()(dir_);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  store_ = std::move(*opened);
}

void StoreConformanceTest::TearDown() {
  store_.reset();
  std::filesystem::remove_all(dir_);
}

void StoreConformanceTest::Reopen() {
  store_.reset();
  auto opened = GetParam()(dir_);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  store_ = std::move(*opened);
}

TEST_P(StoreConformanceTest, OrganizationRoundTripsEveryField) {
  domain::Organization o =
      MakeOrg("org_a", "91110000600037341L", {Role::kDataMerchant, Role::kBuyer});
  o.profile.service_types = {};
  o.profile.ciio = true;
  o.profile.contact.phone = "+86 10 1234";
  o.grade = domain::MerchantGrade{domain::MerchantTier::kStrategic,
                                  {domain::MerchantType::kMedia, domain::MerchantType::kPlatform},
                                  3};
  o.status_reason = "ok";
  ASSERT_TRUE(store_->Write([&](Transaction& tx) { return tx.organizations().Insert(&o); }).ok());
  EXPECT_GT(o.seq, 0);
  domain::Organization seller = MakeOrg("org_b", "91110000600037341L", {Role::kSeller});
  seller.profile.sponsor_id = OrganizationId("org_a");
  ASSERT_TRUE(Insert(*store_, seller).ok());

  domain::Organization back;
  ASSERT_TRUE(store_
                  ->Read([&](Transaction& tx) {
                    auto got = tx.organizations().Get(o.id);
                    if (!got.ok()) return got.status();
                    back = *got;
                    return OkStatus();
                  })
                  .ok());
  EXPECT_EQ(back, o);
}

TEST_P(StoreConformanceTest, DuplicateIdIsAlreadyExistsAndMissingIsNotFound) {
  ASSERT_TRUE(Insert(*store_, MakeOrg("org_a", "U1", {Role::kBuyer})).ok());
  EXPECT_EQ(Insert(*store_, MakeOrg("org_a", "U2", {Role::kBuyer})).code(),
            StatusCode::kAlreadyExists);
  Status st = store_->Read(
      [&](Transaction& tx) { return tx.organizations().Get(OrganizationId("org_x")).status(); });
  EXPECT_EQ(st.code(), StatusCode::kNotFound);
  st = store_->Write([&](Transaction& tx) {
    return tx.organizations().Update(MakeOrg("org_x", "U", {Role::kBuyer}));
  });
  EXPECT_EQ(st.code(), StatusCode::kNotFound);
}

TEST_P(StoreConformanceTest, FailedWorkRollsBackEverything) {
  Status st = store_->Write([&](Transaction& tx) -> Status {
    domain::Organization o = MakeOrg("org_a", "U1", {Role::kBuyer});
    if (auto s = tx.organizations().Insert(&o); !s.ok()) return s;
    return InvalidArgumentError("refused after the insert");
  });
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  st = store_->Read(
      [&](Transaction& tx) { return tx.organizations().Get(OrganizationId("org_a")).status(); });
  EXPECT_EQ(st.code(), StatusCode::kNotFound);
}

TEST_P(StoreConformanceTest, ReadTransactionsCannotWrite) {
  Status st = store_->Read([&](Transaction& tx) {
    domain::Organization o = MakeOrg("org_a", "U1", {Role::kBuyer});
    return tx.organizations().Insert(&o);
  });
  EXPECT_EQ(st.code(), StatusCode::kFailedPrecondition);
}

TEST_P(StoreConformanceTest, UpdatePersistsAcrossReopen) {
  domain::Organization o = MakeOrg("org_a", "U1", {Role::kBuyer});
  ASSERT_TRUE(Insert(*store_, o).ok());
  o.status = AdmissionStatus::kApproved;
  o.status_reason = "fine";
  ASSERT_TRUE(store_->Write([&](Transaction& tx) { return tx.organizations().Update(o); }).ok());
  Reopen();
  ASSERT_TRUE(store_
                  ->Read([&](Transaction& tx) -> Status {
                    auto got = tx.organizations().Get(o.id);
                    if (!got.ok()) return got.status();
                    EXPECT_EQ(got->status, AdmissionStatus::kApproved);
                    EXPECT_EQ(got->status_reason, "fine");
                    return OkStatus();
                  })
                  .ok());
}

TEST_P(StoreConformanceTest, ListFiltersAndPages) {
  for (int i = 0; i < 7; ++i) {
    auto roles = i % 2 ? domain::EnumSet<Role>{Role::kBuyer}
                       : domain::EnumSet<Role>{Role::kSeller, Role::kBuyer};
    ASSERT_TRUE(
        Insert(*store_, MakeOrg(StrCat("org_", i), "U", roles,
                                i < 3 ? AdmissionStatus::kApproved : AdmissionStatus::kUnderReview))
            .ok());
  }
  auto list = [&](OrganizationFilter f) {
    OrganizationPage page;
    EXPECT_TRUE(store_
                    ->Read([&](Transaction& tx) {
                      auto p = tx.organizations().List(f);
                      if (!p.ok()) return p.status();
                      page = *p;
                      return OkStatus();
                    })
                    .ok());
    return page;
  };
  OrganizationPage p = list({.limit = 3});
  ASSERT_EQ(p.items.size(), 3u);
  ASSERT_TRUE(p.next_after_seq.has_value());
  EXPECT_EQ(p.items[0].id.value(), "org_0");
  p = list({.after_seq = *p.next_after_seq, .limit = 3});
  EXPECT_EQ(p.items[0].id.value(), "org_3");
  p = list({.after_seq = *p.next_after_seq, .limit = 3});
  EXPECT_EQ(p.items.size(), 1u);
  EXPECT_FALSE(p.next_after_seq.has_value());
  EXPECT_EQ(list({.role = Role::kSeller, .limit = 50}).items.size(), 4u);
  EXPECT_EQ(
      list({.role = Role::kSeller, .status = AdmissionStatus::kApproved, .limit = 50}).items.size(),
      2u);
  EXPECT_EQ(list({.only = OrganizationId("org_5"), .limit = 50}).items.size(), 1u);
  EXPECT_EQ(list({.role = Role::kDataMerchant, .limit = 50}).items.size(), 0u);
}

TEST_P(StoreConformanceTest, UsccLookupIgnoresFinalStatusesAndSelf) {
  ASSERT_TRUE(
      Insert(*store_, MakeOrg("org_a", "SAME", {Role::kBuyer}, AdmissionStatus::kRejected)).ok());
  ASSERT_TRUE(
      Insert(*store_, MakeOrg("org_b", "SAME", {Role::kBuyer}, AdmissionStatus::kApproved)).ok());
  ASSERT_TRUE(store_
                  ->Read([&](Transaction& tx) -> Status {
                    auto live = tx.organizations().FindLiveByUscc("SAME", OrganizationId("org_z"));
                    EXPECT_EQ(live->size(), 1u);
                    live = tx.organizations().FindLiveByUscc("SAME", OrganizationId("org_b"));
                    EXPECT_TRUE(live->empty());
                    return OkStatus();
                  })
                  .ok());
}

TEST_P(StoreConformanceTest, CountsByRolesAndStatus) {
  ASSERT_TRUE(
      Insert(*store_, MakeOrg("org_a", "U", {Role::kBuyer}, AdmissionStatus::kApproved)).ok());
  ASSERT_TRUE(
      Insert(*store_, MakeOrg("org_b", "U", {Role::kBuyer}, AdmissionStatus::kApproved)).ok());
  ASSERT_TRUE(
      Insert(*store_, MakeOrg("org_c", "U", {Role::kSeller}, AdmissionStatus::kApproved)).ok());
  ASSERT_TRUE(store_
                  ->Read([&](Transaction& tx) -> Status {
                    auto counts = tx.organizations().CountByRolesAndStatus();
                    EXPECT_EQ(counts->size(), 2u);
                    int64_t total = 0;
                    for (const auto& c : *counts) total += c.count;
                    EXPECT_EQ(total, 3);
                    return OkStatus();
                  })
                  .ok());
}

TEST_P(StoreConformanceTest, AdmissionEventsKeepOrder) {
  ASSERT_TRUE(Insert(*store_, MakeOrg("org_a", "U", {Role::kBuyer})).ok());
  ASSERT_TRUE(store_
                  ->Write([&](Transaction& tx) -> Status {
                    for (int i = 0; i < 3; ++i) {
                      domain::AdmissionEvent e{
                          OrganizationId("org_a"),
                          domain::AdmissionAction(i + 1),
                          i ? std::optional(OrganizationId("org_op")) : std::nullopt,
                          AdmissionStatus::kSubmitted,
                          AdmissionStatus::kUnderReview,
                          StrCat("r", i),
                          T(i)};
                      if (auto s = tx.organizations().AppendEvent(e); !s.ok()) return s;
                    }
                    return OkStatus();
                  })
                  .ok());
  ASSERT_TRUE(store_
                  ->Read([&](Transaction& tx) -> Status {
                    auto ev = tx.organizations().Events(OrganizationId("org_a"));
                    EXPECT_EQ(ev->size(), 3u);
                    EXPECT_EQ((*ev)[2].reason, "r2");
                    EXPECT_FALSE((*ev)[0].actor.has_value());
                    EXPECT_EQ((*ev)[1].actor->value(), "org_op");
                    return OkStatus();
                  })
                  .ok());
}

TEST_P(StoreConformanceTest, CertificatesAndStatusBits) {
  ASSERT_TRUE(Insert(*store_, MakeOrg("org_a", "U", {Role::kDataMerchant})).ok());
  domain::Certificate c{CertificateId("cert_1"),
                        domain::CertificateType::kDataMerchant,
                        OrganizationId("org_a"),
                        "a.b.c",
                        domain::CertificateStatus::kActive,
                        77,
                        T(1),
                        T(100),
                        12};
  ASSERT_TRUE(store_->Write([&](Transaction& tx) { return tx.certificates().Insert(c); }).ok());
  domain::Certificate dup = c;
  dup.id = CertificateId("cert_2");
  EXPECT_EQ(store_->Write([&](Transaction& tx) { return tx.certificates().Insert(dup); }).code(),
            StatusCode::kAlreadyExists)
      << "status index reused";
  dup.status_index = 78;
  ASSERT_TRUE(store_->Write([&](Transaction& tx) { return tx.certificates().Insert(dup); }).ok());
  domain::Certificate orphan = dup;
  orphan.id = CertificateId("cert_3");
  orphan.status_index = 79;
  orphan.subject = OrganizationId("org_none");
  EXPECT_FALSE(
      store_->Write([&](Transaction& tx) { return tx.certificates().Insert(orphan); }).ok());

  ASSERT_TRUE(
      store_
          ->Write([&](Transaction& tx) -> Status {
            if (auto s =
                    tx.certificates().UpdateStatus(c.id, domain::CertificateStatus::kSuspended);
                !s.ok())
              return s;
            if (auto s = tx.status_lists().SetBit(domain::StatusPurpose::kSuspension, 77, true);
                !s.ok())
              return s;
            if (auto s = tx.status_lists().SetBit(domain::StatusPurpose::kSuspension, 77, true);
                !s.ok())
              return s;
            return tx.status_lists().SetBit(domain::StatusPurpose::kRevocation, 5, true);
          })
          .ok());
  ASSERT_TRUE(store_
                  ->Read([&](Transaction& tx) -> Status {
                    auto list = tx.certificates().ListBySubject(OrganizationId("org_a"));
                    EXPECT_EQ(list->size(), 2u);
                    EXPECT_EQ((*list)[0].id.value(), "cert_2") << "newest first";
                    EXPECT_EQ((*list)[1].status, domain::CertificateStatus::kSuspended);
                    EXPECT_EQ((*list)[1].log_index, 12);
                    EXPECT_TRUE(*tx.certificates().IsStatusIndexUsed(77));
                    EXPECT_FALSE(*tx.certificates().IsStatusIndexUsed(80));
                    EXPECT_EQ(*tx.status_lists().SetBits(domain::StatusPurpose::kSuspension),
                              std::vector<int64_t>{77});
                    EXPECT_EQ(tx.certificates().Get(CertificateId("cert_9")).status().code(),
                              StatusCode::kNotFound);
                    return OkStatus();
                  })
                  .ok());
  ASSERT_TRUE(store_
                  ->Write([&](Transaction& tx) {
                    return tx.status_lists().SetBit(domain::StatusPurpose::kSuspension, 77, false);
                  })
                  .ok());
  ASSERT_TRUE(store_
                  ->Read([&](Transaction& tx) -> Status {
                    EXPECT_TRUE(
                        tx.status_lists().SetBits(domain::StatusPurpose::kSuspension)->empty());
                    return OkStatus();
                  })
                  .ok());
}

// A certificate's JWT comes back exactly as it was stored, whatever form the backend keeps it
// in: a well-formed compact JWS, and text that is not one.
TEST_P(StoreConformanceTest, CertificateJwtsComeBackByteForByte) {
  ASSERT_TRUE(Insert(*store_, MakeOrg("org_a", "U", {Role::kDataMerchant})).ok());
  const std::string jws =
      StrCat(Base64UrlEncode(R"({"alg":"EdDSA","typ":"vc+jwt"})"), ".",
             Base64UrlEncode(R"({"credentialSubject":{"name":"深圳数据交易所 · Shenzhen"}})"), ".",
             Base64UrlEncode(std::string(64, '\x9c')));
  const std::vector<std::string> jwts = {jws, "not.a.jws", jws + "=", ""};
  for (size_t i = 0; i < jwts.size(); ++i) {
    domain::Certificate c{CertificateId(StrCat("cert_", i)),
                          domain::CertificateType::kTrade,
                          OrganizationId("org_a"),
                          jwts[i],
                          domain::CertificateStatus::kActive,
                          static_cast<int64_t>(100 + i),
                          T(1),
                          T(100),
                          7};
    ASSERT_TRUE(store_->Write([&](Transaction& tx) { return tx.certificates().Insert(c); }).ok());
  }
  for (int pass = 0; pass < 2; ++pass) {
    ASSERT_TRUE(
        store_
            ->Read([&](Transaction& tx) -> Status {
              for (size_t i = 0; i < jwts.size(); ++i)
                EXPECT_EQ(tx.certificates().Get(CertificateId(StrCat("cert_", i)))->jwt, jwts[i])
                    << i;
              auto listed = tx.certificates().ListBySubject(OrganizationId("org_a"));
              EXPECT_EQ(listed->size(), jwts.size());
              for (const auto& c : *listed)
                EXPECT_EQ(c.jwt, jwts[std::stoi(c.id.value().substr(5))]) << c.id.value();
              return OkStatus();
            })
            .ok());
    Reopen();
  }
}

TEST_P(StoreConformanceTest, TokensByHashAndRevocation) {
  ASSERT_TRUE(Insert(*store_, MakeOrg("org_a", "U", {Role::kBuyer})).ok());
  domain::ApiToken t{TokenId("tok_1"), OrganizationId("org_a"), "ci", "h1", T(1), std::nullopt};
  ASSERT_TRUE(store_->Write([&](Transaction& tx) { return tx.tokens().Insert(t); }).ok());
  domain::ApiToken same_hash = t;
  same_hash.id = TokenId("tok_2");
  EXPECT_EQ(store_->Write([&](Transaction& tx) { return tx.tokens().Insert(same_hash); }).code(),
            StatusCode::kAlreadyExists);
  ASSERT_TRUE(
      store_->Write([&](Transaction& tx) { return tx.tokens().MarkRevoked(t.id, T(5)); }).ok());
  ASSERT_TRUE(store_
                  ->Read([&](Transaction& tx) -> Status {
                    auto found = tx.tokens().FindBySecretHash("h1");
                    EXPECT_TRUE(found.ok());
                    EXPECT_FALSE(found->active());
                    EXPECT_EQ(*found->revoked_at, T(5));
                    EXPECT_EQ(tx.tokens().FindBySecretHash("h2").status().code(),
                              StatusCode::kNotFound);
                    EXPECT_EQ(tx.tokens().ListByOrganization(OrganizationId("org_a"))->size(), 1u);
                    return OkStatus();
                  })
                  .ok());
}

TEST_P(StoreConformanceTest, PasswordsAndSessions) {
  ASSERT_TRUE(Insert(*store_, MakeOrg("org_a", "U", {Role::kBuyer})).ok());
  domain::ApiToken t{TokenId("tok_1"), OrganizationId("org_a"), "ci", "h1", T(1), std::nullopt};
  ASSERT_TRUE(store_->Write([&](Transaction& tx) { return tx.tokens().Insert(t); }).ok());
  const OrganizationId org("org_a");
  ASSERT_TRUE(store_
                  ->Write([&](Transaction& tx) -> Status {
                    EXPECT_EQ(tx.credentials().GetPassword(org).status().code(),
                              StatusCode::kNotFound);
                    BOURSE_RETURN_IF_ERROR(tx.credentials().SetPassword({org, "hash-1", T(1)}));
                    BOURSE_RETURN_IF_ERROR(tx.credentials().SetPassword({org, "hash-2", T(2)}));
                    domain::Session by_password{"s1", org, std::nullopt, "csrf1", T(2), T(10)};
                    domain::Session by_token{"s2", org, t.id, "csrf2", T(2), T(4)};
                    BOURSE_RETURN_IF_ERROR(tx.credentials().InsertSession(by_password));
                    return tx.credentials().InsertSession(by_token);
                  })
                  .ok());
  // The same secret hash twice is refused.
  EXPECT_EQ(
      store_
          ->Write([&](Transaction& tx) {
            return tx.credentials().InsertSession({"s1", org, std::nullopt, "other", T(3), T(9)});
          })
          .code(),
      StatusCode::kAlreadyExists);
  ASSERT_TRUE(store_
                  ->Read([&](Transaction& tx) -> Status {
                    auto p = tx.credentials().GetPassword(org);
                    EXPECT_TRUE(p.ok());
                    EXPECT_EQ(p->hash, "hash-2");
                    EXPECT_EQ(p->updated_at, T(2));
                    auto s1 = tx.credentials().FindSession("s1");
                    EXPECT_TRUE(s1.ok());
                    EXPECT_EQ(s1->organization, org);
                    EXPECT_FALSE(s1->token.has_value());
                    EXPECT_EQ(s1->csrf_token, "csrf1");
                    EXPECT_EQ(s1->expires_at, T(10));
                    auto s2 = tx.credentials().FindSession("s2");
                    EXPECT_TRUE(s2.ok());
                    EXPECT_EQ(*s2->token, t.id);
                    return OkStatus();
                  })
                  .ok());
  // Expiry drops only s2; a password change drops only password sessions.
  ASSERT_TRUE(
      store_
          ->Write([&](Transaction& tx) -> Status {
            auto n = tx.credentials().DeleteExpiredSessions(T(5));
            EXPECT_TRUE(n.ok());
            EXPECT_EQ(*n, 1);
            EXPECT_EQ(tx.credentials().FindSession("s2").status().code(), StatusCode::kNotFound);
            BOURSE_RETURN_IF_ERROR(
                tx.credentials().InsertSession({"s3", org, t.id, "csrf3", T(5), T(20)}));
            BOURSE_RETURN_IF_ERROR(tx.credentials().DeletePasswordSessions(org));
            EXPECT_EQ(tx.credentials().FindSession("s1").status().code(), StatusCode::kNotFound);
            EXPECT_TRUE(tx.credentials().FindSession("s3").ok());
            BOURSE_RETURN_IF_ERROR(tx.credentials().DeleteSession("s3"));
            EXPECT_EQ(tx.credentials().FindSession("s3").status().code(), StatusCode::kNotFound);
            return OkStatus();
          })
          .ok());
}

TEST_P(StoreConformanceTest, IdempotencyKeysAreScopedByCaller) {
  IdempotentResponse r{"d1", 201, "{}"};
  ASSERT_TRUE(
      store_->Write([&](Transaction& tx) { return tx.idempotency().Put("org_a", "k", r, T(1)); })
          .ok());
  ASSERT_TRUE(
      store_->Write([&](Transaction& tx) { return tx.idempotency().Put("org_b", "k", r, T(1)); })
          .ok());
  EXPECT_EQ(
      store_->Write([&](Transaction& tx) { return tx.idempotency().Put("org_a", "k", r, T(1)); })
          .code(),
      StatusCode::kAlreadyExists);
  ASSERT_TRUE(store_
                  ->Read([&](Transaction& tx) -> Status {
                    auto got = tx.idempotency().Get("org_a", "k");
                    EXPECT_EQ(got->status, 201);
                    EXPECT_EQ(tx.idempotency().Get("org_c", "k").status().code(),
                              StatusCode::kNotFound);
                    return OkStatus();
                  })
                  .ok());
}

TEST_P(StoreConformanceTest, IdempotencyKeysKeepTheirOwnerAndExpireByAge) {
  ASSERT_TRUE(
      store_
          ->Write([&](Transaction& tx) -> Status {
            BOURSE_RETURN_IF_ERROR(
                tx.idempotency().Put("org_a", "old", {"d", 0, "", "proc-1", T(1)}, T(1)));
            return tx.idempotency().Put("org_a", "new", {"d", 201, "{}", "proc-2", T(5)}, T(5));
          })
          .ok());
  ASSERT_TRUE(store_
                  ->Write([&](Transaction& tx) -> Status {
                    auto old = tx.idempotency().Get("org_a", "old");
                    EXPECT_EQ(old->instance, "proc-1");
                    EXPECT_EQ(old->created_at, T(1));
                    auto swept = tx.idempotency().DeleteOlderThan(T(5));
                    EXPECT_EQ(*swept, 1);
                    EXPECT_EQ(tx.idempotency().Get("org_a", "old").status().code(),
                              StatusCode::kNotFound);
                    EXPECT_EQ(tx.idempotency().Get("org_a", "new")->instance, "proc-2");
                    return OkStatus();
                  })
                  .ok());
}

TEST_P(StoreConformanceTest, IdempotencyKeysAreReservedThenCompletedOrDeleted) {
  ASSERT_TRUE(store_
                  ->Write([&](Transaction& tx) {
                    return tx.idempotency().Put("org_a", "k", {"d", 0, ""}, T(1));
                  })
                  .ok());
  ASSERT_TRUE(store_
                  ->Write([&](Transaction& tx) {
                    return tx.idempotency().Complete("org_a", "k", 201, "{}");
                  })
                  .ok());
  EXPECT_EQ(store_
                ->Write([&](Transaction& tx) {
                  return tx.idempotency().Complete("org_a", "k", 200, "again");
                })
                .code(),
            StatusCode::kNotFound)
      << "only a reserved key completes";
  ASSERT_TRUE(store_
                  ->Read([&](Transaction& tx) -> Status {
                    auto got = tx.idempotency().Get("org_a", "k");
                    EXPECT_EQ(got->status, 201);
                    EXPECT_EQ(got->body, "{}");
                    return OkStatus();
                  })
                  .ok());
  ASSERT_TRUE(
      store_->Write([&](Transaction& tx) { return tx.idempotency().Delete("org_a", "k"); }).ok());
  EXPECT_EQ(
      store_->Read([&](Transaction& tx) { return tx.idempotency().Get("org_a", "k").status(); })
          .code(),
      StatusCode::kNotFound);
}

TEST_P(StoreConformanceTest, LogIsAppendOnlyAndIndexedFromZero) {
  std::vector<int64_t> indices;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(store_
                    ->Write([&](Transaction& tx) -> Status {
                      auto index = tx.log().Append(StrCat("{\"n\":", i, "}"));
                      if (!index.ok()) return index.status();
                      indices.push_back(*index);
                      return OkStatus();
                    })
                    .ok());
  }
  EXPECT_EQ(indices, (std::vector<int64_t>{0, 1, 2}));
  // A rolled-back append leaves no gap and no entry.
  EXPECT_FALSE(store_
                   ->Write([&](Transaction& tx) -> Status {
                     (void)tx.log().Append("lost");
                     return InvalidArgumentError("refused");
                   })
                   .ok());
  std::string h0(32, 'a'), h1(32, 'b');
  ASSERT_TRUE(store_->Write([&](Transaction& tx) {
                      return tx.log().PutHashes(0, 0, {h0, h1});
                    })
                  .ok());
  EXPECT_EQ(store_->Write([&](Transaction& tx) { return tx.log().PutHashes(0, 1, {h0}); }).code(),
            StatusCode::kAlreadyExists)
      << "hashes are immutable";
  ASSERT_TRUE(store_
                  ->Write([&](Transaction& tx) {
                    return tx.log().PutCheckpoint({2, std::string(32, 'r'), "note\n", T(1)});
                  })
                  .ok());
  EXPECT_EQ(store_
                ->Write([&](Transaction& tx) {
                  return tx.log().PutCheckpoint({2, std::string(32, 's'), "other\n", T(2)});
                })
                .code(),
            StatusCode::kAlreadyExists);
  Reopen();
  ASSERT_TRUE(store_
                  ->Read([&](Transaction& tx) -> Status {
                    EXPECT_EQ(*tx.log().Size(), 3);
                    auto entries = *tx.log().Entries(1, 10);
                    EXPECT_EQ(entries, (std::vector<std::string>{"{\"n\":1}", "{\"n\":2}"}));
                    EXPECT_EQ(*tx.log().Hashes(0, 0, 5), (std::vector<std::string>{h0, h1}));
                    EXPECT_TRUE(tx.log().Hashes(1, 0, 5)->empty());
                    auto cp = tx.log().LatestCheckpoint();
                    EXPECT_EQ(cp->size, 2);
                    EXPECT_EQ(cp->note, "note\n");
                    return OkStatus();
                  })
                  .ok());
}

TEST_P(StoreConformanceTest, NoCheckpointBeforeTheFirst) {
  Status st = store_->Read([&](Transaction& tx) { return tx.log().LatestCheckpoint().status(); });
  EXPECT_EQ(st.code(), StatusCode::kNotFound);
  ASSERT_TRUE(store_
                  ->Read([&](Transaction& tx) -> Status {
                    EXPECT_EQ(*tx.log().Size(), 0);
                    return OkStatus();
                  })
                  .ok());
}

TEST_P(StoreConformanceTest, ConcurrentWritesFailAloneAndSeeEachOther) {
  // Many writers at once (a backend may batch them): each failure rolls back only itself, and
  // every write sees all writes acknowledged before it.
  std::vector<std::thread> threads;
  std::atomic<int> ok{0}, refused{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        Status st = store_->Write([&](Transaction& tx) -> Status {
          auto index = tx.log().Append(StrCat("{\"t\":", t, ",\"i\":", i, "}"));
          if (!index.ok()) return index.status();
          if (i % 5 == 0) return InvalidArgumentError("refused after appending");
          return OkStatus();
        });
        (st.ok() ? ok : refused)++;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), 8 * 40);
  EXPECT_EQ(refused.load(), 8 * 10);
  ASSERT_TRUE(store_
                  ->Read([&](Transaction& tx) -> Status {
                    EXPECT_EQ(*tx.log().Size(), 8 * 40)
                        << "refused appends leave no entry and no gap";
                    auto entries = *tx.log().Entries(0, 1000);
                    std::set<std::string> distinct(entries.begin(), entries.end());
                    EXPECT_EQ(distinct.size(), entries.size());
                    return OkStatus();
                  })
                  .ok());
}

TEST_P(StoreConformanceTest, ConcurrentWritersAndReadersSeeConsistentCounts) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 100; ++i)
        ASSERT_TRUE(Insert(*store_, MakeOrg(StrCat("org_", t, "_", i), "U", {Role::kBuyer})).ok());
    });
  }
  threads.emplace_back([&] {
    for (int i = 0; i < 50; ++i) {
      ASSERT_TRUE(store_
                      ->Read([&](Transaction& tx) {
                        return tx.organizations().List({.limit = 10}).status();
                      })
                      .ok());
    }
  });
  for (auto& th : threads) th.join();
  ASSERT_TRUE(store_
                  ->Read([&](Transaction& tx) -> Status {
                    EXPECT_EQ(tx.organizations().List({.limit = 1000})->items.size(), 200u);
                    return OkStatus();
                  })
                  .ok());
}

}  // namespace bourse::store::testing

namespace bourse::store::testing {
namespace {

domain::Product MakeProduct(std::string id, std::string title, std::string description) {
  domain::Product p;
  p.id = ProductId(std::move(id));
  p.seller_id = OrganizationId("org_seller");
  p.status = domain::ProductStatus::kListed;
  p.description.title = std::move(title);
  p.description.description = std::move(description);
  p.description.sector = domain::Sector::kEnergy;
  p.description.delivery_modes = {domain::DeliveryMode::kFile, domain::DeliveryMode::kApi};
  p.description.price.amount.minor = 500'000;
  p.description.tags = {"credit"};
  p.description.fields = {{"kwh", "integer", "monthly consumption"}};
  p.created_at = T(1);
  p.updated_at = T(1);
  return p;
}

}  // namespace

TEST_P(StoreConformanceTest, ProductsRoundTripAndSearch) {
  ASSERT_TRUE(
      Insert(*store_, MakeOrg("org_seller", "91110000600037341L", {Role::kDataMerchant})).ok());
  auto a = MakeProduct("prd_a", "Enterprise electricity consumption", "企业用电量，按月更新");
  a.description.legal_basis = domain::LegalBasis::kContract;
  a.assessment_valid_until = T(100);
  auto b = MakeProduct("prd_b", "Port container throughput", "Monthly TEU by terminal");
  b.description.sector = domain::Sector::kLogistics;
  b.description.price.amount.minor = 50'000'000;
  b.description.fields = {{"teu", "integer", "containers"}};
  auto c = MakeProduct("prd_c", "Electricity prices", "Draft, not listed");
  c.status = domain::ProductStatus::kDraft;
  ASSERT_TRUE(store_
                  ->Write([&](Transaction& tx) -> Status {
                    for (auto* p : {&a, &b, &c}) {
                      if (Status s = tx.products().Insert(p); !s.ok()) return s;
                    }
                    return OkStatus();
                  })
                  .ok());
  EXPECT_GT(b.seq, a.seq);
  ASSERT_TRUE(store_
                  ->Read([&](Transaction& tx) -> Status {
                    auto got = tx.products().Get(ProductId("prd_a"));
                    EXPECT_TRUE(got.ok());
                    if (got.ok()) {
                      EXPECT_EQ(*got, a);
                    }
                    auto match = [&](std::vector<std::string> terms) {
                      std::vector<int64_t> seqs;
                      EXPECT_TRUE(tx.products()
                                      .ForEachTextMatch(terms,
                                                        [&](int64_t seq) {
                                                          seqs.push_back(seq);
                                                          return true;
                                                        })
                                      .ok());
                      return seqs;
                    };
                    // The draft matches too: the catalogue filters by status itself.
                    EXPECT_EQ(match({"electricity"}), (std::vector<int64_t>{c.seq, a.seq}));
                    EXPECT_EQ(match({"用电"}), std::vector<int64_t>{a.seq});  // Inside a sentence.
                    EXPECT_EQ(match({"elec*"}), (std::vector<int64_t>{c.seq, a.seq}));
                    EXPECT_EQ(match({"teu"}), std::vector<int64_t>{b.seq});  // Field names.
                    EXPECT_EQ(match({"electricity", "port"}), std::vector<int64_t>{});
                    EXPECT_TRUE(match({"\"electricity OR port"}).empty());  // No syntax passes.
                    int visited = 0;
                    EXPECT_TRUE(tx.products()
                                    .ForEachTextMatch({"electricity"},
                                                      [&](int64_t) { return ++visited < 1; })
                                    .ok());
                    EXPECT_EQ(visited, 1);  // Stops when asked.
                    auto ranked = tx.products().RankText({"electricity"});
                    EXPECT_EQ(ranked->size(), 2u);
                    auto listed = tx.products().ListedEntries();
                    EXPECT_EQ(listed->size(), 2u);
                    EXPECT_EQ(listed->at(1).sector, domain::Sector::kLogistics);
                    EXPECT_EQ(listed->at(1).price_minor, 50'000'000);
                    auto expired = tx.products().AssessmentsExpired(T(100));
                    EXPECT_EQ(expired->size(), 1u);
                    return OkStatus();
                  })
                  .ok());
  // An update re-indexes the text.
  a.description.title = "Factory power usage";
  ASSERT_TRUE(store_->Write([&](Transaction& tx) { return tx.products().Update(a); }).ok());
  ASSERT_TRUE(store_
                  ->Read([&](Transaction& tx) -> Status {
                    EXPECT_EQ(tx.products().RankText({"factory"})->size(), 1u);
                    EXPECT_EQ(tx.products().RankText({"throughput"})->size(), 1u);
                    EXPECT_EQ(tx.products().RankText({"electricity"})->size(), 1u);
                    return OkStatus();
                  })
                  .ok());
}

TEST_P(StoreConformanceTest, UploadsAdvanceOnlyFromTheExpectedOffset) {
  ASSERT_TRUE(
      Insert(*store_, MakeOrg("org_seller", "91110000600037341L", {Role::kDataMerchant})).ok());
  auto p = MakeProduct("prd_a", "t", "d");
  Upload u;
  u.id = UploadId("upl_1");
  u.product_id = p.id;
  u.owner = p.seller_id;
  u.file_name = "a.csv";
  u.size = 100;
  u.created_at = T(1);
  ASSERT_TRUE(store_
                  ->Write([&](Transaction& tx) -> Status {
                    BOURSE_RETURN_IF_ERROR(tx.products().Insert(&p));
                    return tx.uploads().Insert(u);
                  })
                  .ok());
  EXPECT_TRUE(
      store_->Write([&](Transaction& tx) { return tx.uploads().Advance(u.id, 0, 40); }).ok());
  Status stale = store_->Write([&](Transaction& tx) { return tx.uploads().Advance(u.id, 0, 80); });
  EXPECT_EQ(errors::KindOf(stale), errors::kConflict);
  ASSERT_TRUE(store_
                  ->Read([&](Transaction& tx) -> Status {
                    EXPECT_EQ(tx.uploads().Get(u.id)->received, 40);
                    EXPECT_EQ(*tx.uploads().OpenBytes(p.seller_id), 100);
                    return OkStatus();
                  })
                  .ok());
  Upload later = u;
  later.id = UploadId("upl_2");
  later.created_at = T(5);
  ASSERT_TRUE(store_->Write([&](Transaction& tx) { return tx.uploads().Insert(later); }).ok());
  ASSERT_TRUE(store_
                  ->Read([&](Transaction& tx) -> Status {
                    auto before = tx.uploads().StartedBefore(T(5), 10);
                    EXPECT_TRUE(before.ok());
                    EXPECT_EQ(before->size(), 1u);
                    EXPECT_EQ(before->at(0).id, u.id);
                    EXPECT_EQ(before->at(0).received, 40);
                    auto all = tx.uploads().StartedBefore(T(6), 10);
                    EXPECT_EQ(all->size(), 2u);
                    EXPECT_EQ(all->at(1).id, later.id) << "oldest first";
                    EXPECT_EQ(tx.uploads().StartedBefore(T(6), 1)->size(), 1u) << "the limit";
                    return OkStatus();
                  })
                  .ok());
}

TEST_P(StoreConformanceTest, RegistrationsRoundTripAndGrantRights) {
  ASSERT_TRUE(
      Insert(*store_, MakeOrg("org_seller", "91110000600037341L", {Role::kDataMerchant})).ok());
  auto p = MakeProduct("prd_a", "t", "d");
  domain::RightsRegistration r;
  r.id = RegistrationId("reg_1");
  r.product_id = p.id;
  r.holder_id = p.seller_id;
  r.rights = {domain::RightType::kHold, domain::RightType::kUse};
  r.evidence[domain::RightType::kHold] = "contract";
  r.evidence[domain::RightType::kUse] = "records";
  r.review_report = "report";
  r.objections.push_back({OrganizationId("org_x"), "mine", T(3), false});
  r.created_at = r.updated_at = T(2);
  ASSERT_TRUE(store_
                  ->Write([&](Transaction& tx) -> Status {
                    BOURSE_RETURN_IF_ERROR(tx.products().Insert(&p));
                    return tx.registrations().Insert(&r);
                  })
                  .ok());
  r.status = domain::RegistrationStatus::kRegistered;
  r.number = "BRS-2026-000001";
  ASSERT_TRUE(store_->Write([&](Transaction& tx) { return tx.registrations().Update(r); }).ok());
  ASSERT_TRUE(
      store_
          ->Read([&](Transaction& tx) -> Status {
            auto got = tx.registrations().Get(r.id);
            EXPECT_TRUE(got.ok());
            if (got.ok()) {
              EXPECT_EQ(*got, r);
            }
            auto rights = tx.registrations().RegisteredRights(p.id, p.seller_id);
            EXPECT_TRUE(rights->Has(domain::RightType::kUse));
            EXPECT_FALSE(rights->Has(domain::RightType::kOperate));
            EXPECT_TRUE(
                tx.registrations().RegisteredRights(p.id, OrganizationId("org_x"))->empty());
            EXPECT_EQ(*tx.registrations().CountNumbered(), 1);
            return OkStatus();
          })
          .ok());
}

TEST_P(StoreConformanceTest, LedgerAppliesBalancedEntriesAndRefusesOverdrafts) {
  const OrganizationId buyer("org_buyer");
  const ContractId contract("ctr_1");
  auto apply = [&](domain::JournalKind kind, std::vector<domain::Posting> postings,
                   std::string id) {
    return store_->Write([&](Transaction& tx) -> Status {
      domain::JournalEntry e;
      e.id = JournalId(std::move(id));
      e.kind = kind;
      e.reference = "ref";
      e.postings = std::move(postings);
      e.at = T(5);
      return tx.ledger().Apply(&e);
    });
  };
  ASSERT_TRUE(
      apply(domain::JournalKind::kDeposit, domain::DepositPostings(buyer, 10'000, "CNY"), "j1")
          .ok());
  // 12,000 from an account holding 10,000: refused, and nothing recorded.
  Status st = apply(domain::JournalKind::kEscrow,
                    domain::EscrowPostings(buyer, contract, 12'000, "CNY"), "j2");
  EXPECT_EQ(errors::KindOf(st), errors::kInsufficientFunds);
  ASSERT_TRUE(apply(domain::JournalKind::kEscrow,
                    domain::EscrowPostings(buyer, contract, 4'000, "CNY"), "j3")
                  .ok());
  ASSERT_TRUE(store_
                  ->Read([&](Transaction& tx) -> Status {
                    EXPECT_EQ(*tx.ledger().Balance(domain::AvailableAccount(buyer, "CNY")), 6'000);
                    EXPECT_EQ(*tx.ledger().Balance(domain::EscrowAccount(contract, "CNY")), 4'000);
                    EXPECT_EQ(*tx.ledger().Balance(domain::BankAccount("CNY")), -10'000);
                    auto trial = tx.ledger().TrialBalance();
                    EXPECT_EQ(trial->at("CNY"), 0);
                    EXPECT_EQ(*tx.ledger().LowestNonNegativeBalance(), 4'000);
                    auto entries = tx.ledger().Entries(buyer.value(), 0, 10);
                    EXPECT_EQ(entries->size(), 2u);  // j3 then j1; j2 was never recorded.
                    EXPECT_EQ(entries->front().id.value(), "j3");
                    EXPECT_EQ(entries->front().postings.size(), 2u);
                    auto balances = tx.ledger().BalancesOf(buyer.value());
                    EXPECT_EQ(balances->size(), 1u);
                    return OkStatus();
                  })
                  .ok());
  // An unbalanced entry never reaches the books.
  EXPECT_FALSE(
      apply(domain::JournalKind::kDeposit,
            {{domain::AvailableAccount(buyer, "CNY"), 5}, {domain::BankAccount("CNY"), -4}}, "j4")
          .ok());
}

// Eleven postings (more than one statement's worth in the SQLite backend), with one account
// named twice: every line is kept, and the account twice named gets both amounts.
TEST_P(StoreConformanceTest, LedgerKeepsEveryPostingOfALargeEntry) {
  std::vector<domain::Posting> postings;
  for (int i = 0; i < 9; ++i)
    postings.push_back(
        {domain::AvailableAccount(OrganizationId(StrCat("org_", i)), "CNY"), 100 + i});
  postings.push_back({domain::AvailableAccount(OrganizationId("org_0"), "CNY"), 1'000});
  int64_t total = 0;
  for (const auto& p : postings) total += p.amount;
  postings.push_back({domain::BankAccount("CNY"), -total});
  ASSERT_EQ(postings.size(), 11u);
  ASSERT_TRUE(store_
                  ->Write([&](Transaction& tx) -> Status {
                    domain::JournalEntry e;
                    e.id = JournalId("j_large");
                    e.kind = domain::JournalKind::kDeposit;
                    e.reference = "ref";
                    e.postings = postings;
                    e.at = T(5);
                    return tx.ledger().Apply(&e);
                  })
                  .ok());
  ASSERT_TRUE(
      store_
          ->Read([&](Transaction& tx) -> Status {
            EXPECT_EQ(
                *tx.ledger().Balance(domain::AvailableAccount(OrganizationId("org_0"), "CNY")),
                1'100);
            EXPECT_EQ(
                *tx.ledger().Balance(domain::AvailableAccount(OrganizationId("org_8"), "CNY")),
                108);
            EXPECT_EQ(*tx.ledger().Balance(domain::BankAccount("CNY")), -total);
            EXPECT_EQ(tx.ledger().TrialBalance()->at("CNY"), 0);
            auto entries = tx.ledger().Entries("org_0", 0, 10);
            EXPECT_EQ(entries->size(), 1u);
            EXPECT_EQ(entries->front().postings.size(), 11u);
            return OkStatus();
          })
          .ok());
}

// A contract `id` signed at T(10) on negotiation `n`'s terms, for its declared duration.
domain::Contract ContractFor(const domain::Negotiation& n, ContractId id) {
  domain::Contract c;
  c.id = std::move(id);
  c.negotiation_id = n.id;
  c.product_id = n.product_id;
  c.revision = n.revision;
  c.buyer_id = n.buyer_id;
  c.seller_id = n.seller_id;
  c.declaration = n.declaration;
  c.terms = n.terms;
  c.total = n.terms.amount;
  c.signed_at = T(10);
  c.ends_at = T(10) + absl::Hours(24) * n.declaration.duration_days;
  c.digest = "ab";
  return c;
}

TEST_P(StoreConformanceTest, NegotiationsContractsAndCrossBorderCasesRoundTrip) {
  ASSERT_TRUE(
      Insert(*store_, MakeOrg("org_seller", "91110000600037341L", {Role::kDataMerchant})).ok());
  ASSERT_TRUE(Insert(*store_, MakeOrg("org_buyer", "91110000600037341L", {Role::kBuyer})).ok());
  auto product = MakeProduct("prd_a", "Electricity", "Monthly");
  domain::Negotiation n;
  n.id = NegotiationId("neg_1");
  n.product_id = product.id;
  n.revision = 1;
  n.buyer_id = OrganizationId("org_buyer");
  n.seller_id = OrganizationId("org_seller");
  n.declaration = {"credit scoring", "credit risk", "internal", "SG", "", 90};
  n.terms.amount = {500'000, "CNY"};
  n.rounds.push_back({domain::NegotiationAction::kRequest, n.buyer_id, n.terms, "hello", T(3)});
  n.cross_border = true;
  n.created_at = n.updated_at = T(3);
  domain::Contract c = ContractFor(n, ContractId("ctr_1"));
  c.delivered_at = T(11);
  c.acceptance_due = T(20);
  c.trade_status = domain::TradeStatus::kDelivered;
  c.cross_border = true;
  CrossBorderCase k;
  k.contract_id = c.id;
  k.exporter = n.seller_id;
  k.recipient = n.buyer_id;
  k.destination = "SG";
  k.year = 2026;
  k.individuals = 150'000;
  k.sensitive_individuals = 3;
  k.row = 10;
  k.route = domain::CrossBorderRoute::kStandardContract;
  k.reason = "volume";
  k.any_of = {domain::EvidenceKind::kCertification};
  k.created_at = T(10);
  ASSERT_TRUE(store_
                  ->Write([&](Transaction& tx) -> Status {
                    BOURSE_RETURN_IF_ERROR(tx.products().Insert(&product));
                    BOURSE_RETURN_IF_ERROR(tx.negotiations().Insert(&n));
                    n.state = domain::NegotiationState::kFinalized;
                    n.contract_id = c.id;
                    BOURSE_RETURN_IF_ERROR(tx.negotiations().Update(n));
                    BOURSE_RETURN_IF_ERROR(tx.contracts().Insert(&c));
                    return tx.cross_border().Insert(&k);
                  })
                  .ok());
  ASSERT_TRUE(store_
                  ->Read([&](Transaction& tx) -> Status {
                    EXPECT_EQ(*tx.negotiations().Get(n.id), n);
                    EXPECT_EQ(*tx.contracts().Get(c.id), c);
                    EXPECT_EQ(tx.contracts().Get(ContractId("nope")).status().code(),
                              StatusCode::kNotFound);
                    auto page = tx.contracts().List({OrganizationId("org_buyer"), 0, 10});
                    EXPECT_EQ(page->items.size(), 1u);
                    page = tx.contracts().List({OrganizationId("org_other"), 0, 10});
                    EXPECT_TRUE(page->items.empty());
                    EXPECT_TRUE(tx.contracts().AcceptanceDue(T(19))->empty());
                    EXPECT_EQ(tx.contracts().AcceptanceDue(T(20))->size(), 1u);
                    auto totals = tx.contracts().Totals();
                    EXPECT_EQ(totals->count, 1);
                    EXPECT_EQ(totals->value.at("CNY"), 500'000);
                    EXPECT_EQ(totals->cross_border, 1);
                    EXPECT_EQ(totals->by_sector.at(0).key, "energy");
                    auto got = tx.cross_border().Get(c.id);
                    EXPECT_EQ(got->row, 10);
                    EXPECT_TRUE(got->any_of.Has(domain::EvidenceKind::kCertification));
                    auto exported = tx.cross_border().Exported(n.seller_id, 2026);
                    EXPECT_EQ(exported->first, 150'000);
                    EXPECT_EQ(exported->second, 3);
                    EXPECT_EQ(tx.cross_border().Exported(n.seller_id, 2025)->first, 0);
                    return OkStatus();
                  })
                  .ok());
  // An update stores what may change and leaves what was signed as it was.
  domain::Contract changed = c;
  changed.total.minor = 1;
  changed.buyer_id = OrganizationId("org_other");
  changed.digest = "tampered";
  changed.downloads = 7;
  changed.trade_status = domain::TradeStatus::kDelivered;
  domain::Negotiation renamed = n;
  renamed.buyer_id = OrganizationId("org_other");
  renamed.state = domain::NegotiationState::kTerminated;
  ASSERT_TRUE(store_
                  ->Write([&](Transaction& tx) -> Status {
                    BOURSE_RETURN_IF_ERROR(tx.negotiations().Update(renamed));
                    return tx.contracts().Update(changed);
                  })
                  .ok());
  ASSERT_TRUE(store_
                  ->Read([&](Transaction& tx) -> Status {
                    auto got = tx.contracts().Get(c.id);
                    EXPECT_EQ(got->total.minor, 500'000);
                    EXPECT_EQ(got->buyer_id, c.buyer_id);
                    EXPECT_EQ(got->digest, c.digest);
                    EXPECT_EQ(got->downloads, 7);
                    EXPECT_EQ(got->trade_status, domain::TradeStatus::kDelivered);
                    auto neg = tx.negotiations().Get(n.id);
                    EXPECT_EQ(neg->buyer_id, n.buyer_id);
                    EXPECT_EQ(neg->state, domain::NegotiationState::kTerminated);
                    return OkStatus();
                  })
                  .ok());
}

// A party sees the negotiations where it buys or sells, and the contracts they led to, in the
// order the negotiations began, a page at a time, whatever order the contracts were signed in.
TEST_P(StoreConformanceTest, ExporterProfilesAndEvidence) {
  ASSERT_TRUE(
      Insert(*store_, MakeOrg("org_exporter", "91440300MA5HBN1Y3E",
                              domain::EnumSet<Role>{Role::kSeller}, AdmissionStatus::kApproved))
          .ok());
  domain::ExporterProfile profile;
  profile.organization = OrganizationId("org_exporter");
  profile.facts.in_ftz = true;
  profile.facts.ftz = "shanghai-lingang";
  profile.facts.ciio = true;
  profile.facts.emergency = true;
  profile.decided_by = OrganizationId("org_operator");
  profile.reason = "business licence checked";
  profile.updated_at = T(5);
  domain::Evidence e;
  e.id = EvidenceId("evd_1");
  e.exporter = profile.organization;
  e.kind = domain::EvidenceKind::kStandardContractFiling;
  e.reference = "沪网信备 2026-0001";
  e.authority = "Shanghai CAC";
  e.scope.destinations = {"SG", "CN-HK"};
  e.scope.sectors = {domain::Sector::kEnergy, domain::Sector::kFinance};
  e.valid_from = T(0);
  e.valid_until = T(100);
  e.document_name = "filing.pdf";
  e.document_sha256 = std::string(64, 'a');
  e.document_bytes = 1234;
  e.filed_at = T(1);
  domain::Evidence other = e;
  other.id = EvidenceId("evd_2");
  other.kind = domain::EvidenceKind::kPipia;
  other.valid_until = T(50);
  ASSERT_TRUE(store_
                  ->Write([&](Transaction& tx) -> Status {
                    EXPECT_EQ(tx.compliance().GetProfile(profile.organization).status().code(),
                              StatusCode::kNotFound);
                    BOURSE_RETURN_IF_ERROR(tx.compliance().PutProfile(profile));
                    BOURSE_RETURN_IF_ERROR(tx.compliance().InsertEvidence(&e));
                    return tx.compliance().InsertEvidence(&other);
                  })
                  .ok());
  EXPECT_GT(other.seq, e.seq);
  Reopen();
  // Replacing the profile; approving one piece of evidence; telling of the other's expiry.
  profile.facts.in_ftz = false;
  profile.reason = "moved out of the zone";
  e.status = domain::EvidenceStatus::kApproved;
  e.decided_by = OrganizationId("org_operator");
  e.decided_at = T(3);
  e.decision_reason = "filing verified with the CAC";
  e.reference = "changed after filing";  // Not stored: what was filed stays as filed.
  other.status = domain::EvidenceStatus::kApproved;
  other.expiry_notified = true;
  ASSERT_TRUE(store_
                  ->Write([&](Transaction& tx) -> Status {
                    BOURSE_RETURN_IF_ERROR(tx.compliance().PutProfile(profile));
                    BOURSE_RETURN_IF_ERROR(tx.compliance().UpdateEvidence(e));
                    BOURSE_RETURN_IF_ERROR(tx.compliance().UpdateEvidence(other));
                    domain::Evidence ghost = e;
                    ghost.id = EvidenceId("evd_ghost");
                    EXPECT_EQ(tx.compliance().UpdateEvidence(ghost).code(), StatusCode::kNotFound);
                    return OkStatus();
                  })
                  .ok());
  e.reference = "沪网信备 2026-0001";
  ASSERT_TRUE(store_
                  ->Read([&](Transaction& tx) -> Status {
                    EXPECT_EQ(*tx.compliance().GetProfile(profile.organization), profile);
                    EXPECT_EQ(*tx.compliance().GetEvidence(e.id), e);
                    EXPECT_EQ(tx.compliance().GetEvidence(EvidenceId("nope")).status().code(),
                              StatusCode::kNotFound);
                    auto approved = tx.compliance().ApprovedEvidence(e.exporter, T(60));
                    EXPECT_EQ(approved->size(), 1u) << "the PIPIA ended at T(50)";
                    EXPECT_EQ(tx.compliance().ApprovedEvidence(e.exporter, T(10))->size(), 2u);
                    EXPECT_TRUE(
                        tx.compliance().ApprovedEvidence(OrganizationId("org_x"), T(10))->empty());
                    EvidenceFilter f;
                    f.status = domain::EvidenceStatus::kApproved;
                    EXPECT_EQ(tx.compliance().ListEvidence(f)->size(), 2u);
                    f.after_seq = e.seq;
                    EXPECT_EQ(tx.compliance().ListEvidence(f)->size(), 1u);
                    f = {};
                    f.exporter = OrganizationId("org_x");
                    EXPECT_TRUE(tx.compliance().ListEvidence(f)->empty());
                    // Only the one not yet told of its expiry.
                    auto expiring = tx.compliance().ExpiringEvidence(T(200), 10);
                    EXPECT_EQ(expiring->size(), 1u);
                    EXPECT_EQ(expiring->at(0).id, e.id);
                    EXPECT_TRUE(tx.compliance().ExpiringEvidence(T(100), 10)->empty());
                    return OkStatus();
                  })
                  .ok());
}

TEST_P(StoreConformanceTest, PartiesListTheirNegotiationsAndContractsPageByPage) {
  for (const char* id : {"org_seller", "org_a", "org_b", "org_c"})
    ASSERT_TRUE(Insert(*store_, MakeOrg(id, "91110000600037341L", {Role::kBuyer})).ok());
  auto product = MakeProduct("prd_a", "Electricity", "Monthly");
  // Negotiation i: buyer, seller, and whether it leads to a contract.
  const std::vector<std::tuple<std::string, std::string, bool>> deals = {
      {"org_a", "org_b", true}, {"org_b", "org_c", false}, {"org_c", "org_a", true},
      {"org_a", "org_c", true}, {"org_b", "org_a", false}, {"org_a", "org_b", true}};
  std::vector<domain::Negotiation> negotiations;
  for (size_t i = 0; i < deals.size(); ++i) {
    domain::Negotiation n;
    n.id = NegotiationId(StrCat("neg_", i + 1));
    n.product_id = product.id;
    n.revision = 1;
    n.buyer_id = OrganizationId(std::get<0>(deals[i]));
    n.seller_id = OrganizationId(std::get<1>(deals[i]));
    n.declaration = {"credit scoring", "credit risk", "internal", "CN-44", "", 30};
    n.terms.amount = {1'000, "CNY"};
    n.created_at = n.updated_at = T(static_cast<int>(i));
    if (std::get<2>(deals[i])) n.contract_id = ContractId(StrCat("ctr_", i + 1));
    negotiations.push_back(n);
  }
  ASSERT_TRUE(store_
                  ->Write([&](Transaction& tx) -> Status {
                    BOURSE_RETURN_IF_ERROR(tx.products().Insert(&product));
                    for (auto& n : negotiations)
                      BOURSE_RETURN_IF_ERROR(tx.negotiations().Insert(&n));
                    // Signed in another order than the negotiations began: 3, 1, 6, 4.
                    for (size_t i : {2u, 0u, 5u, 3u}) {
                      domain::Contract c =
                          ContractFor(negotiations[i], *negotiations[i].contract_id);
                      BOURSE_RETURN_IF_ERROR(tx.contracts().Insert(&c));
                    }
                    return OkStatus();
                  })
                  .ok());
  // Every page of the party's (or, with no party, everyone's) listing by `list`, as ids.
  auto pages_of = [&](std::optional<std::string> party, int limit, auto list) {
    std::vector<std::vector<std::string>> pages;
    EXPECT_TRUE(store_
                    ->Read([&](Transaction& tx) -> Status {
                      TradeFilter f;
                      if (party) f.party = OrganizationId(*party);
                      f.limit = limit;
                      while (true) {
                        auto page = list(tx, f);
                        if (!page.ok()) return page.status();
                        pages.emplace_back();
                        for (const auto& item : page->items)
                          pages.back().push_back(item.id.value());
                        if (!page->next_after_seq) return OkStatus();
                        f.after_seq = *page->next_after_seq;
                      }
                    })
                    .ok());
    return pages;
  };
  auto negotiations_of = [&](std::optional<std::string> party, int limit) {
    return pages_of(party, limit, [](Transaction& tx, const TradeFilter& f) {
      return tx.negotiations().List(f);
    });
  };
  auto contracts_of = [&](std::optional<std::string> party, int limit) {
    return pages_of(party, limit,
                    [](Transaction& tx, const TradeFilter& f) { return tx.contracts().List(f); });
  };
  using Pages = std::vector<std::vector<std::string>>;
  EXPECT_EQ(negotiations_of("org_a", 2),
            (Pages{{"neg_1", "neg_3"}, {"neg_4", "neg_5"}, {"neg_6"}}));
  EXPECT_EQ(negotiations_of("org_c", 10), (Pages{{"neg_2", "neg_3", "neg_4"}}));
  EXPECT_EQ(negotiations_of(std::nullopt, 4),
            (Pages{{"neg_1", "neg_2", "neg_3", "neg_4"}, {"neg_5", "neg_6"}}));
  EXPECT_EQ(contracts_of("org_a", 3), (Pages{{"ctr_1", "ctr_3", "ctr_4"}, {"ctr_6"}}));
  EXPECT_EQ(contracts_of("org_a", 4), (Pages{{"ctr_1", "ctr_3", "ctr_4", "ctr_6"}}));
  EXPECT_EQ(contracts_of("org_b", 1), (Pages{{"ctr_1"}, {"ctr_6"}}));
  EXPECT_EQ(contracts_of("org_c", 10), (Pages{{"ctr_3", "ctr_4"}}));
  EXPECT_EQ(contracts_of(std::nullopt, 3), (Pages{{"ctr_1", "ctr_3", "ctr_4"}, {"ctr_6"}}));
  EXPECT_EQ(contracts_of("org_nobody", 10), (Pages{{}}));
}

TEST_P(StoreConformanceTest, DemandsOffersNotificationsAndWebhookOutbox) {
  ASSERT_TRUE(
      Insert(*store_, MakeOrg("org_seller", "91110000600037341L", {Role::kDataMerchant})).ok());
  ASSERT_TRUE(Insert(*store_, MakeOrg("org_buyer", "91110000600037341L", {Role::kBuyer})).ok());
  auto product = MakeProduct("prd_a", "Electricity", "Monthly");
  domain::Demand d;
  d.id = DemandId("dmd_1");
  d.buyer_id = OrganizationId("org_buyer");
  d.title = "用电数据";
  d.description = "Monthly kWh";
  d.fields = {"uscc", "kwh"};
  d.purpose = "credit";
  d.scenario = "credit scoring";
  d.region = "CN-44";
  d.sector = domain::Sector::kEnergy;
  d.budget = {900'000, "CNY"};
  d.deadline = T(1000);
  d.created_at = T(1);
  domain::DemandOffer o;
  o.id = DemandOfferId("dof_1");
  o.demand_id = d.id;
  o.merchant_id = OrganizationId("org_seller");
  o.product_id = product.id;
  o.terms.amount = {800'000, "CNY"};
  o.message = "ours fits";
  o.created_at = T(2);
  domain::Webhook hook{
      WebhookId("whk_1"), OrganizationId("org_buyer"), "http://x.example/h", "secret", true, T(1)};
  domain::Notification n{0,   OrganizationId("org_buyer"), "offer.received", "dof_1", "an offer",
                         T(3)};
  ASSERT_TRUE(store_
                  ->Write([&](Transaction& tx) -> Status {
                    BOURSE_RETURN_IF_ERROR(tx.products().Insert(&product));
                    BOURSE_RETURN_IF_ERROR(tx.demands().Insert(&d));
                    BOURSE_RETURN_IF_ERROR(tx.demands().InsertOffer(&o));
                    BOURSE_RETURN_IF_ERROR(tx.notifications().InsertWebhook(hook));
                    return tx.notifications().Insert(&n);
                  })
                  .ok());
  ASSERT_TRUE(store_
                  ->Read([&](Transaction& tx) -> Status {
                    EXPECT_EQ(*tx.demands().Get(d.id), d);
                    EXPECT_EQ(*tx.demands().GetOffer(o.id), o);
                    EXPECT_EQ(tx.demands().Offers(d.id)->size(), 1u);
                    EXPECT_EQ(tx.demands().List({domain::DemandStatus::kOpen})->size(), 1u);
                    EXPECT_TRUE(tx.demands().List({domain::DemandStatus::kClosed})->empty());
                    EXPECT_TRUE(tx.demands().Expired(T(999))->empty());
                    EXPECT_EQ(tx.demands().Expired(T(1000))->size(), 1u);
                    EXPECT_EQ(tx.notifications().ListFor(d.buyer_id, 0, 10)->at(0), n);
                    auto due = tx.notifications().DueDeliveries(T(3), 10);
                    EXPECT_EQ(due->size(), 1u);  // Queued with the notification.
                    EXPECT_EQ(due->at(0).notification_seq, n.seq);
                    return OkStatus();
                  })
                  .ok());
  ASSERT_TRUE(
      store_->Write([&](Transaction& tx) { return tx.notifications().DeactivateWebhook(hook.id); })
          .ok());
  ASSERT_TRUE(store_
                  ->Read([&](Transaction& tx) -> Status {
                    EXPECT_TRUE(tx.notifications().DueDeliveries(T(10), 10)->empty());
                    EXPECT_TRUE(tx.notifications().Deliveries(hook.id, 10)->at(0).abandoned);
                    return OkStatus();
                  })
                  .ok());
}

}  // namespace bourse::store::testing
