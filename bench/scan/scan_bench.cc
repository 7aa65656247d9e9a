// Scan throughput: generates a CSV with planted personal information (default 1 GiB), scans it
// with the exchange's scanner (median of several runs), runs ripgrep with equivalent candidate
// patterns over the same file in the same run, and prints both and their ratio. Then, in the
// same run, the other forms an upload takes (default 256 MiB of the same rows, with Chinese
// city names): the UTF-8 file against its GB18030 transcode, the gzip'd file against
// `gzip -dc`, and an .xlsx workbook in MB/s of sheet XML, each with the scan's peak anonymous
// memory.
//
//   scan_bench [--size-mib N] [--runs N] [--threads N] [--file PATH] [--keep]
//              [--forms-mib N] [--no-forms]
#include <iconv.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zip.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
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

// The peak anonymous (heap and stack, not file-backed) memory of this process while `work`
// runs, in MiB, sampled every 5 ms: what the scanner allocates, leaving out mapped files.
template <typename F>
double PeakAnonMib(F&& work) {
  auto anon_kib = [] {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
      if (line.rfind("RssAnon:", 0) == 0) return std::atoll(line.c_str() + 8);
    return 0LL;
  };
  std::atomic<bool> done{false};
  std::atomic<long long> peak{anon_kib()};
  std::thread sampler([&] {
    while (!done) {
      const long long now = anon_kib();
      if (now > peak) peak = now;
      usleep(5000);
    }
  });
  work();
  done = true;
  sampler.join();
  return static_cast<double>(peak) / 1024;
}

double FileBytes(const std::string& path) {
  FILE* f = fopen(path.c_str(), "rb");
  if (!f) return 0;
  fseek(f, 0, SEEK_END);
  const double n = static_cast<double>(ftell(f));
  fclose(f);
  return n;
}

// Median seconds and peak anonymous MiB of scanning `path` `runs` times; exits on failure.
std::pair<double, double> TimeScan(const std::string& path, const bourse::scan::Detector& detector,
                                   const bourse::scan::ScanOptions& options, int runs,
                                   int64_t* rows) {
  std::vector<double> s;
  double mib = 0;
  for (int r = 0; r < runs; ++r) {
    const auto t0 = Clock::now();
    mib = std::max(mib, PeakAnonMib([&] {
                     auto report = bourse::scan::ScanFile(path, detector, options);
                     if (!report.ok()) {
                       fprintf(stderr, "scan of %s failed: %s\n", path.c_str(),
                               report.status().ToString().c_str());
                       exit(1);
                     }
                     *rows = report->rows;
                   }));
    s.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
  }
  return {Median(s), mib};
}

// The other forms of upload, measured in the same run.
int Forms(const bourse::scan::Detector& detector, int64_t mib, int runs, int threads,
          absl::CivilDay today) {
  using namespace bourse;
  const std::string base = "/tmp/bourse-scan-forms";
  const std::string utf8 = base + ".csv", gb = base + "-gb18030.csv", gz = base + ".csv.gz",
                    xlsx = base + ".xlsx";
  static const char* kCities[][2] = {
      {"Shenzhen", "深圳"},  {"Beijing", "北京"}, {"Shanghai", "上海"}, {"Guangzhou", "广州"},
      {"Hangzhou", "杭州"},  {"Chengdu", "成都"}, {"Wuhan", "武汉"},    {"Nanjing", "南京"},
      {"Chongqing", "重庆"}, {"Tianjin", "天津"}};
  scan::TableSpec spec;
  spec.rows = mib * (1 << 20) / 131;
  spec.pi_share = 0.05;
  spec.as_of = today;
  {
    FILE* u = fopen(utf8.c_str(), "wb");
    FILE* g = fopen(gb.c_str(), "wb");
    gzFile z = gzopen(gz.c_str(), "wb6");
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    std::string out;
    scan::WriteCustomerCsv(spec, [&](const std::string& chunk) {
      std::string s = chunk;
      for (const auto& c : kCities) {
        const std::string from = std::string(",") + c[0] + ",", to = std::string(",") + c[1] + ",";
        for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
          s.replace(at, from.size(), to);
      }
      fwrite(s.data(), 1, s.size(), u);
      gzwrite(z, s.data(), static_cast<unsigned>(s.size()));
      out.resize(s.size() * 2 + 16);
      char* in = s.data();
      size_t in_left = s.size();
      char* dst = out.data();
      size_t out_left = out.size();
      iconv(cd, &in, &in_left, &dst, &out_left);
      fwrite(out.data(), 1, out.size() - out_left, g);
    });
    iconv_close(cd);
    gzclose(z);
    fclose(g);
    fclose(u);
  }
  // A workbook of the first 64 MiB of rows (at most), as Excel would write it: one sheet,
  // text in the shared-string table, numbers as numbers.
  int64_t xml_bytes = 0;
  {
    std::ifstream in(utf8);
    std::string line,
        sheet =
            R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
            R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)";
    std::string strings;
    int64_t shared = 0, row = 0, csv_bytes = 0;
    while (std::getline(in, line) && csv_bytes < (int64_t{64} << 20)) {
      csv_bytes += static_cast<int64_t>(line.size()) + 1;
      ++row;
      sheet += "<row r=\"" + std::to_string(row) + "\">";
      size_t start = 0;
      int col = 0;
      while (start <= line.size()) {
        size_t comma = line.find(',', start);
        if (comma == std::string::npos) comma = line.size();
        std::string v = line.substr(start, comma - start);
        std::string ref = std::string(1, static_cast<char>('A' + col)) + std::to_string(row);
        const bool number =
            !v.empty() && v.size() < 15 && v.find_first_not_of("0123456789.") == std::string::npos;
        if (v.empty()) {
        } else if (number) {
          sheet += "<c r=\"" + ref + "\"><v>" + v + "</v></c>";
        } else {
          std::string esc;
          for (char ch : v) esc += ch == '&' ? "&amp;" : ch == '<' ? "&lt;" : std::string(1, ch);
          strings += "<si><t>" + esc + "</t></si>";
          sheet += "<c r=\"" + ref + "\" t=\"s\"><v>" + std::to_string(shared++) + "</v></c>";
        }
        ++col;
        start = comma + 1;
      }
      sheet += "</row>";
    }
    sheet += "</sheetData></worksheet>";
    strings =
        R"(<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)" +
        strings + "</sst>";
    xml_bytes = static_cast<int64_t>(sheet.size());
    const std::string workbook =
        R"(<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>)";
    const std::string rels =
        R"(<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>)";
    int err = 0;
    zip_t* z = zip_open(xlsx.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
    auto add = [&](const char* name, const std::string& data) {
      zip_file_add(z, name, zip_source_buffer(z, data.data(), data.size(), 0), 0);
    };
    add("xl/workbook.xml", workbook);
    add("xl/_rels/workbook.xml.rels", rels);
    add("xl/sharedStrings.xml", strings);
    add("xl/worksheets/sheet1.xml", sheet);
    zip_close(z);
  }
  scan::ScanOptions options;
  options.as_of = today;
  options.threads = threads;
  int64_t rows = 0;
  const double utf8_bytes = FileBytes(utf8), gb_bytes = FileBytes(gb);
  printf("\nforms: %lld rows, %.0f MiB as UTF-8 (Chinese city names), medians of %d runs\n",
         static_cast<long long>(spec.rows), utf8_bytes / (1 << 20), runs);
  auto [u_s, u_mib] = TimeScan(utf8, detector, options, runs, &rows);
  const double u_rate = utf8_bytes / 1e6 / u_s;
  printf("  UTF-8 CSV          %.2f s  %6.0f MB/s  peak anon %5.0f MiB\n", u_s, u_rate, u_mib);
  auto [g_s, g_mib] = TimeScan(gb, detector, options, runs, &rows);
  const double g_rate = gb_bytes / 1e6 / g_s;
  printf(
      "  GB18030 CSV        %.2f s  %6.0f MB/s  peak anon %5.0f MiB  ratio to UTF-8 %.2f "
      "(goal >= 0.5)\n",
      g_s, g_rate, g_mib, g_rate / u_rate);
  auto [z_s, z_mib] = TimeScan(gz, detector, options, runs, &rows);
  const double z_rate = utf8_bytes / 1e6 / z_s;
  std::vector<double> peer;
  for (int r = 0; r < runs; ++r) {
    const auto t0 = Clock::now();
    if (system(("gzip -dc " + gz + " > /dev/null").c_str()) != 0) fprintf(stderr, "gzip failed\n");
    peer.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
  }
  const double peer_rate = utf8_bytes / 1e6 / Median(peer);
  printf(
      "  gzip (%.0f MiB)     %.2f s  %6.0f MB/s of uncompressed data  peak anon %5.0f MiB  "
      "(goal >= 200 MB/s); gzip -dc alone %.0f MB/s, ratio %.2f\n",
      FileBytes(gz) / (1 << 20), z_s, z_rate, z_mib, peer_rate, z_rate / peer_rate);
  auto [x_s, x_mib] = TimeScan(xlsx, detector, options, runs, &rows);
  printf(
      "  .xlsx (%.0f MiB of sheet XML, %lld rows)  %.2f s  %6.0f MB/s of sheet XML  peak anon "
      "%5.0f MiB\n",
      static_cast<double>(xml_bytes) / (1 << 20), static_cast<long long>(rows), x_s,
      static_cast<double>(xml_bytes) / 1e6 / x_s, x_mib);
  for (const auto& f : {utf8, gb, gz, xlsx}) remove(f.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  int64_t size_mib = 1024;
  int runs = 3, threads = 2;
  std::string file = "/tmp/bourse-scan-bench.csv";
  bool keep = false, reuse = false, skip_rg = false;
  int64_t forms_mib = 256;
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
    else if (a == "--forms-mib")
      forms_mib = std::stoll(next());
    else if (a == "--no-forms")
      forms_mib = 0;
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
  if (forms_mib > 0) return Forms(**detector, forms_mib, runs, threads, today);
  return 0;
}
