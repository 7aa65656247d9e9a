// RFC 8785 JSON Canonicalization Scheme for the values transparency-log leaves use.
//
// Object members are sorted by the UTF-16 code units of their names; strings are escaped as
// ECMAScript's JSON.stringify does (only '"', '\\' and control characters; lowercase \u00xx);
// no whitespace. Numbers are limited to integers of magnitude at most 2^53, which serialise the
// same in every implementation; any other number, and invalid UTF-8, is InvalidArgument.
#ifndef BOURSE_LOG_CANONICAL_JSON_H_
#define BOURSE_LOG_CANONICAL_JSON_H_

#include <boost/json.hpp>
#include <string>

#include "base/status.h"

namespace bourse::log {

StatusOr<std::string> CanonicalJson(const boost::json::value& value);

}  // namespace bourse::log

#endif  // BOURSE_LOG_CANONICAL_JSON_H_
