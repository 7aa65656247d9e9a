#include "base/encoding.h"

#include <array>

#include "base/status.h"

namespace bourse {
namespace {

constexpr char kHex[] = "0123456789abcdef";
constexpr char kStd[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kUrl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string Encode64(std::string_view in, const char* alphabet, bool pad) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    uint32_t v = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8) | uint8_t(in[i + 2]);
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
    out += alphabet[v & 63];
  }
  size_t rest = in.size() - i;
  if (rest == 1) {
    uint32_t v = uint8_t(in[i]) << 16;
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    if (pad) out += "==";
  } else if (rest == 2) {
    uint32_t v = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8);
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
    if (pad) out += '=';
  }
  return out;
}

// The value of each character in `alphabet`, -1 for any other byte.
using ReverseTable = std::array<int16_t, 256>;
constexpr ReverseTable Reverse(const char* alphabet) {
  ReverseTable rev{};
  for (auto& v : rev) v = -1;
  for (int i = 0; i < 64; ++i) rev[uint8_t(alphabet[i])] = static_cast<int16_t>(i);
  return rev;
}
constexpr ReverseTable kStdReverse = Reverse(kStd);
constexpr ReverseTable kUrlReverse = Reverse(kUrl);

StatusOr<std::string> Decode64(std::string_view in, const ReverseTable& rev, bool padded) {
  if (padded) {
    if (in.size() % 4 != 0) return InvalidArgumentError("base64 length is not a multiple of 4");
    size_t pads = 0;
    while (pads < 2 && pads < in.size() && in[in.size() - 1 - pads] == '=') ++pads;
    in.remove_suffix(pads);
  }
  if (in.size() % 4 == 1) {
    return InvalidArgumentError("base64url length is impossible");
  }
  std::string out(in.size() / 4 * 3 + (in.size() % 4 == 0 ? 0 : in.size() % 4 - 1), '\0');
  char* o = out.data();
  size_t i = 0;
  // Whole groups of four characters: three bytes each; a negative value marks a foreign
  // character, and OR-ing the four values keeps the sign.
  for (; i + 4 <= in.size(); i += 4) {
    const int a = rev[uint8_t(in[i])], b = rev[uint8_t(in[i + 1])], c = rev[uint8_t(in[i + 2])],
              d = rev[uint8_t(in[i + 3])];
    if ((a | b | c | d) < 0) return InvalidArgumentError("invalid base64 character");
    const uint32_t v = (uint32_t(a) << 18) | (uint32_t(b) << 12) | (uint32_t(c) << 6) | uint32_t(d);
    *o++ = char(v >> 16);
    *o++ = char((v >> 8) & 0xff);
    *o++ = char(v & 0xff);
  }
  // Two or three characters left: one or two bytes, and the leftover bits must be zero
  // (canonical encoding).
  const size_t rest = in.size() - i;
  if (rest >= 2) {
    const int a = rev[uint8_t(in[i])], b = rev[uint8_t(in[i + 1])];
    const int c = rest == 3 ? rev[uint8_t(in[i + 2])] : 0;
    if ((a | b | c) < 0) return InvalidArgumentError("invalid base64 character");
    const uint32_t v = (uint32_t(a) << 18) | (uint32_t(b) << 12) | (uint32_t(c) << 6);
    *o++ = char(v >> 16);
    if (rest == 3) *o++ = char((v >> 8) & 0xff);
    if (rest == 2 ? (b & 0x0f) != 0 : (c & 0x03) != 0)
      return InvalidArgumentError("non-canonical base64 padding bits");
  }
  return out;
}

}  // namespace

std::string HexEncode(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

StatusOr<std::string> HexDecode(std::string_view hex) {
  if (hex.size() % 2 != 0) return InvalidArgumentError("odd hex length");
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) return InvalidArgumentError("invalid hex character");
    out += char((hi << 4) | lo);
  }
  return out;
}

std::string Base64Encode(std::string_view bytes) { return Encode64(bytes, kStd, true); }
StatusOr<std::string> Base64Decode(std::string_view text) {
  return Decode64(text, kStdReverse, true);
}
std::string Base64UrlEncode(std::string_view bytes) { return Encode64(bytes, kUrl, false); }
StatusOr<std::string> Base64UrlDecode(std::string_view text) {
  return Decode64(text, kUrlReverse, false);
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    int n;
    uint32_t cp;
    if ((c & 0xe0) == 0xc0) {
      n = 1;
      cp = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      n = 2;
      cp = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    for (int k = 1; k <= n; ++k) {
      if (i + k >= s.size()) return false;
      unsigned char cc = s[i + k];
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    static constexpr uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += n + 1;
  }
  return true;
}

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xc0) != 0x80;
  return n;
}

}  // namespace bourse
