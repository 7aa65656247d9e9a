#include "domain/uscc.h"

#include <gtest/gtest.h>

namespace bourse::domain {
namespace {

TEST(Uscc, KnownValidCode) {
  EXPECT_TRUE(ValidateUscc("91110000600037341L").ok());
  EXPECT_EQ(UsccCheckCharacter("91110000600037341"), 'L');
}

TEST(Uscc, NormalizesHowPeopleWriteIt) {
  EXPECT_EQ(NormalizeUscc("9111 0000-6000 3734 1l"), "91110000600037341L");
  EXPECT_TRUE(ValidateUscc(NormalizeUscc(" 91110000600037341l ")).ok());
}

TEST(Uscc, RejectsEachDefect) {
  EXPECT_FALSE(ValidateUscc("91110000600037341").ok()) << "too short";
  EXPECT_FALSE(ValidateUscc("91110000600037341M").ok()) << "wrong check character";
  EXPECT_FALSE(ValidateUscc("9111000O600037341L").ok()) << "letter in the numeric prefix";
  EXPECT_FALSE(ValidateUscc("91110000600037I41L").ok()) << "I is not in the alphabet";
  EXPECT_FALSE(ValidateUscc("91110000600037341l").ok()) << "lowercase";
}

TEST(Uscc, EverySingleCharacterChangeIsCaught) {
  const std::string good = "91110000600037341L";
  const std::string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  for (size_t pos = 8; pos < good.size(); ++pos) {
    for (char c : alphabet) {
      if (c == good[pos]) continue;
      std::string bad = good;
      bad[pos] = c;
      EXPECT_FALSE(ValidateUscc(bad).ok()) << bad;
    }
  }
}

}  // namespace
}  // namespace bourse::domain
