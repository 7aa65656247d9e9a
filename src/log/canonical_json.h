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
#include <string_view>

#include "base/status.h"

namespace bourse::log {

StatusOr<std::string> CanonicalJson(const boost::json::value& value);

// Appends the canonical form of `value` (of `s` as a JSON string) to `out`; on error `out` holds
// a partial value.
Status AppendCanonicalJson(const boost::json::value& value, std::string& out);
Status AppendCanonicalString(std::string_view s, std::string& out);

}  // namespace bourse::log

#endif  // BOURSE_LOG_CANONICAL_JSON_H_
