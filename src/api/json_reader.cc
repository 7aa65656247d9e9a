#include "api/json_reader.h"

#include "base/encoding.h"
#include "base/errors.h"
#include "base/strings.h"

namespace bourse::api {
namespace json = boost::json;

StatusOr<json::object> ParseObject(std::string_view body) {
  json::parse_options opts;
  opts.max_depth = 16;
  opts.allow_invalid_utf8 = true;  // Checked per string, so that the error can name the field.
  boost::system::error_code ec;
  json::value v = json::parse(json::string_view(body.data(), body.size()), ec, {}, opts);
  if (ec) return errors::MalformedBody(StrCat("the body is not valid JSON: ", ec.message()));
  if (!v.is_object()) return errors::MalformedBody("the body must be a JSON object");
  return std::move(v.as_object());
}

std::string ObjectReader::Path(std::string_view key) const {
  return prefix_.empty() ? std::string(key) : StrCat(prefix_, ".", key);
}

const json::value* ObjectReader::Find(std::string_view key) {
  read_.emplace(key);
  const json::value* v = object_.if_contains(json::string_view(key.data(), key.size()));
  return (v == nullptr || v->is_null()) ? nullptr : v;
}

StatusOr<std::optional<std::string>> ObjectReader::OptionalString(std::string_view key,
                                                                  size_t max_length) {
  const json::value* v = Find(key);
  if (v == nullptr) return std::optional<std::string>();
  if (!v->is_string()) return errors::InvalidField(Path(key), "must be a string");
  std::string s(v->as_string());
  if (!IsValidUtf8(s)) return errors::InvalidField(Path(key), "must be valid UTF-8");
  if (Utf8Length(s) > max_length) {
    return errors::InvalidField(Path(key), StrCat("must be at most ", max_length, " characters"));
  }
  return std::optional<std::string>(std::move(s));
}

StatusOr<std::string> ObjectReader::String(std::string_view key, size_t max_length) {
  auto s = OptionalString(key, max_length);
  if (!s.ok()) return s.status();
  if (!s->has_value()) return errors::MissingField(Path(key));
  return std::move(**s);
}

StatusOr<std::optional<bool>> ObjectReader::OptionalBool(std::string_view key) {
  const json::value* v = Find(key);
  if (v == nullptr) return std::optional<bool>();
  if (!v->is_bool()) return errors::InvalidField(Path(key), "must be true or false");
  return std::optional<bool>(v->as_bool());
}

StatusOr<std::optional<int64_t>> ObjectReader::OptionalInt(std::string_view key) {
  const json::value* v = Find(key);
  if (v == nullptr) return std::optional<int64_t>();
  if (v->is_int64()) return std::optional<int64_t>(v->as_int64());
  if (v->is_uint64() && v->as_uint64() <= uint64_t(INT64_MAX)) {
    return std::optional<int64_t>(int64_t(v->as_uint64()));
  }
  return errors::InvalidField(Path(key), "must be an integer");
}

StatusOr<std::vector<std::string>> ObjectReader::StringArray(std::string_view key, size_t max_items,
                                                             bool required) {
  const json::value* v = Find(key);
  if (v == nullptr) {
    if (required) return errors::MissingField(Path(key));
    return std::vector<std::string>();
  }
  if (!v->is_array()) return errors::InvalidField(Path(key), "must be an array of strings");
  const auto& arr = v->as_array();
  if (arr.size() > max_items) {
    return errors::InvalidField(Path(key), StrCat("must have at most ", max_items, " items"));
  }
  std::vector<std::string> out;
  for (const auto& item : arr) {
    if (!item.is_string()) return errors::InvalidField(Path(key), "must be an array of strings");
    std::string s(item.as_string());
    if (!IsValidUtf8(s)) return errors::InvalidField(Path(key), "must be valid UTF-8");
    out.push_back(std::move(s));
  }
  return out;
}

StatusOr<std::vector<ObjectReader>> ObjectReader::ObjectArray(std::string_view key,
                                                              size_t max_items) {
  std::vector<ObjectReader> out;
  const json::value* v = Find(key);
  if (v == nullptr) return out;
  if (!v->is_array()) return errors::InvalidField(Path(key), "must be an array of objects");
  const auto& arr = v->as_array();
  if (arr.size() > max_items)
    return errors::InvalidField(Path(key), StrCat("must have at most ", max_items, " items"));
  for (size_t i = 0; i < arr.size(); ++i) {
    const std::string path = StrCat(Path(key), "[", static_cast<int64_t>(i), "]");
    if (!arr[i].is_object()) return errors::InvalidField(path, "must be an object");
    out.emplace_back(arr[i].as_object(), path);
  }
  return out;
}

StatusOr<std::optional<ObjectReader>> ObjectReader::OptionalObject(std::string_view key) {
  const json::value* v = Find(key);
  if (v == nullptr) return std::optional<ObjectReader>();
  if (!v->is_object()) return errors::InvalidField(Path(key), "must be an object");
  return std::optional<ObjectReader>(ObjectReader(v->as_object(), Path(key)));
}

Status ObjectReader::Finish() const {
  for (const auto& [k, v] : object_) {
    std::string key(k);
    if (read_.count(key)) continue;
    if (!IsValidUtf8(key)) key = "(invalid UTF-8)";
    return errors::UnknownField(Path(key));
  }
  return OkStatus();
}

}  // namespace bourse::api
