// The server as a whole: the OpenAPI document and the router agree; operations endpoints;
// request ids; idempotency; a thousand idle keep-alive connections do not slow anyone down.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "app/exchange.h"
#include "test/raw_socket.h"
#include "test/test_server.h"

namespace bourse::testing {
namespace {

namespace json = boost::json;

TEST(ServerTest, OpenApiDocumentAndRouterAgree) {
  auto server = TestServer::Start();
  ASSERT_NE(server, nullptr);
  auto reply = server->Client()->Raw("GET", "/openapi.json", "");
  ASSERT_EQ(reply->status, 200);
  auto doc = json::parse(reply->body).as_object();
  EXPECT_EQ(doc["openapi"].as_string(), "3.1.0");
  std::set<std::string> documented, routed;
  for (const auto& [path, item] : doc["paths"].as_object()) {
    for (const auto& [method, op] : item.as_object()) {
      std::string m(method);
      for (auto& c : m) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      documented.insert(m + " " + std::string(path));
    }
  }
  for (auto [method, pattern, act] : server->app().router().Routes()) {
    // OpenAPI has no multi-segment parameter: "{path...}" is documented as "{path}".
    if (auto dots = pattern.find("...}"); dots != std::string::npos) pattern.erase(dots, 3);
    routed.insert(method + " " + pattern);
  }
  EXPECT_EQ(documented, routed);
  // The file generated at build time is the one served.
  std::ifstream file(BOURSE_OPENAPI_JSON);
  std::stringstream ss;
  ss << file.rdbuf();
  EXPECT_EQ(ss.str(), reply->body);
}

TEST(ServerTest, OperationsEndpointsAndRequestIds) {
  auto server = TestServer::Start();
  ASSERT_NE(server, nullptr);
  auto c = server->Client();
  EXPECT_EQ(c->Raw("GET", "/healthz", "")->body, "ok\n");
  EXPECT_EQ(c->Raw("GET", "/readyz", "")->status, 200);
  auto mine = c->Raw("GET", "/healthz", "", {{"X-Request-Id", "trace-42"}});
  EXPECT_EQ(mine->header("x-request-id"), "trace-42");
  auto generated = c->Raw("GET", "/healthz", "", {{"X-Request-Id", "bad id with spaces"}});
  EXPECT_FALSE(generated->header("x-request-id").empty());
  EXPECT_NE(generated->header("x-request-id"), "bad id with spaces");
  (void)c->Raw("GET", "/v1/organizations", "");
  auto metrics = c->Raw("GET", "/metrics", "")->body;
  EXPECT_NE(
      metrics.find(R"(bourse_http_requests_total{route="/healthz",method="GET",status="200"} 3)"),
      std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find(R"(route="/v1/organizations",method="GET",status="401")"),
            std::string::npos);
  EXPECT_NE(metrics.find("bourse_http_request_duration_seconds_bucket"), std::string::npos);
}

TEST(ServerTest, IdempotencyKeyReplaysWithoutTheSecretAndRefusesReuse) {
  auto server = TestServer::Start();
  ASSERT_NE(server, nullptr);
  auto c = server->Client();
  std::string body =
      R"({"name":"Once","uscc":"91110000600037341L","legal_form":"enterprise_legal_person",
      "roles":["buyer"],"contact":{"name":"a","email":"a@b.cn"}})";
  auto first = c->Raw("POST", "/v1/organizations", body, {{"Idempotency-Key", "k-1"}});
  auto second = c->Raw("POST", "/v1/organizations", body, {{"Idempotency-Key", "k-1"}});
  ASSERT_EQ(first->status, 201);
  ASSERT_EQ(second->status, 201);
  EXPECT_EQ(second->header("idempotent-replayed"), "true");
  auto applied = json::parse(first->body).as_object();
  auto replayed = json::parse(second->body).as_object();
  EXPECT_EQ(applied["id"], replayed["id"]);
  // Whoever replays the key and body learns the application's id, never its working token.
  ASSERT_TRUE(applied.contains("token"));
  EXPECT_FALSE(replayed.contains("token"));
  EXPECT_EQ(json::serialize(replayed["secrets_withheld"]), R"(["token"])");
  auto stats = c->Stats();
  EXPECT_EQ(stats->as_object().at("organizations").as_object().at("total").as_int64(), 3)
      << "applied once";
  // Anonymous keys are scoped by the request: another body under the same key is another
  // request (here refused on its own merits), not a replay and not a conflict.
  auto other = c->Raw("POST", "/v1/organizations", R"({"name":1})", {{"Idempotency-Key", "k-1"}});
  EXPECT_EQ(other->status, 400);
  EXPECT_EQ(other->header("idempotent-replayed"), "");

  // An authenticated caller's keys are its own: reuse with another body is refused.
  auto owner = server->Approved("Owner", {domain::Role::kBuyer});
  auto oc = server->Client(owner.token);
  auto created = oc->Raw("POST", "/v1/tokens", R"({"name":"ci"})", {{"Idempotency-Key", "t-1"}});
  ASSERT_EQ(created->status, 201) << created->body;
  EXPECT_TRUE(json::parse(created->body).as_object().contains("token"));
  auto again = oc->Raw("POST", "/v1/tokens", R"({"name":"ci"})", {{"Idempotency-Key", "t-1"}});
  ASSERT_EQ(again->status, 201);
  EXPECT_EQ(again->header("idempotent-replayed"), "true");
  EXPECT_FALSE(json::parse(again->body).as_object().contains("token"));
  auto reuse = oc->Raw("POST", "/v1/tokens", R"({"name":"cd"})", {{"Idempotency-Key", "t-1"}});
  EXPECT_EQ(reuse->status, 409);
  EXPECT_EQ(json::parse(reuse->body).as_object()["kind"].as_string(), "idempotency-key-reuse");
  auto bad_key =
      c->Raw("POST", "/v1/organizations", body, {{"Idempotency-Key", std::string(300, 'k')}});
  EXPECT_EQ(bad_key->status, 400);
}

TEST(ServerTest, NoSecretIsStoredInAnIdempotencyRecord) {
  auto server = TestServer::Start();
  ASSERT_NE(server, nullptr);
  auto owner = server->Approved("Owner", {domain::Role::kBuyer});
  auto oc = server->Client(owner.token);
  auto token = oc->Raw("POST", "/v1/tokens", R"({"name":"ci"})", {{"Idempotency-Key", "t"}});
  ASSERT_EQ(token->status, 201) << token->body;
  const std::string api_token(json::parse(token->body).as_object()["token"].as_string());
  // Every byte the database holds, including its write-ahead log.
  std::string bytes;
  const std::string data_dir = server->app().exchange().config().data_dir;
  for (const auto& entry : std::filesystem::directory_iterator(data_dir)) {
    if (entry.path().filename().string().rfind("bourse.db", 0) != 0) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    bytes.append(std::istreambuf_iterator<char>(in), {});
  }
  ASSERT_FALSE(bytes.empty());
  EXPECT_EQ(bytes.find(api_token), std::string::npos);
}

TEST(ServerTest, ConcurrentRequestsWithOneKeyRunOnce) {
  auto server = TestServer::Start();
  ASSERT_NE(server, nullptr);
  std::string body =
      R"({"name":"Once","uscc":"91110000600037341L","legal_form":"enterprise_legal_person",
      "roles":["buyer"],"contact":{"name":"a","email":"a@b.cn"}})";
  std::vector<std::thread> threads;
  std::atomic<int> created{0}, replayed{0}, in_progress{0}, other{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      auto c = server->Client();
      auto r = c->Raw("POST", "/v1/organizations", body,
                      {{"Idempotency-Key", "shared"}, {"Content-Type", "application/json"}});
      if (!r.ok()) return ++other, void();
      if (r->status == 201 && r->header("idempotent-replayed").empty())
        ++created;
      else if (r->status == 201)
        ++replayed;
      else if (r->status == 409 && r->body.find("idempotency-key-in-progress") != std::string::npos)
        ++in_progress;
      else
        ++other;
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(created.load(), 1) << "exactly one request ran";
  EXPECT_EQ(replayed.load() + in_progress.load(), 7);
  EXPECT_EQ(other.load(), 0);
  auto stats = server->Client()->Stats();
  EXPECT_EQ(stats->as_object().at("organizations").as_object().at("total").as_int64(), 3);
}

TEST(ServerTest, AFailedRequestReleasesItsKey) {
  auto server = TestServer::Start();
  ASSERT_NE(server, nullptr);
  auto c = server->Client();
  std::string bad =
      R"({"name":"Fix me","uscc":"91110000600037341M","legal_form":"enterprise_legal_person",
      "roles":["buyer"],"contact":{"name":"a","email":"a@b.cn"}})";
  std::string good = bad;
  good.replace(good.find("341M"), 4, "341L");
  client::Headers h = {{"Idempotency-Key", "k-fix"}, {"Content-Type", "application/json"}};
  EXPECT_EQ(c->Raw("POST", "/v1/organizations", bad, h)->status, 400);
  EXPECT_EQ(c->Raw("POST", "/v1/organizations", good, h)->status, 201)
      << "the corrected request may use the key";
  EXPECT_EQ(c->Raw("POST", "/v1/organizations", good, h)->header("idempotent-replayed"), "true");
}

TEST(ServerTest, AThousandIdleConnectionsDoNotSlowOthersDown) {
  rlimit lim{};
  getrlimit(RLIMIT_NOFILE, &lim);
  lim.rlim_cur = lim.rlim_max;
  setrlimit(RLIMIT_NOFILE, &lim);
  if (lim.rlim_cur < 2200) GTEST_SKIP() << "open-file limit too low: " << lim.rlim_cur;
  app::Config config;
  config.max_connections_per_address = 0;  // All of them come from 127.0.0.1.
  auto server = TestServer::Start(config);
  ASSERT_NE(server, nullptr);
  auto buyer = server->Approved("Buyer", {domain::Role::kBuyer});
  std::vector<int> idle;
  for (int i = 0; i < 1000; ++i) {
    int fd = ConnectTo(server->app().port());
    ASSERT_GE(fd, 0) << "connection " << i;
    idle.push_back(fd);
  }
  auto c = server->Client(buyer.token);
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(c->GetOrganization(buyer.organization.id.value()).ok());
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(elapsed, std::chrono::seconds(2)) << "50 requests beside 1000 idle connections";
  auto metrics = c->Raw("GET", "/metrics", "")->body;
  EXPECT_NE(metrics.find("bourse_http_open_connections 10"), std::string::npos);
  for (int fd : idle) ::close(fd);
}

}  // namespace
}  // namespace bourse::testing
