// Randomness as an injected dependency.
//
// Random fills buffers with bytes. The cryptographically secure implementation lives in crypto/
// (OpenSSL's CSPRNG); SeededRandom here is deterministic from a seed, for tests and for the demo
// market, and must never mint secrets in production. Implementations are thread-safe.
#ifndef BOURSE_BASE_RANDOM_H_
#define BOURSE_BASE_RANDOM_H_

#include <cstdint>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/types/span.h"

namespace bourse {

class Random {
 public:
  virtual ~Random() = default;
  virtual void Fill(absl::Span<uint8_t> out) = 0;

  // Convenience: `n` random bytes as a string.
  std::string Bytes(size_t n);
  // A uniformly distributed integer in [0, bound); bound > 0.
  uint64_t Uniform(uint64_t bound);
};

// Deterministic generator (SplitMix64) for tests and seeded demo data.
class SeededRandom final : public Random {
 public:
  explicit SeededRandom(uint64_t seed) : state_(seed) {}
  void Fill(absl::Span<uint8_t> out) override;

 private:
  absl::Mutex mu_;
  uint64_t state_ ABSL_GUARDED_BY(mu_);
};

}  // namespace bourse

#endif  // BOURSE_BASE_RANDOM_H_
