#include "store/jws_codec.h"

#include <array>
#include <cstdint>

#include "base/encoding.h"
#include "base/strings.h"

namespace bourse::store {
namespace {

void PutLength(std::string& out, size_t n) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((n >> shift) & 0xff);
}

size_t GetLength(std::string_view in) {
  size_t n = 0;
  for (int i = 0; i < 4; ++i) n = (n << 8) | static_cast<uint8_t>(in[i]);
  return n;
}

}  // namespace

std::optional<std::string> PackCompactJws(std::string_view jws) {
  std::array<std::string_view, 3> parts;
  size_t start = 0;
  for (int i = 0; i < 3; ++i) {
    const size_t dot = jws.find('.', start);
    if ((i < 2) != (dot != std::string_view::npos)) return std::nullopt;
    parts[i] = jws.substr(start, i < 2 ? dot - start : std::string_view::npos);
    start = dot + 1;
  }
  std::array<std::string, 3> raw;
  for (int i = 0; i < 3; ++i) {
    // The decoder refuses padding, foreign characters and non-zero trailing bits, so whatever
    // it accepts encodes back to the very same text.
    auto decoded = Base64UrlDecode(parts[i]);
    if (!decoded.ok()) return std::nullopt;
    raw[i] = *std::move(decoded);
  }
  std::string out;
  out.reserve(8 + raw[0].size() + raw[1].size() + raw[2].size());
  PutLength(out, raw[0].size());
  PutLength(out, raw[1].size());
  out += raw[0];
  out += raw[1];
  out += raw[2];
  return out;
}

StatusOr<std::string> UnpackCompactJws(std::string_view packed) {
  if (packed.size() < 8) return DataLossError("a packed JWS shorter than its lengths");
  const size_t header = GetLength(packed);
  const size_t payload = GetLength(packed.substr(4));
  const std::string_view rest = packed.substr(8);
  if (header > rest.size() || payload > rest.size() - header)
    return DataLossError("a packed JWS shorter than its parts");
  return StrCat(Base64UrlEncode(rest.substr(0, header)), ".",
                Base64UrlEncode(rest.substr(header, payload)), ".",
                Base64UrlEncode(rest.substr(header + payload)));
}

}  // namespace bourse::store
