// The scan report as JSON: the form kept with a product revision, returned by the API and printed
// by `bourse scan --json`. Field names are part of the API (docs/formats/scan-report.md).
#ifndef BOURSE_SCAN_REPORT_JSON_H_
#define BOURSE_SCAN_REPORT_JSON_H_

#include <string>

#include "boost/json/value.hpp"
#include "scan/report.h"

namespace bourse::scan {

boost::json::value ReportToJson(const ScanReport& report);

}  // namespace bourse::scan

#endif  // BOURSE_SCAN_REPORT_JSON_H_
