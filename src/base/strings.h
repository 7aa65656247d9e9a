// String building without a dependency on a particular string_view type: StrCat concatenates
// strings, characters and integers; StrJoin joins a range of string-like values.
#ifndef BOURSE_BASE_STRINGS_H_
#define BOURSE_BASE_STRINGS_H_

#include <string>
#include <string_view>
#include <type_traits>

namespace bourse {
namespace strings_internal {
inline void Append(std::string& out, std::string_view s) { out.append(s); }
inline void Append(std::string& out, char c) { out.push_back(c); }
template <typename T,
          typename = std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, char>>>
void Append(std::string& out, T v) {
  out += std::to_string(v);
}
}  // namespace strings_internal

template <typename... Args>
std::string StrCat(const Args&... args) {
  std::string out;
  (strings_internal::Append(out, args), ...);
  return out;
}

template <typename Range>
std::string StrJoin(const Range& items, std::string_view sep) {
  std::string out;
  bool first = true;
  for (const auto& item : items) {
    if (!first) out.append(sep);
    first = false;
    strings_internal::Append(out, item);
  }
  return out;
}

}  // namespace bourse

#endif  // BOURSE_BASE_STRINGS_H_
