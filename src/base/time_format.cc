#include "base/time_format.h"

#include <algorithm>
#include <cstdint>

#include "base/status.h"

namespace bourse {

namespace {

// Writes `v` as `width` decimal digits (zero-padded) ending just before `end`.
void PutDigits(char* end, int width, int64_t v) {
  for (int i = 0; i < width; ++i) {
    *--end = static_cast<char>('0' + v % 10);
    v /= 10;
  }
}

}  // namespace

std::string FormatRfc3339(absl::Time t) {
  // This runs for every timestamp sent, so it converts by arithmetic rather than through a time
  // zone: days since the epoch to a civil date (the proleptic Gregorian calendar, counted in
  // 400-year eras of 146,097 days), then the second of the day.
  constexpr int64_t kMin = -62135596800;  // 0001-01-01T00:00:00Z
  constexpr int64_t kMax = 253402300799;  // 9999-12-31T23:59:59Z
  const int64_t secs = std::clamp(absl::ToUnixSeconds(t), kMin, kMax);
  const int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  const int64_t of_day = secs - days * 86400;
  const int64_t z = days + 719468;  // Days since 0000-03-01.
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;                                       // [0, 146096]
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                // [0, 365]
  const int64_t mp = (5 * doy + 2) / 153;                                     // March = 0
  const int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  char buf[20] = {'0', '0', '0', '0', '-', '0', '0', '-', '0', '0',
                  'T', '0', '0', ':', '0', '0', ':', '0', '0', 'Z'};
  PutDigits(buf + 4, 4, year);
  PutDigits(buf + 7, 2, month);
  PutDigits(buf + 10, 2, day);
  PutDigits(buf + 13, 2, of_day / 3600);
  PutDigits(buf + 16, 2, of_day / 60 % 60);
  PutDigits(buf + 19, 2, of_day % 60);
  return std::string(buf, sizeof(buf));
}

StatusOr<absl::Time> ParseRfc3339(std::string_view text) {
  absl::Time t;
  std::string err;
  if (!absl::ParseTime(absl::RFC3339_full, std::string(text), &t, &err)) {
    return InvalidArgumentError("not an RFC 3339 timestamp: " + err);
  }
  return t;
}

std::string FormatHttpDate(absl::Time t) {
  return absl::FormatTime("%a, %d %b %Y %H:%M:%S GMT", t, absl::UTCTimeZone());
}

}  // namespace bourse
