#include "api/dcat.h"

#include "base/strings.h"
#include "base/time_format.h"

namespace bourse::api {
namespace json = boost::json;
using namespace domain;

namespace {

// The Dublin Core Collection Description frequency vocabulary.
std::string Frequency(UpdateFrequency f) {
  switch (f) {
    case UpdateFrequency::kRealtime:
      return "http://purl.org/cld/freq/continuous";
    case UpdateFrequency::kHourly:
      return "http://purl.org/cld/freq/continuous";
    case UpdateFrequency::kDaily:
      return "http://purl.org/cld/freq/daily";
    case UpdateFrequency::kWeekly:
      return "http://purl.org/cld/freq/weekly";
    case UpdateFrequency::kMonthly:
      return "http://purl.org/cld/freq/monthly";
    case UpdateFrequency::kQuarterly:
      return "http://purl.org/cld/freq/quarterly";
    case UpdateFrequency::kYearly:
      return "http://purl.org/cld/freq/annual";
    case UpdateFrequency::kIrregular:
      return "http://purl.org/cld/freq/irregular";
    case UpdateFrequency::kStatic:
      return "http://purl.org/cld/freq/irregular";
  }
  return "http://purl.org/cld/freq/irregular";
}

std::string MediaType(DatasetFormat f) {
  switch (f) {
    case DatasetFormat::kCsv:
      return "text/csv";
    case DatasetFormat::kJsonLines:
      return "application/jsonl";
    case DatasetFormat::kJson:
      return "application/json";
    case DatasetFormat::kXlsx:
      return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    case DatasetFormat::kGzip:
      return "application/gzip";
    case DatasetFormat::kZip:
      return "application/zip";
    case DatasetFormat::kOpaque:
      return "application/octet-stream";
  }
  return "application/octet-stream";
}

}  // namespace

json::object DcatContext() {
  return json::object{
      {"dcat", "http://www.w3.org/ns/dcat#"},   {"dct", "http://purl.org/dc/terms/"},
      {"foaf", "http://xmlns.com/foaf/0.1/"},   {"spdx", "http://spdx.org/rdf/terms#"},
      {"odrl", "http://www.w3.org/ns/odrl/2/"}, {"xsd", "http://www.w3.org/2001/XMLSchema#"},
      {"bourse", "urn:bourse:vocab:"}};
}

json::object DcatDataset(const Product& p, const std::string& base) {
  const auto& d = p.description;
  const std::string url = StrCat(base, "/v1/products/", p.id.value());
  json::array keywords;
  for (const auto& t : d.tags) keywords.emplace_back(t);
  json::object o{
      {"@id", url},
      {"@type", d.form == ProductForm::kApi ? "dcat:DataService" : "dcat:Dataset"},
      {"dct:identifier", p.id.value()},
      {"dct:title", d.title},
      {"dct:description", d.description},
      {"dcat:keyword", std::move(keywords)},
      {"dcat:theme", StrCat("bourse:sector/", Name(d.sector))},
      {"dct:publisher",
       json::object{{"@id", StrCat(base, "/v1/organizations/", p.seller_id.value())}}},
      {"dct:accrualPeriodicity", json::object{{"@id", Frequency(d.update_frequency)}}},
      {"dct:temporal", d.temporal_coverage},
      {"dct:spatial", d.spatial_coverage},
      {"dct:license", d.licence},
      {"dct:issued",
       json::object{{"@value", FormatRfc3339(p.created_at)}, {"@type", "xsd:dateTime"}}},
      {"dct:modified",
       json::object{{"@value", FormatRfc3339(p.updated_at)}, {"@type", "xsd:dateTime"}}},
      {"dcat:version", std::to_string(p.listed_revision.value_or(p.revision))},
      {"dct:source", d.data_source},
      {"bourse:category", Name(d.category)},
      {"bourse:classification", Name(d.classification)},
      {"bourse:sourceType", Name(d.source_type)},
  };
  if (p.dataset && p.dataset->quality_score) o["bourse:qualityScore"] = *p.dataset->quality_score;
  json::array distributions;
  if (p.dataset) {
    distributions.push_back(json::object{
        {"@type", "dcat:Distribution"},
        {"dct:title", p.dataset->file_name},
        {"dcat:mediaType", MediaType(p.dataset->format)},
        {"dcat:byteSize", json::object{{"@value", std::to_string(p.dataset->bytes)},
                                       {"@type", "xsd:nonNegativeInteger"}}},
        {"spdx:checksum", json::object{{"@type", "spdx:Checksum"},
                                       {"spdx:algorithm", "spdx:checksumAlgorithm_sha256"},
                                       {"spdx:checksumValue", p.dataset->sha256}}},
        {"dcat:accessURL", json::object{{"@id", url}}}});
  }
  o["dcat:distribution"] = std::move(distributions);
  json::array permissions;
  for (const auto& scenario : d.scenarios)
    permissions.push_back(
        json::object{{"odrl:action", "odrl:use"},
                     {"odrl:constraint", json::object{{"odrl:leftOperand", "odrl:purpose"},
                                                      {"odrl:operator", "odrl:eq"},
                                                      {"odrl:rightOperand", scenario}}}});
  o["odrl:hasPolicy"] =
      json::object{{"@type", "odrl:Offer"},
                   {"odrl:assigner",
                    json::object{{"@id", StrCat(base, "/v1/organizations/", p.seller_id.value())}}},
                   {"odrl:permission", std::move(permissions)}};
  return o;
}

json::object DcatCatalog(const std::vector<Product>& products, const std::string& base,
                         const std::string& venue_name) {
  json::array datasets;
  for (const auto& p : products) datasets.push_back(DcatDataset(p, base));
  return json::object{{"@context", DcatContext()},
                      {"@id", StrCat(base, "/catalog")},
                      {"@type", "dcat:Catalog"},
                      {"dct:title", venue_name},
                      {"foaf:homepage", json::object{{"@id", base}}},
                      {"dcat:dataset", std::move(datasets)}};
}

}  // namespace bourse::api
