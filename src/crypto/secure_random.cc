#include "crypto/secure_random.h"

#include <openssl/rand.h>

#include <cstdio>
#include <cstdlib>

namespace bourse::crypto {

void SecureRandom::Fill(absl::Span<uint8_t> out) {
  if (out.empty()) return;
  if (RAND_bytes(out.data(), static_cast<int>(out.size())) != 1) {
    std::fputs("fatal: RAND_bytes failed\n", stderr);
    std::abort();
  }
}

}  // namespace bourse::crypto
