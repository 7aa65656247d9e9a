// Password hashing with scrypt (RFC 7914), a memory-hard function, through OpenSSL.
//
// A hash is stored as one self-describing string in the PHC format:
//   $scrypt$ln=17,r=8,p=1$<salt, base64url>$<32-byte key, base64url>
// so that the cost can be raised later without invalidating stored hashes. Thread-safe.
#ifndef BOURSE_CRYPTO_PASSWORD_H_
#define BOURSE_CRYPTO_PASSWORD_H_

#include <string>
#include <string_view>

#include "base/status.h"

namespace bourse::crypto {

struct ScryptCost {
  int log2_n = 17;  // N = 2^17: 128 MiB of memory with r = 8 (OWASP's minimum for scrypt).
  int r = 8;
  int p = 1;
};

// Hashes `password` with `salt` (at least 16 bytes, from a CSPRNG). InvalidArgument for a short
// salt or a cost outside 10 ≤ log2_n ≤ 20, 1 ≤ r ≤ 32, 1 ≤ p ≤ 4.
StatusOr<std::string> HashPassword(std::string_view password, std::string_view salt,
                                   const ScryptCost& cost = {});

// True when `password` matches `encoded` (compared in constant time); InvalidArgument when
// `encoded` is not a hash this function can read.
StatusOr<bool> VerifyPassword(std::string_view password, std::string_view encoded);

// True when `encoded` was made with less than `wanted` on any parameter (or cannot be read), so
// that it should be replaced by a hash at `wanted` after the next good sign-in.
bool NeedsRehash(std::string_view encoded, const ScryptCost& wanted);

}  // namespace bourse::crypto

#endif  // BOURSE_CRYPTO_PASSWORD_H_
