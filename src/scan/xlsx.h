// Reading an .xlsx workbook (ECMA-376 SpreadsheetML, what Excel and WPS save) from its zip
// archive for the scan: every worksheet's rows as CSV, with shared and inline strings, numbers,
// booleans, and cells whose number format is a date (in the 1900 or the 1904 date system) as
// ISO 8601 text. Each sheet's XML is parsed as a stream with expat; the shared-string table goes
// to scratch files in `scratch_dir`, so memory does not grow with the workbook.
#ifndef BOURSE_SCAN_XLSX_H_
#define BOURSE_SCAN_XLSX_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "base/status.h"
#include "scan/archive.h"
#include "scan/scratch_file.h"

namespace bourse::scan {

// Whether the archive is a SpreadsheetML workbook.
bool IsWorkbook(const ZipArchive& zip);

struct WorkbookSheet {
  std::string name;
  int64_t xml_bytes = 0;  // The sheet's XML, uncompressed.
  int64_t rows = 0;       // Rows written (empty rows are left out).
};

// Writes each sheet's rows as CSV to the file `open_sheet` gives for it, in workbook order.
// InvalidDataset for a workbook whose parts are missing, corrupt or not well-formed XML.
Status ReadWorkbook(ZipArchive& zip, const ExpansionLimits& limits, ExpansionBudget& budget,
                    const std::string& scratch_dir,
                    const std::function<StatusOr<ScratchFile*>(const std::string& sheet)>& open,
                    std::vector<WorkbookSheet>* sheets);

// The ISO 8601 text of a spreadsheet serial date-time ("2026-03-01", "2026-03-01 08:30:00").
std::string SerialToIso(double serial, bool date1904);

}  // namespace bourse::scan

#endif  // BOURSE_SCAN_XLSX_H_
