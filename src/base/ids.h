// Strong identifier types, so that an organisation id cannot be passed where a certificate id is
// expected. Ids are opaque strings with a type prefix ("org_…", "cert_…", "tok_…") minted by
// NewId() from the injected clock and randomness.
#ifndef BOURSE_BASE_IDS_H_
#define BOURSE_BASE_IDS_H_

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "absl/time/time.h"
#include "base/encoding.h"
#include "base/random.h"

namespace bourse {

template <typename Tag>
class StrongId {
 public:
  StrongId() = default;
  explicit StrongId(std::string value) : value_(std::move(value)) {}
  const std::string& value() const { return value_; }
  bool empty() const { return value_.empty(); }
  friend bool operator==(const StrongId&, const StrongId&) = default;
  friend auto operator<=>(const StrongId&, const StrongId&) = default;
  template <typename H>
  friend H AbslHashValue(H h, const StrongId& id) {
    return H::combine(std::move(h), id.value_);
  }

 private:
  std::string value_;
};

using OrganizationId = StrongId<struct OrganizationIdTag>;
using CertificateId = StrongId<struct CertificateIdTag>;
using TokenId = StrongId<struct TokenIdTag>;
using ProductId = StrongId<struct ProductIdTag>;
using DatasetId = StrongId<struct DatasetIdTag>;
using UploadId = StrongId<struct UploadIdTag>;
using AssessmentId = StrongId<struct AssessmentIdTag>;
using RegistrationId = StrongId<struct RegistrationIdTag>;
using NegotiationId = StrongId<struct NegotiationIdTag>;
using ContractId = StrongId<struct ContractIdTag>;
using JournalId = StrongId<struct JournalIdTag>;
using DemandId = StrongId<struct DemandIdTag>;
using DemandOfferId = StrongId<struct DemandOfferIdTag>;
using WebhookId = StrongId<struct WebhookIdTag>;
using MandateId = StrongId<struct MandateIdTag>;
using EvidenceId = StrongId<struct EvidenceIdTag>;

// "<prefix>_" followed by 16 lowercase hex digits (64 random bits).
// "<prefix>_" then 24 hex digits: the creation time in milliseconds since the Unix epoch (48
// bits), then 48 random bits. Ids made one after another sort together, so storing them appends
// to an index's last page rather than dirtying a random one (as UUIDv7 and ULID do); ids made in
// the same millisecond still differ with overwhelming probability.
inline std::string NewId(std::string_view prefix, absl::Time now, Random& random) {
  uint64_t millis = static_cast<uint64_t>(std::max<int64_t>(0, absl::ToUnixMillis(now))) &
                    ((uint64_t{1} << 48) - 1);
  std::string stamp(6, '\0');
  for (int i = 5; i >= 0; --i) {
    stamp[static_cast<size_t>(i)] = static_cast<char>(millis & 0xff);
    millis >>= 8;
  }
  std::string out(prefix);
  out += '_';
  out += HexEncode(stamp);
  out += HexEncode(random.Bytes(6));
  return out;
}

}  // namespace bourse

#endif  // BOURSE_BASE_IDS_H_
