// base64, base64url, hex and UTF-8 checks, compact JWS/JWT parsing, canonical JSON of any
// parsed JSON value, and tile paths. Round trips must hold where a decoder accepts.
#include <boost/json.hpp>
#include <cstdlib>

#include "base/encoding.h"
#include "crypto/jws.h"
#include "fuzz/fuzz_target.h"
#include "log/canonical_json.h"
#include "merkle/tiles.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace bourse;
  const std::string_view text = AsText(data, size);
  if (auto b = Base64Decode(text); b.ok() && Base64Decode(Base64Encode(*b)).value() != *b)
    std::abort();
  if (auto b = Base64UrlDecode(text); b.ok() && Base64UrlDecode(Base64UrlEncode(*b)).value() != *b)
    std::abort();
  if (auto h = HexDecode(text); h.ok() && HexDecode(HexEncode(*h)).value() != *h) std::abort();
  if (IsValidUtf8(text)) (void)Utf8Length(text);
  (void)crypto::ParseCompactJws(text);
  (void)merkle::ParseTilePath(text);
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (!ec) {
    auto canonical = log::CanonicalJson(v);
    // Canonical JSON is a fixed point: canonicalising it again changes nothing.
    if (canonical.ok()) {
      auto again = log::CanonicalJson(boost::json::parse(*canonical));
      if (!again.ok() || *again != *canonical) std::abort();
    }
  }
  return 0;
}
