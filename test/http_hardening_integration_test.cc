// The server as an attacker probes it, over raw sockets: ambiguous framing (request smuggling),
// missing Host, long targets, HEAD, slow and silent connections, and more connections than it
// may hold.
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/resource.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <thread>

#include "absl/strings/str_cat.h"
#include "test/raw_socket.h"
#include "test/test_server.h"

namespace bourse::testing {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

int Count(const std::string& haystack, const std::string& needle) {
  int n = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

std::string KindIn(const std::string& reply) {
  const size_t body = reply.find("\r\n\r\n");
  if (body == std::string::npos) return {};
  boost::system::error_code ec;
  auto v = json::parse(reply.substr(body + 4), ec);
  if (ec || !v.is_object() || !v.as_object().contains("kind")) return {};
  return std::string(v.as_object().at("kind").as_string());
}

// Waits until the peer closes `fd` (true) or `limit` passes (false); data is read and dropped.
bool ClosedWithin(int fd, std::chrono::milliseconds limit) {
  const auto deadline = Clock::now() + limit;
  char buf[4096];
  while (Clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    const int left = static_cast<int>(
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count());
    if (::poll(&p, 1, std::max(1, left)) <= 0) continue;
    const ssize_t n = ::recv(fd, buf, sizeof(buf), 0);
    if (n <= 0) return true;
  }
  return false;
}

void SendAll(int fd, const std::string& bytes) {
  ASSERT_EQ(::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL),
            static_cast<ssize_t>(bytes.size()));
}

std::string ReadReply(int fd) {
  timeval tv{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  std::string out;
  char buf[4096];
  while (out.find("\r\n\r\n") == std::string::npos) {
    const ssize_t n = ::recv(fd, buf, sizeof(buf), 0);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

// The status line of GET /healthz on a connection of its own.
std::string HealthStatusLine(uint16_t port) {
  return RawExchange(port, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
      .substr(0, 12);
}

struct FramingCase {
  std::string name;
  std::string request;
  std::string status_line;
  std::string kind;
};

TEST(HttpHardeningTest, AmbiguousFramingIsRefusedAndTheConnectionClosed) {
  auto server = TestServer::Start();
  ASSERT_NE(server, nullptr);
  // Each request carries a second one in what the server might take for its body: a server
  // that reads the body as the next request answers twice.
  const std::string smuggled = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  auto with_te = [&](const std::string& te) {
    return "POST /v1/organizations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + te +
           "\r\n" + smuggled;
  };
  const std::vector<FramingCase> cases = {
      {"xchunked", with_te("Transfer-Encoding: xchunked\r\n"), "HTTP/1.1 400", "bad-framing"},
      {"identity", with_te("Transfer-Encoding: identity\r\n"), "HTTP/1.1 400", "bad-framing"},
      {"gzip", with_te("Transfer-Encoding: gzip\r\n"), "HTTP/1.1 400", "bad-framing"},
      {"chunked, identity", with_te("Transfer-Encoding: chunked, identity\r\n"), "HTTP/1.1 400",
       "bad-framing"},
      {"gzip, chunked", with_te("Transfer-Encoding: gzip, chunked\r\n"), "HTTP/1.1 400",
       "bad-framing"},
      {"chunked twice",
       with_te("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n") + "0\r\n\r\n",
       "HTTP/1.1 400", "bad-framing"},
      {"TE and CL", with_te("Transfer-Encoding: chunked\r\nContent-Length: 5\r\n") + "0\r\n\r\n",
       "HTTP/1.1 400", "bad-framing"},
      {"no Host", "GET /healthz HTTP/1.1\r\n\r\n" + smuggled, "HTTP/1.1 400", "bad-framing"},
      {"two Hosts", "GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n" + smuggled,
       "HTTP/1.1 400", "bad-framing"},
      {"long target", "GET /healthz?" + std::string(16 << 10, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n",
       "HTTP/1.1 414", "uri-too-long"},
      {"target past 8 KiB",
       "GET /healthz?" + std::string(9 << 10, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n" + smuggled,
       "HTTP/1.1 414", "uri-too-long"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string reply = RawExchange(server->app().port(), c.request);
    EXPECT_EQ(reply.substr(0, c.status_line.size()), c.status_line) << reply.substr(0, 200);
    EXPECT_EQ(KindIn(reply), c.kind);
    EXPECT_EQ(Count(reply, "Server: bourse\r\n"), 1) << "one answer, and the connection closed";
    EXPECT_NE(reply.find("Connection: close"), std::string::npos);
  }
  // A well-framed chunked request is still read as one request.
  const std::string body = R"({"name":"x"})";
  const std::string chunked =
      "POST /v1/organizations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" +
      absl::StrCat(absl::Hex(body.size())) + "\r\n" + body + "\r\n0\r\n\r\n";
  const std::string reply = RawExchange(server->app().port(), chunked);
  EXPECT_EQ(reply.substr(0, 12), "HTTP/1.1 400") << reply.substr(0, 200);
  EXPECT_EQ(KindIn(reply), "missing-field");
  EXPECT_EQ(HealthStatusLine(server->app().port()), "HTTP/1.1 200");
}

TEST(HttpHardeningTest, HeadAnswersEveryGetRouteWithItsHeadersAndNoBody) {
  auto server = TestServer::Start();
  ASSERT_NE(server, nullptr);
  for (const std::string target : {"/healthz", "/v1/stats", "/openapi.json", "/log/checkpoint",
                                   "/v1/organizations/org_unknown"}) {
    SCOPED_TRACE(target);
    const std::string head = RawExchange(
        server->app().port(), "HEAD " + target + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                                  server->operator_token() + "\r\nConnection: close\r\n\r\n");
    auto get = server->Client(server->operator_token())->Raw("GET", target, "");
    ASSERT_TRUE(get.ok());
    EXPECT_EQ(head.substr(9, 3), std::to_string(get->status)) << head.substr(0, 200);
    const size_t end = head.find("\r\n\r\n");
    ASSERT_NE(end, std::string::npos);
    EXPECT_EQ(head.size(), end + 4) << "no body after the headers";
    EXPECT_NE(head.find("Content-Length: " + std::to_string(get->body.size()) + "\r\n"),
              std::string::npos)
        << head;
  }
  // HEAD is not allowed where GET is not.
  const std::string reply = RawExchange(
      server->app().port(), "HEAD /v1/sessions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(reply.substr(0, 12), "HTTP/1.1 405") << reply.substr(0, 200);
}

TEST(HttpHardeningTest, SilentAndSlowConnectionsAreDroppedAfterTheHeaderTimeout) {
  app::Config config;
  config.header_timeout_seconds = 1;
  config.idle_timeout_seconds = 60;
  auto server = TestServer::Start(config);
  ASSERT_NE(server, nullptr);
  const uint16_t port = server->app().port();

  // Silent: never sends a byte.
  int silent = ConnectTo(port);
  ASSERT_GE(silent, 0);
  auto start = Clock::now();
  EXPECT_TRUE(ClosedWithin(silent, std::chrono::milliseconds(3000)));
  EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(800));
  ::close(silent);

  // Slowloris: a header byte every 200 ms, never finishing.
  int slow = ConnectTo(port);
  ASSERT_GE(slow, 0);
  const std::string header = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: aaaaaaaaaaaaaaaaaaaaaaa";
  start = Clock::now();
  bool closed = false;
  for (size_t i = 0; i < header.size() && !closed; ++i) {
    if (::send(slow, &header[i], 1, MSG_NOSIGNAL) != 1) closed = true;
    closed = closed || ClosedWithin(slow, std::chrono::milliseconds(200));
  }
  EXPECT_TRUE(closed) << "still open after " << header.size() * 200 << " ms";
  EXPECT_LT(Clock::now() - start, std::chrono::milliseconds(3500));
  ::close(slow);

  // A body trickling in slower than the minimum rate is dropped too.
  int trickle = ConnectTo(port);
  ASSERT_GE(trickle, 0);
  SendAll(trickle,
          "POST /v1/organizations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          "Content-Length: 100\r\n\r\n{");
  EXPECT_TRUE(ClosedWithin(trickle, std::chrono::milliseconds(3000)));
  ::close(trickle);

  // A kept-alive connection that has been served waits idle_timeout, not header_timeout.
  int kept = ConnectTo(port);
  ASSERT_GE(kept, 0);
  SendAll(kept, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(ReadReply(kept).substr(0, 12), "HTTP/1.1 200");
  EXPECT_FALSE(ClosedWithin(kept, std::chrono::milliseconds(1800)));
  SendAll(kept, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(ReadReply(kept).substr(0, 12), "HTTP/1.1 200");
  ::close(kept);
}

TEST(HttpHardeningTest, ConnectionsPastTheLimitsAreRefusedOrTheOldestIdleDropped) {
  app::Config config;
  config.max_connections_per_address = 4;
  auto server = TestServer::Start(config);
  ASSERT_NE(server, nullptr);
  const uint16_t port = server->app().port();
  std::vector<int> held;
  for (int i = 0; i < 4; ++i) held.push_back(ConnectTo(port));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  int fifth = ConnectTo(port);
  ASSERT_GE(fifth, 0);
  const std::string refused = ReadReply(fifth);
  EXPECT_EQ(refused.substr(0, 12), "HTTP/1.1 503") << refused;
  EXPECT_EQ(KindIn(refused), "too-many-connections");
  EXPECT_NE(refused.find("Retry-After: 1"), std::string::npos);
  ::close(fifth);
  ::close(held.back());
  held.pop_back();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(HealthStatusLine(port), "HTTP/1.1 200") << "a freed place is usable again";
  for (int fd : held) ::close(fd);
  auto metrics = server->Client()->Raw("GET", "/metrics", "");
  EXPECT_NE(metrics->body.find("bourse_http_refused_connections_total 1"), std::string::npos);

  app::Config small;
  small.max_connections = 5;
  small.max_connections_per_address = 0;
  auto tight = TestServer::Start(small);
  ASSERT_NE(tight, nullptr);
  const uint16_t tight_port = tight->app().port();
  std::vector<int> idle;
  for (int i = 0; i < 5; ++i) {
    idle.push_back(ConnectTo(tight_port));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  // The sixth is served; the longest-idle connection (the first) makes room.
  EXPECT_EQ(HealthStatusLine(tight_port), "HTTP/1.1 200");
  EXPECT_TRUE(ClosedWithin(idle[0], std::chrono::milliseconds(1000)));
  EXPECT_FALSE(ClosedWithin(idle[4], std::chrono::milliseconds(100)));
  for (int fd : idle) ::close(fd);
}

TEST(HttpHardeningTest, TheDescriptorLimitCapsTheConnectionSetting) {
  app::Config config;
  config.max_connections = 10000000;
  auto server = TestServer::Start(config);
  ASSERT_NE(server, nullptr);
  rlimit lim{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &lim), 0);
  EXPECT_LE(server->app().max_connections(), lim.rlim_cur - 256);
  EXPECT_GE(server->app().max_connections(), 16u);
}

TEST(HttpHardeningTest, DuplicateMembersAndNulAreRefusedBeforeAnyWrite) {
  auto server = TestServer::Start();
  ASSERT_NE(server, nullptr);
  auto buyer = server->Approved("Buyer", {domain::Role::kBuyer});
  auto op = server->Client(server->operator_token());
  const std::string id = buyer.organization.id.value();
  const client::Headers h = {{"Content-Type", "application/json"}};
  auto dup = op->Raw("POST", "/v1/deposits",
                     R"({"organization_id":")" + id +
                         R"(","amount":1,"currency":"CNY","bank_reference":"B1","amount":500})",
                     h);
  ASSERT_TRUE(dup.ok());
  EXPECT_EQ(dup->status, 400) << dup->body;
  EXPECT_EQ(json::parse(dup->body).at("kind").as_string(), "duplicate-member");
  EXPECT_EQ(json::parse(dup->body).at("field").as_string(), "amount");
  auto nul = server->Client()->Raw(
      "POST", "/v1/organizations",
      R"({"name":"Acme\u0000Ltd","uscc":")" + server->NextUscc() +
          R"(","legal_form":"enterprise_legal_person","roles":["buyer"],"contact":{"name":"A","email":"a@b.cn"}})",
      h);
  ASSERT_TRUE(nul.ok());
  EXPECT_EQ(nul->status, 400) << nul->body;
  EXPECT_EQ(json::parse(nul->body).at("field").as_string(), "name");
  auto accounts = op->Raw("GET", "/v1/organizations/" + id + "/accounts", "");
  ASSERT_TRUE(accounts.ok());
  EXPECT_EQ(accounts->body.find("500"), std::string::npos) << accounts->body;
}

// scrypt at N=2^17 on the event loop would stall every request on the thread; on the workers it
// does not, and a flood of guesses from one address runs into 429 with Retry-After.
TEST(HttpHardeningTest, SignInNeitherBlocksTheEventLoopNorAllowsAFloodOfGuesses) {
  app::Config config;
  config.threads = 1;
  config.password_scrypt_log2_n = 17;
  config.sign_in_attempts_per_address_burst = 6;
  config.sign_in_attempts_per_address_per_minute = 1;
  auto server = TestServer::Start(config);
  ASSERT_NE(server, nullptr);
  auto op = server->Client(server->operator_token());
  const client::Headers h = {{"Content-Type", "application/json"}};
  auto set = op->Raw("PUT", "/v1/organizations/" + server->operator_id() + "/password",
                     R"({"password":"a long passphrase"})", h);
  ASSERT_TRUE(set.ok());
  ASSERT_EQ(set->status, 204) << set->body;
  const std::string guess =
      R"({"organization":")" + server->operator_id() + R"(","password":"not the passphrase"})";
  std::vector<std::thread> guessers;
  std::atomic<int> unauthenticated{0}, limited{0}, retry_after{0};
  for (int i = 0; i < 4; ++i) {
    guessers.emplace_back([&] {
      auto c = server->Client();
      for (int j = 0; j < 2; ++j) {
        auto r = c->Raw("POST", "/v1/sessions", guess, h);
        if (!r.ok()) continue;
        if (r->status == 401) ++unauthenticated;
        if (r->status == 429) {
          ++limited;
          if (!r->header("retry-after").empty()) ++retry_after;
        }
      }
    });
  }
  // While the hashes run, the one HTTP thread keeps answering.
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  auto c = server->Client();
  std::chrono::nanoseconds worst{0};
  for (int i = 0; i < 20; ++i) {
    const auto start = Clock::now();
    ASSERT_EQ(c->Raw("GET", "/healthz", "")->status, 200);
    worst = std::max(worst, Clock::now() - start);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  for (auto& t : guessers) t.join();
  EXPECT_LT(worst, std::chrono::milliseconds(150)) << "a health check waited behind scrypt";
  EXPECT_EQ(unauthenticated + limited, 8);
  EXPECT_EQ(unauthenticated.load(), 6) << "the address's burst";
  EXPECT_EQ(limited.load(), 2);
  EXPECT_EQ(retry_after.load(), 2);
  auto r = c->Raw("POST", "/v1/sessions", guess, h);
  EXPECT_EQ(r->status, 429);
  EXPECT_EQ(json::parse(r->body).at("type").as_string(), "urn:bourse:problem:too-many-requests");
}

// Finding 9: webhook URLs may not point at this machine or any non-public network.
TEST(WebhookForgeryTest, NonPublicWebhookTargetsAreRefusedAtRegistration) {
  auto server = TestServer::Start();
  ASSERT_NE(server, nullptr);
  auto bank = server->Approved("Bank", {domain::Role::kBuyer});
  auto c = server->Client(bank.token);
  const std::string port = std::to_string(server->app().port());
  for (const std::string url :
       {"http://127.0.0.1:" + port + "/healthz", "http://localhost:" + port + "/",
        std::string("http://169.254.169.254/latest/meta-data/"), std::string("http://10.0.0.1/"),
        std::string("http://[::1]:22/"), std::string("http://[fd00:ec2::254]/")}) {
    auto r = c->Raw("POST", "/v1/webhooks", R"({"url":")" + url + R"("})",
                    {{"Content-Type", "application/json"}});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, 422) << url << ": " << r->body;
    auto problem = boost::json::parse(r->body).as_object();
    EXPECT_EQ(problem["kind"].as_string(), "rule-violation") << url;
    EXPECT_EQ(problem["field"].as_string(), "url") << url;
  }
  auto list = c->Raw("GET", "/v1/webhooks", "");
  EXPECT_EQ(boost::json::parse(list->body).as_object()["items"].as_array().size(), 0u);

  app::Config on_premises;
  on_premises.webhook_allow_private = true;
  auto local = TestServer::Start(on_premises);
  ASSERT_NE(local, nullptr);
  auto owner = local->Approved("Bank", {domain::Role::kBuyer});
  auto ok = local->Client(owner.token)
                ->Raw("POST", "/v1/webhooks", R"({"url":"http://10.0.0.1/in"})",
                      {{"Content-Type", "application/json"}});
  EXPECT_EQ(ok->status, 201) << ok->body;
}

}  // namespace
}  // namespace bourse::testing
