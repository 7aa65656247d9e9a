// The catalogue as W3C DCAT 3 in JSON-LD: the venue is a dcat:Catalog, each listed product a
// dcat:Dataset (a dcat:DataService when it is an API), its uploaded file a dcat:Distribution
// with an SPDX SHA-256 checksum, and its permitted scenarios an ODRL 2.2 offer.
#ifndef BOURSE_API_DCAT_H_
#define BOURSE_API_DCAT_H_

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "domain/product.h"

namespace bourse::api {

// `base` is the exchange's public URL, without a trailing slash.
boost::json::object DcatContext();
boost::json::object DcatDataset(const domain::Product& p, const std::string& base);
boost::json::object DcatCatalog(const std::vector<domain::Product>& products,
                                const std::string& base, const std::string& venue_name);

}  // namespace bourse::api

#endif  // BOURSE_API_DCAT_H_
