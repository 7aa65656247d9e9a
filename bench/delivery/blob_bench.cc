// Download throughput of a dataset encrypted at rest against the same dataset in plaintext, in the
// same run, medians of five rounds: a download as the server makes one (ByteSource::ReadAt 64 KiB
// at a time, as http/server.cc streams it, each piece written to a loopback TCP connection that
// a client thread drains), and the read path alone (whole file; 1 MiB ranges at random offsets).
// Goal: encrypted downloads at least 0.8x plaintext. Also the rate of sealing on upload.
#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>
#include <vector>

#include "crypto/data_keys.h"
#include "crypto/secure_random.h"

namespace {

using bourse::ByteSource;
using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point a) {
  return std::chrono::duration<double>(Clock::now() - a).count();
}

// Reads [offset, offset + n) in 64 KiB pieces; returns a checksum so nothing is optimised away.
uint64_t Stream(ByteSource& src, int64_t offset, int64_t n) {
  static std::vector<char> buf(64 * 1024);
  uint64_t sum = 0;
  for (int64_t done = 0; done < n;) {
    auto got = src.ReadAt(offset + done, buf.data(),
                          static_cast<size_t>(std::min<int64_t>(buf.size(), n - done)));
    if (!got.ok() || *got == 0) {
      fmt::print(stderr, "read failed\n");
      std::exit(1);
    }
    sum += static_cast<unsigned char>(buf[0]);
    done += static_cast<int64_t>(*got);
  }
  return sum;
}

// Streams [0, n) to a loopback TCP connection that another thread drains; returns MB/s.
double Download(ByteSource& src, int64_t n) {
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
  std::thread drain([client, n] {
    std::vector<char> buf(256 * 1024);
    for (int64_t got = 0; got < n;) {
      const ssize_t r = read(client, buf.data(), buf.size());
      if (r <= 0) break;
      got += r;
    }
  });
  static std::vector<char> buf(64 * 1024);
  const auto t = Clock::now();
  for (int64_t done = 0; done < n;) {
    auto got =
        src.ReadAt(done, buf.data(), static_cast<size_t>(std::min<int64_t>(buf.size(), n - done)));
    if (!got.ok() || *got == 0) std::exit(1);
    for (size_t w = 0; w < *got;) {
      const ssize_t put = write(server, buf.data() + w, *got - w);
      if (put <= 0) std::exit(1);
      w += static_cast<size_t>(put);
    }
    done += static_cast<int64_t>(*got);
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
  std::vector<double> plain_full, sealed_full, plain_range, sealed_range, plain_dl, sealed_dl;
  std::mt19937_64 rng(2);
  uint64_t sink = 0;
  for (int round = 0; round < 5; ++round) {
    for (bool enc : {false, true}) {
      auto src = enc ? (*keys)->OpenFile(sealed) : bourse::OpenPlainFile(plain);
      (enc ? sealed_dl : plain_dl).push_back(Download(**src, bytes));
      t = Clock::now();
      sink += Stream(**src, 0, bytes);
      (enc ? sealed_full : plain_full).push_back(bytes / Seconds(t) / 1e6);
      t = Clock::now();
      for (int i = 0; i < 256; ++i)
        sink += Stream(**src, static_cast<int64_t>(rng() % (bytes - (1 << 20))), 1 << 20);
      (enc ? sealed_range : plain_range).push_back((256.0 * (1 << 20)) / Seconds(t) / 1e6);
    }
  }
  std::filesystem::remove_all(dir);
  const double pf = Median(plain_full), sf = Median(sealed_full);
  const double pr = Median(plain_range), sr = Median(sealed_range);
  const double pd = Median(plain_dl), sd = Median(sealed_dl);
  fmt::print(
      "bench/delivery: {} MiB dataset, 64 KiB reads, medians of 5 rounds (page cache warm)\n", mib);
  fmt::print("{:<38} {:>10} {:>10}\n", "read", "plain MB/s", "AES-GCM");
  fmt::print("{:<38} {:>10.0f} {:>10.0f}\n", "download over loopback TCP", pd, sd);
  fmt::print("{:<38} {:>10.0f} {:>10.0f}\n", "read path alone, whole file", pf, sf);
  fmt::print("{:<38} {:>10.0f} {:>10.0f}\n", "256 ranges of 1 MiB at random offsets", pr, sr);
  fmt::print("sealing on upload: {:.0f} MB/s\n", bytes / seal_s / 1e6);
  fmt::print("ratio encrypted/plaintext, download:   {:.2f}  (goal >= 0.80)\n", sd / pd);
  fmt::print("ratio encrypted/plaintext, read path:  {:.2f} whole file, {:.2f} ranges\n", sf / pf,
             sr / pr);
  fmt::print("(checksum {})\n", sink);
  return 0;
}
