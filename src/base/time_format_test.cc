#include "base/time_format.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>

namespace bourse {
namespace {

TEST(HttpDate, IsTheImfFixdate) {
  EXPECT_EQ(FormatHttpDate(absl::FromUnixSeconds(1796321400)), "Thu, 03 Dec 2026 18:10:00 GMT");
  EXPECT_EQ(FormatHttpDate(absl::FromUnixSeconds(784111777)), "Sun, 06 Nov 1994 08:49:37 GMT")
      << "RFC 9110's example";
}

TEST(Rfc3339, FormatAndParse) {
  absl::Time t = absl::FromUnixSeconds(1764085726);
  EXPECT_EQ(FormatRfc3339(t), "2025-11-25T15:48:46Z");
  EXPECT_EQ(*ParseRfc3339("2025-11-25T23:48:46+08:00"), t);
  EXPECT_FALSE(ParseRfc3339("yesterday").ok());
}

// The arithmetic conversion agrees with absl's civil-time formatter across the whole range it
// covers, around leap days and century years, and before the epoch.
TEST(Rfc3339, FormatAgreesWithCivilTime) {
  auto civil = [](absl::Time t) {
    const absl::CivilSecond c = absl::ToCivilSecond(t, absl::UTCTimeZone());
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%04lld-%02d-%02dT%02d:%02d:%02dZ",
                  static_cast<long long>(c.year()), c.month(), c.day(), c.hour(), c.minute(),
                  c.second());
    return std::string(buf);
  };
  std::mt19937_64 gen(20261126);
  std::uniform_int_distribution<int64_t> any(-62135596800, 253402300799);
  for (int i = 0; i < 200000; ++i) {
    const absl::Time t = absl::FromUnixSeconds(any(gen));
    ASSERT_EQ(FormatRfc3339(t), civil(t)) << absl::ToUnixSeconds(t);
  }
  for (const char* day :
       {"1900-02-28", "1900-03-01", "2000-02-29", "2000-03-01", "2024-02-29", "2100-02-28",
        "2100-03-01", "1969-12-31", "1970-01-01", "0001-01-01", "9999-12-31"}) {
    absl::Time t;
    ASSERT_TRUE(absl::ParseTime("%Y-%m-%d", day, &t, nullptr)) << day;
    for (int64_t s : {int64_t{0}, int64_t{1}, int64_t{43199}, int64_t{86399}}) {
      EXPECT_EQ(FormatRfc3339(t + absl::Seconds(s)), civil(t + absl::Seconds(s)));
    }
  }
  EXPECT_EQ(FormatRfc3339(absl::UnixEpoch() - absl::Seconds(1)), "1969-12-31T23:59:59Z");
  EXPECT_EQ(FormatRfc3339(absl::FromUnixMillis(1764085726999)), "2025-11-25T15:48:46Z");
  // Beyond four-digit years the text clamps to the first and last representable second.
  EXPECT_EQ(FormatRfc3339(absl::InfiniteFuture()), "9999-12-31T23:59:59Z");
  EXPECT_EQ(FormatRfc3339(absl::InfinitePast()), "0001-01-01T00:00:00Z");
}

}  // namespace
}  // namespace bourse
