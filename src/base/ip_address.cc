#include "base/ip_address.h"

#include <arpa/inet.h>

#include <cstdint>
#include <cstring>

namespace bourse {
namespace {

struct V4Range {
  uint32_t base;
  int prefix;
  std::string_view kind;
};

constexpr uint32_t Ip(uint32_t a, uint32_t b, uint32_t c, uint32_t d) {
  return a << 24 | b << 16 | c << 8 | d;
}

// IANA's IPv4 special-purpose registry (RFC 6890 and successors), most specific first.
constexpr V4Range kV4[] = {
    {Ip(169, 254, 169, 254), 32, "cloud metadata"},
    {Ip(255, 255, 255, 255), 32, "broadcast"},
    {Ip(0, 0, 0, 0), 8, "unspecified"},
    {Ip(10, 0, 0, 0), 8, "private (RFC 1918)"},
    {Ip(100, 64, 0, 0), 10, "shared address space (CGNAT)"},
    {Ip(127, 0, 0, 0), 8, "loopback"},
    {Ip(169, 254, 0, 0), 16, "link-local"},
    {Ip(172, 16, 0, 0), 12, "private (RFC 1918)"},
    {Ip(192, 0, 0, 0), 24, "reserved (IETF protocol assignments)"},
    {Ip(192, 0, 2, 0), 24, "documentation"},
    {Ip(192, 88, 99, 0), 24, "reserved (6to4 relay)"},
    {Ip(192, 168, 0, 0), 16, "private (RFC 1918)"},
    {Ip(198, 18, 0, 0), 15, "benchmarking"},
    {Ip(198, 51, 100, 0), 24, "documentation"},
    {Ip(203, 0, 113, 0), 24, "documentation"},
    {Ip(224, 0, 0, 0), 4, "multicast"},
    {Ip(240, 0, 0, 0), 4, "reserved"},
};

std::optional<std::string_view> V4Kind(uint32_t a) {
  for (const auto& r : kV4) {
    const uint32_t mask = r.prefix == 0 ? 0 : ~uint32_t{0} << (32 - r.prefix);
    if ((a & mask) == r.base) return r.kind;
  }
  return std::nullopt;
}

uint32_t V4At(const uint8_t* p) {
  return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | p[3];
}

bool AllZero(const uint8_t* p, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (p[i] != 0) return false;
  return true;
}

std::optional<std::string_view> V6Kind(const uint8_t* b) {
  static constexpr uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  static constexpr uint8_t kNat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
  if (AllZero(b, 16)) return "unspecified";
  if (AllZero(b, 15) && b[15] == 1) return "loopback";
  if (std::memcmp(b, kMapped, 12) == 0 || std::memcmp(b, kNat64, 12) == 0) {
    if (auto k = V4Kind(V4At(b + 12))) return k;
    return std::nullopt;
  }
  if (AllZero(b, 12)) return "reserved (IPv4-compatible)";
  if (b[0] == 0x20 && b[1] == 0x02) {  // 6to4 carries an IPv4 address in bits 16–47.
    if (auto k = V4Kind(V4At(b + 2))) return k;
    return std::nullopt;
  }
  if ((b[0] & 0xfe) == 0xfc) return "unique local (ULA)";
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return "link-local";
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return "site-local";
  if (b[0] == 0xff) return "multicast";
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return "documentation";
  if (b[0] == 0x01 && AllZero(b + 1, 7)) return "reserved (discard)";
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && (b[3] & 0xfe) == 0x00)
    return "reserved (IETF protocol assignments)";
  return std::nullopt;
}

}  // namespace

std::optional<std::string_view> NonPublicKind(const std::string& numeric) {
  in_addr v4{};
  if (inet_pton(AF_INET, numeric.c_str(), &v4) == 1) return V4Kind(ntohl(v4.s_addr));
  in6_addr v6{};
  if (inet_pton(AF_INET6, numeric.c_str(), &v6) == 1) return V6Kind(v6.s6_addr);
  return "not an IP address";
}

}  // namespace bourse
