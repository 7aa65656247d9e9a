#include "base/ip_address.h"

#include <gtest/gtest.h>

namespace bourse {
namespace {

TEST(IpAddress, EveryNonPublicRangeIsNamed) {
  const std::pair<const char*, const char*> cases[] = {
      {"127.0.0.1", "loopback"},
      {"127.255.0.9", "loopback"},
      {"::1", "loopback"},
      {"10.1.2.3", "private (RFC 1918)"},
      {"172.16.0.1", "private (RFC 1918)"},
      {"172.31.255.255", "private (RFC 1918)"},
      {"192.168.1.1", "private (RFC 1918)"},
      {"100.64.0.1", "shared address space (CGNAT)"},
      {"100.100.100.200", "shared address space (CGNAT)"},
      {"169.254.169.254", "cloud metadata"},
      {"169.254.1.1", "link-local"},
      {"fe80::1", "link-local"},
      {"fc00::1", "unique local (ULA)"},
      {"fd00:ec2::254", "unique local (ULA)"},
      {"224.0.0.1", "multicast"},
      {"239.255.255.250", "multicast"},
      {"ff02::1", "multicast"},
      {"0.0.0.0", "unspecified"},
      {"::", "unspecified"},
      {"255.255.255.255", "broadcast"},
      {"240.0.0.1", "reserved"},
      {"192.0.2.1", "documentation"},
      {"2001:db8::1", "documentation"},
      {"198.18.0.1", "benchmarking"},
      // IPv4 inside IPv6 is judged by the IPv4 address.
      {"::ffff:127.0.0.1", "loopback"},
      {"::ffff:10.0.0.1", "private (RFC 1918)"},
      {"64:ff9b::a9fe:a9fe", "cloud metadata"},
      {"2002:c0a8:0101::1", "private (RFC 1918)"},
      {"::10.0.0.1", "reserved (IPv4-compatible)"},
      {"localhost", "not an IP address"},
      {"", "not an IP address"},
  };
  for (const auto& [address, kind] : cases) {
    auto got = NonPublicKind(address);
    ASSERT_TRUE(got.has_value()) << address;
    EXPECT_EQ(*got, kind) << address;
  }
}

TEST(IpAddress, PublicAddressesPass) {
  for (const char* address :
       {"8.8.8.8", "1.1.1.1", "172.32.0.1", "172.15.255.255", "100.128.0.1", "192.169.0.1",
        "223.255.255.255", "2400:3200::1", "2606:4700:4700::1111", "::ffff:8.8.8.8",
        "64:ff9b::808:808", "2002:0808:0808::1"}) {
    EXPECT_FALSE(NonPublicKind(address).has_value()) << address;
  }
}

}  // namespace
}  // namespace bourse
