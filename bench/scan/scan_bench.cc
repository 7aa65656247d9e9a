// Scan throughput: generates a CSV with planted personal information (default 1 GiB), scans it
// with the exchange's scanner (median of several runs), runs ripgrep with equivalent candidate
// patterns over the same file in the same run, and prints both and their ratio.
//
//   scan_bench [--size-mib N] [--runs N] [--threads N] [--file PATH] [--keep]
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "scan/dataset_scanner.h"
#include "scan/synthetic.h"

namespace {

using Clock = std::chrono::steady_clock;

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Candidate patterns equivalent to the scanner's (ripgrep cannot check digits; it only matches).
const char* kRipgrepPatterns[] = {
    R"(\b[1-8]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]\b)",
    R"(\b1[3-9]\d{9}\b)",
    R"(\b[2-6]\d{15}\b|\b62\d{15,16}\b|\b[2-6]\d{18}\b)",
    R"(\b[1-9A-GY][1-9]\d{6}[0-9A-HJ-NPQRTUWXY]{10}\b)",
    R"([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24})",
    R"(\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b)",
};

}  // namespace

int main(int argc, char** argv) {
  int64_t size_mib = 1024;
  int runs = 3, threads = 2;
  std::string file = "/tmp/bourse-scan-bench.csv";
  bool keep = false, reuse = false, skip_rg = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&] { return std::string(i + 1 < argc ? argv[++i] : ""); };
    if (a == "--size-mib")
      size_mib = std::stoll(next());
    else if (a == "--runs")
      runs = std::stoi(next());
    else if (a == "--threads")
      threads = std::stoi(next());
    else if (a == "--file")
      file = next();
    else if (a == "--keep")
      keep = true;
    else if (a == "--reuse")
      reuse = keep = true;  // Scan an existing --file as it is.
    else if (a == "--no-ripgrep")
      skip_rg = true;
    else {
      fprintf(stderr,
              "usage: scan_bench [--size-mib N] [--runs N] [--threads N] [--file P] [--keep]\n");
      return 2;
    }
  }
  using namespace bourse;
  const absl::CivilDay today(2026, 11, 25);
  // About 130 bytes a row.
  scan::TableSpec spec;
  spec.rows = size_mib * (1 << 20) / 131;
  spec.pi_share = 0.05;
  spec.as_of = today;
  auto t0 = Clock::now();
  scan::Planted planted;
  if (!reuse) {
    FILE* out = fopen(file.c_str(), "w");
    if (!out) {
      perror(file.c_str());
      return 1;
    }
    planted = scan::WriteCustomerCsv(
        spec, [&](const std::string& s) { fwrite(s.data(), 1, s.size(), out); });
    fclose(out);
  }
  const double gen_s = std::chrono::duration<double>(Clock::now() - t0).count();
  FILE* f = fopen(file.c_str(), "r");
  if (!f) {
    perror(file.c_str());
    return 1;
  }
  fseek(f, 0, SEEK_END);
  const double bytes = static_cast<double>(ftell(f));
  fclose(f);
  printf("dataset: %s, %.0f MiB, %lld rows, %lld rows with planted PI (generated in %.1f s)\n",
         file.c_str(), bytes / (1 << 20), static_cast<long long>(spec.rows),
         static_cast<long long>(planted.resident_ids), gen_s);

  auto detector = scan::Detector::Create();
  if (!detector.ok()) {
    fprintf(stderr, "%s\n", detector.status().ToString().c_str());
    return 1;
  }
  scan::ScanOptions options;
  options.as_of = today;
  options.threads = threads;
  std::vector<double> scan_s;
  int64_t found_ids = 0;
  for (int r = 0; r < runs; ++r) {
    t0 = Clock::now();
    auto report = scan::ScanFile(file, **detector, options);
    scan_s.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
    if (!report.ok()) {
      fprintf(stderr, "scan failed: %s\n", report.status().ToString().c_str());
      return 1;
    }
    found_ids = 0;
    for (const auto& c : report->columns)
      for (const auto& d : c.detections)
        if (d.kind == scan::PiKind::kResidentId) found_ids += d.count;
  }
  const double bourse_mbps = bytes / 1e6 / Median(scan_s);
  printf(
      "bourse scan (%d threads, validate + profile): median %.2f s  %.0f MB/s  "
      "(resident IDs found %lld of %lld planted)\n",
      threads, Median(scan_s), bourse_mbps, static_cast<long long>(found_ids),
      static_cast<long long>(planted.resident_ids));

  std::string cmd = "rg --count-matches --no-filename";
  for (const char* p : kRipgrepPatterns) cmd += std::string(" -e '") + p + "'";
  cmd += " " + file + " > /dev/null";
  if (skip_rg) {
  } else if (system("command -v rg > /dev/null") != 0) {
    printf("ripgrep: not installed (apt-get install ripgrep); no ratio\n");
  } else {
    std::vector<double> rg_s;
    for (int r = 0; r < runs; ++r) {
      t0 = Clock::now();
      const int rc = system(cmd.c_str());
      rg_s.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
      if (rc != 0) fprintf(stderr, "rg exited with %d\n", rc);
    }
    const double rg_mbps = bytes / 1e6 / Median(rg_s);
    printf("ripgrep 6 patterns (--count-matches, match only): median %.2f s  %.0f MB/s\n",
           Median(rg_s), rg_mbps);
    printf("ratio bourse / ripgrep: %.2f  (goal > 1; bourse goal >= 500 MB/s)\n",
           bourse_mbps / rg_mbps);
  }
  if (!keep) remove(file.c_str());
  return 0;
}
