#include "base/time_format.h"

#include "base/status.h"

namespace bourse {

std::string FormatRfc3339(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
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
