#include "http/metrics.h"

#include <fmt/format.h>

namespace bourse::http {

void Metrics::Observe(const std::string& route, const std::string& method, int status,
                      double seconds) {
  absl::MutexLock lock(&mu_);
  Series& s = series_[{route, method, status}];
  ++s.count;
  s.sum += seconds;
  for (size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++s.buckets[i];
}

std::string Metrics::Render() const {
  std::string out;
  out += "# HELP bourse_http_requests_total HTTP requests served, by route, method and status.\n";
  out += "# TYPE bourse_http_requests_total counter\n";
  absl::MutexLock lock(&mu_);
  for (const auto& [key, s] : series_) {
    const auto& [route, method, status] = key;
    out +=
        fmt::format("bourse_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{}\"}} {}\n",
                    route, method, status, s.count);
  }
  out += "# HELP bourse_http_request_duration_seconds Time from request read to response ready.\n";
  out += "# TYPE bourse_http_request_duration_seconds histogram\n";
  for (const auto& [key, s] : series_) {
    const auto& [route, method, status] = key;
    std::string labels =
        fmt::format("route=\"{}\",method=\"{}\",status=\"{}\"", route, method, status);
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      out += fmt::format("bourse_http_request_duration_seconds_bucket{{{},le=\"{}\"}} {}\n", labels,
                         kBuckets[i], s.buckets[i]);
    }
    out += fmt::format("bourse_http_request_duration_seconds_bucket{{{},le=\"+Inf\"}} {}\n", labels,
                       s.count);
    out += fmt::format("bourse_http_request_duration_seconds_sum{{{}}} {}\n", labels, s.sum);
    out += fmt::format("bourse_http_request_duration_seconds_count{{{}}} {}\n", labels, s.count);
  }
  out += "# HELP bourse_http_open_connections Client connections currently open.\n";
  out += "# TYPE bourse_http_open_connections gauge\n";
  out += fmt::format("bourse_http_open_connections {}\n", connections());
  out += "# HELP bourse_http_refused_connections_total Connections refused over a limit.\n";
  out += "# TYPE bourse_http_refused_connections_total counter\n";
  out += fmt::format("bourse_http_refused_connections_total {}\n", refused());
  return out;
}

}  // namespace bourse::http
