// bench/trade: end-to-end trades per second through HTTP, durable (SQLite WAL, synchronous=FULL,
// so every acknowledged step is fsynced), against the demo market. One trade is what a buyer
// does: an instant purchase at the list price (declaration, contract, payment into escrow, in one
// request), the download of the contracted file, and acceptance (clearing and two trade
// certificates). In the same run: the raw SQLite transaction rate at the same durability — one
// connection, one single-row INSERT per transaction — as the storage ceiling.
//
//   trade_bench [--seconds N] [--clients 16,64] [--server-threads N] [--client-threads N]
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "app/data_dir.h"
#include "app/demo.h"
#include "app/exchange.h"
#include "base/strings.h"
#include "client/http_client.h"
#include "crypto/sha256.h"

namespace json = boost::json;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using namespace bourse;

namespace {

// User plus system CPU time of the whole process (server and clients), in seconds.
double ProcessCpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// CPU seconds of the calling thread.
double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// CPU seconds of the process's live threads, summed by thread name ("bourse-writer",
// "bourse-http", ...), from /proc/self/task/*/stat.
std::map<std::string, double> CpuByThreadName() {
  std::map<std::string, double> out;
  const double tick = static_cast<double>(sysconf(_SC_CLK_TCK));
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream in(task.path() / "stat");
    std::string line;
    if (!std::getline(in, line)) continue;
    const size_t open = line.find('('), close = line.rfind(')');
    if (open == std::string::npos || close == std::string::npos) continue;
    const std::string name = line.substr(open + 1, close - open - 1);
    // After the name: state, then fields 4.. ; utime and stime are fields 14 and 15.
    std::istringstream rest(line.substr(close + 2));
    std::string field;
    double utime = 0, stime = 0;
    for (int i = 3; i <= 15 && rest >> field; ++i) {
      if (i == 14) utime = std::stod(field);
      if (i == 15) stime = std::stod(field);
    }
    out[name] += (utime + stime) / tick;
  }
  return out;
}

using Steady = std::chrono::steady_clock;

struct Product {
  std::string id, scenario;
};

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

// How fast this host runs a fixed single-threaded job right now: SHA-256 over 1 MiB blocks for
// 0.2 s, in MB/s. On a shared VM the same binary's trade rate moves with this; printing it next
// to each round lets rounds taken at different moments be compared.
double HostSha256Rate() {
  const std::string block(1 << 20, 'x');
  int64_t bytes = 0;
  const auto start = Steady::now();
  while (Steady::now() - start < std::chrono::milliseconds(200)) {
    (void)crypto::Sha256(block);  // In another library: never elided.
    bytes += static_cast<int64_t>(block.size());
  }
  const double elapsed = std::chrono::duration<double>(Steady::now() - start).count();
  return static_cast<double>(bytes) / elapsed / 1e6;
}

// Single-row write transactions per second on one connection, WAL, synchronous=FULL.
double RawSqliteRate(const std::string& dir, double seconds) {
  sqlite3* db = nullptr;
  sqlite3_open((dir + "/raw.db").c_str(), &db);
  sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)", nullptr, nullptr, nullptr);
  sqlite3_stmt *begin, *insert, *commit;
  sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, nullptr);
  sqlite3_prepare_v2(db,
                     "INSERT INTO t (v) VALUES ('a trade of about one hundred bytes, "
                     "as a contract row would be, give or take the odd field')",
                     -1, &insert, nullptr);
  sqlite3_prepare_v2(db, "COMMIT", -1, &commit, nullptr);
  int64_t n = 0;
  const auto start = Steady::now();
  const auto end = start + std::chrono::duration<double>(seconds);
  while (Steady::now() < end) {
    for (sqlite3_stmt* s : {begin, insert, commit}) {
      sqlite3_step(s);
      sqlite3_reset(s);
    }
    ++n;
  }
  const double elapsed = std::chrono::duration<double>(Steady::now() - start).count();
  for (sqlite3_stmt* s : {begin, insert, commit}) sqlite3_finalize(s);
  sqlite3_close(db);
  return static_cast<double>(n) / elapsed;
}

// The load generator: every client is one keep-alive connection that makes trades one after
// another (purchase, download, acceptance), all connections driven by one event loop on one
// thread, as wrk drives its connections. A thread per blocking client would spend the machine's
// two cores on waking 128 threads, and every response would preempt the server to do it.
struct TradeTally {
  int64_t trades = 0, failures = 0, bytes_delivered = 0;
  std::vector<double> latencies;
  std::vector<std::array<double, 3>> steps;
};

class TradingClient : public std::enable_shared_from_this<TradingClient> {
 public:
  // Buys `products` in turn, starting at `first`.
  TradingClient(net::io_context& ioc, const tcp::endpoint& server, std::string token,
                const std::vector<Product>& products, size_t first, const std::atomic<bool>& stop,
                TradeTally& tally)
      : stream_(ioc),
        server_(server),
        token_(std::move(token)),
        products_(products),
        stop_(stop),
        tally_(tally),
        next_(first) {}

  void Start() {
    stream_.async_connect(server_, [self = shared_from_this()](beast::error_code ec) {
      if (ec) {
        ++self->tally_.failures;
        return;
      }
      self->stream_.socket().set_option(tcp::no_delay(true));
      self->Purchase();
    });
  }

 private:
  void Send(bhttp::verb verb, std::string target, std::string body, void (TradingClient::*then)()) {
    req_ = {};
    req_.method(verb);
    req_.target(target);
    req_.version(11);
    req_.set(bhttp::field::host, "127.0.0.1");
    req_.set(bhttp::field::authorization, "Bearer " + token_);
    if (!body.empty()) req_.set(bhttp::field::content_type, "application/json");
    req_.body() = std::move(body);
    req_.keep_alive(true);
    req_.prepare_payload();
    bhttp::async_write(stream_, req_,
                       [self = shared_from_this(), then](beast::error_code ec, size_t) {
                         if (ec) return self->Fail();
                         self->res_ = {};
                         self->parser_.emplace();
                         self->parser_->body_limit(64 << 20);
                         bhttp::async_read(self->stream_, self->buffer_, *self->parser_,
                                           [self, then](beast::error_code read_ec, size_t) {
                                             if (read_ec) return self->Fail();
                                             self->res_ = self->parser_->release();
                                             ((*self).*then)();
                                           });
                       });
  }

  void Purchase() {
    if (stop_.load(std::memory_order_relaxed)) return Close();
    const Product& p = products_[next_++ % products_.size()];
    t0_ = Steady::now();
    Send(bhttp::verb::post, "/v1/negotiations",
         StrCat(R"({"product_id":")", p.id, R"(","instant":true,"declaration":{)",
                R"("purpose":"credit scoring","scenario":")", p.scenario,
                R"(","manner_of_use":"internal","region":"CN-44"}})"),
         &TradingClient::Purchased);
  }

  void Purchased() {
    if (res_.result_int() != 201) return Failed();
    // The one field needed, found as wrk's scripts find theirs: a whole JSON parse of the
    // negotiation would cost the load generator, which shares the machine with the server, more
    // than the rest of its work on the answer.
    constexpr std::string_view kField = R"("contract_id":")";
    const std::string& body = res_.body();
    const size_t at = body.find(kField);
    const size_t end = at == std::string::npos ? at : body.find('"', at + kField.size());
    if (end == std::string::npos) return Failed();
    contract_ = body.substr(at + kField.size(), end - at - kField.size());
    t1_ = Steady::now();
    Send(bhttp::verb::get, "/v1/contracts/" + contract_ + "/data", "", &TradingClient::Downloaded);
  }

  void Downloaded() {
    t2_ = Steady::now();
    if (res_.result_int() != 200) return Failed();
    tally_.bytes_delivered += static_cast<int64_t>(res_.body().size());
    Send(bhttp::verb::post, "/v1/contracts/" + contract_ + "/actions", R"({"action":"accept"})",
         &TradingClient::Accepted);
  }

  void Accepted() {
    const auto t3 = Steady::now();
    if (res_.result_int() != 200) return Failed();
    auto ms = [](Steady::duration d) {
      return std::chrono::duration<double, std::milli>(d).count();
    };
    tally_.steps.push_back({ms(t1_ - t0_), ms(t2_ - t1_), ms(t3 - t2_)});
    tally_.latencies.push_back(ms(t3 - t0_));
    ++tally_.trades;
    Purchase();
  }

  // A refused step ends the trade; the client starts the next one on the same connection.
  void Failed() {
    ++tally_.failures;
    Purchase();
  }
  // A broken connection ends the client.
  void Fail() {
    ++tally_.failures;
    Close();
  }
  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
  }

  beast::tcp_stream stream_;
  tcp::endpoint server_;
  std::string token_;
  const std::vector<Product>& products_;
  const std::atomic<bool>& stop_;
  TradeTally& tally_;
  size_t next_ = 0;
  beast::flat_buffer buffer_;
  bhttp::request<bhttp::string_body> req_;
  std::optional<bhttp::response_parser<bhttp::string_body>> parser_;
  bhttp::response<bhttp::string_body> res_;
  std::string contract_;
  Steady::time_point t0_, t1_, t2_;
};

}  // namespace

int main(int argc, char** argv) {
  double seconds = 5;
  std::vector<int> client_counts = {16, 64};
  int server_threads = 0;  // One per core: handlers waiting for a commit suspend, not block.
  int client_threads = 1;  // Event-loop threads driving the clients.
  int rounds = 1;          // Rounds per client count; with several, the median is reported.
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--seconds" && i + 1 < argc) {
      seconds = std::stod(argv[++i]);
    } else if (a == "--clients" && i + 1 < argc) {
      client_counts.clear();
      std::string list = argv[++i];
      for (size_t at = 0; at <= list.size();) {
        const size_t comma = std::min(list.find(',', at), list.size());
        client_counts.push_back(std::stoi(list.substr(at, comma - at)));
        at = comma + 1;
      }
    } else if (a == "--server-threads" && i + 1 < argc) {
      server_threads = std::stoi(argv[++i]);
    } else if (a == "--client-threads" && i + 1 < argc) {
      client_threads = std::max(1, std::stoi(argv[++i]));
    } else if (a == "--rounds" && i + 1 < argc) {
      rounds = std::max(1, std::stoi(argv[++i]));
    } else {
      std::fprintf(stderr,
                   "usage: trade_bench [--seconds N] [--clients 16,64] "
                   "[--server-threads N] [--client-threads N] [--rounds N]\n");
      return 2;
    }
  }
  const std::string dir =
      (std::filesystem::temp_directory_path() / StrCat("bourse_trade_bench_", getpid())).string();
  std::filesystem::remove_all(dir);
  app::Config config;
  config.data_dir = dir;
  config.listen = "127.0.0.1:0";
  config.sqlite_synchronous = "full";
  config.access_log = false;
  config.threads = server_threads;
  auto init = app::InitDataDir(config);
  if (!init.ok()) {
    std::fprintf(stderr, "init: %s\n", init.status().ToString().c_str());
    return 1;
  }
  // The demo market, built on its own clock five weeks back, as `bourse demo` does.
  std::vector<app::DemoAccount> accounts;
  {
    auto clock = std::make_unique<FakeClock>(absl::Now() - absl::Hours(24 * 35));
    FakeClock* demo_clock = clock.get();
    auto ex = app::Exchange::Open(config, std::move(clock));
    auto op = (*ex)->tokens().Authenticate(init->operator_token);
    auto summary = app::BuildDemoMarket(**ex, *op, 20221115, nullptr, demo_clock);
    if (!summary.ok()) {
      std::fprintf(stderr, "demo: %s\n", summary.status().ToString().c_str());
      return 1;
    }
    accounts = summary->accounts;
  }
  auto logger =
      std::make_shared<spdlog::logger>("bench", std::make_shared<spdlog::sinks::null_sink_mt>());
  auto server = app::ServerApp::Start(config, logger);
  if (!server.ok()) {
    std::fprintf(stderr, "serve: %s\n", server.status().ToString().c_str());
    return 1;
  }
  const std::string url = (*server)->url();
  const tcp::endpoint server_endpoint(
      net::ip::make_address("127.0.0.1"),
      static_cast<uint16_t>(std::stoi(url.substr(url.rfind(':') + 1))));
  auto admin = *client::HttpClient::Create(url);
  auto call = [](client::HttpClient& c, const std::string& token, const std::string& method,
                 const std::string& target, const std::string& body) {
    client::Headers h{{"Authorization", "Bearer " + token}};
    if (!body.empty()) h.emplace_back("Content-Type", "application/json");
    return c.Send(method, target, body, h);
  };
  // Buyers with money at the exchange, and listed products delivered as files.
  struct Buyer {
    std::string id, token;
  };
  std::vector<Buyer> buyers;
  for (const auto& a : accounts)
    if (a.roles == "buyer" && a.status == "approved") buyers.push_back({a.id, a.token});
  for (const auto& b : buyers) {
    auto r = call(
        *admin, init->operator_token, "POST", "/v1/deposits",
        StrCat(R"({"organization_id":")", b.id,
               R"(","amount":900000000000000,"currency":"CNY","bank_reference":"B-)", b.id, "\"}"));
    if (!r.ok() || r->status != 201) {
      std::fprintf(stderr, "deposit failed\n");
      return 1;
    }
  }
  std::vector<Product> products;
  auto page = call(*admin, "", "GET", "/v1/products?delivery_mode=file&limit=100", "");
  if (!page.ok() || page->status != 200) {
    std::fprintf(stderr, "catalogue: %s\n", page.ok() ? page->body.c_str() : "unreachable");
    return 1;
  }
  const json::value catalogue = json::parse(page->body);
  for (const auto& item : catalogue.as_object().at("items").as_array()) {
    const auto& p = item.as_object();
    if (!p.contains("dataset")) continue;
    const auto& d = p.at("description").as_object();
    products.push_back({std::string(p.at("id").as_string()),
                        std::string(d.at("scenarios").as_array()[0].as_string())});
  }
  std::printf(
      "demo market: %zu buyers, %zu listed file products; server threads %d (0: one per "
      "core); client event loops %d; SQLite WAL synchronous=FULL\n",
      buyers.size(), products.size(), server_threads, client_threads);

  double best_median = 0;
  for (int clients : client_counts) {
    std::vector<double> rates;
    for (int round = 0; round < rounds; ++round) {
      std::atomic<bool> stop{false};
      std::vector<TradeTally> tallies(client_threads);
      std::vector<std::unique_ptr<net::io_context>> loops;
      for (int l = 0; l < client_threads; ++l)
        loops.push_back(std::make_unique<net::io_context>(1));
      for (int t = 0; t < clients; ++t) {
        const int l = t % client_threads;
        std::make_shared<TradingClient>(*loops[l], server_endpoint, buyers[t % buyers.size()].token,
                                        products, static_cast<size_t>(t) * 7919, stop, tallies[l])
            ->Start();
      }
      std::vector<std::thread> threads;
      const double host_before = HostSha256Rate();
      const auto start = Steady::now();
      const double cpu_start = ProcessCpuSeconds();
      const std::map<std::string, double> threads_start = CpuByThreadName();
      std::atomic<int64_t> client_cpu_us{0};
      for (int l = 0; l < client_threads; ++l) {
        threads.emplace_back([&, l] {
          loops[l]->run();  // Returns once every client has finished its last trade.
          client_cpu_us += static_cast<int64_t>(ThreadCpuSeconds() * 1e6);
        });
      }
      std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
      stop = true;
      for (auto& th : threads) th.join();
      const double elapsed = std::chrono::duration<double>(Steady::now() - start).count();
      const double cpu = ProcessCpuSeconds() - cpu_start;
      const double host_after = HostSha256Rate();
      int64_t trades = 0, failures = 0, bytes_delivered = 0;
      std::vector<double> all;
      std::array<std::vector<double>, 3> by_step;
      for (const auto& tally : tallies) {
        trades += tally.trades;
        failures += tally.failures;
        bytes_delivered += tally.bytes_delivered;
        all.insert(all.end(), tally.latencies.begin(), tally.latencies.end());
        for (const auto& st : tally.steps)
          for (int k = 0; k < 3; ++k) by_step[k].push_back(st[k]);
      }
      const double rate = static_cast<double>(trades) / elapsed;
      rates.push_back(rate);
      std::printf(
          "%3d clients: %7.0f trades/s (%lld trades, %lld failed), per trade p50 %.1f ms, "
          "p99 %.1f ms\n",
          clients, rate, static_cast<long long>(trades), static_cast<long long>(failures),
          Percentile(all, 0.5), Percentile(all, 0.99));
      std::printf(
          "             p50 per step: purchase %.1f ms, download %.1f ms (%.0f KiB a file), "
          "accept %.1f ms\n",
          Percentile(by_step[0], 0.5), Percentile(by_step[1], 0.5),
          trades > 0 ? static_cast<double>(bytes_delivered) / 1024.0 / static_cast<double>(trades)
                     : 0.0,
          Percentile(by_step[2], 0.5));
      // CPU is steadier than wall time on a shared VM: it shows what a trade costs, clients and
      // server together, whatever else the host was doing.
      std::printf("             CPU: %.2f of %u cores busy, %.2f ms per trade (clients included)\n",
                  cpu / elapsed, std::thread::hardware_concurrency(),
                  trades > 0 ? cpu * 1000.0 / static_cast<double>(trades) : 0.0);
      if (trades > 0) {
        // Where the CPU went, per trade: the load generator's threads and the server's, by name.
        const std::map<std::string, double> threads_end = CpuByThreadName();
        const double per = 1000.0 / static_cast<double>(trades);
        std::printf("             CPU per trade: clients %.2f ms", client_cpu_us * 1e-6 * per);
        double named = client_cpu_us * 1e-6;
        for (const auto& [name, end] : threads_end) {
          auto it = threads_start.find(name);
          const double used = end - (it == threads_start.end() ? 0.0 : it->second);
          if (name.rfind("bourse-", 0) != 0 || used * per < 0.005) continue;
          named += used;
          std::printf(", %s %.2f", name.substr(7).c_str(), used * per);
        }
        std::printf(", other %.2f\n", std::max(0.0, cpu - named) * per);
      }
      std::printf("             host: SHA-256 on one thread %.0f MB/s before, %.0f after\n",
                  host_before, host_after);
      std::fflush(stdout);
    }
    const double median = Percentile(rates, 0.5);
    best_median = std::max(best_median, median);
    if (rounds > 1)
      std::printf("%3d clients: median of %d rounds %.0f trades/s\n", clients, rounds, median);
  }
  (*server)->Shutdown();
  server->reset();
  std::vector<double> raws;
  for (int round = 0; round < rounds; ++round) raws.push_back(RawSqliteRate(dir, 3));
  const double raw = Percentile(raws, 0.5);
  std::printf("raw SQLite, one connection, WAL synchronous=FULL: %.0f transactions/s%s\n", raw,
              rounds > 1 ? StrCat(" (median of ", rounds, ")").c_str() : "");
  std::printf("best trades/s %.0f = %.2f of the raw rate\n", best_median, best_median / raw);
  std::printf("goal: >= 1,000 trades/s and >= a quarter of the raw rate (%.0f)\n", raw / 4);
  std::filesystem::remove_all(dir);
  return 0;
}
