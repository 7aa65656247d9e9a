#include "crypto/tls.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "crypto/tls_test_server.h"

namespace bourse::crypto {
namespace {

class TlsTest : public ::testing::Test {
 protected:
  std::string WritePem(const std::string& name, const std::string& pem) {
    const auto path = dir_ / name;
    std::ofstream(path) << pem;
    return path.string();
  }
  std::string Exchange(TlsChannel& ch, const std::string& request) {
    EXPECT_TRUE(ch.WriteAll(request).ok());
    std::string reply;
    char buf[512];
    while (true) {
      auto n = ch.ReadSome(buf, sizeof buf);
      EXPECT_TRUE(n.ok()) << n.status().ToString();
      if (!n.ok() || *n == 0) break;
      reply.append(buf, *n);
    }
    return reply;
  }

  std::filesystem::path dir_ =
      std::filesystem::temp_directory_path() / ("bourse_tls_test_" + std::to_string(getpid()));
  void SetUp() override { std::filesystem::create_directories(dir_); }
  void TearDown() override { std::filesystem::remove_all(dir_); }
};

TEST_F(TlsTest, TalksToAnEndpointWhoseCertificateIsTrustedAndNamesTheHost) {
  const TestCertificate cert = MakeSelfSignedCertificate({"localhost"}, {"127.0.0.1"});
  TlsTestServer server(cert, 202);
  TlsClientOptions options;
  options.ca_file = WritePem("root.pem", cert.cert_pem);
  for (const std::string host : {"127.0.0.1", "localhost"}) {
    auto ch = TlsChannel::Connect(host, std::to_string(server.port()), options);
    ASSERT_TRUE(ch.ok()) << host << ": " << ch.status().ToString();
    const std::string reply =
        Exchange(**ch, "POST /in HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
    EXPECT_EQ(reply.substr(0, 13), "HTTP/1.1 202 ") << reply;
  }
  ASSERT_EQ(server.requests().size(), 2u);
  EXPECT_NE(server.requests()[0].find("\r\n\r\nhello"), std::string::npos);
}

TEST_F(TlsTest, RefusesUntrustedOrMisnamedEndpointsBeforeSendingAnything) {
  const TestCertificate cert = MakeSelfSignedCertificate({"localhost"}, {});
  TlsTestServer server(cert);
  const std::string port = std::to_string(server.port());

  // Not trusted: the system roots do not include a self-signed test certificate.
  auto untrusted = TlsChannel::Connect("localhost", port, {});
  ASSERT_FALSE(untrusted.ok());
  EXPECT_EQ(untrusted.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(untrusted.status().message().find("not trusted"), std::string::npos)
      << untrusted.status().ToString();

  // Trusted, but the certificate does not name the address dialled.
  TlsClientOptions options;
  options.ca_file = WritePem("root.pem", cert.cert_pem);
  auto misnamed = TlsChannel::Connect("127.0.0.1", port, options);
  ASSERT_FALSE(misnamed.ok());
  EXPECT_NE(misnamed.status().message().find("not trusted"), std::string::npos)
      << misnamed.status().ToString();

  // Another root entirely.
  options.ca_file = WritePem("other.pem", MakeSelfSignedCertificate({"localhost"}, {}).cert_pem);
  EXPECT_FALSE(TlsChannel::Connect("localhost", port, options).ok());
  EXPECT_TRUE(server.requests().empty());

  // Bad configuration and unreachable hosts.
  options.ca_file = (dir_ / "missing.pem").string();
  EXPECT_EQ(TlsChannel::Connect("localhost", port, options).status().code(),
            StatusCode::kInvalidArgument);
  options.ca_file.clear();
  auto closed = TlsChannel::Connect("127.0.0.1", "1", options);
  EXPECT_EQ(closed.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(closed.status().message().find("cannot connect"), std::string::npos);
}

// A peer that accepts the connection but never answers: the handshake gives up at the deadline.
TEST_F(TlsTest, ASilentPeerTimesOut) {
  const int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(listen(listener, 4), 0);
  ASSERT_EQ(getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  TlsClientOptions options;
  options.timeout = absl::Milliseconds(300);
  const auto start = std::chrono::steady_clock::now();
  auto ch = TlsChannel::Connect("127.0.0.1", std::to_string(ntohs(addr.sin_port)), options);
  EXPECT_EQ(ch.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(ch.status().message().find("handshake"), std::string::npos) << ch.status().ToString();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  close(listener);
}

}  // namespace
}  // namespace bourse::crypto
