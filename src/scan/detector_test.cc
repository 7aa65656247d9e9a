#include "scan/detector.h"

#include <random>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace bourse::scan {
namespace {

using ::testing::ElementsAre;

const absl::CivilDay kToday(2026, 11, 25);

class DetectorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto d = Detector::Create();
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    detector_ = *d;
    auto s = detector_->NewScratch();
    ASSERT_TRUE(s.ok());
    scratch_ = std::move(*s);
  }
  // "kind:text" for every hit in `text`.
  std::vector<std::string> Find(std::string_view text) {
    std::vector<Hit> hits;
    EXPECT_TRUE(detector_->Scan(text, 0, kToday, *scratch_, hits).ok());
    std::vector<std::string> out;
    for (const Hit& h : hits)
      out.push_back(std::string(Name(h.kind)) + ":" +
                    std::string(text.substr(h.begin, h.end - h.begin)) +
                    (h.minor ? "(minor)" : ""));
    return out;
  }
  std::shared_ptr<const Detector> detector_;
  std::unique_ptr<Detector::Scratch> scratch_;
};

TEST_F(DetectorTest, ResidentIdKnownVectors) {
  EXPECT_THAT(Find("360426199101010071"), ElementsAre("resident_id:360426199101010071"));
  EXPECT_THAT(Find("11010519491231002X"), ElementsAre("resident_id:11010519491231002X"));
  EXPECT_THAT(Find("360426199101010072"), ElementsAre());  // Wrong check digit.
  EXPECT_THAT(Find("360426199102300070"), ElementsAre());  // 30 February, right check digit.
  EXPECT_THAT(Find("990426199101010071"), ElementsAre());  // No such province.
  // Born 2020-03-01: under 14 on the scan date.
  EXPECT_THAT(Find("id=440305202003010016;"), ElementsAre("resident_id:440305202003010016(minor)"));
}

TEST_F(DetectorTest, IdentifiersMustStandAlone) {
  EXPECT_THAT(Find("9360426199101010071"), ElementsAre());
  EXPECT_THAT(Find("3604261991010100719"), ElementsAre());
  EXPECT_THAT(Find("a13812345678"), ElementsAre());
  EXPECT_THAT(Find("1700000000000"), ElementsAre());  // A millisecond timestamp.
}

TEST_F(DetectorTest, MobileNumbersBySegment) {
  EXPECT_THAT(Find("tel 13812345678."), ElementsAre("mobile:13812345678"));
  EXPECT_THAT(Find("19212345678"), ElementsAre("mobile:19212345678"));
  EXPECT_THAT(Find("10012345678"), ElementsAre());
  EXPECT_THAT(Find("12012345678"), ElementsAre());
}

TEST_F(DetectorTest, BankCardsNeedLuhn) {
  EXPECT_THAT(Find("6222021234567890129"), ElementsAre());  // Luhn fails.
  EXPECT_THAT(Find("6222021234567890128"), ElementsAre("bank_card:6222021234567890128"));
  EXPECT_THAT(Find("4111111111111111"), ElementsAre("bank_card:4111111111111111"));
  EXPECT_THAT(Find("6212345678901232"), ElementsAre("bank_card:6212345678901232"));
  EXPECT_THAT(Find("4111111111111112"), ElementsAre());
}

TEST_F(DetectorTest, UsccChecksum) {
  EXPECT_THAT(Find("91110000600037341L"), ElementsAre("uscc:91110000600037341L"));
  EXPECT_THAT(Find("91110000600037341M"), ElementsAre());
}

TEST_F(DetectorTest, EmailAndIp) {
  EXPECT_THAT(Find("mail zhang.san@example.com.cn today"),
              ElementsAre("email:zhang.san@example.com.cn"));
  EXPECT_THAT(Find("from 10.12.0.7 and 2001:db8::1"),
              ElementsAre("ip:10.12.0.7", "ip:2001:db8::1"));
  EXPECT_THAT(Find("999.1.1.1 12:30:45 1.2.3"), ElementsAre());
}

// The whole-cell address path must report exactly what the pattern pass reports, on cells built
// to sit on the edges of its shape checks: digit runs, dots between digits, hyphens, label
// lengths, several '@', embedded phone numbers.
TEST_F(DetectorTest, AddressCellsMatchThePatternPass) {
  std::mt19937_64 rng(20261125);
  const std::vector<std::string> parts = {
      "a",           "zhang", ".",       "..",  "-",   "--",   "_",
      "+",           "@",     "1",       "12",  "123", "1234", "99999",
      "256",         "0",     "example", "com", "cn",  "x",    "abcdefghijklmnopqrstuvwxyz",
      "13812345678", ":",     "9",       ".7",  "163", "ab1"};
  int handled = 0, with_hits = 0;
  for (int trial = 0; trial < 200000; ++trial) {
    std::string cell;
    const int n = 1 + static_cast<int>(rng() % 9);
    for (int i = 0; i < n; ++i) cell += parts[rng() % parts.size()];
    if (trial % 3 == 0)
      cell = std::to_string(rng() % 300) + "." + std::to_string(rng() % 300) + "." +
             std::to_string(rng() % 300) + "." + std::to_string(rng() % 1200);
    if (trial % 3 == 1) cell += "@mail.example." + parts[rng() % 3 + 17];
    std::vector<Hit> fast, slow;
    if (!Detector::MatchAddressCell(cell, kToday, fast)) {
      EXPECT_TRUE(fast.empty()) << cell;
      continue;
    }
    ++handled;
    ASSERT_TRUE(detector_->Scan(cell, 0, kToday, *scratch_, slow).ok());
    ASSERT_EQ(fast.size(), slow.size()) << cell;
    for (size_t i = 0; i < fast.size(); ++i) {
      EXPECT_EQ(fast[i].begin, slow[i].begin) << cell;
      EXPECT_EQ(fast[i].end, slow[i].end) << cell;
      EXPECT_EQ(fast[i].kind, slow[i].kind) << cell;
      EXPECT_EQ(fast[i].hash, slow[i].hash) << cell;
    }
    with_hits += !fast.empty();
  }
  // The generator must exercise both outcomes of the fast path.
  EXPECT_GT(handled, 50000);
  EXPECT_GT(with_hits, 15000);
  EXPECT_LT(with_hits, handled);
  std::vector<Hit> hits;
  EXPECT_TRUE(Detector::MatchAddressCell("lizhao.734@mail.example.cn", kToday, hits));
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].kind, PiKind::kEmail);
  hits.clear();
  EXPECT_FALSE(Detector::MatchAddressCell("call 13812345678@x.cn", kToday, hits));
  EXPECT_FALSE(Detector::MatchAddressCell("13812345678@x.cn", kToday, hits));
  EXPECT_TRUE(Detector::MatchAddressCell("300.1.1.1", kToday, hits));
  EXPECT_TRUE(hits.empty());
}

TEST(MaskIdentifierTest, KeepsOnlyWhatIsUsuallyShown) {
  EXPECT_EQ(MaskIdentifier("13812345678", 0, 11, PiKind::kMobile), "138****5678");
  EXPECT_EQ(MaskIdentifier("360426199101010071", 0, 18, PiKind::kResidentId), "360426********0071");
  EXPECT_EQ(MaskIdentifier("x 6212345678901232", 2, 18, PiKind::kBankCard), "x 621234******1232");
  EXPECT_EQ(MaskIdentifier("zhang@example.com", 0, 17, PiKind::kEmail), "z****@example.com");
  EXPECT_EQ(MaskIdentifier("10.12.0.7", 0, 9, PiKind::kIp), "10.12.*.*");
}

}  // namespace
}  // namespace bourse::scan
