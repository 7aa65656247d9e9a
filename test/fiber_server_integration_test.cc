// The HTTP server with a real dispatcher and two routes of the test's own: a request waiting for
// another thread (as a write waits for its group commit) must not hold the server's only thread.
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <future>
#include <thread>

#include "base/clock.h"
#include "base/completion.h"
#include "base/random.h"
#include "base/strings.h"
#include "client/http_client.h"
#include "gtest/gtest.h"
#include "http/dispatcher.h"
#include "http/router.h"
#include "http/server.h"
#include "service/idempotency_service.h"
#include "service/token_service.h"
#include "store/sqlite/sqlite_store.h"

namespace bourse::http {
namespace {

using namespace std::chrono_literals;

TEST(HttpServer, AWaitingRequestLeavesItsThreadToOthers) {
  const std::string dir =
      (std::filesystem::temp_directory_path() / StrCat("bourse_server_test_", getpid())).string();
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto store = store::sqlite::OpenSqliteStore({dir + "/test.db"});
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  SystemClock clock;
  SeededRandom random(1);
  service::TokenService tokens(**store, clock, random);
  service::IdempotencyService idempotency(**store, clock);
  Metrics metrics;
  auto logger =
      std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::null_sink_mt>());

  Completion commit;
  std::atomic<bool> waiting{false};
  Router router;
  router.Add("POST", "/slow", domain::Act::kPublic, [&](RequestContext&) {
    waiting = true;
    commit.Wait();  // As Store::Write waits for the writer.
    Response r;
    r.body = R"({"slow":true})";
    return r;
  });
  router.Add("GET", "/fast", domain::Act::kPublic, [&](RequestContext&) {
    Response r;
    r.body = R"({"fast":true})";
    return r;
  });
  Dispatcher dispatcher(router, tokens, idempotency, metrics, logger, {});
  ServerOptions options;
  options.port = 0;
  options.threads = 1;  // One event-loop thread: a blocked handler would stop everything.
  HttpServer server(options, dispatcher, metrics, logger);
  auto port = server.Listen();
  ASSERT_TRUE(port.ok());
  server.Serve();
  const std::string url = StrCat("http://127.0.0.1:", *port);

  auto slow = std::async(std::launch::async, [&] {
    auto c = *client::HttpClient::Create(url);
    return c->Send("POST", "/slow", "{}", {{"Content-Type", "application/json"}});
  });
  for (int i = 0; !waiting.load() && i < 500; ++i) std::this_thread::sleep_for(10ms);
  ASSERT_TRUE(waiting.load());

  auto fast = std::async(std::launch::async, [&] {
    auto c = *client::HttpClient::Create(url);
    return c->Send("GET", "/fast", "", {});
  });
  const bool answered = fast.wait_for(10s) == std::future_status::ready;
  EXPECT_TRUE(answered) << "the waiting request held the server's only thread";
  commit.Signal();  // Either way, let the slow request finish.
  auto fast_reply = fast.get();
  ASSERT_TRUE(fast_reply.ok());
  EXPECT_EQ(fast_reply->status, 200);
  EXPECT_EQ(fast_reply->body, R"({"fast":true})");
  auto slow_reply = slow.get();
  ASSERT_TRUE(slow_reply.ok());
  EXPECT_EQ(slow_reply->status, 200);
  EXPECT_EQ(slow_reply->body, R"({"slow":true})");
  // Counted until the server's write completes, which may be just after the client has read.
  for (int i = 0; server.in_flight() != 0 && i < 100; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(server.in_flight(), 0);
  server.Shutdown(absl::Seconds(1));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace bourse::http
