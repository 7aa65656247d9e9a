// Scans a dataset file for personal information, sensitive categories and quality, streaming:
// memory stays bounded (a few MiB per thread) whatever the file's size.
//
// CSV (delimiter detected from the header: comma, tab, semicolon or pipe; RFC 4180 quoting) and
// JSON Lines (one object per line; nested keys flattened with '.') are profiled per column;
// other files are opaque and only counted. Text must be UTF-8 (a leading BOM is allowed); a file
// that is empty, not UTF-8, or ends inside a quoted field is refused with kind
// "invalid-dataset", naming the byte offset.
//
// Large CSV files are split at line boundaries and scanned by several threads; if a quoted field
// spans a split point the file is rescanned by one thread, so results never depend on the split.
#ifndef BOURSE_SCAN_DATASET_SCANNER_H_
#define BOURSE_SCAN_DATASET_SCANNER_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "absl/time/civil_time.h"
#include "base/status.h"
#include "domain/enums.h"
#include "scan/detector.h"
#include "scan/report.h"

namespace bourse::scan {

struct ScanOptions {
  // The format; when absent it is taken from the file name (.csv .tsv .jsonl .ndjson) or, failing
  // that, from the first line.
  std::optional<domain::DatasetFormat> format;
  absl::CivilDay as_of;  // "Today": decides minors and timeliness.
  std::optional<domain::UpdateFrequency> update_frequency;
  int threads = 2;
  int sample_rows = 10;
  // Classification policy (configurable because the thresholds follow the law).
  int64_t important_individuals = 1'000'000;  // Personal information of this many people.
  int64_t important_sensitive_individuals = 100'000;
  bool resident_id_is_sensitive = true;  // GB/T 35273-2020; GB/T 45574-2025 relaxes it.
  // Called from the scanning call's thread with the bytes scanned so far.
  std::function<void(int64_t done, int64_t total)> progress;
};

// The format a file name implies, if any.
std::optional<domain::DatasetFormat> FormatFromName(std::string_view file_name);

// Scans the bytes in `data` (a whole file).
StatusOr<ScanReport> ScanBytes(std::string_view data, std::string_view file_name,
                               const Detector& detector, const ScanOptions& options);

// Maps the file at `path` and scans it. Fails with NotFound when it cannot be opened.
StatusOr<ScanReport> ScanFile(const std::string& path, const Detector& detector,
                              const ScanOptions& options);

}  // namespace bourse::scan

#endif  // BOURSE_SCAN_DATASET_SCANNER_H_
