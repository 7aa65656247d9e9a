// The result of scanning one dataset file: per-column personal-information detections, sensitive
// categories, a suggested classification, and a quality profile on the GB/T 36344 indicators
// (domain-rules.md §6.2, §6.3, §6.6). Plain values; report_json.h turns them into the JSON kept
// with a product revision and printed by `bourse scan --json`.
#ifndef BOURSE_SCAN_REPORT_H_
#define BOURSE_SCAN_REPORT_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/enum_set.h"
#include "domain/enums.h"

namespace bourse::scan {

// What the detectors look for. Numbers index arrays; names are part of the report format.
enum class PiKind : int { kResidentId = 0, kMobile, kBankCard, kUscc, kEmail, kIp };
inline constexpr int kPiKindCount = 6;
std::string_view Name(PiKind kind);
// True for kinds that identify a natural person (a USCC identifies an organisation).
bool IsPersonal(PiKind kind);

// The type a column's values mostly have.
enum class ValueType : int { kEmpty = 0, kInteger, kDecimal, kDate, kDateTime, kBoolean, kText };
inline constexpr int kValueTypeCount = 7;
std::string_view Name(ValueType type);

struct Detection {
  PiKind kind = PiKind::kMobile;
  int64_t count = 0;     // Cells in which the kind was found (a cell counts once per kind).
  double share = 0;      // count / rows.
  int64_t distinct = 0;  // Estimated distinct values found.
  int64_t minors = 0;    // Resident IDs of people under 14 on the scan date.
};

struct ColumnReport {
  std::string name;
  ValueType type = ValueType::kEmpty;
  int64_t values = 0;  // Non-empty cells.
  int64_t empty = 0;   // Empty or null-marker cells ("", NULL, null, \N, N/A).
  double completeness = 1;
  double conformance = 1;  // Share of non-empty cells of the column's type.
  std::vector<Detection> detections;
  domain::EnumSet<domain::SensitiveCategory> sensitive;
  std::vector<std::string> masked_sample;  // Up to three values with identifiers masked.
};

struct QualityProfile {
  double completeness = 1;           // Non-empty cells / cells.
  double conformance = 1;            // Cells of their column's type / non-empty cells.
  double uniqueness = 1;             // Distinct rows / rows (estimated).
  double consistency = 1;            // Rows with the header's field count / rows.
  std::optional<double> timeliness;  // Against the declared update frequency, when known.
  int score = 100;                   // 0..100, the weighted mean of the indicators.
};

struct ScanPart;

struct ScanReport {
  domain::DatasetFormat format = domain::DatasetFormat::kCsv;
  int64_t bytes = 0;
  std::string encoding;  // Of text: "utf-8", "utf-16le", "utf-16be", "gb18030".
  // False for content the scanner does not read (a PDF, an image, Parquet …), alone or inside
  // an archive: `unreadable` says what. Such data lists only with an assessor's attestation.
  bool readable = true;
  std::string unreadable;
  // The sheets of a workbook or the members of an archive, each with its own findings. The
  // report's totals are over all parts (rows, individuals and minors summed; flags, categories
  // and the classification at their strictest; quality weighted by rows); its columns and
  // sample are those of the largest part.
  std::vector<ScanPart> parts;
  int64_t rows = 0;  // Data rows (CSV: excluding the header).
  char delimiter = ',';
  std::vector<ColumnReport> columns;
  bool personal_information = false;
  bool sensitive_personal_information = false;
  int64_t individuals = 0;  // Largest estimated distinct personal identifiers in one column.
  int64_t minors = 0;
  domain::EnumSet<domain::SensitiveCategory> sensitive;
  domain::DataClassification suggested_classification = domain::DataClassification::kGeneral;
  std::vector<std::string> classification_reasons;
  std::optional<QualityProfile> quality;   // Absent for opaque files.
  std::optional<std::string> latest_date;  // The latest date found in date columns (YYYY-MM-DD).
  // A few leading rows for the catalogue, with every detected identifier masked.
  std::vector<std::string> sample_header;
  std::vector<std::vector<std::string>> sample_rows;
};

struct ScanPart {
  std::string name;  // A sheet's name, or a member's path inside its archive.
  ScanReport report;
};

}  // namespace bourse::scan

#endif  // BOURSE_SCAN_REPORT_H_
