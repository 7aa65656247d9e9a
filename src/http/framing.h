// The strict reading of a request's framing (RFC 9112): what decides where one request ends and
// the next begins, and which header block is acceptable at all. The server hands these facts
// over from the parsed header; anything ambiguous is refused, never guessed, so that a proxy in
// front of the exchange and the exchange cannot disagree on a request's length (smuggling).
//
// Refusals, each with the connection closed afterwards:
//   - Transfer-Encoding other than exactly "chunked" (any other coding, a list, a repeat):
//     400 bad-framing, field "Transfer-Encoding" (RFC 9112 §6.3 item 4);
//   - Transfer-Encoding together with Content-Length: 400 bad-framing (§6.1);
//   - more than one Content-Length, or one that is not a decimal number: 400 bad-framing;
//   - no Host, or more than one (§3.2): 400 bad-framing, field "Host";
//   - a request target longer than the limit: 414 uri-too-long.
#ifndef BOURSE_HTTP_FRAMING_H_
#define BOURSE_HTTP_FRAMING_H_

#include <string>
#include <vector>

#include "base/status.h"

namespace bourse::http {

struct Framing {
  unsigned version = 11;  // 10 or 11.
  size_t target_length = 0;
  std::vector<std::string> transfer_encoding;  // Each Transfer-Encoding field value, as sent.
  std::vector<std::string> content_length;     // Each Content-Length field value, as sent.
  int host_fields = 0;
};

Status CheckFraming(const Framing& framing, size_t max_target_bytes);

// 414 uri-too-long for a target past `max_target_bytes`.
Status TargetTooLong(size_t max_target_bytes);

}  // namespace bourse::http

#endif  // BOURSE_HTTP_FRAMING_H_
