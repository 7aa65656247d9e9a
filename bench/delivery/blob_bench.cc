// Download throughput of a dataset encrypted at rest against the same dataset in plaintext, in the
// same run, medians of five rounds: a download as the server makes one (ByteSource::ReadAt 64 KiB
// at a time, as http/server.cc streams it, each piece written to a loopback TCP connection that
// a client thread drains), and the read path alone (whole file; 1 MiB ranges at random offsets).
// Goal: encrypted downloads at least 0.8x plaintext. Also the rate of sealing on upload.
#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>
#include <vector>

#include "base/read_ahead.h"
#include "crypto/data_keys.h"
#include "crypto/secure_random.h"

namespace {

using bourse::ByteSource;
using Clock = std::chrono::steady_clock;

double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double Seconds(Clock::time_point a) {
  return std::chrono::duration<double>(Clock::now() - a).count();
}

// Reads [offset, offset + n) in 64 KiB pieces; returns a checksum of every 4096th byte of the
// file, which is the same whatever pieces a reader returns, so readers can be checked against
// each other (and nothing is optimised away).
uint64_t Stream(ByteSource& src, int64_t offset, int64_t n) {
  static std::vector<char> buf(64 * 1024);
  uint64_t sum = 0;
  src.WillRead(offset, n);
  for (int64_t done = 0; done < n;) {
    auto got = src.ReadAt(offset + done, buf.data(),
                          static_cast<size_t>(std::min<int64_t>(buf.size(), n - done)));
    if (!got.ok() || *got == 0) {
      fmt::print(stderr, "read failed\n");
      std::exit(1);
    }
    const int64_t at = offset + done;
    for (int64_t p = (at + 4095) / 4096 * 4096; p < at + static_cast<int64_t>(*got); p += 4096)
      sum = sum * 31 + static_cast<unsigned char>(buf[static_cast<size_t>(p - at)]);
    done += static_cast<int64_t>(*got);
  }
  return sum;
}

// Streams [0, n) to a loopback TCP connection that another thread drains; returns MB/s.
// A client that copies what it receives (as curl does) or, `discard`, one whose kernel drops it
// (MSG_TRUNC): the nearest a loopback client comes to a remote one, which costs the server's
// cores nothing.
double Download(ByteSource& src, int64_t n, bool discard) {
  int listener = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(listener, reinterpret_cast<sockaddr*>(&a), sizeof a);
  listen(listener, 1);
  socklen_t len = sizeof a;
  getsockname(listener, reinterpret_cast<sockaddr*>(&a), &len);
  int client = socket(AF_INET, SOCK_STREAM, 0);
  connect(client, reinterpret_cast<sockaddr*>(&a), sizeof a);
  int server = accept(listener, nullptr, nullptr);
  std::thread drain([client, n, discard] {
    std::vector<char> buf(256 * 1024);
    for (int64_t got = 0; got < n;) {
      const ssize_t r = discard ? recv(client, nullptr, buf.size(), MSG_TRUNC)
                                : read(client, buf.data(), buf.size());
      if (r <= 0) break;
      got += r;
    }
  });
  static std::vector<char> buf(64 * 1024);
  const auto t = Clock::now();
  src.WillRead(0, n);
  for (int64_t done = 0; done < n;) {
    auto got = src.ReadView(done, static_cast<size_t>(std::min<int64_t>(buf.size(), n - done)),
                            buf.data());
    if (!got.ok() || got->empty()) std::exit(1);
    for (size_t w = 0; w < got->size();) {
      const ssize_t put = write(server, got->data() + w, got->size() - w);
      if (put <= 0) std::exit(1);
      w += static_cast<size_t>(put);
    }
    done += static_cast<int64_t>(got->size());
  }
  drain.join();
  const double mbs = n / Seconds(t) / 1e6;
  close(server);
  close(client);
  close(listener);
  return mbs;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const int64_t mib = argc > 1 ? std::atoll(argv[1]) : 512;
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 9;
  const auto dir =
      std::filesystem::temp_directory_path() / ("bourse_blob_bench_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string plain = (dir / "plain").string(), sealed = (dir / "sealed").string();
  {
    std::mt19937_64 rng(1);
    std::ofstream out(plain, std::ios::binary);
    std::vector<uint64_t> block(1 << 17);
    for (int64_t i = 0; i < mib; ++i) {
      for (auto& w : block) w = rng();
      out.write(reinterpret_cast<const char*>(block.data()), 1 << 20);
    }
  }
  bourse::crypto::SecureRandom random;
  auto keys = bourse::crypto::DataKeys::Open((dir / "data.kek").string(), random);
  auto t = Clock::now();
  if (!(*keys)->SealFile(plain, sealed).ok()) return 1;
  const double seal_s = Seconds(t);
  const int64_t bytes = mib << 20;
  // Readers: plaintext; sealed, decrypting each chunk as it is read; sealed with read-ahead.
  struct Reader {
    const char* name;
    std::vector<double> download, download_cpu, remote, full, ranges;
  } readers[3] = {{"plaintext"}, {"AES-GCM inline"}, {"AES-GCM read-ahead"}};
  std::mt19937_64 rng(2);
  uint64_t sink = 0;
  for (int round = 0; round < rounds; ++round) {
    std::vector<int64_t> starts(256);
    for (auto& start : starts) start = static_cast<int64_t>(rng() % (bytes - (1 << 20)));
    uint64_t sums[3] = {};
    for (int r = 0; r < 3; ++r) {
      auto open = [&] {
        return r == 0   ? bourse::OpenPlainFile(plain)
               : r == 1 ? (*keys)->OpenFile(sealed, 0)
                        : (*keys)->OpenFile(sealed);
      };
      Reader& reader = readers[r];
      const double cpu = CpuSeconds();
      reader.download.push_back(Download(**open(), bytes, false));
      reader.download_cpu.push_back((CpuSeconds() - cpu) / (bytes / 1e9));
      reader.remote.push_back(Download(**open(), bytes, true));
      auto src = open();
      t = Clock::now();
      sums[r] = Stream(**src, 0, bytes);
      reader.full.push_back(bytes / Seconds(t) / 1e6);
      t = Clock::now();
      for (const int64_t start : starts) sums[r] += Stream(**open(), start, 1 << 20);
      reader.ranges.push_back((256.0 * (1 << 20)) / Seconds(t) / 1e6);
    }
    if (sums[1] != sums[0] || sums[2] != sums[0]) {
      fmt::print(stderr, "readers disagree: {} {} {}\n", sums[0], sums[1], sums[2]);
      return 1;
    }
    sink += sums[0];
  }
  std::filesystem::remove_all(dir);
  fmt::print(
      "bench/delivery: {} MiB dataset, 64 KiB reads, medians of {} rounds (page cache warm)\n", mib,
      rounds);
  fmt::print("{:<20} {:>14} {:>14} {:>12} {:>12} {:>12}\n", "", "download MB/s", "", "CPU s/GB",
             "read MB/s", "");
  fmt::print("{:<20} {:>14} {:>14} {:>12} {:>12} {:>12}\n", "reader", "client drops",
             "client copies", "(copying)", "whole file", "1 MiB ranges");
  for (Reader& reader : readers)
    fmt::print("{:<20} {:>14.0f} {:>14.0f} {:>12.2f} {:>12.0f} {:>12.0f}\n", reader.name,
               Median(reader.remote), Median(reader.download), Median(reader.download_cpu),
               Median(reader.full), Median(reader.ranges));
  fmt::print("sealing on upload: {:.0f} MB/s\n", bytes / seal_s / 1e6);
  const double pr = Median(readers[0].remote), pd = Median(readers[0].download);
  fmt::print(
      "ratio encrypted/plaintext, download, client drops:  {:.2f} with read-ahead (goal >= 0.80), "
      "{:.2f} inline\n",
      Median(readers[2].remote) / pr, Median(readers[1].remote) / pr);
  fmt::print(
      "ratio encrypted/plaintext, download, client copies: {:.2f} with read-ahead, {:.2f} inline\n",
      Median(readers[2].download) / pd, Median(readers[1].download) / pd);
  fmt::print("ratio encrypted/plaintext, 1 MiB ranges: {:.2f} with read-ahead, {:.2f} inline\n",
             Median(readers[2].ranges) / Median(readers[0].ranges),
             Median(readers[1].ranges) / Median(readers[0].ranges));
  fmt::print("read-ahead windows filled by the pool {}, by their readers {} (checksum {})\n",
             bourse::ReadAhead::PreparedCount(), bourse::ReadAhead::StolenCount(), sink);
  return 0;
}
