// Download throughput of a dataset encrypted at rest against the same dataset in plaintext, in the
// same run: the server's read path (ByteSource::ReadAt, 64 KiB at a time, as http/server.cc
// streams a download), full reads and 1 MiB ranges at random offsets, medians of five rounds.
// Goal: encrypted at least 0.8x plaintext. Also the time to seal (encrypt on upload).
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
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
  std::vector<double> plain_full, sealed_full, plain_range, sealed_range;
  std::mt19937_64 rng(2);
  uint64_t sink = 0;
  for (int round = 0; round < 5; ++round) {
    for (bool enc : {false, true}) {
      auto src = enc ? (*keys)->OpenFile(sealed) : bourse::OpenPlainFile(plain);
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
  fmt::print(
      "bench/delivery: {} MiB dataset, 64 KiB reads, medians of 5 rounds (page cache warm)\n", mib);
  fmt::print("{:<38} {:>10} {:>10}\n", "read", "plain MB/s", "AES-GCM");
  fmt::print("{:<38} {:>10.0f} {:>10.0f}\n", "whole file", pf, sf);
  fmt::print("{:<38} {:>10.0f} {:>10.0f}\n", "256 ranges of 1 MiB at random offsets", pr, sr);
  fmt::print("sealing on upload: {:.0f} MB/s\n", bytes / seal_s / 1e6);
  fmt::print("ratio encrypted/plaintext, whole file: {:.2f}  (goal >= 0.80)\n", sf / pf);
  fmt::print("ratio encrypted/plaintext, ranges:     {:.2f}  (goal >= 0.80)\n", sr / pr);
  fmt::print("(checksum {})\n", sink);
  return 0;
}
