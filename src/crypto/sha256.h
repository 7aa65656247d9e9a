// SHA-256 (FIPS 180-4) over in-memory data. Thread-safe; no state between calls.
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

// Constant-time equality of two equal-length byte strings (false when lengths differ).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace bourse::crypto

#endif  // BOURSE_CRYPTO_SHA256_H_
