#include "base/random.h"

#include <cstring>

namespace bourse {

std::string Random::Bytes(size_t n) {
  std::string out(n, '\0');
  Fill(absl::MakeSpan(reinterpret_cast<uint8_t*>(out.data()), n));
  return out;
}

uint64_t Random::Uniform(uint64_t bound) {
  // Rejection sampling removes modulo bias.
  const uint64_t limit = UINT64_MAX - (UINT64_MAX % bound);
  while (true) {
    uint64_t v = 0;
    Fill(absl::MakeSpan(reinterpret_cast<uint8_t*>(&v), sizeof(v)));
    if (v < limit) return v % bound;
  }
}

void SeededRandom::Fill(absl::Span<uint8_t> out) {
  absl::MutexLock lock(&mu_);
  size_t i = 0;
  while (i < out.size()) {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    size_t n = std::min(sizeof(z), out.size() - i);
    std::memcpy(out.data() + i, &z, n);
    i += n;
  }
}

}  // namespace bourse
