#include "http/framing.h"

#include <cctype>

#include "base/errors.h"
#include "base/strings.h"

namespace bourse::http {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
  }
  return true;
}

Status BadFraming(std::string_view detail, std::string_view field) {
  return errors::Make(StatusCode::kInvalidArgument, errors::kBadFraming, detail, field);
}

}  // namespace

Status TargetTooLong(size_t max_target_bytes) {
  return errors::Make(StatusCode::kInvalidArgument, errors::kUriTooLong,
                      StrCat("the request target exceeds ", max_target_bytes, " bytes"));
}

Status CheckFraming(const Framing& f, size_t max_target_bytes) {
  if (f.target_length > max_target_bytes) return TargetTooLong(max_target_bytes);
  if (!f.transfer_encoding.empty()) {
    if (f.transfer_encoding.size() != 1 ||
        !EqualsIgnoreCase(Trim(f.transfer_encoding[0]), "chunked")) {
      return BadFraming("the only Transfer-Encoding accepted is exactly \"chunked\"",
                        "Transfer-Encoding");
    }
    if (f.version < 11) {
      return BadFraming("Transfer-Encoding needs HTTP/1.1", "Transfer-Encoding");
    }
    if (!f.content_length.empty()) {
      return BadFraming("send either Transfer-Encoding or Content-Length, not both",
                        "Content-Length");
    }
  }
  if (f.content_length.size() > 1) {
    return BadFraming("Content-Length appears more than once", "Content-Length");
  }
  if (f.content_length.size() == 1) {
    std::string_view v = Trim(f.content_length[0]);
    bool digits = !v.empty() && v.size() <= 18;
    for (char c : v) digits = digits && c >= '0' && c <= '9';
    if (!digits) return BadFraming("Content-Length must be a decimal number", "Content-Length");
  }
  if (f.version >= 11 && f.host_fields == 0) {
    return BadFraming("an HTTP/1.1 request must carry a Host header", "Host");
  }
  if (f.host_fields > 1) return BadFraming("Host appears more than once", "Host");
  return OkStatus();
}

}  // namespace bourse::http
