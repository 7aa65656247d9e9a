#include "scan/dataset_scanner.h"

#include <fcntl.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "base/encoding.h"
#include "base/errors.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "boost/json.hpp"
#include "domain/pii.h"
#include "domain/uscc.h"
#include "scan/content.h"
#include "scan/digit_checks.h"
#include "scan/hll.h"
#include "scan/scratch_file.h"
#include "scan/transcode.h"
#include "scan/vocabulary.h"
#include "scan/xlsx.h"

namespace bourse::scan {
namespace {

using domain::DataClassification;
using domain::DatasetFormat;
using domain::SensitiveCategory;

// Byte classes. kSpecial bytes end or quote a field; the others are OR-ed into a field's mask.
enum : uint16_t {
  kDigit = 1,
  kAlpha = 2,
  kDash = 4,
  kDot = 8,
  kColon = 16,
  kSpace = 32,
  kPlus = 64,
  kOther = 128,
  kNonAscii = 256,
  kSpecial = 0x8000,
};

std::array<uint16_t, 256> ClassTable(char delimiter) {
  std::array<uint16_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    uint16_t v = kOther;
    if (c >= '0' && c <= '9')
      v = kDigit;
    else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
      v = kAlpha;
    else if (c == '-')
      v = kDash;
    else if (c == '.')
      v = kDot;
    else if (c == ':')
      v = kColon;
    else if (c == ' ')
      v = kSpace;
    else if (c == '+')
      v = kPlus;
    else if (c >= 0x80)
      v = kNonAscii;
    t[c] = v;
  }
  for (char c : {'\n', '\r', '"', delimiter}) t[static_cast<unsigned char>(c)] = kSpecial;
  return t;
}

bool IsNullMarker(std::string_view v) {
  return v == "NULL" || v == "null" || v == "\\N" || v == "N/A" || v == "None" || v == "nan" ||
         v == "NaN";
}

inline bool D(char c) { return c >= '0' && c <= '9'; }

bool LooksLikeDate(std::string_view v) {
  return v.size() == 10 && v[4] == '-' && v[7] == '-' && D(v[0]) && D(v[1]) && D(v[2]) && D(v[3]) &&
         D(v[5]) && D(v[6]) && D(v[8]) && D(v[9]);
}

inline ValueType Classify(std::string_view v, uint16_t mask) {
  if (v.empty()) return ValueType::kEmpty;
  if (mask == kDigit) return ValueType::kInteger;
  // Null markers all contain a letter: numbers never pay for these comparisons.
  if (v.size() <= 4 && (mask & kAlpha) && IsNullMarker(v)) return ValueType::kEmpty;
  if ((mask & ~(kDigit | kDash | kDot)) == 0) {
    // One pass: a sign only in front, at most one dot, not last.
    int dots = 0, inner_dashes = 0;
    for (size_t i = 0; i < v.size(); ++i) {
      dots += v[i] == '.';
      inner_dashes += (v[i] == '-') & (i > 0);
    }
    if (inner_dashes == 0 && (mask & kDigit)) {
      if (dots == 0) return ValueType::kInteger;
      if (dots == 1 && v.back() != '.') return ValueType::kDecimal;
    }
    if (mask == (kDigit | kDash) && LooksLikeDate(v)) return ValueType::kDate;
    return ValueType::kText;
  }
  if (v.size() >= 16 && LooksLikeDate(v.substr(0, 10)) && (v[10] == ' ' || v[10] == 'T') &&
      v[13] == ':' && (mask & ~(kDigit | kDash | kColon | kSpace | kAlpha | kDot | kPlus)) == 0)
    return ValueType::kDateTime;
  if (mask == kAlpha && v.size() <= 5 &&
      (v == "true" || v == "false" || v == "TRUE" || v == "FALSE" || v == "True" || v == "False"))
    return ValueType::kBoolean;
  return ValueType::kText;
}

int DateKey(std::string_view v) {  // YYYYMMDD as an integer.
  int key = 0;
  for (char c : v.substr(0, 10))
    if (D(c)) key = key * 10 + (c - '0');
  return key;
}

struct ColumnAcc {
  int64_t values = 0;
  int64_t empty = 0;
  std::array<int64_t, kValueTypeCount> types{};
  std::array<int64_t, kPiKindCount> cells{};
  std::array<std::unique_ptr<HyperLogLog>, kPiKindCount> distinct;
  int64_t minors = 0;
  int max_date = 0;
  std::vector<std::string> masked_sample;

  // Counts one non-empty cell of a type other than a date.
  inline void CountOne(ValueType type) {
    ++values;
    ++types[static_cast<int>(type)];
  }

  // Counts one cell of `type` (its value is read only for dates).
  inline void Count(std::string_view value, ValueType type) {
    if (type == ValueType::kEmpty) {
      ++empty;
      return;
    }
    ++values;
    ++types[static_cast<int>(type)];
    if (type == ValueType::kDate || type == ValueType::kDateTime)
      max_date = std::max(max_date, DateKey(value));
  }

  void Merge(ColumnAcc& o) {
    values += o.values;
    empty += o.empty;
    for (int i = 0; i < kValueTypeCount; ++i) types[i] += o.types[i];
    for (int i = 0; i < kPiKindCount; ++i) {
      cells[i] += o.cells[i];
      if (o.distinct[i]) {
        if (!distinct[i]) distinct[i] = std::make_unique<HyperLogLog>();
        distinct[i]->Merge(*o.distinct[i]);
      }
    }
    minors += o.minors;
    max_date = std::max(max_date, o.max_date);
    for (auto& s : o.masked_sample)
      if (masked_sample.size() < 3) masked_sample.push_back(std::move(s));
  }
};

constexpr size_t kExactRows = size_t{1} << 20;
constexpr size_t kExactBytes = size_t{256} << 20;

// What one pass over part of a file accumulates; parts merge into one.
struct Accumulator {
  std::vector<ColumnAcc> columns;
  int64_t rows = 0;
  int64_t ragged_rows = 0;
  HyperLogLog row_hashes;
  // Row hashes kept exactly while there are few (up to kExactRows in all): small files get an
  // exact duplicate count, large ones the estimate.
  std::vector<uint64_t> exact_rows;
  bool exact = true;

  void AddRow(uint64_t hash) {
    row_hashes.Add(hash);
    if (!exact) return;
    if (exact_rows.size() >= kExactRows) {
      exact = false;
      exact_rows = {};
      return;
    }
    exact_rows.push_back(hash);
  }

  int64_t DistinctRows() {
    if (!exact) return static_cast<int64_t>(row_hashes.Estimate());
    std::sort(exact_rows.begin(), exact_rows.end());
    return std::unique(exact_rows.begin(), exact_rows.end()) - exact_rows.begin();
  }
  std::vector<std::vector<std::string>> sample_rows;
  Status error;
  bool ended_in_quote = false;

  void Merge(Accumulator& o) {
    if (columns.size() < o.columns.size()) columns.resize(o.columns.size());
    for (size_t i = 0; i < o.columns.size(); ++i) columns[i].Merge(o.columns[i]);
    rows += o.rows;
    ragged_rows += o.ragged_rows;
    row_hashes.Merge(o.row_hashes);
    exact = exact && o.exact && exact_rows.size() + o.exact_rows.size() <= kExactRows;
    if (exact) {
      exact_rows.insert(exact_rows.end(), o.exact_rows.begin(), o.exact_rows.end());
    } else {
      exact_rows = {};
    }
    for (auto& r : o.sample_rows)
      if (static_cast<int>(sample_rows.size()) < 1'000'000) sample_rows.push_back(std::move(r));
  }
};

// Records one cell: its type, and the identifiers among `hits` that lie inside it.
class CellRecorder {
 public:
  CellRecorder(const ScanOptions& options, Accumulator& acc) : options_(options), acc_(acc) {}

  // `value` is the cell's text; `hits` the identifiers in it, with offsets relative to `value`.
  // Returns the masked text when `want_masked`, else empty.
  void Record(size_t col, std::string_view value, ValueType type, const Hit* hits, size_t n,
              std::string* masked) {
    ColumnAcc& c = acc_.columns[col];
    c.Count(value, type);
    if (n == 0) {
      if (masked) *masked = std::string(value);
      return;
    }
    uint32_t seen = 0;
    for (size_t i = 0; i < n; ++i) {
      const Hit& h = hits[i];
      const int k = static_cast<int>(h.kind);
      if (!(seen & (1u << k))) {
        seen |= 1u << k;
        ++c.cells[k];
      }
      if (!c.distinct[k]) c.distinct[k] = std::make_unique<HyperLogLog>();
      c.distinct[k]->Add(h.hash);
      c.minors += h.minor;
    }
    if (c.masked_sample.size() < 3 || masked) {
      std::string m(value);
      for (size_t i = 0; i < n; ++i)
        m = MaskIdentifier(m, hits[i].begin, hits[i].end, hits[i].kind);
      if (masked) *masked = m;
      if (c.masked_sample.size() < 3) c.masked_sample.push_back(std::move(m));
    }
  }

 private:
  const ScanOptions& options_;
  Accumulator& acc_;
};

// Finds the identifiers in one cell: a cell that is a single identifier-shaped token, or exactly
// one IPv4 or plain e-mail address, goes straight to the validators; other free text containing
// digits, '@' or ':' goes through Vectorscan; anything else cannot hold an identifier.
Status FindInCell(std::string_view value, uint16_t mask, ValueType type, const Detector& detector,
                  Detector::Scratch& scratch, absl::CivilDay as_of, std::vector<Hit>& hits) {
  hits.clear();
  if (mask == kDigit || (mask == (kDigit | kAlpha) && value.size() == 18)) {
    if (auto hit = Detector::MatchToken(value, as_of)) hits.push_back(*hit);
    return OkStatus();
  }
  if (type != ValueType::kText || !(mask & (kDigit | kOther | kColon))) return OkStatus();
  // Without a digit, every pattern but the e-mail's ('@') and IPv6's (':') is impossible.
  if (!(mask & (kDigit | kColon)) && value.find('@') == std::string_view::npos) return OkStatus();
  if (Detector::MatchAddressCell(value, as_of, hits)) return OkStatus();
  return detector.Scan(value, 0, as_of, scratch, hits);
}

#ifdef __SSE2__
// What the tokenizer needs to know about 64 bytes, as bit masks (bit i = byte i), computed with
// SSE2 compares: where fields end, whether anything rarer than a delimiter or a newline occurs,
// and which bytes are digits or letters. A field made only of digits or only of letters (most
// fields) gets its class mask from these; any other field's mask is read from its bytes.
struct BlockClasses {
  uint64_t separator;  // The delimiter or '\n'.
  uint64_t newline;
  uint64_t rare;  // '"', or '\r' not before '\n': the block takes the general path.
  uint64_t crlf;  // '\r' before '\n': belongs to no field.
  uint64_t digit, alpha;
};

inline uint64_t Bits16(__m128i m, int shift) {
  return static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(m))) << shift;
}

// `next` is the byte after the block (0 at the end of the data).
inline BlockClasses ClassifyBlock(const unsigned char* p, unsigned char next,
                                  unsigned char delimiter) {
  const __m128i delim = _mm_set1_epi8(static_cast<char>(delimiter));
  const __m128i nl = _mm_set1_epi8('\n');
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i cr = _mm_set1_epi8('\r');
  const __m128i zero = _mm_set1_epi8('0');
  const __m128i nine = _mm_set1_epi8(9);
  const __m128i lower = _mm_set1_epi8(0x20);
  const __m128i a = _mm_set1_epi8('a');
  const __m128i z = _mm_set1_epi8(25);
  BlockClasses k{};
  uint64_t carriage = 0;
  for (int i = 0; i < 4; ++i) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i));
    const __m128i is_nl = _mm_cmpeq_epi8(v, nl);
    k.newline |= Bits16(is_nl, 16 * i);
    k.separator |= Bits16(_mm_or_si128(is_nl, _mm_cmpeq_epi8(v, delim)), 16 * i);
    k.rare |= Bits16(_mm_cmpeq_epi8(v, quote), 16 * i);
    carriage |= Bits16(_mm_cmpeq_epi8(v, cr), 16 * i);
    const __m128i d = _mm_sub_epi8(v, zero);  // Unsigned d <= 9.
    k.digit |= Bits16(_mm_cmpeq_epi8(_mm_max_epu8(d, nine), nine), 16 * i);
    const __m128i l = _mm_sub_epi8(_mm_or_si128(v, lower), a);  // Unsigned l <= 25.
    k.alpha |= Bits16(_mm_cmpeq_epi8(_mm_max_epu8(l, z), z), 16 * i);
  }
  if (carriage) {
    const uint64_t before_newline = (k.newline >> 1) | (uint64_t{next == '\n'} << 63);
    k.crlf = carriage & before_newline;
    k.rare |= carriage & ~before_newline;
  }
  return k;
}

// Bits [from, to) of a 64-bit mask; from < to <= 64.
inline uint64_t BitRange(uint32_t from, uint32_t to) {
  const uint64_t below_to = to >= 64 ? ~uint64_t{0} : (uint64_t{1} << to) - 1;
  return below_to & ~((uint64_t{1} << from) - 1);
}
#endif

// Tokenises CSV over [begin, end) of `data` and profiles each cell, taking identifiers from a
// Vectorscan pass over each block of about 1 MiB.
class CsvPass {
 public:
  CsvPass(std::string_view data, char delimiter, size_t column_count, const Detector& detector,
          Detector::Scratch& scratch, const ScanOptions& options, bool collect_sample,
          std::atomic<int64_t>& progress)
      : data_(data),
        table_(ClassTable(delimiter)),
        delimiter_(delimiter),
        column_count_(column_count),
        detector_(detector),
        scratch_(scratch),
        options_(options),
        collect_sample_(collect_sample),
        progress_(progress),
        recorder_(options, acc_) {
    acc_.columns.resize(column_count);
  }

  void SkipExactRows() { acc_.exact = false; }

  Accumulator Run(size_t begin, size_t end) {
    constexpr size_t kBlock = size_t{1} << 20;
    pos_ = begin;
    row_start_ = field_start_ = begin;
    sampling_ = collect_sample_ && options_.sample_rows > 0;
    while (pos_ < end && acc_.error.ok()) {
      const size_t before = pos_;
      Tokenize(std::min(end, pos_ + kBlock));
      progress_.fetch_add(static_cast<int64_t>(pos_ - before), std::memory_order_relaxed);
    }
    if (acc_.error.ok()) {
      if (in_quote_) {
        acc_.ended_in_quote = true;
      } else if (field_start_ < end || column_ > 0) {
        EndField(end);
        EndRow(end);
      }
    }
    return std::move(acc_);
  }

 private:
  // Handles the special byte at `p` (outside quotes). Returns false to stop (an error).
  bool Special(const unsigned char* d, size_t p, uint16_t& mask) {
    const unsigned char b = d[p];
    if (b == delimiter_) {
      mask_ = mask;
      EndField(p);
      ++column_;
      field_start_ = p + 1;
      mask = 0;
    } else if (b == '\n') {
      size_t fe = p;
      if (fe > field_start_ && d[fe - 1] == '\r') --fe;
      if (column_ == 0 && fe == field_start_) {  // Blank line.
        row_start_ = field_start_ = p + 1;
        mask = 0;
        return true;
      }
      mask_ = mask;
      EndField(fe);
      EndRow(p);
      row_start_ = field_start_ = p + 1;
      mask = 0;
    } else if (b == '"') {
      if (p == field_start_) {
        in_quote_ = true;
        quoted_ = true;
      } else {
        mask |= kOther;
      }
    } else if (p + 1 >= data_.size() || d[p + 1] != '\n') {  // A '\r' in a field.
      mask |= kOther;
    }
    return acc_.error.ok();
  }

  // Inside quotes from `p`: consumes up to the closing quote (or `end`); returns the new position.
  size_t Quoted(const unsigned char* d, size_t p, size_t end, uint16_t& mask) {
    while (p < end) {
      const void* q = memchr(d + p, '"', end - p);
      const size_t qp = q ? static_cast<size_t>(static_cast<const unsigned char*>(q) - d) : end;
      for (; p < qp; ++p) {
        const uint16_t c = table_[d[p]];
        mask |= (c & kSpecial) ? uint16_t{kOther} : c;
      }
      if (!q) return end;
      if (qp + 1 < data_.size() && d[qp + 1] == '"') {  // Escaped quote.
        mask |= kOther;
        escaped_ = true;
        p = qp + 2;
        continue;
      }
      in_quote_ = false;
      return qp + 1;
    }
    return p;
  }

#ifdef __SSE2__
  // The class mask of bytes [from, to) of the block at `d + p`.
  uint16_t FieldMask(const unsigned char* d, size_t p, const BlockClasses& k, uint32_t from,
                     uint32_t to) const {
    if (from >= to) return 0;
    const uint64_t r = BitRange(from, to) & ~k.crlf;
    if (r == 0) return 0;
    if ((r & ~k.digit) == 0) return kDigit;
    if ((r & ~k.alpha) == 0) return kAlpha;
    uint16_t m = 0;  // Carriage returns here are all before a newline: not part of the field.
    for (size_t i = p + from; i < p + to; ++i) m |= table_[d[i]];
    return m & ~kSpecial;
  }

  // A block without quotes or carriage returns: one step per delimiter or newline. Returns
  // false when a field stopped the scan (an error).
  bool PlainBlock(const unsigned char* d, size_t p, const BlockClasses& k, uint16_t& mask) {
    uint64_t separators = k.separator;
    uint32_t from = 0;
    while (separators) {
      const uint32_t at = static_cast<uint32_t>(__builtin_ctzll(separators));
      mask_ = mask | FieldMask(d, p, k, from, at);
      const size_t sp = p + at;
      if ((k.newline >> at) & 1) {
        size_t fe = sp;
        if (fe > field_start_ && d[fe - 1] == '\r') --fe;
        if (column_ == 0 && fe == field_start_) {  // Blank line.
          row_start_ = field_start_ = sp + 1;
        } else {
          EndField(fe);
          EndRow(sp);
          row_start_ = field_start_ = sp + 1;
        }
      } else {
        EndField(sp);
        ++column_;
        field_start_ = sp + 1;
      }
      mask = 0;
      if (!acc_.error.ok()) {
        mask_ = 0;
        pos_ = sp + 1;
        return false;
      }
      from = at + 1;
      separators &= separators - 1;
    }
    mask |= FieldMask(d, p, k, from, 64);
    return true;
  }
#endif

  void Tokenize(size_t end) {
    const auto* d = reinterpret_cast<const unsigned char*>(data_.data());
    const uint16_t* table = table_.data();
    size_t p = pos_;
    uint16_t mask = mask_;
    while (p < end) {
      if (in_quote_) {
        p = Quoted(d, p, end, mask);
        continue;
      }
#ifdef __SSE2__
      if (p + 64 <= end) {
        const unsigned char next = p + 64 < data_.size() ? d[p + 64] : 0;
        const BlockClasses k = ClassifyBlock(d + p, next, delimiter_);
        if (k.rare == 0) {
          if (!PlainBlock(d, p, k, mask)) return;
          p += 64;
          continue;
        }
        // A quote or a carriage return: byte by byte up to the block's end.
        const size_t block_end = p + 64;
        while (p < block_end && !in_quote_) {
          const uint16_t c = table[d[p]];
          if (!(c & kSpecial)) {
            mask |= c;
            ++p;
            continue;
          }
          if (!Special(d, p, mask)) {
            mask_ = mask;
            pos_ = p + 1;
            return;
          }
          ++p;
        }
        continue;
      }
#endif
      const uint16_t c = table[d[p]];
      if (!(c & kSpecial)) {
        mask |= c;
        ++p;
        continue;
      }
      if (!Special(d, p, mask)) {
        mask_ = mask;
        pos_ = p + 1;
        return;
      }
      ++p;
    }
    mask_ = mask;
    pos_ = p;
  }

  // The common case inline: an unquoted ASCII cell that cannot hold an identifier only counts.
  // The commonest cells inline: empty, a number no identifier has the length of, a word.
  [[gnu::always_inline]] inline void EndField(size_t field_end) {
    const uint16_t mask = mask_;
    if (!quoted_ && column_ < column_count_ && !sampling_) {
      const size_t n = field_end - field_start_;
      ColumnAcc& column = acc_.columns[column_];
      if (n == 0) {
        ++column.empty;
        return;
      }
      if (mask == kDigit && n != 11 && (n < 16 || n > 19)) {
        column.CountOne(ValueType::kInteger);
        return;
      }
      if (mask == kAlpha && n > 5) {
        column.CountOne(ValueType::kText);
        return;
      }
    }
    OtherField(field_end);
  }

  // An unquoted ASCII cell that cannot hold an identifier only counts; the rest go to SlowField.
  [[gnu::noinline]] void OtherField(size_t field_end) {
    const uint16_t mask = mask_;
    if (!quoted_ && !(mask & kNonAscii) && column_ < column_count_ && !sampling_) {
      const std::string_view cell(data_.data() + field_start_, field_end - field_start_);
      if (mask == kDigit) {  // 11 or 16 to 19 digits: a mobile number or a card's length.
        if (!DigitsMayBeIdentifier(cell) || !Detector::MatchToken(cell, options_.as_of)) {
          acc_.columns[column_].CountOne(ValueType::kInteger);
          return;
        }
        SlowField(field_end);
        return;
      }
      const ValueType type = Classify(cell, mask);
      // A token of an identifier's shape that fails its validator (most are) only counts.
      const bool token = mask == kDigit || (mask == (kDigit | kAlpha) && cell.size() == 18);
      if (!MayHoldIdentifier(cell.size(), mask, type) ||
          (mask == kDigit && !DigitsMayBeIdentifier(cell)) ||
          (token && !Detector::MatchToken(cell, options_.as_of))) {
        acc_.columns[column_].Count(cell, type);
        return;
      }
    }
    SlowField(field_end);
  }

  // The cheap part of the checks for an all-digit cell: segment prefix, Luhn, the resident-ID
  // check digit. False means no validator can accept it; true sends it to the full validators.
  static inline bool DigitsMayBeIdentifier(std::string_view d) {
    const bool unionpay = d[0] == '6' && d[1] == '2';
    switch (d.size()) {
      case 11:
        return d[0] == '1' && d[1] >= '3';
      case 16:
      case 19:
        return d[0] >= '2' && d[0] <= '6' && LuhnDigits16To19(d);
      case 17:
        return unionpay && LuhnDigits16To19(d);
      case 18:
        return EitherCheckCharacterMatches(d) || (unionpay && LuhnDigits16To19(d));
      default:
        return false;
    }
  }

  static inline bool MayHoldIdentifier(size_t n, uint16_t mask, ValueType type) {
    if (mask == kDigit) return n == 11 || (n >= 16 && n <= 19);
    if (mask == (kDigit | kAlpha)) return n == 18;
    return type == ValueType::kText && (mask & (kDigit | kOther | kColon));
  }

  void SlowField(size_t field_end) {
    std::string_view value = data_.substr(field_start_, field_end - field_start_);
    std::string unescaped;
    if (quoted_) {
      if (value.size() >= 2 && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
      }
      if (escaped_) {
        unescaped.reserve(value.size());
        for (size_t i = 0; i < value.size(); ++i) {
          unescaped.push_back(value[i]);
          if (value[i] == '"' && i + 1 < value.size() && value[i + 1] == '"') ++i;
        }
      }
    }
    if (column_ >= column_count_) {  // Extra fields of a ragged row are not profiled.
      quoted_ = escaped_ = false;
      return;
    }
    const std::string_view cell = escaped_ ? std::string_view(unescaped) : value;
    if ((mask_ & kNonAscii) && !IsValidUtf8(cell)) {
      acc_.error = errors::InvalidDataset(
          StrCat("the file is not valid UTF-8 near byte ", field_start_,
                 "; convert it first (for example: iconv -f GB18030 -t UTF-8)"));
      return;
    }
    const ValueType type = Classify(cell, mask_);
    if (Status st = FindInCell(cell, mask_, type, detector_, scratch_, options_.as_of, hits_);
        !st.ok()) {
      acc_.error = st;
      return;
    }
    std::string masked;
    recorder_.Record(column_, cell, type, hits_.data(), hits_.size(),
                     sampling_ ? &masked : nullptr);
    if (sampling_) row_sample_.push_back(std::move(masked));
    quoted_ = escaped_ = false;
  }

  void EndRow(size_t row_end) {
    ++acc_.rows;
    if (column_ + 1 != column_count_) {
      ++acc_.ragged_rows;
      // Cells missing from a short row count as empty.
      for (size_t c = column_ + 1; c < column_count_; ++c) ++acc_.columns[c].empty;
    }
    acc_.AddRow(HashBytes(data_.data() + row_start_, row_end - row_start_));
    if (!row_sample_.empty()) {
      row_sample_.resize(column_count_);
      acc_.sample_rows.push_back(std::move(row_sample_));
      row_sample_.clear();
    }
    column_ = 0;
    sampling_ = collect_sample_ && acc_.rows < options_.sample_rows;
  }

  std::string_view data_;
  std::array<uint16_t, 256> table_;
  unsigned char delimiter_;
  size_t column_count_;
  const Detector& detector_;
  Detector::Scratch& scratch_;
  const ScanOptions& options_;
  bool collect_sample_;
  std::atomic<int64_t>& progress_;
  Accumulator acc_;
  CellRecorder recorder_;

  std::vector<Hit> hits_;
  std::vector<std::string> row_sample_;
  size_t pos_ = 0, row_start_ = 0, field_start_ = 0, column_ = 0;
  uint16_t mask_ = 0;
  bool in_quote_ = false, quoted_ = false, escaped_ = false;
  bool sampling_ = false;  // This row goes into the catalogue sample.
};

// Splits one CSV record (the header) into fields.
std::vector<std::string> SplitRecord(std::string_view line, char delimiter) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < line.size() && line[i + 1] == '"') {
          fields.back().push_back('"');
          ++i;
        } else {
          quoted = false;
        }
      } else {
        fields.back().push_back(c);
      }
    } else if (c == '"' && fields.back().empty()) {
      quoted = true;
    } else if (c == delimiter) {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back().push_back(c);
    }
  }
  return fields;
}

char DetectDelimiter(std::string_view header) {
  char best = ',';
  size_t best_count = 0;
  for (char d : {',', '\t', ';', '|'}) {
    const size_t n = static_cast<size_t>(std::count(header.begin(), header.end(), d));
    if (n > best_count) {
      best = d;
      best_count = n;
    }
  }
  return best;
}

struct Progress {
  std::atomic<int64_t> done{0};
  std::mutex mu;
  std::condition_variable cv;
  int running = 0;
};

void Report(const ScanOptions& options, int64_t done, int64_t total) {
  if (options.progress) options.progress(done, total);
}

StatusOr<Accumulator> ScanCsvBody(std::string_view data, size_t body_start, char delimiter,
                                  size_t columns, const Detector& detector,
                                  const ScanOptions& options, int threads) {
  const size_t body = data.size() - body_start;
  // Split points just after a newline.
  std::vector<size_t> cuts{body_start};
  for (int i = 1; i < threads; ++i) {
    size_t at = body_start + body * i / threads;
    const void* nl = memchr(data.data() + at, '\n', data.size() - at);
    at = nl ? static_cast<const char*>(nl) - data.data() + 1 : data.size();
    if (at > cuts.back() && at < data.size()) cuts.push_back(at);
  }
  cuts.push_back(data.size());
  const size_t parts = cuts.size() - 1;

  std::vector<Accumulator> results(parts);
  std::vector<Status> statuses(parts);
  Progress progress;
  progress.running = static_cast<int>(parts);
  std::vector<std::thread> workers;
  for (size_t i = 0; i < parts; ++i) {
    workers.emplace_back([&, i] {
      auto scratch = detector.NewScratch();
      if (!scratch.ok()) {
        statuses[i] = scratch.status();
      } else {
        CsvPass pass(data, delimiter, columns, detector, **scratch, options, i == 0, progress.done);
        // Files too large to count exactly skip the exact row hashes from the start.
        if (data.size() > kExactBytes) pass.SkipExactRows();
        results[i] = pass.Run(cuts[i], cuts[i + 1]);
      }
      std::lock_guard lock(progress.mu);
      --progress.running;
      progress.cv.notify_all();
    });
  }
  {
    std::unique_lock lock(progress.mu);
    while (progress.running > 0) {
      progress.cv.wait_for(lock, std::chrono::milliseconds(100));
      Report(options, static_cast<int64_t>(body_start) + progress.done.load(),
             static_cast<int64_t>(data.size()));
    }
  }
  for (auto& w : workers) w.join();
  for (size_t i = 0; i < parts; ++i) {
    BOURSE_RETURN_IF_ERROR(statuses[i]);
    BOURSE_RETURN_IF_ERROR(results[i].error);
  }
  for (size_t i = 0; i + 1 < parts; ++i) {
    // A quoted field spans a split point: the later parts started mid-field. Rescan in one pass.
    if (results[i].ended_in_quote)
      return ScanCsvBody(data, body_start, delimiter, columns, detector, options, 1);
  }
  if (results.back().ended_in_quote)
    return errors::InvalidDataset(
        "the file ends inside a quoted field: it is truncated or a quote is unbalanced");
  Accumulator total = std::move(results[0]);
  for (size_t i = 1; i < parts; ++i) total.Merge(results[i]);
  return total;
}

// JSON Lines: one object per line, leaves flattened to dotted column names.
class JsonLinesPass {
 public:
  JsonLinesPass(const Detector& detector, Detector::Scratch& scratch, const ScanOptions& options)
      : detector_(detector), scratch_(scratch), options_(options), recorder_(options, acc_) {}

  StatusOr<Accumulator> Run(std::string_view data) {
    size_t pos = 0, line_no = 0;
    while (pos < data.size()) {
      size_t nl = data.find('\n', pos);
      if (nl == std::string_view::npos) nl = data.size();
      std::string_view line = data.substr(pos, nl - pos);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      ++line_no;
      if (line.find_first_not_of(" \t") != std::string_view::npos) {
        BOURSE_RETURN_IF_ERROR(Line(line, pos, line_no));
      }
      pos = nl + 1;
      if ((line_no & 4095) == 0) Report(options_, static_cast<int64_t>(pos), data.size());
    }
    // Keys missing from a row count as empty cells.
    for (auto& c : acc_.columns) c.empty = acc_.rows - c.values;
    acc_.columns.resize(names_.size());
    return std::move(acc_);
  }

  // A JSON array of objects, read element by element: the array is never parsed whole.
  StatusOr<Accumulator> RunArray(std::string_view data) {
    unit_ = "element";
    size_t pos = data.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    auto skip = [&] {
      while (pos < data.size() &&
             (data[pos] == ' ' || data[pos] == '\t' || data[pos] == '\n' || data[pos] == '\r'))
        ++pos;
    };
    skip();
    if (pos >= data.size() || data[pos] != '[')
      return errors::InvalidDataset("the file is not a JSON array");
    ++pos;
    size_t index = 0;
    skip();
    if (pos < data.size() && data[pos] == ']')
      ++pos;
    else
      while (true) {
        skip();
        if (pos >= data.size()) return errors::InvalidDataset("the JSON array is truncated");
        if (data[pos] != '{')
          return errors::InvalidDataset(
              StrCat("element ", index + 1, " (byte ", pos, ") is not a JSON object"));
        const size_t end = ObjectEnd(data, pos);
        if (end == std::string_view::npos)
          return errors::InvalidDataset("the JSON array is truncated inside an object");
        BOURSE_RETURN_IF_ERROR(Line(data.substr(pos, end - pos), pos, ++index));
        pos = end;
        if ((index & 4095) == 0) Report(options_, static_cast<int64_t>(pos), data.size());
        skip();
        if (pos < data.size() && data[pos] == ',') {
          ++pos;
          continue;
        }
        if (pos < data.size() && data[pos] == ']') {
          ++pos;
          break;
        }
        return errors::InvalidDataset(
            StrCat("byte ", pos, ": expected ',' or ']' after element ", index));
      }
    skip();
    if (pos != data.size())
      return errors::InvalidDataset(StrCat("byte ", pos, ": data after the JSON array"));
    for (auto& c : acc_.columns) c.empty = acc_.rows - c.values;
    acc_.columns.resize(names_.size());
    return std::move(acc_);
  }

  std::vector<std::string> names() const { return names_; }

 private:
  // The end of the JSON object that starts at `pos` (one past its closing brace), or npos.
  static size_t ObjectEnd(std::string_view d, size_t pos) {
    int depth = 0;
    bool in_string = false;
    for (size_t i = pos; i < d.size(); ++i) {
      const char c = d[i];
      if (in_string) {
        if (c == '\\') {
          ++i;
        } else if (c == '"') {
          in_string = false;
        }
      } else if (c == '"') {
        in_string = true;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (--depth == 0) return i + 1;
      }
    }
    return std::string_view::npos;
  }

  Status Line(std::string_view line, size_t offset, size_t line_no) {
    if (!IsValidUtf8(line))
      return errors::InvalidDataset(StrCat(unit_, " ", line_no, " (byte ", offset,
                                           ") is not valid UTF-8; convert the file to UTF-8"));
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(line, ec);
    if (ec || !v.is_object())
      return errors::InvalidDataset(StrCat(unit_, " ", line_no, " (byte ", offset,
                                           ") is not a JSON object", ec ? ": " : "",
                                           ec ? ec.message() : ""));
    row_sample_.clear();
    const bool sample = acc_.rows < options_.sample_rows;
    fields_in_row_ = 0;
    BOURSE_RETURN_IF_ERROR(Walk(v.as_object(), "", sample));
    ++acc_.rows;
    if (acc_.rows == 1) first_row_fields_ = fields_in_row_;
    if (fields_in_row_ != first_row_fields_) ++acc_.ragged_rows;
    acc_.AddRow(HashBytes(line.data(), line.size()));
    if (sample) {
      std::vector<std::string> row(names_.size());
      for (auto& [col, text] : row_sample_) row[col] = std::move(text);
      acc_.sample_rows.push_back(std::move(row));
    }
    return OkStatus();
  }

  Status Walk(const boost::json::object& obj, const std::string& prefix, bool sample) {
    for (const auto& kv : obj) {
      std::string name = prefix.empty() ? std::string(kv.key()) : StrCat(prefix, ".", kv.key());
      if (kv.value().is_object()) {
        BOURSE_RETURN_IF_ERROR(Walk(kv.value().as_object(), name, sample));
        continue;
      }
      auto [it, inserted] = index_.try_emplace(name, names_.size());
      if (inserted) {
        if (names_.size() >= 1024)
          return errors::InvalidDataset("more than 1,024 distinct keys: not a table");
        names_.push_back(name);
        acc_.columns.emplace_back();
      }
      const size_t col = it->second;
      std::string text;
      const auto& value = kv.value();
      if (value.is_string())
        text = std::string(value.as_string());
      else if (value.is_null())
        text = "";
      else
        text = boost::json::serialize(value);
      uint16_t mask = 0;
      static const auto kTable = ClassTable('\n');
      for (unsigned char ch : text) mask |= (kTable[ch] & kSpecial) ? uint16_t{kOther} : kTable[ch];
      const ValueType type = value.is_null() ? ValueType::kEmpty : Classify(text, mask);
      BOURSE_RETURN_IF_ERROR(
          FindInCell(text, mask, type, detector_, scratch_, options_.as_of, hits_));
      std::string masked;
      recorder_.Record(col, text, type, hits_.data(), hits_.size(), sample ? &masked : nullptr);
      if (!value.is_null()) ++fields_in_row_;
      if (sample) row_sample_.emplace_back(col, std::move(masked));
    }
    return OkStatus();
  }

  const Detector& detector_;
  Detector::Scratch& scratch_;
  const ScanOptions& options_;
  Accumulator acc_;
  CellRecorder recorder_;
  std::unordered_map<std::string, size_t> index_;
  std::vector<std::string> names_;
  std::vector<Hit> hits_;
  std::vector<std::pair<size_t, std::string>> row_sample_;
  size_t fields_in_row_ = 0, first_row_fields_ = 0;
  const char* unit_ = "line";
};

std::optional<int> PeriodDays(domain::UpdateFrequency f) {
  using domain::UpdateFrequency;
  switch (f) {
    case UpdateFrequency::kRealtime:
    case UpdateFrequency::kHourly:
    case UpdateFrequency::kDaily:
      return 1;
    case UpdateFrequency::kWeekly:
      return 7;
    case UpdateFrequency::kMonthly:
      return 31;
    case UpdateFrequency::kQuarterly:
      return 92;
    case UpdateFrequency::kYearly:
      return 366;
    case UpdateFrequency::kIrregular:
    case UpdateFrequency::kStatic:
      return std::nullopt;
  }
  return std::nullopt;
}

std::string FormatDateKey(int key) {
  char buf[16];
  snprintf(buf, sizeof buf, "%04d-%02d-%02d", key / 10000, key / 100 % 100, key % 100);
  return buf;
}

// Turns accumulated counts into the report: column types, detections, categories, the
// suggested classification and the quality profile.
ScanReport Finish(Accumulator& acc, std::vector<std::string> names, const ScanOptions& options,
                  ScanReport report) {
  report.rows = acc.rows;
  report.sample_header = names;
  report.sample_rows = std::move(acc.sample_rows);
  int64_t cells = 0, empty = 0, values = 0, conforming = 0;
  int latest = 0;
  DataClassification level = DataClassification::kGeneral;
  auto raise = [&](DataClassification to, std::string reason) {
    if (static_cast<int>(to) > static_cast<int>(level)) level = to;
    if (to != DataClassification::kGeneral) report.classification_reasons.push_back(reason);
  };
  for (size_t i = 0; i < names.size(); ++i) {
    ColumnAcc& c = acc.columns[i];
    ColumnReport col;
    col.name = names[i];
    // The dominant type; integers count as decimals and dates as date-times when mixed.
    int best = 0;
    for (int t = 1; t < kValueTypeCount; ++t)
      if (c.types[t] > c.types[best]) best = t;
    col.type = c.values == 0 ? ValueType::kEmpty : static_cast<ValueType>(best);
    int64_t conform = c.types[best];
    if (col.type == ValueType::kDecimal) conform += c.types[static_cast<int>(ValueType::kInteger)];
    if (col.type == ValueType::kDateTime) conform += c.types[static_cast<int>(ValueType::kDate)];
    if (col.type == ValueType::kText) conform = c.values;  // Any text conforms to text.
    col.values = c.values;
    col.empty = c.empty;
    const int64_t column_cells = c.values + c.empty;
    col.completeness = column_cells ? static_cast<double>(c.values) / column_cells : 1;
    col.conformance = c.values ? static_cast<double>(conform) / c.values : 1;
    cells += column_cells;
    empty += c.empty;
    values += c.values;
    conforming += conform;
    latest = std::max(latest, c.max_date);
    col.sensitive = CategoriesFromColumnName(col.name);
    const DataClassification hint = ClassificationFromColumnName(col.name);
    if (hint != DataClassification::kGeneral)
      raise(hint, StrCat("column '", col.name, "' suggests ", domain::Name(hint), " data"));
    for (int k = 0; k < kPiKindCount; ++k) {
      if (c.cells[k] == 0) continue;
      Detection d;
      d.kind = static_cast<PiKind>(k);
      d.count = c.cells[k];
      d.share = acc.rows ? static_cast<double>(c.cells[k]) / acc.rows : 0;
      d.distinct = c.distinct[k] ? static_cast<int64_t>(std::min<uint64_t>(
                                       c.distinct[k]->Estimate(), static_cast<uint64_t>(d.count)))
                                 : 0;
      if (d.kind == PiKind::kResidentId) d.minors = c.minors;
      if (IsPersonal(d.kind)) {
        report.personal_information = true;
        report.individuals = std::max(report.individuals, d.distinct);
      }
      if (d.kind == PiKind::kBankCard) col.sensitive.Add(SensitiveCategory::kFinancialAccount);
      if (d.kind == PiKind::kResidentId && options.resident_id_is_sensitive)
        col.sensitive.Add(SensitiveCategory::kSpecificIdentity);
      if (d.minors > 0) col.sensitive.Add(SensitiveCategory::kMinor);
      report.minors += d.minors;
      col.detections.push_back(d);
    }
    col.masked_sample = std::move(c.masked_sample);
    if (col.detections.empty() && col.sensitive.empty()) col.masked_sample.clear();
    for (auto s : col.sensitive.values()) report.sensitive.Add(s);
    report.columns.push_back(std::move(col));
  }
  report.sensitive_personal_information = report.personal_information && !report.sensitive.empty();
  if (report.individuals >= options.important_individuals)
    raise(DataClassification::kImportant,
          StrCat("personal information of about ", report.individuals, " people (threshold ",
                 options.important_individuals, ")"));
  else if (report.sensitive_personal_information &&
           report.individuals >= options.important_sensitive_individuals)
    raise(DataClassification::kImportant,
          StrCat("sensitive personal information of about ", report.individuals,
                 " people (threshold ", options.important_sensitive_individuals, ")"));
  report.suggested_classification = level;

  QualityProfile q;
  q.completeness = cells ? 1.0 - static_cast<double>(empty) / cells : 1;
  q.conformance = values ? static_cast<double>(conforming) / values : 1;
  q.uniqueness = acc.rows ? std::min(1.0, static_cast<double>(acc.DistinctRows()) / acc.rows) : 1;
  q.consistency = acc.rows ? 1.0 - static_cast<double>(acc.ragged_rows) / acc.rows : 1;
  if (latest > 0) report.latest_date = FormatDateKey(latest);
  if (latest > 0 && options.update_frequency) {
    if (auto period = PeriodDays(*options.update_frequency)) {
      const absl::CivilDay last(latest / 10000, latest / 100 % 100, latest % 100);
      const double age = static_cast<double>(options.as_of - last);
      q.timeliness = age <= *period ? 1.0 : std::max(0.0, 1.0 - (age - *period) / (4.0 * *period));
    }
  }
  double weighted =
      0.25 * q.completeness + 0.25 * q.conformance + 0.2 * q.uniqueness + 0.15 * q.consistency;
  double weights = 0.85;
  if (q.timeliness) {
    weighted += 0.15 * *q.timeliness;
    weights += 0.15;
  }
  q.score = static_cast<int>(std::lround(100 * weighted / weights));
  report.quality = q;
  return report;
}

StatusOr<ScanReport> ScanCsv(std::string_view data, const Detector& detector,
                             const ScanOptions& options, ScanReport report) {
  size_t start = 0;
  if (data.substr(0, 3) == "\xEF\xBB\xBF") start = 3;
  size_t header_end = data.find('\n', start);
  if (header_end == std::string_view::npos) header_end = data.size();
  std::string_view header = data.substr(start, header_end - start);
  if (!IsValidUtf8(header))
    return errors::InvalidDataset("the header line is not valid UTF-8; convert the file to UTF-8");
  report.delimiter = DetectDelimiter(header);
  std::vector<std::string> names = SplitRecord(header, report.delimiter);
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i].empty()) names[i] = StrCat("column_", i + 1);
  const size_t body_start = std::min(data.size(), header_end + 1);
  const int threads =
      data.size() - body_start < (size_t{8} << 20) ? 1 : std::max(1, options.threads);
  BOURSE_ASSIGN_OR_RETURN(Accumulator acc, ScanCsvBody(data, body_start, report.delimiter,
                                                       names.size(), detector, options, threads));
  Report(options, data.size(), data.size());
  return Finish(acc, std::move(names), options, std::move(report));
}

}  // namespace

std::string_view Name(ValueType type) {
  static constexpr std::string_view kNames[] = {"empty",    "integer", "decimal", "date",
                                                "datetime", "boolean", "text"};
  return kNames[static_cast<int>(type)];
}

namespace {

// One upload's scan: the detector, the options, and what its archives have used of the limits.
struct ScanContext {
  const Detector& detector;
  const ScanOptions& options;
  ExpansionBudget budget;
};

StatusOr<ScanReport> ScanContent(std::string_view data, std::string_view name, ScanContext& ctx,
                                 int depth);

// Text in UTF-8: a JSON array, JSON Lines or CSV, by its first character.
StatusOr<ScanReport> ScanUtf8(std::string_view data, ScanContext& ctx, ScanReport report) {
  if (data.empty()) return errors::InvalidDataset("the file is empty");
  const size_t first = data.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (first == std::string_view::npos) return errors::InvalidDataset("the file holds no data");
  const ScanOptions& options = ctx.options;
  if (data[first] == '[' || data[first] == '{') {
    BOURSE_ASSIGN_OR_RETURN(auto scratch, ctx.detector.NewScratch());
    JsonLinesPass pass(ctx.detector, *scratch, options);
    report.format = data[first] == '[' ? DatasetFormat::kJson : DatasetFormat::kJsonLines;
    BOURSE_ASSIGN_OR_RETURN(Accumulator acc, report.format == DatasetFormat::kJson
                                                 ? pass.RunArray(data)
                                                 : pass.Run(data));
    Report(options, data.size(), data.size());
    return Finish(acc, pass.names(), options, std::move(report));
  }
  report.format = DatasetFormat::kCsv;
  return ScanCsv(data, ctx.detector, options, std::move(report));
}

// The name of a member without a compression suffix ("sales.csv.gz" → "sales.csv").
std::string WithoutSuffix(std::string_view name, std::string_view suffix) {
  if (name.size() > suffix.size()) {
    std::string lower(name.substr(name.size() - suffix.size()));
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == suffix) return std::string(name.substr(0, name.size() - suffix.size()));
  }
  return std::string(name);
}

// A container's report from its parts' reports.
ScanReport Combine(DatasetFormat format, int64_t bytes, std::vector<ScanPart> parts,
                   const ScanOptions& options) {
  ScanReport r;
  r.format = format;
  r.bytes = bytes;
  const ScanReport* largest = nullptr;
  double weight = 0, completeness = 0, conformance = 0, uniqueness = 0, consistency = 0, score = 0;
  double timeliness = 0, timely_weight = 0;
  for (const auto& part : parts) {
    const ScanReport& p = part.report;
    r.rows += p.rows;
    r.personal_information |= p.personal_information;
    r.sensitive_personal_information |= p.sensitive_personal_information;
    r.individuals += p.individuals;
    r.minors += p.minors;
    for (auto c : p.sensitive.values()) r.sensitive.Add(c);
    if (static_cast<int>(p.suggested_classification) > static_cast<int>(r.suggested_classification))
      r.suggested_classification = p.suggested_classification;
    for (const auto& why : p.classification_reasons)
      r.classification_reasons.push_back(StrCat(part.name, ": ", why));
    if (!p.readable && r.readable) {
      r.readable = false;
      r.unreadable = StrCat(part.name, " is ", p.unreadable);
    }
    if (p.latest_date && (!r.latest_date || *p.latest_date > *r.latest_date))
      r.latest_date = p.latest_date;
    if (p.quality) {
      const double w = static_cast<double>(std::max<int64_t>(p.rows, 1));
      weight += w;
      completeness += w * p.quality->completeness;
      conformance += w * p.quality->conformance;
      uniqueness += w * p.quality->uniqueness;
      consistency += w * p.quality->consistency;
      score += w * p.quality->score;
      if (p.quality->timeliness) {
        timeliness += w * *p.quality->timeliness;
        timely_weight += w;
      }
    }
    if (p.readable && (largest == nullptr || p.rows > largest->rows)) largest = &p;
  }
  if (weight > 0) {
    QualityProfile q;
    q.completeness = completeness / weight;
    q.conformance = conformance / weight;
    q.uniqueness = uniqueness / weight;
    q.consistency = consistency / weight;
    if (timely_weight > 0) q.timeliness = timeliness / timely_weight;
    q.score = static_cast<int>(std::lround(score / weight));
    r.quality = q;
  }
  if (largest != nullptr) {
    r.encoding = largest->encoding;
    r.delimiter = largest->delimiter;
    r.columns = largest->columns;
    r.sample_header = largest->sample_header;
    r.sample_rows = largest->sample_rows;
  }
  // Individuals summed over the parts may reach the important-data threshold that none does.
  if (r.individuals >= options.important_individuals &&
      r.suggested_classification == DataClassification::kGeneral) {
    r.suggested_classification = DataClassification::kImportant;
    r.classification_reasons.push_back(StrCat("personal information of about ", r.individuals,
                                              " people over all parts (threshold ",
                                              options.important_individuals, ")"));
  }
  r.parts = std::move(parts);
  return r;
}

// Scans `bytes` written to a fresh scratch file by `fill`.
StatusOr<ScanReport> ScanDerived(const std::function<Status(ScratchFile&)>& fill,
                                 std::string_view name, ScanContext& ctx, int depth) {
  BOURSE_ASSIGN_OR_RETURN(auto file, ScratchFile::Create(ctx.options.scratch_dir));
  BOURSE_RETURN_IF_ERROR(fill(*file));
  BOURSE_ASSIGN_OR_RETURN(std::string_view view, file->Map());
  if (view.empty()) return errors::InvalidDataset(StrCat(name, " is empty"));
  return ScanContent(view, name, ctx, depth);
}

StatusOr<ScanReport> ScanArchive(std::string_view data, std::string_view name, ScanContext& ctx,
                                 int depth) {
  BOURSE_ASSIGN_OR_RETURN(auto zip, ZipArchive::Open(data));
  std::vector<ScanPart> parts;
  const ExpansionLimits& limits = ctx.options.limits;
  if (IsWorkbook(*zip)) {
    std::vector<std::unique_ptr<ScratchFile>> files;
    std::vector<WorkbookSheet> sheets;
    BOURSE_RETURN_IF_ERROR(ReadWorkbook(
        *zip, limits, ctx.budget, ctx.options.scratch_dir,
        [&](const std::string&) -> StatusOr<ScratchFile*> {
          BOURSE_ASSIGN_OR_RETURN(auto f, ScratchFile::Create(ctx.options.scratch_dir));
          files.push_back(std::move(f));
          return files.back().get();
        },
        &sheets));
    for (size_t i = 0; i < sheets.size(); ++i) {
      if (sheets[i].rows == 0) continue;  // An empty sheet holds nothing to scan.
      BOURSE_ASSIGN_OR_RETURN(std::string_view csv, files[i]->Map());
      ScanReport sheet;
      sheet.bytes = sheets[i].xml_bytes;
      sheet.encoding = "utf-8";
      auto scanned = ScanCsv(csv, ctx.detector, ctx.options, std::move(sheet));
      if (!scanned.ok())
        return errors::InvalidDataset(
            StrCat("sheet '", sheets[i].name, "': ", scanned.status().message()));
      scanned->format = DatasetFormat::kCsv;
      parts.push_back({sheets[i].name, std::move(*scanned)});
    }
    if (parts.empty()) return errors::InvalidDataset("every sheet of the workbook is empty");
    return Combine(DatasetFormat::kXlsx, static_cast<int64_t>(data.size()), std::move(parts),
                   ctx.options);
  }
  if (zip->members().empty()) return errors::InvalidDataset("the zip archive is empty");
  for (const auto& m : zip->members()) {
    auto scanned = ScanDerived(
        [&](ScratchFile& f) {
          return zip->Read(
              m, [&](std::string_view chunk) { return f.Append(chunk); }, limits, ctx.budget);
        },
        m.name, ctx, depth + 1);
    if (!scanned.ok())
      return errors::InvalidDataset(StrCat(m.name, ": ", scanned.status().message()));
    parts.push_back({m.name, std::move(*scanned)});
  }
  (void)name;
  return Combine(DatasetFormat::kZip, static_cast<int64_t>(data.size()), std::move(parts),
                 ctx.options);
}

StatusOr<ScanReport> ScanContent(std::string_view data, std::string_view name, ScanContext& ctx,
                                 int depth) {
  if (data.empty()) return errors::InvalidDataset("the file is empty");
  const ContentKind kind = SniffContent(data.substr(0, 8192));
  ScanReport report;
  report.bytes = static_cast<int64_t>(data.size());
  const bool container = kind == ContentKind::kGzip || kind == ContentKind::kZip;
  if (container && depth >= ctx.options.limits.max_depth)
    return errors::InvalidDataset(
        StrCat(name, " nests archives more than ", ctx.options.limits.max_depth, " deep"));
  switch (kind) {
    case ContentKind::kGzip: {
      const std::string inner = WithoutSuffix(name, ".gz");
      BOURSE_ASSIGN_OR_RETURN(
          ScanReport scanned,
          ScanDerived(
              [&](ScratchFile& f) { return GunzipInto(data, f, ctx.options.limits, ctx.budget); },
              inner, ctx, depth + 1));
      std::vector<ScanPart> parts;
      parts.push_back({inner, std::move(scanned)});
      return Combine(DatasetFormat::kGzip, report.bytes, std::move(parts), ctx.options);
    }
    case ContentKind::kZip:
      return ScanArchive(data, name, ctx, depth);
    case ContentKind::kText: {
      const TextEncoding encoding = DetectEncoding(data);
      report.encoding = std::string(Name(encoding));
      if (encoding == TextEncoding::kUtf8) return ScanUtf8(data, ctx, std::move(report));
      BOURSE_ASSIGN_OR_RETURN(auto file, ScratchFile::Create(ctx.options.scratch_dir));
      BOURSE_RETURN_IF_ERROR(TranscodeToUtf8(data, encoding, *file));
      BOURSE_ASSIGN_OR_RETURN(std::string_view utf8, file->Map());
      return ScanUtf8(utf8, ctx, std::move(report));
    }
    default:
      report.format = DatasetFormat::kOpaque;
      report.readable = false;
      report.unreadable = std::string(Describe(kind));
      return report;
  }
}

}  // namespace

StatusOr<ScanReport> ScanBytes(std::string_view data, std::string_view file_name,
                               const Detector& detector, const ScanOptions& options) {
  ScanContext ctx{detector, options, {}};
  BOURSE_ASSIGN_OR_RETURN(ScanReport report, ScanContent(data, file_name, ctx, 0));
  Report(options, static_cast<int64_t>(data.size()), static_cast<int64_t>(data.size()));
  return report;
}

StatusOr<ScanReport> ScanFile(const std::string& path, const Detector& detector,
                              const ScanOptions& options) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return errors::Make(StatusCode::kNotFound, errors::kNotFound,
                        StrCat("cannot open ", path, ": ", strerror(errno)));
  struct stat st {};
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return errors::InvalidDataset(StrCat(path, " is not a regular file"));
  }
  if (st.st_size == 0) {
    ::close(fd);
    return errors::InvalidDataset("the file is empty");
  }
  void* map = mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (map == MAP_FAILED) return errors::Internal(StrCat("cannot map ", path));
  madvise(map, static_cast<size_t>(st.st_size), MADV_SEQUENTIAL);
  auto result = ScanBytes(std::string_view(static_cast<const char*>(map), st.st_size), path,
                          detector, options);
  munmap(map, static_cast<size_t>(st.st_size));
  return result;
}

}  // namespace bourse::scan
