// Exact validators for the personal identifiers the compliance scan looks for (domain-rules.md
// §6.3). A pattern match is only a candidate; these decide. Pure functions, thread-safe.
#ifndef BOURSE_DOMAIN_PII_H_
#define BOURSE_DOMAIN_PII_H_

#include <optional>
#include <string>
#include <string_view>

#include "absl/time/civil_time.h"

namespace bourse::domain {

// A resident identity number (公民身份号码, GB 11643-1999): 6-digit address code, birth date
// YYYYMMDD, 3-digit sequence (odd = male), and a mod-11 check character ('X' for 10).
struct ResidentId {
  std::string region;  // The 6-digit address code.
  absl::CivilDay birth_date;
  bool male = false;
  // Under 14 on `as_of`: personal information of a minor, hence sensitive (PIPL 28, 31).
  bool IsMinorOn(absl::CivilDay as_of) const;
};

// Nullopt unless `text` is a valid 18-character resident ID: correct check character, a real
// date not in the future of `today`, and a province code that exists (11–15, 21–23, 31–37,
// 41–46, 50–54, 61–65, 71, 81, 82).
std::optional<ResidentId> ParseResidentId(std::string_view text, absl::CivilDay today);

enum class MobileCarrier : int {
  kUnknown = 0,
  kChinaMobile = 1,
  kChinaUnicom = 2,
  kChinaTelecom = 3,
  kBroadnet = 4
};

// A mainland mobile number: 11 digits 1[3-9]xxxxxxxxx, optionally prefixed "+86", "86" or
// "0086" (spaces and hyphens ignored). Nullopt when not one; otherwise the carrier of its
// segment (kUnknown for a valid but unassigned or ported segment).
std::optional<MobileCarrier> ParseMobileNumber(std::string_view text);

// The Luhn (ISO/IEC 7812) check over a string of digits.
bool LuhnValid(std::string_view digits);
// The same for a string the caller knows to be digits only (no check: for hot loops).
bool LuhnValidDigits(std::string_view digits);
// The GB 11643 check character ('0'–'9' or 'X') of 17 characters the caller knows to be digits.
char ResidentIdCheckCharacter(std::string_view first17);
// A bank card number: 16 to 19 digits passing Luhn.
bool IsBankCard(std::string_view digits);
// A UnionPay card: "62" followed by 14 or 17 digits, passing Luhn.
bool IsUnionPayCard(std::string_view digits);

}  // namespace bourse::domain

#endif  // BOURSE_DOMAIN_PII_H_
