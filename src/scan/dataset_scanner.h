// Scans a dataset file for personal information, sensitive categories and quality, streaming:
// memory stays bounded (a few MiB per thread) whatever the file's size.
//
// The content decides what a file is, never its name or a declared format (scan/content.h):
// CSV or TSV (delimiter detected from the header: comma, tab, semicolon or pipe; RFC 4180
// quoting), JSON Lines and JSON arrays of objects (nested keys flattened with '.') are profiled
// per column, in UTF-8 (with or without a BOM), UTF-16 with a BOM, or GB18030/GBK, which are
// transcoded first. An .xlsx workbook is read sheet by sheet; gzip streams and zip archives
// member by member, nested two deep, within limits against decompression bombs. Anything else
// (PDF, images, Parquet …) is stored unread: the report says so, and the listing then needs an
// assessor's attestation. A file that is empty, not valid in its encoding, a truncated or
// corrupt archive, or one past a limit is refused with kind "invalid-dataset" (422).
//
// Derived content (decompressed, transcoded, sheets as CSV) goes to unnamed scratch files that
// are mapped for the scan, so memory is bounded by the chunk sizes, never by the file.
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
#include "scan/archive.h"
#include "scan/detector.h"
#include "scan/report.h"

namespace bourse::scan {

struct ScanOptions {
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
  // Where derived content is written while it is scanned (the system's temporary directory
  // when empty), and how far archives may expand.
  std::string scratch_dir;
  ExpansionLimits limits;
};

// Scans the bytes in `data` (a whole file).
StatusOr<ScanReport> ScanBytes(std::string_view data, std::string_view file_name,
                               const Detector& detector, const ScanOptions& options);

// Maps the file at `path` and scans it. Fails with NotFound when it cannot be opened.
StatusOr<ScanReport> ScanFile(const std::string& path, const Detector& detector,
                              const ScanOptions& options);

}  // namespace bourse::scan

#endif  // BOURSE_SCAN_DATASET_SCANNER_H_
