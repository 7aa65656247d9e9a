// The production Random: OpenSSL's CSPRNG (RAND_bytes). Thread-safe. Aborts the process if the
// CSPRNG cannot produce bytes, since no secret may ever be minted from a failed generator.
// Requests of up to 64 bytes are served from a per-thread block drawn from the CSPRNG, each byte
// handed out once and wiped as it is; larger requests go to the CSPRNG directly.
#ifndef BOURSE_CRYPTO_SECURE_RANDOM_H_
#define BOURSE_CRYPTO_SECURE_RANDOM_H_

#include "base/random.h"

namespace bourse::crypto {

class SecureRandom final : public Random {
 public:
  void Fill(absl::Span<uint8_t> out) override;
};

}  // namespace bourse::crypto

#endif  // BOURSE_CRYPTO_SECURE_RANDOM_H_
