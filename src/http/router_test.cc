#include "http/router.h"

#include <gtest/gtest.h>

namespace bourse::http {
namespace {

TEST(Router, CapturesAndMethodMismatch) {
  Router r;
  r.Add("GET", "/v1/organizations/{id}", domain::Act::kRead,
        [](RequestContext&) { return Response{}; });
  r.Add("POST", "/v1/organizations/{id}/decisions", domain::Act::kAdmission,
        [](RequestContext&) { return Response{}; });
  auto m = r.Find("GET", {"v1", "organizations", "org_1"});
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params.at("id"), "org_1");
  m = r.Find("DELETE", {"v1", "organizations", "org_1"});
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.path_matched);
  EXPECT_EQ(m.allowed, (std::vector<std::string>{"GET", "HEAD"}));
  // HEAD takes the GET route.
  m = r.Find("HEAD", {"v1", "organizations", "org_1"});
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->method, "GET");
  m = r.Find("HEAD", {"v1", "organizations", "org_1", "decisions"});
  EXPECT_EQ(m.route, nullptr);
  m = r.Find("GET", {"v1", "organizations"});
  EXPECT_EQ(m.route, nullptr);
  EXPECT_FALSE(m.path_matched);
  ASSERT_EQ(r.Routes().size(), 2u);
  EXPECT_EQ(r.Routes()[1].act, domain::Act::kAdmission);
}

TEST(Router, TrailingRestCapture) {
  Router r;
  r.Add("GET", "/log/tile/{path...}", domain::Act::kPublic,
        [](RequestContext&) { return Response{}; });
  auto m = r.Find("GET", {"log", "tile", "0", "x001", "234.p", "7"});
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params.at("path"), "0/x001/234.p/7");
  EXPECT_EQ(r.Find("GET", {"log", "tile"}).route, nullptr);
}

}  // namespace
}  // namespace bourse::http
