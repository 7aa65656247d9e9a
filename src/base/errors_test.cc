#include "base/errors.h"

#include <gtest/gtest.h>

namespace bourse::errors {
namespace {

TEST(Errors, CarryKindAndField) {
  Status s = InvalidField("uscc", "bad checksum");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(KindOf(s), "invalid-field");
  EXPECT_EQ(FieldOf(s), "uscc");
  EXPECT_EQ(s.message(), "bad checksum");
}

TEST(Errors, KindDerivedFromCodeWhenAbsent) {
  EXPECT_EQ(KindOf(NotFoundError("x")), "not-found");
  EXPECT_EQ(KindOf(InternalError("x")), "internal");
  EXPECT_FALSE(FieldOf(NotFoundError("x")).has_value());
}

TEST(Errors, TransitionsAreFailedPrecondition) {
  EXPECT_EQ(IllegalTransition("no").code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(KindOf(RuleViolation("no", "roles")), "rule-violation");
  EXPECT_EQ(FieldOf(RuleViolation("no", "roles")), "roles");
}

}  // namespace
}  // namespace bourse::errors
