#include "scan/digit_checks.h"

#include <random>
#include <string>

#include "domain/pii.h"
#include "domain/uscc.h"
#include "gtest/gtest.h"

namespace bourse::scan {
namespace {

std::string RandomDigits(std::mt19937_64& rng, size_t n) {
  std::string s(n, '0');
  for (char& c : s) c = static_cast<char>('0' + rng() % 10);
  return s;
}

TEST(DigitChecksTest, LuhnAgreesWithTheReadableVersion) {
  std::mt19937_64 rng(7);
  int valid = 0;
  for (int i = 0; i < 200'000; ++i) {
    const std::string d = RandomDigits(rng, 16 + i % 4);
    const bool expected = domain::LuhnValidDigits(d);
    ASSERT_EQ(LuhnDigits16To19(d), expected) << d;
    valid += expected;
  }
  EXPECT_NEAR(valid, 20'000, 1'000);                     // One number in ten passes.
  EXPECT_TRUE(LuhnDigits16To19("6222021234567890128"));  // Known-good 19-digit UnionPay.
  EXPECT_TRUE(LuhnDigits16To19("4111111111111111"));
  EXPECT_FALSE(LuhnDigits16To19("4111111111111112"));
}

TEST(DigitChecksTest, CheckCharactersAgreeWithTheReadableVersions) {
  std::mt19937_64 rng(11);
  int id = 0, uscc = 0;
  for (int i = 0; i < 200'000; ++i) {
    std::string d = RandomDigits(rng, 17);
    // Half the time append the right resident-ID check character, else a random digit.
    const char id_check = domain::ResidentIdCheckCharacter(d);
    const char uscc_check = domain::UsccCheckCharacter(d);
    d += (i % 2) ? id_check : static_cast<char>('0' + rng() % 10);
    const bool expected = id_check == d[17] || uscc_check == d[17];
    ASSERT_EQ(EitherCheckCharacterMatches(d), expected) << d;
    id += id_check == d[17];
    uscc += uscc_check == d[17];
  }
  EXPECT_GT(id, 100'000);
  EXPECT_GT(uscc, 3'000);
  EXPECT_TRUE(EitherCheckCharacterMatches("11010519491231002X"));  // GB 11643's example.
  EXPECT_FALSE(EitherCheckCharacterMatches("110105194912310029"));
}

}  // namespace
}  // namespace bourse::scan
