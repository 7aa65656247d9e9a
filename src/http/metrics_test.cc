#include "http/metrics.h"

#include <gtest/gtest.h>

namespace bourse::http {
namespace {

TEST(Metrics, RendersCountersAndCumulativeBuckets) {
  Metrics m;
  m.Observe("/v1/x", "GET", 200, 0.0003);
  m.Observe("/v1/x", "GET", 200, 0.02);
  m.ConnectionOpened();
  std::string text = m.Render();
  EXPECT_NE(text.find(R"(bourse_http_requests_total{route="/v1/x",method="GET",status="200"} 2)"),
            std::string::npos);
  EXPECT_NE(text.find(R"(le="0.0005"} 1)"), std::string::npos);
  EXPECT_NE(text.find(R"(le="0.025"} 2)"), std::string::npos);
  EXPECT_NE(text.find(R"(le="+Inf"} 2)"), std::string::npos);
  EXPECT_NE(text.find("bourse_http_open_connections 1"), std::string::npos);
}

}  // namespace
}  // namespace bourse::http
