#include "app/webhook_poster.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <thread>

#include "base/errors.h"

namespace bourse::app {
namespace {

// Answers 204 to every request on 127.0.0.1 and keeps the last request's head.
class LoopbackReceiver {
 public:
  LoopbackReceiver() {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    listen(fd_, 8);
    socklen_t len = sizeof a;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] {
      while (!stop_) {
        pollfd p{fd_, POLLIN, 0};
        if (poll(&p, 1, 50) != 1) continue;
        int c = accept(fd_, nullptr, nullptr);
        if (c < 0) continue;
        ++connections_;
        std::string head;
        char buf[4096];
        while (head.find("\r\n\r\n") == std::string::npos) {
          ssize_t n = read(c, buf, sizeof buf);
          if (n <= 0) break;
          head.append(buf, n);
        }
        last_ = head;
        const char reply[] = "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n";
        (void)!write(c, reply, sizeof reply - 1);
        close(c);
      }
    });
  }
  ~LoopbackReceiver() {
    stop_ = true;
    thread_.join();
    close(fd_);
  }
  int port() const { return port_; }
  int connections() const { return connections_; }
  std::string last() const { return last_; }

 private:
  int fd_ = -1, port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::string last_;
  std::thread thread_;
};

TEST(WebhookEndpointTest, RegistrationRefusesEveryNonPublicAddress) {
  for (const char* url :
       {"http://127.0.0.1:9/in", "https://127.0.0.1/in", "http://localhost:8080/in",
        "http://10.0.0.1/", "http://172.16.5.5/", "http://192.168.1.1/admin",
        "http://169.254.169.254/latest/meta-data/", "http://100.64.0.1/", "http://224.0.0.1/",
        "http://0.0.0.0:8080/", "http://[::1]:8080/", "http://[fd00::1]/", "http://[fe80::1]/",
        "http://[::ffff:127.0.0.1]/", "http://[::]/"}) {
    Status st = CheckWebhookEndpoint(url, false);
    EXPECT_EQ(errors::KindOf(st), errors::kRuleViolation) << url << ": " << st.ToString();
    EXPECT_EQ(errors::FieldOf(st), "url") << url;
  }
  Status st = CheckWebhookEndpoint("http://169.254.169.254/", false);
  EXPECT_NE(st.message().find("cloud metadata"), std::string::npos) << st.ToString();
  EXPECT_EQ(errors::FieldOf(CheckWebhookEndpoint("http://no-such-host.invalid/", false)), "url");
  EXPECT_TRUE(CheckWebhookEndpoint("http://127.0.0.1:9/in", true).ok()) << "on-premises setting";
}

TEST(WebhookEndpointTest, DeliveryChecksTheAddressAgainAndNeverConnectsToAPrivateOne) {
  LoopbackReceiver receiver;
  const std::string url = "http://127.0.0.1:" + std::to_string(receiver.port()) + "/in";
  // A webhook that was registered, and whose host now resolves to this machine.
  auto refused = PostWebhook(url, "{}", {}, {}, false);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("loopback"), std::string::npos)
      << refused.status().ToString();
  auto by_name = PostWebhook("http://localhost:" + std::to_string(receiver.port()) + "/in", "{}",
                             {}, {}, false);
  EXPECT_FALSE(by_name.ok());
  EXPECT_EQ(receiver.connections(), 0) << "not even a connection was opened";
}

TEST(WebhookEndpointTest, TheConnectionGoesToTheResolvedAddressUnderTheOriginalHost) {
  LoopbackReceiver receiver;
  const std::string authority = "localhost:" + std::to_string(receiver.port());
  auto posted = PostWebhook("http://" + authority + "/in", "{}", {}, {}, true);
  ASSERT_TRUE(posted.ok()) << posted.status().ToString();
  EXPECT_EQ(*posted, 204);
  EXPECT_EQ(receiver.connections(), 1);
  EXPECT_NE(receiver.last().find("Host: " + authority + "\r\n"), std::string::npos)
      << receiver.last();
  auto resolved = ResolveOutbound("localhost", "80", true);
  ASSERT_TRUE(resolved.ok());
  for (const auto& a : *resolved) EXPECT_TRUE(a == "127.0.0.1" || a == "::1") << a;
}

}  // namespace
}  // namespace bourse::app
