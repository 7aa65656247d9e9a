#include "log/canonical_json.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "base/encoding.h"
#include "base/status_macros.h"

namespace bourse::log {
namespace {

constexpr int64_t kMaxSafeInteger = int64_t{1} << 53;

std::u16string Utf16(std::string_view s) {
  std::u16string out;
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = s[i];
    uint32_t cp;
    int n;
    if (c < 0x80) {
      cp = c;
      n = 0;
    } else if ((c & 0xe0) == 0xc0) {
      cp = c & 0x1f;
      n = 1;
    } else if ((c & 0xf0) == 0xe0) {
      cp = c & 0x0f;
      n = 2;
    } else {
      cp = c & 0x07;
      n = 3;
    }
    for (int k = 1; k <= n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
    i += n + 1;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out.push_back(static_cast<char16_t>(0xd800 + (cp >> 10)));
      out.push_back(static_cast<char16_t>(0xdc00 + (cp & 0x3ff)));
    } else {
      out.push_back(static_cast<char16_t>(cp));
    }
  }
  return out;
}

// Whether `c` is written as itself inside a JSON string.
bool Plain(unsigned char c) { return c >= 0x20 && c != '"' && c != '\\'; }

Status AppendString(std::string_view s, std::string& out) {
  if (!IsValidUtf8(s)) return InvalidArgumentError("canonical JSON strings must be valid UTF-8");
  out += '"';
  size_t i = 0;
  while (i < s.size()) {
    // Runs of characters written as themselves go out in one append.
    size_t j = i;
    while (j < s.size() && Plain(static_cast<unsigned char>(s[j]))) ++j;
    out.append(s.data() + i, j - i);
    if (j == s.size()) break;
    const unsigned char c = static_cast<unsigned char>(s[j]);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default: {
        char buf[8];
        std::snprintf(buf, sizeof(buf), "\\u%04x", c);
        out += buf;
      }
    }
    i = j + 1;
  }
  out += '"';
  return OkStatus();
}

Status Append(const boost::json::value& v, std::string& out) {
  switch (v.kind()) {
    case boost::json::kind::null:
      out += "null";
      return OkStatus();
    case boost::json::kind::bool_:
      out += v.get_bool() ? "true" : "false";
      return OkStatus();
    case boost::json::kind::int64:
      if (v.get_int64() > kMaxSafeInteger || v.get_int64() < -kMaxSafeInteger) {
        return InvalidArgumentError("integers beyond 2^53 have no canonical form");
      }
      out += std::to_string(v.get_int64());
      return OkStatus();
    case boost::json::kind::uint64:
      if (v.get_uint64() > static_cast<uint64_t>(kMaxSafeInteger)) {
        return InvalidArgumentError("integers beyond 2^53 have no canonical form");
      }
      out += std::to_string(v.get_uint64());
      return OkStatus();
    case boost::json::kind::double_:
      return InvalidArgumentError("log leaves carry integers, never floating point");
    case boost::json::kind::string:
      return AppendString(std::string_view(v.get_string().data(), v.get_string().size()), out);
    case boost::json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& item : v.get_array()) {
        if (!first) out += ',';
        first = false;
        BOURSE_RETURN_IF_ERROR(Append(item, out));
      }
      out += ']';
      return OkStatus();
    }
    case boost::json::kind::object: {
      // Members in the order of their names' UTF-16 code units (RFC 8785 §3.2.3). For names in
      // ASCII that is byte order, which needs no conversion.
      std::vector<std::pair<std::u16string, const boost::json::key_value_pair*>> members;
      bool ascii = true;
      for (const auto& kv : v.get_object()) {
        std::string_view key(kv.key().data(), kv.key().size());
        if (!IsValidUtf8(key))
          return InvalidArgumentError("canonical JSON names must be valid UTF-8");
        for (unsigned char c : key) ascii &= c < 0x80;
        members.emplace_back(std::u16string(), &kv);
      }
      if (ascii) {
        std::sort(members.begin(), members.end(),
                  [](const auto& a, const auto& b) { return a.second->key() < b.second->key(); });
      } else {
        for (auto& [utf16, kv] : members)
          utf16 = Utf16(std::string_view(kv->key().data(), kv->key().size()));
        std::sort(members.begin(), members.end(),
                  [](const auto& a, const auto& b) { return a.first < b.first; });
      }
      out += '{';
      bool first = true;
      for (const auto& [utf16, kv] : members) {
        if (!first) out += ',';
        first = false;
        BOURSE_RETURN_IF_ERROR(
            AppendString(std::string_view(kv->key().data(), kv->key().size()), out));
        out += ':';
        BOURSE_RETURN_IF_ERROR(Append(kv->value(), out));
      }
      out += '}';
      return OkStatus();
    }
  }
  return InternalError("unknown JSON kind");
}

}  // namespace

Status AppendCanonicalJson(const boost::json::value& value, std::string& out) {
  return Append(value, out);
}

Status AppendCanonicalString(std::string_view s, std::string& out) { return AppendString(s, out); }

StatusOr<std::string> CanonicalJson(const boost::json::value& value) {
  std::string out;
  out.reserve(512);
  BOURSE_RETURN_IF_ERROR(Append(value, out));
  return out;
}

}  // namespace bourse::log
