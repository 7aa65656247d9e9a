// SHA-256 (FIPS 180-4) and HMAC-SHA-256 over in-memory data. Thread-safe; no state between calls.
#ifndef BOURSE_CRYPTO_SHA256_H_
#define BOURSE_CRYPTO_SHA256_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace bourse::crypto {

using Sha256Digest = std::array<uint8_t, 32>;

Sha256Digest Sha256(std::string_view data);
// The digest as 64 lowercase hex characters.
std::string Sha256Hex(std::string_view data);
// The digest as a 32-byte string.
std::string Sha256Bytes(std::string_view data);

// Incremental SHA-256 for content too large to hold in memory. Not thread-safe.
class Sha256Hasher {
 public:
  Sha256Hasher();
  ~Sha256Hasher();
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;
  void Update(std::string_view data);
  // The digest in lower-case hex; the hasher must not be used afterwards.
  std::string FinishHex();

 private:
  void* ctx_;
};

// HMAC-SHA-256 (RFC 2104) of `data` under `key`, as 64 lowercase hex characters.
std::string HmacSha256Hex(std::string_view key, std::string_view data);

// Constant-time equality of two equal-length byte strings (false when lengths differ).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace bourse::crypto

#endif  // BOURSE_CRYPTO_SHA256_H_
