#include "domain/pii.h"

#include <array>
#include <cctype>

namespace bourse::domain {
namespace {

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

int Number(std::string_view digits) {
  int v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

bool KnownProvince(int code) {
  return (code >= 11 && code <= 15) || (code >= 21 && code <= 23) || (code >= 31 && code <= 37) ||
         (code >= 41 && code <= 46) || (code >= 50 && code <= 54) || (code >= 61 && code <= 65) ||
         code == 71 || code == 81 || code == 82;
}

}  // namespace

bool ResidentId::IsMinorOn(absl::CivilDay as_of) const {
  absl::CivilDay fourteenth(birth_date.year() + 14, birth_date.month(), birth_date.day());
  // A 29 February birthday normalises to 1 March, which is when the fourteenth year is complete.
  return as_of < fourteenth;
}

std::optional<ResidentId> ParseResidentId(std::string_view text, absl::CivilDay today) {
  if (text.size() != 18 || !AllDigits(text.substr(0, 17))) return std::nullopt;
  const char last = text[17] == 'x' ? 'X' : text[17];
  if (ResidentIdCheckCharacter(text.substr(0, 17)) != last) return std::nullopt;
  if (!KnownProvince(Number(text.substr(0, 2)))) return std::nullopt;
  const int year = Number(text.substr(6, 4)), month = Number(text.substr(10, 2)),
            day = Number(text.substr(12, 2));
  absl::CivilDay birth(year, month, day);
  // CivilDay normalises impossible dates (1999-02-29 → 1999-03-01): reject those.
  if (birth.year() != year || birth.month() != month || birth.day() != day) return std::nullopt;
  if (year < 1900 || birth > today) return std::nullopt;
  ResidentId id;
  id.region = std::string(text.substr(0, 6));
  id.birth_date = birth;
  id.male = (text[16] - '0') % 2 == 1;
  return id;
}

std::optional<MobileCarrier> ParseMobileNumber(std::string_view text) {
  std::string digits;
  bool plus = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == ' ' || c == '-') continue;
    if (c == '+' && digits.empty() && !plus) {
      plus = true;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    digits += c;
  }
  if (digits.size() == 15 && digits.compare(0, 4, "0086") == 0)
    digits = digits.substr(4);
  else if (digits.size() == 13 && digits.compare(0, 2, "86") == 0)
    digits = digits.substr(2);
  else if (plus)
    return std::nullopt;
  if (digits.size() != 11 || digits[0] != '1' || digits[1] < '3') return std::nullopt;
  const int three = Number(std::string_view(digits).substr(0, 3));
  const int four = Number(std::string_view(digits).substr(0, 4));
  switch (three) {
    case 134:
      return four == 1349 ? MobileCarrier::kChinaTelecom : MobileCarrier::kChinaMobile;
    case 135:
    case 136:
    case 137:
    case 138:
    case 139:
    case 147:
    case 150:
    case 151:
    case 152:
    case 157:
    case 158:
    case 159:
    case 165:
    case 172:
    case 178:
    case 182:
    case 183:
    case 184:
    case 187:
    case 188:
    case 195:
    case 197:
    case 198:
      return MobileCarrier::kChinaMobile;
    case 130:
    case 131:
    case 132:
    case 145:
    case 155:
    case 156:
    case 166:
    case 167:
    case 171:
    case 175:
    case 176:
    case 185:
    case 186:
    case 196:
      return MobileCarrier::kChinaUnicom;
    case 133:
    case 149:
    case 153:
    case 173:
    case 174:
    case 177:
    case 180:
    case 181:
    case 189:
    case 190:
    case 191:
    case 193:
    case 199:
      return MobileCarrier::kChinaTelecom;
    case 192:
      return MobileCarrier::kBroadnet;
    default:
      return MobileCarrier::kUnknown;
  }
}

char ResidentIdCheckCharacter(std::string_view first17) {
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return "10X98765432"[sum % 11];
}

bool LuhnValid(std::string_view digits) { return AllDigits(digits) && LuhnValidDigits(digits); }

bool LuhnValidDigits(std::string_view digits) {
  // Doubled digits with 9 subtracted when over 9, by table: no data-dependent branch.
  static constexpr int kDoubled[10] = {0, 2, 4, 6, 8, 1, 3, 5, 7, 9};
  int sum = 0;
  const size_t n = digits.size();
  for (size_t i = 0; i < n; ++i) {
    const int d = digits[n - 1 - i] - '0';
    sum += (i & 1) ? kDoubled[d] : d;
  }
  return sum % 10 == 0;
}

bool IsBankCard(std::string_view digits) {
  return digits.size() >= 16 && digits.size() <= 19 && LuhnValid(digits);
}

bool IsUnionPayCard(std::string_view digits) {
  return (digits.size() == 16 || digits.size() == 19) && digits.substr(0, 2) == "62" &&
         LuhnValid(digits);
}

}  // namespace bourse::domain
