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
