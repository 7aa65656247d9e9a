// HyperLogLog distinct-count estimator (Flajolet et al. 2007, with the small-range correction of
// Heule et al. 2013): 2^14 one-byte registers (16 KiB), a standard error of about 0.8 %, mergeable,
// so that parallel scanners can each keep one and combine them. Takes 64-bit hashes, not values.
#ifndef BOURSE_SCAN_HLL_H_
#define BOURSE_SCAN_HLL_H_

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>

namespace bourse::scan {

class HyperLogLog {
 public:
  static constexpr int kPrecision = 14;
  static constexpr uint32_t kRegisters = 1u << kPrecision;

  void Add(uint64_t hash) {
    const uint32_t index = static_cast<uint32_t>(hash >> (64 - kPrecision));
    const uint64_t rest = (hash << kPrecision) | (uint64_t{1} << (kPrecision - 1));
    const uint8_t rank = static_cast<uint8_t>(std::countl_zero(rest) + 1);
    if (rank > registers_[index]) registers_[index] = rank;
  }

  void Merge(const HyperLogLog& other) {
    for (uint32_t i = 0; i < kRegisters; ++i)
      registers_[i] = std::max(registers_[i], other.registers_[i]);
  }

  uint64_t Estimate() const {
    double sum = 0;
    uint32_t zeros = 0;
    for (uint8_t r : registers_) {
      sum += std::ldexp(1.0, -r);
      zeros += r == 0;
    }
    const double m = kRegisters;
    const double alpha = 0.7213 / (1 + 1.079 / m);
    double estimate = alpha * m * m / sum;
    if (estimate <= 2.5 * m && zeros > 0) estimate = m * std::log(m / zeros);  // Linear counting.
    return static_cast<uint64_t>(std::llround(estimate));
  }

 private:
  std::array<uint8_t, kRegisters> registers_{};
};

// A fast 64-bit hash of a byte string with good avalanche (for the estimator, not for security).
inline uint64_t HashBytes(const char* data, size_t size) {
  constexpr uint64_t kMul = 0x9E3779B97F4A7C15ull;
  constexpr uint64_t kMul2 = 0xC2B2AE3D27D4EB4Full;
  // Two independent lanes of 8 bytes each: the multiplications overlap. The last 16 bytes (or
  // the whole of a shorter string) are read with overlapping loads, so no loop depends on the
  // length modulo 16; the length itself is mixed into the start.
  uint64_t a = size * kMul, b = ~size * kMul2;
  auto load8 = [data](size_t at) {
    uint64_t w;
    __builtin_memcpy(&w, data + at, 8);
    return w;
  };
  auto mix = [&](uint64_t w1, uint64_t w2) {
    a = (a ^ w1) * kMul;
    b = (b ^ w2) * kMul2;
    a ^= a >> 29;
    b ^= b >> 31;
  };
  uint64_t tail = 0;
  if (size >= 16) {
    for (size_t i = 0; i + 16 < size; i += 16) mix(load8(i), load8(i + 8));
    mix(load8(size - 16), load8(size - 8));
  } else if (size >= 8) {
    mix(load8(0), load8(size - 8));
  } else if (size >= 4) {
    uint32_t lo, hi;
    __builtin_memcpy(&lo, data, 4);
    __builtin_memcpy(&hi, data + size - 4, 4);
    tail = lo | uint64_t{hi} << 32;
  } else if (size > 0) {
    tail = uint64_t{static_cast<unsigned char>(data[0])} |
           uint64_t{static_cast<unsigned char>(data[size / 2])} << 8 |
           uint64_t{static_cast<unsigned char>(data[size - 1])} << 16;
  }
  uint64_t h = (a ^ (b * kMul) ^ tail) * kMul;
  // MurmurHash3's fmix64: every input bit reaches the top bits the estimator indexes by.
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDull;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ull;
  h ^= h >> 33;
  return h;
}

}  // namespace bourse::scan

#endif  // BOURSE_SCAN_HLL_H_
