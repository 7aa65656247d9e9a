// Check-digit tests for cells made only of ASCII digits, sixteen digits at a time with SSE2:
// the Luhn sum of a 16–19 digit card number, and the GB 11643 (resident ID) and GB 32100 (USCC)
// check characters of an 18-digit code. They give exactly the answers of the readable versions
// in domain/pii.h and domain/uscc.h, which they fall back to without SSE2; the scanner uses them
// to turn away the many near-miss numbers of a large file before the full validators run.
// Every byte of the input must be '0'–'9'.
#ifndef BOURSE_SCAN_DIGIT_CHECKS_H_
#define BOURSE_SCAN_DIGIT_CHECKS_H_

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <cstdint>
#include <string_view>

#include "domain/pii.h"
#include "domain/uscc.h"

namespace bourse::scan {

// Luhn check of 16 to 19 digits.
inline bool LuhnDigits16To19(std::string_view d) {
#ifdef __SSE2__
  const size_t n = d.size();
  // The last sixteen digits: byte k is digit n-16+k, the (15-k)-th from the right, doubled when
  // 15-k is odd, that is when k is even.
  const __m128i v = _mm_sub_epi8(
      _mm_loadu_si128(reinterpret_cast<const __m128i*>(d.data() + n - 16)), _mm_set1_epi8('0'));
  const __m128i doubled = _mm_sub_epi8(
      _mm_add_epi8(v, v), _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(4)), _mm_set1_epi8(9)));
  const __m128i even = _mm_set1_epi16(0x00FF);
  const __m128i mixed = _mm_or_si128(_mm_and_si128(even, doubled), _mm_andnot_si128(even, v));
  const __m128i sums = _mm_sad_epu8(mixed, _mm_setzero_si128());
  int sum = _mm_cvtsi128_si32(sums) + _mm_cvtsi128_si32(_mm_srli_si128(sums, 8));
  // The first n-16 digits: digit j is the (n-1-j)-th from the right.
  for (size_t j = 0; j + 16 < n; ++j) {
    const int x = d[j] - '0';
    sum += ((n - 1 - j) & 1) ? (x * 2 - (x > 4 ? 9 : 0)) : x;
  }
  return sum % 10 == 0;
#else
  return domain::LuhnValidDigits(d);
#endif
}

// Whether the 18th digit of `d` (18 digits) is the resident-ID or the USCC check character of
// the first seventeen.
inline bool EitherCheckCharacterMatches(std::string_view d) {
#ifdef __SSE2__
  const __m128i v =
      _mm_sub_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(d.data())), _mm_set1_epi8('0'));
  const __m128i lo = _mm_unpacklo_epi8(v, _mm_setzero_si128());
  const __m128i hi = _mm_unpackhi_epi8(v, _mm_setzero_si128());
  auto weighted = [&](__m128i w_lo, __m128i w_hi) {
    __m128i s = _mm_add_epi32(_mm_madd_epi16(lo, w_lo), _mm_madd_epi16(hi, w_hi));
    s = _mm_add_epi32(s, _mm_srli_si128(s, 8));
    s = _mm_add_epi32(s, _mm_srli_si128(s, 4));
    return _mm_cvtsi128_si32(s);
  };
  const int x16 = d[16] - '0';
  const int id_sum =
      weighted(_mm_setr_epi16(7, 9, 10, 5, 8, 4, 2, 1), _mm_setr_epi16(6, 3, 7, 9, 10, 5, 8, 4)) +
      x16 * 2;
  if ("10X98765432"[id_sum % 11] == d[17]) return true;
  const int uscc_sum = weighted(_mm_setr_epi16(1, 3, 9, 27, 19, 26, 16, 17),
                                _mm_setr_epi16(20, 29, 25, 13, 8, 24, 10, 30)) +
                       x16 * 28;
  return "0123456789ABCDEFGHJKLMNPQRTUWXY"[(31 - uscc_sum % 31) % 31] == d[17];
#else
  const std::string_view first17 = d.substr(0, 17);
  return domain::ResidentIdCheckCharacter(first17) == d[17] ||
         domain::UsccCheckCharacter(first17) == d[17];
#endif
}

}  // namespace bourse::scan

#endif  // BOURSE_SCAN_DIGIT_CHECKS_H_
