#include "base/time_format.h"

#include "base/status.h"

namespace bourse {

std::string FormatRfc3339(absl::Time t) {
  // Civil-time conversion without the general formatter: this runs for every timestamp sent.
  const absl::CivilSecond c = absl::ToCivilSecond(t, absl::UTCTimeZone());
  char buf[32];
  int n = std::snprintf(buf, sizeof(buf), "%04lld-%02d-%02dT%02d:%02d:%02dZ",
                        static_cast<long long>(c.year()), c.month(), c.day(), c.hour(), c.minute(),
                        c.second());
  return std::string(buf, static_cast<size_t>(n));
}

StatusOr<absl::Time> ParseRfc3339(std::string_view text) {
  absl::Time t;
  std::string err;
  if (!absl::ParseTime(absl::RFC3339_full, std::string(text), &t, &err)) {
    return InvalidArgumentError("not an RFC 3339 timestamp: " + err);
  }
  return t;
}

}  // namespace bourse
