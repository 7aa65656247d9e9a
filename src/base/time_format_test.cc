#include "base/time_format.h"

#include <gtest/gtest.h>

namespace bourse {
namespace {

TEST(Rfc3339, FormatAndParse) {
  absl::Time t = absl::FromUnixSeconds(1764085726);
  EXPECT_EQ(FormatRfc3339(t), "2025-11-25T15:48:46Z");
  EXPECT_EQ(*ParseRfc3339("2025-11-25T23:48:46+08:00"), t);
  EXPECT_FALSE(ParseRfc3339("yesterday").ok());
}

}  // namespace
}  // namespace bourse
