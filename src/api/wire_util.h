// Helpers shared by the wire-format files: enumerations by name, strictly.
#ifndef BOURSE_API_WIRE_UTIL_H_
#define BOURSE_API_WIRE_UTIL_H_

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "api/json_reader.h"
#include "base/errors.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "domain/enum_set.h"
#include "domain/enums.h"

namespace bourse::api {

// The enumerator named `value`, or InvalidField listing the valid names.
template <typename E>
StatusOr<E> EnumField(const std::string& field, const std::string& value) {
  auto e = domain::Parse<E>(value);
  if (!e) return errors::InvalidField(field, StrCat("must be one of: ", domain::NamesOf<E>()));
  return *e;
}

// A set of enumerators by name; a repeated name is an error.
template <typename E>
StatusOr<domain::EnumSet<E>> EnumSetField(const std::string& field,
                                          const std::vector<std::string>& values) {
  domain::EnumSet<E> out;
  for (const auto& v : values) {
    BOURSE_ASSIGN_OR_RETURN(E e, EnumField<E>(field, v));
    if (out.Has(e)) return errors::InvalidField(field, StrCat("lists '", v, "' twice"));
    out.Add(e);
  }
  return out;
}

// An optional string member, empty when absent.
inline Status Text(ObjectReader& r, std::string_view key, size_t max, std::string& out) {
  BOURSE_ASSIGN_OR_RETURN(auto v, r.OptionalString(key, max));
  out = v.value_or("");
  return OkStatus();
}

// An optional boolean member, false when absent.
inline Status Flag(ObjectReader& r, std::string_view key, bool& out) {
  BOURSE_ASSIGN_OR_RETURN(auto v, r.OptionalBool(key));
  out = v.value_or(false);
  return OkStatus();
}

template <typename E>
boost::json::array EnumArray(domain::EnumSet<E> set) {
  boost::json::array out;
  for (E e : set.values()) out.emplace_back(domain::Name(e));
  return out;
}

}  // namespace bourse::api

#endif  // BOURSE_API_WIRE_UTIL_H_
