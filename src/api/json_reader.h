// Strict reading of JSON request bodies.
//
// ObjectReader wraps one JSON object and hands out its members by type. Every failure names the
// member by its full path ("contact.email"): MissingField when a required member is absent or
// null, InvalidField for a wrong type, a bad value or invalid UTF-8 in a string, and, from
// Finish(), UnknownField for a member nobody asked for. ParseObject fails with MalformedBody when
// the body is not a JSON object.
#ifndef BOURSE_API_JSON_READER_H_
#define BOURSE_API_JSON_READER_H_

#include <boost/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/status.h"

namespace bourse::api {

StatusOr<boost::json::object> ParseObject(std::string_view body);

class ObjectReader {
 public:
  ObjectReader(const boost::json::object& object, std::string prefix = {})
      : object_(object), prefix_(std::move(prefix)) {}

  StatusOr<std::string> String(std::string_view key, size_t max_length);
  StatusOr<std::optional<std::string>> OptionalString(std::string_view key, size_t max_length);
  StatusOr<std::optional<bool>> OptionalBool(std::string_view key);
  StatusOr<std::optional<int64_t>> OptionalInt(std::string_view key);
  // Absent or null → empty vector; `required` makes absence an error.
  StatusOr<std::vector<std::string>> StringArray(std::string_view key, size_t max_items,
                                                 bool required);
  // An array of objects (absent or null → empty), each as a reader with an indexed path.
  StatusOr<std::vector<ObjectReader>> ObjectArray(std::string_view key, size_t max_items);
  // The member as an object reader, or nullopt when absent/null.
  StatusOr<std::optional<ObjectReader>> OptionalObject(std::string_view key);
  // UnknownField for the first member that was never read.
  Status Finish() const;

  std::string Path(std::string_view key) const;

 private:
  const boost::json::value* Find(std::string_view key);
  const boost::json::object& object_;
  std::string prefix_;
  std::set<std::string, std::less<>> read_;
};

}  // namespace bourse::api

#endif  // BOURSE_API_JSON_READER_H_
