#include "http/problem.h"

#include <gtest/gtest.h>

#include "base/errors.h"

namespace bourse::http {
namespace {

TEST(Problem, OneMappingForEveryKind) {
  EXPECT_EQ(HttpStatusFor(errors::InvalidField("f", "x")), 400);
  EXPECT_EQ(HttpStatusFor(errors::Unauthenticated("x")), 401);
  EXPECT_EQ(HttpStatusFor(errors::Forbidden("x")), 403);
  EXPECT_EQ(HttpStatusFor(errors::NotFound("x")), 404);
  EXPECT_EQ(HttpStatusFor(errors::IllegalTransition("x")), 409);
  EXPECT_EQ(HttpStatusFor(errors::Conflict("x")), 409);
  EXPECT_EQ(HttpStatusFor(errors::RuleViolation("x", "f")), 422);
  EXPECT_EQ(HttpStatusFor(errors::Make(StatusCode::kInvalidArgument, errors::kBodyTooLarge, "x")),
            413);
  EXPECT_EQ(HttpStatusFor(errors::Make(StatusCode::kInvalidArgument, errors::kHeaderTooLarge, "x")),
            431);
  EXPECT_EQ(HttpStatusFor(InternalError("x")), 500);
}

TEST(Problem, HidesInternalDetail) {
  Response r = ProblemResponse(InternalError("SELECT secret FROM x"), "rid");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.content_type, "application/problem+json");
  EXPECT_EQ(r.body.find("SELECT"), std::string::npos);
  EXPECT_NE(r.body.find("rid"), std::string::npos);
  Response u = ProblemResponse(errors::Unauthenticated("no"), "rid");
  ASSERT_EQ(u.headers.size(), 1u);
  EXPECT_EQ(u.headers[0].first, "WWW-Authenticate");
}

}  // namespace
}  // namespace bourse::http
