#include "domain/status_list.h"

#include <gtest/gtest.h>

#include "domain/certificate.h"

namespace bourse::domain {
namespace {

TEST(Bitstring, LeftMostBitIsIndexZero) {
  Bitstring b(16);
  b.Set(0, true);
  b.Set(9, true);
  EXPECT_EQ(uint8_t(b.bytes()[0]), 0x80);
  EXPECT_EQ(uint8_t(b.bytes()[1]), 0x40);
  EXPECT_TRUE(b.Get(9));
  b.Set(9, false);
  EXPECT_FALSE(b.Get(9));
  EXPECT_FALSE(b.Get(99));
  b.Set(99, true);  // ignored
  EXPECT_EQ(b.size(), 16);
}

TEST(StatusListName, NamesEachListOnce) {
  EXPECT_EQ(StatusListName(StatusPurpose::kRevocation, 0), "revocation");
  EXPECT_EQ(StatusListName(StatusPurpose::kSuspension, 3), "suspension-3");
  for (int64_t list : {int64_t{0}, int64_t{1}, int64_t{9}, int64_t{10}, int64_t{123456}}) {
    for (StatusPurpose p : {StatusPurpose::kRevocation, StatusPurpose::kSuspension}) {
      auto back = ParseStatusListName(StatusListName(p, list));
      ASSERT_TRUE(back.has_value());
      EXPECT_EQ(back->first, p);
      EXPECT_EQ(back->second, list);
    }
  }
  for (const char* bad : {"", "other", "revocation-", "revocation-0", "revocation-01",
                          "revocation-+1", "revocation--1", "revocation-1x", "revocation-x", "-1",
                          "revocation-1234567890123", "Revocation"}) {
    EXPECT_FALSE(ParseStatusListName(bad).has_value()) << bad;
  }
}

TEST(CertificateStatus, RevokedIsFinal) {
  EXPECT_EQ(*NextCertificateStatus(CertificateStatus::kActive, CertificateStatus::kSuspended),
            CertificateStatus::kSuspended);
  EXPECT_EQ(*NextCertificateStatus(CertificateStatus::kSuspended, CertificateStatus::kActive),
            CertificateStatus::kActive);
  EXPECT_EQ(NextCertificateStatus(CertificateStatus::kRevoked, CertificateStatus::kActive)
                .status()
                .code(),
            StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace bourse::domain
