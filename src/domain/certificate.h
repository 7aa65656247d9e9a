// Certificates the exchange issues: W3C Verifiable Credentials secured as JWTs. The domain keeps
// what the exchange must remember about each one; the signed JWT is stored verbatim.
#ifndef BOURSE_DOMAIN_CERTIFICATE_H_
#define BOURSE_DOMAIN_CERTIFICATE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "absl/time/time.h"
#include "base/ids.h"
#include "base/status.h"
#include "domain/enums.h"

namespace bourse::domain {

// Size of each Bitstring Status List: 131,072 entries (16 KiB), the W3C minimum for privacy.
inline constexpr int64_t kStatusListSize = 131072;
// Certificates given a place in each list before the next list is started. A certificate's place
// is drawn at random (so that it says no more about the order of issue than its own validFrom
// does), and a list at most half full finds a free place in two draws on average.
inline constexpr int64_t kStatusListFill = kStatusListSize / 2;
// Places are drawn within a window of the list that moves on as the list fills: a window of
// 1,024 places takes 512 certificates. Certificates issued together thus share a few pages of
// the store's index of places, where places drawn across the whole list cost every certificate
// an index page of its own in each commit.
inline constexpr int64_t kStatusWindow = 1024;

// A certificate's status index is global: list `index / kStatusListSize`, position
// `index % kStatusListSize` in it. Lists are named in URLs by purpose and number, the first
// without a number: "revocation", "revocation-1", "suspension-2".
std::string StatusListName(StatusPurpose purpose, int64_t list);
// The purpose and number of a list named by StatusListName; nullopt for any other text.
std::optional<std::pair<StatusPurpose, int64_t>> ParseStatusListName(std::string_view name);

struct Certificate {
  CertificateId id;
  CertificateType type = CertificateType::kDataMerchant;
  OrganizationId subject;
  std::string jwt;
  CertificateStatus status = CertificateStatus::kActive;
  int64_t status_index = 0;  // Same index in the revocation and the suspension list.
  absl::Time issued_at;
  absl::Time expires_at;
  std::optional<int64_t> log_index;  // The transparency-log leaf recording its issuance.
  friend bool operator==(const Certificate&, const Certificate&) = default;
};

// Certificate status moves with its subject: active ⇄ suspended, either → revoked (final).
// FailedPrecondition for a move the table does not allow; moving to the current status is OK.
StatusOr<CertificateStatus> NextCertificateStatus(CertificateStatus from, CertificateStatus to);

}  // namespace bourse::domain

#endif  // BOURSE_DOMAIN_CERTIFICATE_H_
