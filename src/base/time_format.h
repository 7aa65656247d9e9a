// RFC 3339 timestamps in UTC ("2026-11-25T15:48:46Z"), the one text form of time in bodies; and
// the HTTP date of RFC 9110 §5.6.7 for the headers that require it (tus's Upload-Expires).
#ifndef BOURSE_BASE_TIME_FORMAT_H_
#define BOURSE_BASE_TIME_FORMAT_H_

#include <string>
#include <string_view>

#include "absl/time/time.h"
#include "base/status.h"

namespace bourse {

// Seconds precision, UTC, trailing 'Z'.
std::string FormatRfc3339(absl::Time t);
// Accepts any RFC 3339 timestamp with an offset; InvalidArgument otherwise.
StatusOr<absl::Time> ParseRfc3339(std::string_view text);
// IMF-fixdate: "Thu, 03 Dec 2026 18:20:00 GMT".
std::string FormatHttpDate(absl::Time t);

}  // namespace bourse

#endif  // BOURSE_BASE_TIME_FORMAT_H_
