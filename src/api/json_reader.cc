#include "api/json_reader.h"

#include <boost/json/basic_parser_impl.hpp>

#include "base/encoding.h"
#include "base/errors.h"
#include "base/strings.h"

namespace bourse::api {
namespace json = boost::json;

namespace {

// A first pass over the body that builds nothing and refuses what Boost.JSON's value parser
// would let through: the same member twice in one object (it keeps the last) and NUL in a
// string or a member name. Errors name the member by its path ("items[2].name").
class StrictnessCheck {
 public:
  static constexpr size_t max_object_size = size_t(-1);
  static constexpr size_t max_array_size = size_t(-1);
  static constexpr size_t max_key_size = size_t(-1);
  static constexpr size_t max_string_size = size_t(-1);

  const Status& status() const { return status_; }

  bool on_document_begin(boost::system::error_code&) { return true; }
  bool on_document_end(boost::system::error_code&) { return true; }
  bool on_object_begin(boost::system::error_code&) { return Open(true); }
  bool on_object_end(size_t, boost::system::error_code&) { return Close(); }
  bool on_array_begin(boost::system::error_code&) { return Open(false); }
  bool on_array_end(size_t, boost::system::error_code&) { return Close(); }
  bool on_key_part(json::string_view part, size_t, boost::system::error_code&) {
    key_.append(part.data(), part.size());
    return true;
  }
  bool on_key(json::string_view part, size_t, boost::system::error_code& ec) {
    key_.append(part.data(), part.size());
    Frame& f = frames_.back();
    f.key = std::move(key_);
    key_.clear();
    f.value_pending = true;
    if (f.key.find('\0') != std::string::npos) {
      f.key = "(name with NUL)";
      return Fail(ec, errors::InvalidField(Path(), "a member name must not contain NUL"));
    }
    if (!f.keys.insert(f.key).second) {
      return Fail(ec, errors::Make(StatusCode::kInvalidArgument, errors::kDuplicateMember,
                                   StrCat("the member '", Path(), "' appears twice"), Path()));
    }
    return true;
  }
  bool on_string_part(json::string_view part, size_t, boost::system::error_code& ec) {
    if (!in_string_) Enter();
    in_string_ = true;
    return CheckText(part, ec);
  }
  bool on_string(json::string_view part, size_t, boost::system::error_code& ec) {
    if (!in_string_) Enter();
    in_string_ = false;
    return CheckText(part, ec);
  }
  bool on_number_part(json::string_view, boost::system::error_code&) { return true; }
  bool on_int64(int64_t, json::string_view, boost::system::error_code&) { return Scalar(); }
  bool on_uint64(uint64_t, json::string_view, boost::system::error_code&) { return Scalar(); }
  bool on_double(double, json::string_view, boost::system::error_code&) { return Scalar(); }
  bool on_bool(bool, boost::system::error_code&) { return Scalar(); }
  bool on_null(boost::system::error_code&) { return Scalar(); }
  bool on_comment_part(json::string_view, boost::system::error_code&) { return true; }
  bool on_comment(json::string_view, boost::system::error_code&) { return true; }

 private:
  struct Frame {
    bool object;
    std::set<std::string, std::less<>> keys;
    std::string key;  // Objects: the member being read.
    size_t index;     // Arrays: the element being read.
    bool value_pending = false;
  };

  bool Scalar() {
    Enter();
    return true;
  }
  bool Open(bool object) {
    Enter();
    frames_.push_back(Frame{object, {}, {}, 0});
    return true;
  }
  bool Close() {
    frames_.pop_back();
    return true;
  }
  // A value starts in the innermost container: an array moves on to its next element.
  void Enter() {
    if (frames_.empty()) return;
    Frame& f = frames_.back();
    if (!f.object) {
      if (f.value_pending) ++f.index;
      f.value_pending = true;
    }
  }
  bool CheckText(json::string_view part, boost::system::error_code& ec) {
    if (std::string_view(part.data(), part.size()).find('\0') == std::string_view::npos) {
      return true;
    }
    return Fail(ec, errors::InvalidField(Path(), "must not contain NUL"));
  }
  std::string Path() const {
    std::string out;
    for (const Frame& f : frames_) {
      if (f.object) {
        if (!out.empty()) out += '.';
        out += f.key;
      } else {
        out += StrCat("[", f.index, "]");
      }
    }
    return out.empty() ? "body" : out;
  }
  bool Fail(boost::system::error_code& ec, Status status) {
    status_ = std::move(status);
    ec = json::error::extra_data;  // Any error stops the parser; status_ says which.
    return false;
  }

  std::vector<Frame> frames_;
  std::string key_;
  bool in_string_ = false;
  Status status_;
};

}  // namespace

StatusOr<json::object> ParseObject(std::string_view body) {
  json::parse_options opts;
  opts.max_depth = 16;
  opts.allow_invalid_utf8 = true;  // Checked per string, so that the error can name the field.
  boost::system::error_code ec;
  {
    json::basic_parser<StrictnessCheck> check(opts);
    check.write_some(false, body.data(), body.size(), ec);
    if (!check.handler().status().ok()) return check.handler().status();
    if (ec) return errors::MalformedBody(StrCat("the body is not valid JSON: ", ec.message()));
  }
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
