// bench/log: the transparency log under load, on a real data directory (SQLite, synchronous=FULL).
//
//   durable appends/s   threads each commit Store::Write { TransparencyLog::Append } — the call
//                       every use case makes — while the background integrator runs
//   commit→checkpoint   for appends sampled during that load: time from the commit returning to
//                       a published checkpoint covering it (median and max)
//   integration rate    entries/s the integrator hashes, tiles and checkpoints when catching up
//   proofs/s            inclusion proofs for random entries against the latest checkpoint
//   openssl speed       SHA-256 in the same run: the hashing limit
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <thread>

#include "app/data_dir.h"
#include "app/exchange.h"

using namespace bourse;
using Steady = std::chrono::steady_clock;

namespace {

log::Event MakeEvent(int64_t n) {
  log::Event e;
  e.type = "bench.append";
  e.time = absl::Now();
  e.subjects["thing"] = "thing_" + std::to_string(n);
  e.fields["n"] = n;
  return e;
}

double Seconds(Steady::duration d) { return std::chrono::duration<double>(d).count(); }

std::string OpensslSha256() {
  FILE* p = popen("openssl speed -seconds 2 -evp sha256 2>/dev/null | tail -1", "r");
  if (p == nullptr) return "unavailable";
  char buf[512] = {0};
  std::string out;
  while (fgets(buf, sizeof(buf), p)) out += buf;
  pclose(p);
  // "sha256  a b c d e f" in kB/s for 16 .. 16384-byte blocks.
  std::vector<std::string> cols;
  size_t i = 0;
  while (i < out.size()) {
    while (i < out.size() && std::isspace(static_cast<unsigned char>(out[i]))) ++i;
    size_t j = i;
    while (j < out.size() && !std::isspace(static_cast<unsigned char>(out[j]))) ++j;
    if (j > i) cols.push_back(out.substr(i, j - i));
    i = j;
  }
  if (cols.size() < 7) return "unavailable";
  auto rate = [&](const std::string& c) { return std::stod(c.substr(0, c.find('k'))) * 1000; };
  return fmt::format(
      "{:.0f} MB/s for 64-byte inputs, {:.2f} GB/s for 16 KiB ({:.2f} M node hashes/s at 65 B)",
      rate(cols[2]) / 1e6, rate(cols[6]) / 1e9, rate(cols[2]) / 65 / 1e6);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> writer_counts = {32, 64, 128, 256};
  double seconds = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--threads") writer_counts = {std::stoi(argv[i + 1])};
    if (flag == "--seconds") seconds = std::stod(argv[i + 1]);
  }
  std::string dir =
      (std::filesystem::temp_directory_path() / ("bourse_log_bench_" + std::to_string(getpid())))
          .string();
  std::filesystem::remove_all(dir);
  app::Config config;
  config.data_dir = dir;
  config.sqlite_synchronous = "full";
  if (auto init = app::InitDataDir(config); !init.ok()) {
    fmt::print(stderr, "init: {}\n", init.status().ToString());
    return 1;
  }
  auto ex = app::Exchange::Open(config);
  if (!ex.ok()) return 1;
  store::Store& store = (*ex)->store();
  log::TransparencyLog& tlog = (*ex)->log();

  // 1. Durable appends with the integrator running, and commit→checkpoint delays, for each
  //    number of concurrent writers (group commit batches more as writers grow).
  struct AppendRun {
    int writers;
    double per_second;
    int64_t committed, failed;
    std::vector<double> delays;
  };
  std::vector<AppendRun> runs;
  for (int threads : writer_counts) {
    tlog.Start();
    std::atomic<bool> stop{false};
    std::atomic<int64_t> appended{0}, failed{0};
    std::vector<std::thread> workers;
    auto start = Steady::now();
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back([&] {
        while (!stop.load(std::memory_order_relaxed)) {
          int64_t n = appended.load(std::memory_order_relaxed);
          Status st = store.Write(
              [&](store::Transaction& tx) { return tlog.Append(tx, MakeEvent(n)).status(); });
          (st.ok() ? appended : failed).fetch_add(1, std::memory_order_relaxed);
        }
      });
    }
    std::vector<double> delays;
    std::thread sampler([&] {
      while (!stop.load()) {
        int64_t index = -1;
        (void)store.Write([&](store::Transaction& tx) {
          auto i = tlog.Append(tx, MakeEvent(-1));
          if (i.ok()) index = *i;
          return i.status();
        });
        auto committed = Steady::now();
        while (!stop.load()) {
          auto cp = tlog.LatestCheckpoint();
          if (cp.ok() && cp->size > index) {
            delays.push_back(Seconds(Steady::now() - committed));
            break;
          }
          std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    });
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    stop = true;
    for (auto& w : workers) w.join();
    sampler.join();
    const double append_secs = Seconds(Steady::now() - start);
    tlog.Stop();
    std::sort(delays.begin(), delays.end());
    const double appends_per_s = appended.load() / append_secs;

    runs.push_back({threads, appends_per_s, appended.load(), failed.load(), delays});
  }

  // 2. Integration rate: 200,000 more entries committed in bulk, then integrated from scratch.
  const int64_t bulk = 200000;
  for (int64_t done = 0; done < bulk;) {
    (void)store.Write([&](store::Transaction& tx) -> Status {
      for (int k = 0; k < 10000; ++k, ++done) {
        if (auto st = tlog.Append(tx, MakeEvent(done)).status(); !st.ok()) return st;
      }
      return OkStatus();
    });
  }
  auto before = *tlog.LatestCheckpoint();
  auto integrate_start = Steady::now();
  int64_t size = before.size;
  while (true) {
    auto cp = tlog.Integrate();
    if (!cp.ok() || cp->size == size) break;
    size = cp->size;
  }
  const double integrate_secs = Seconds(Steady::now() - integrate_start);
  const double integrated_per_s = (size - before.size) / integrate_secs;

  // 3. Inclusion proofs against the latest checkpoint.
  std::atomic<int64_t> proofs{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> workers;
  auto start = Steady::now();
  for (int t = 0; t < 2; ++t) {
    workers.emplace_back([&, t] {
      std::mt19937_64 rng(t);
      while (!stop.load(std::memory_order_relaxed)) {
        auto p = tlog.InclusionProof(static_cast<int64_t>(rng() % size), size);
        if (p.ok()) proofs.fetch_add(1, std::memory_order_relaxed);
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& w : workers) w.join();
  const double proofs_per_s = proofs.load() / Seconds(Steady::now() - start);

  const std::string openssl = OpensslSha256();
  fmt::print("bench/log on {} cores, SQLite WAL synchronous=FULL, {:.0f} s per phase\n",
             std::thread::hardware_concurrency(), seconds);
  for (const auto& r : runs) {
    fmt::print(
        "  durable appends, {:>3} writers {:>8.0f} /s   ({} committed, {} failed)   goal >= "
        "20,000\n",
        r.writers, r.per_second, r.committed, r.failed);
    if (!r.delays.empty()) {
      fmt::print(
          "    commit -> checkpoint       median {:.0f} ms, max {:.0f} ms over {} samples   goal "
          "<= 1,000 ms\n",
          r.delays[r.delays.size() / 2] * 1e3, r.delays.back() * 1e3, r.delays.size());
    }
  }
  fmt::print("  integration                {:>10.0f} entries/s (tree of {} entries)\n",
             integrated_per_s, size);
  fmt::print("  inclusion proofs           {:>10.0f} /s   goal >= 20,000\n", proofs_per_s);
  fmt::print("  openssl speed sha256       {}\n", openssl);
  std::filesystem::remove_all(dir);
  return 0;
}
