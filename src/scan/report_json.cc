#include "scan/report_json.h"

#include <cmath>

#include "boost/json.hpp"

namespace bourse::scan {
namespace {

// Shares and indicators are rounded to four decimals: enough to read, stable to compare.
double Round4(double v) { return std::round(v * 10000) / 10000; }

boost::json::array Categories(const domain::EnumSet<domain::SensitiveCategory>& set) {
  boost::json::array out;
  for (auto c : set.values()) out.emplace_back(domain::Name(c));
  return out;
}

}  // namespace

boost::json::value ReportToJson(const ScanReport& r) {
  boost::json::object o;
  o["format"] = domain::Name(r.format);
  o["bytes"] = r.bytes;
  o["readable"] = r.readable;
  if (!r.readable) o["unreadable"] = r.unreadable;
  if (!r.encoding.empty()) o["encoding"] = r.encoding;
  if (r.format == domain::DatasetFormat::kOpaque) {
    o["profiled"] = false;
    return o;
  }
  o["profiled"] = true;
  o["rows"] = r.rows;
  if (r.format == domain::DatasetFormat::kCsv) o["delimiter"] = std::string(1, r.delimiter);
  boost::json::array columns;
  for (const auto& c : r.columns) {
    boost::json::object col;
    col["name"] = c.name;
    col["type"] = Name(c.type);
    col["values"] = c.values;
    col["empty"] = c.empty;
    col["completeness"] = Round4(c.completeness);
    col["conformance"] = Round4(c.conformance);
    boost::json::array detections;
    for (const auto& d : c.detections) {
      boost::json::object det;
      det["kind"] = Name(d.kind);
      det["count"] = d.count;
      det["share"] = Round4(d.share);
      det["distinct"] = d.distinct;
      if (d.kind == PiKind::kResidentId) det["minors"] = d.minors;
      detections.push_back(std::move(det));
    }
    col["detections"] = std::move(detections);
    col["sensitive_categories"] = Categories(c.sensitive);
    boost::json::array sample;
    for (const auto& s : c.masked_sample) sample.emplace_back(s);
    col["masked_sample"] = std::move(sample);
    columns.push_back(std::move(col));
  }
  o["columns"] = std::move(columns);
  o["personal_information"] = r.personal_information;
  o["sensitive_personal_information"] = r.sensitive_personal_information;
  o["individuals"] = r.individuals;
  o["minors"] = r.minors;
  o["sensitive_categories"] = Categories(r.sensitive);
  o["suggested_classification"] = domain::Name(r.suggested_classification);
  boost::json::array reasons;
  for (const auto& s : r.classification_reasons) reasons.emplace_back(s);
  o["classification_reasons"] = std::move(reasons);
  if (r.quality) {
    boost::json::object q;
    q["completeness"] = Round4(r.quality->completeness);
    q["conformance"] = Round4(r.quality->conformance);
    q["uniqueness"] = Round4(r.quality->uniqueness);
    q["consistency"] = Round4(r.quality->consistency);
    if (r.quality->timeliness)
      q["timeliness"] = Round4(*r.quality->timeliness);
    else
      q["timeliness"] = nullptr;
    q["score"] = r.quality->score;
    o["quality"] = std::move(q);
    o["quality_score"] = r.quality->score;
  }
  if (r.latest_date) o["latest_date"] = *r.latest_date;
  boost::json::object sample;
  boost::json::array header;
  for (const auto& h : r.sample_header) header.emplace_back(h);
  sample["header"] = std::move(header);
  boost::json::array rows;
  for (const auto& row : r.sample_rows) {
    boost::json::array cells;
    for (const auto& cell : row) cells.emplace_back(cell);
    rows.push_back(std::move(cells));
  }
  sample["rows"] = std::move(rows);
  o["sample"] = std::move(sample);
  if (!r.parts.empty()) {
    boost::json::array parts;
    for (const auto& p : r.parts) {
      boost::json::value part = ReportToJson(p.report);
      part.as_object()["name"] = p.name;
      parts.push_back(std::move(part));
    }
    o["parts"] = std::move(parts);
  }
  return o;
}

}  // namespace bourse::scan
