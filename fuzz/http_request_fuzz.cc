// The HTTP request path with the server's limits: bytes off the wire into Beast's request
// parser (header limit 16 KiB, body limit 1 MiB, as http/server.cc sets them by default), then
// the framing rules (http/framing.h) the server applies before it reads a body, then the router's
// target parsing. Any input must be refused or accepted, never crash.
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/url.hpp>

#include "fuzz/fuzz_target.h"
#include "http/framing.h"

namespace bhttp = boost::beast::http;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(16 * 1024);
  parser.body_limit(1 << 20);
  parser.eager(true);
  boost::beast::error_code ec;
  size_t used = 0;
  while (used < size && !ec && !parser.is_done()) {
    const size_t n = parser.put(boost::asio::buffer(data + used, size - used), ec);
    used += n;
    // need_more with nothing consumed: the rest of the input is an incomplete piece.
    if (ec == bhttp::error::need_more && n > 0) ec = {};
    if (n == 0) break;
  }
  if (!parser.is_header_done()) return 0;
  const auto& req = parser.get();
  bourse::http::Framing framing;
  framing.version = req.version();
  framing.target_length = req.target().size();
  for (const auto& field : req) {
    if (field.name() == bhttp::field::transfer_encoding)
      framing.transfer_encoding.emplace_back(field.value());
    else if (field.name() == bhttp::field::content_length)
      framing.content_length.emplace_back(field.value());
    else if (field.name() == bhttp::field::host)
      ++framing.host_fields;
  }
  (void)bourse::http::CheckFraming(framing, 8192);
  auto target = boost::urls::parse_origin_form(req.target());
  if (target) {
    for (auto segment : target->segments()) (void)segment.size();
    for (auto param : target->params()) (void)param.key.size();
  }
  return 0;
}
