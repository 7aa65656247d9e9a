// Which IP addresses are on the public internet. An exchange's outbound calls (webhook posts)
// go only to public addresses, so a participant cannot make the server reach its own loopback,
// the operator's private network, link-local cloud metadata services or multicast groups.
//
// Promises: NonPublicKind names why a numeric IPv4 or IPv6 address is not public — loopback,
// private (RFC 1918), shared (CGNAT, RFC 6598), link-local (including 169.254.169.254, the
// cloud metadata address), unique local (fc00::/7), multicast, unspecified, broadcast,
// documentation, benchmarking and other reserved ranges — and returns nullopt for a public one.
// IPv4 addresses embedded in IPv6 (mapped ::ffff:0:0/96, NAT64 64:ff9b::/96, 6to4 2002::/16,
// the deprecated compatible ::/96) are judged by the IPv4 address they carry.
#ifndef BOURSE_BASE_IP_ADDRESS_H_
#define BOURSE_BASE_IP_ADDRESS_H_

#include <optional>
#include <string>
#include <string_view>

namespace bourse {

// Why `numeric` (as written by inet_ntop: "10.0.0.1", "fe80::1") is not a public address, or
// nullopt when it is. A string that is not an address is "not an IP address".
std::optional<std::string_view> NonPublicKind(const std::string& numeric);

}  // namespace bourse

#endif  // BOURSE_BASE_IP_ADDRESS_H_
