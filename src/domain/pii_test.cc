#include "domain/pii.h"

#include <gtest/gtest.h>

namespace bourse::domain {
namespace {

const absl::CivilDay kToday(2026, 11, 25);

TEST(ResidentId, ValidNumbersAndWhatTheyTell) {
  auto a = ParseResidentId("360426199101010071", kToday);  // domain-rules.md §6.3's test vector
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->region, "360426");
  EXPECT_EQ(a->birth_date, absl::CivilDay(1991, 1, 1));
  EXPECT_TRUE(a->male);
  EXPECT_FALSE(a->IsMinorOn(kToday));
  auto b = ParseResidentId("11010519491231002X", kToday);
  ASSERT_TRUE(b.has_value());
  EXPECT_FALSE(b->male);
  EXPECT_TRUE(ParseResidentId("11010519491231002x", kToday).has_value()) << "lower-case x";
  auto leap = ParseResidentId("110105200002290013", kToday);
  ASSERT_TRUE(leap.has_value()) << "29 February 2000 existed";
  auto child = ParseResidentId("440308201506011234", kToday);
  ASSERT_TRUE(child.has_value());
  EXPECT_TRUE(child->IsMinorOn(kToday)) << "11 years old: PI of a minor under 14";
  EXPECT_FALSE(child->IsMinorOn(absl::CivilDay(2029, 6, 1))) << "fourteen that day";
}

TEST(ResidentId, RejectsEachDefect) {
  EXPECT_FALSE(ParseResidentId("360426199101010072", kToday)) << "check character";
  EXPECT_FALSE(ParseResidentId("110105199902290013", kToday)) << "29 February 1999 never existed";
  EXPECT_FALSE(ParseResidentId("990105199001010014", kToday)) << "no province 99";
  EXPECT_FALSE(ParseResidentId("36042619910101007", kToday)) << "17 characters";
  EXPECT_FALSE(ParseResidentId("3604261991010100A1", kToday)) << "letter inside";
  // A checksum-valid number born in the future.
  EXPECT_FALSE(ParseResidentId("440308201506011234", absl::CivilDay(2014, 1, 1)));
}

TEST(Mobile, SegmentsAndPrefixes) {
  EXPECT_EQ(ParseMobileNumber("13812345678"), MobileCarrier::kChinaMobile);
  EXPECT_EQ(ParseMobileNumber("+86 138-1234-5678"), MobileCarrier::kChinaMobile);
  EXPECT_EQ(ParseMobileNumber("008613012345678"), MobileCarrier::kChinaUnicom);
  EXPECT_EQ(ParseMobileNumber("13491234567"), MobileCarrier::kChinaTelecom)
      << "1349 is China Telecom";
  EXPECT_EQ(ParseMobileNumber("18912345678"), MobileCarrier::kChinaTelecom);
  EXPECT_EQ(ParseMobileNumber("19212345678"), MobileCarrier::kBroadnet);
  EXPECT_EQ(ParseMobileNumber("16012345678"), MobileCarrier::kUnknown)
      << "valid shape, unassigned segment";
  EXPECT_FALSE(ParseMobileNumber("12345678901")) << "12x is not a mobile segment";
  EXPECT_FALSE(ParseMobileNumber("1381234567")) << "10 digits";
  EXPECT_FALSE(ParseMobileNumber("+1 13812345678")) << "another country";
  EXPECT_FALSE(ParseMobileNumber("138123456789"));
}

TEST(BankCards, LuhnAndUnionPay) {
  EXPECT_TRUE(LuhnValid("4111111111111111"));
  EXPECT_FALSE(LuhnValid("4111111111111112"));
  EXPECT_TRUE(IsUnionPayCard("6222021234567894"));
  EXPECT_TRUE(IsUnionPayCard("6212345678901234569"));
  EXPECT_FALSE(IsUnionPayCard("6222021234567890")) << "Luhn";
  EXPECT_FALSE(IsUnionPayCard("4111111111111111")) << "not 62";
  EXPECT_TRUE(IsBankCard("4111111111111111"));
  EXPECT_FALSE(IsBankCard("411111111111111")) << "15 digits";
  EXPECT_FALSE(IsBankCard("41111111111x1111"));
}

}  // namespace
}  // namespace bourse::domain
