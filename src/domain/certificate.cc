#include "domain/certificate.h"

#include "base/strings.h"

namespace bourse::domain {

std::string StatusListName(StatusPurpose purpose, int64_t list) {
  if (list == 0) return std::string(Name(purpose));
  return StrCat(Name(purpose), "-", list);
}

std::optional<std::pair<StatusPurpose, int64_t>> ParseStatusListName(std::string_view name) {
  const size_t dash = name.find('-');
  const auto purpose = Parse<StatusPurpose>(name.substr(0, dash));
  if (!purpose) return std::nullopt;
  if (dash == std::string_view::npos) return std::make_pair(*purpose, int64_t{0});
  const std::string_view digits = name.substr(dash + 1);
  // One canonical name per list: no sign, no leading zero, and list 0 has no number.
  if (digits.empty() || digits.size() > 12 || digits[0] == '0') return std::nullopt;
  int64_t list = 0;
  for (char ch : digits) {
    if (ch < '0' || ch > '9') return std::nullopt;
    list = list * 10 + (ch - '0');
  }
  return std::make_pair(*purpose, list);
}

}  // namespace bourse::domain
