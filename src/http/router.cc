#include "http/router.h"

namespace bourse::http {
namespace {

std::vector<std::string> Split(std::string_view path) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.emplace_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

bool IsCapture(const std::string& s) { return s.size() > 2 && s.front() == '{' && s.back() == '}'; }
bool IsRest(const std::string& s) {
  return s.size() > 5 && s.front() == '{' && s.compare(s.size() - 4, 4, "...}") == 0;
}

}  // namespace

Router& Router::Add(std::string method, std::string pattern, domain::Act act, Handler handler) {
  Route r{std::move(method), pattern, act, std::move(handler), Split(pattern)};
  routes_.push_back(std::move(r));
  return *this;
}

Router& Router::RecordsInTransaction() {
  routes_.back().records_in_transaction = true;
  return *this;
}

Router::Match Router::Find(std::string_view method,
                           const std::vector<std::string>& segments) const {
  Match m;
  // HEAD is GET without the body (RFC 9110 §9.3.2): it takes the GET route.
  const std::string_view wanted = method == "HEAD" ? std::string_view("GET") : method;
  for (const auto& r : routes_) {
    const bool rest = !r.segments.empty() && IsRest(r.segments.back());
    if (rest ? segments.size() < r.segments.size() : r.segments.size() != segments.size()) continue;
    const size_t fixed = rest ? r.segments.size() - 1 : r.segments.size();
    Params params;
    bool ok = true;
    for (size_t i = 0; i < fixed && ok; ++i) {
      if (IsCapture(r.segments[i])) {
        if (segments[i].empty())
          ok = false;
        else
          params.emplace(r.segments[i].substr(1, r.segments[i].size() - 2), segments[i]);
      } else if (r.segments[i] != segments[i]) {
        ok = false;
      }
    }
    if (ok && rest) {
      std::string joined;
      for (size_t i = fixed; i < segments.size(); ++i) {
        if (segments[i].empty()) ok = false;
        if (i > fixed) joined += '/';
        joined += segments[i];
      }
      const std::string& name = r.segments.back();
      params.emplace(name.substr(1, name.size() - 5), joined);
    }
    if (!ok) continue;
    m.path_matched = true;
    m.allowed.push_back(r.method);
    if (r.method == "GET") m.allowed.push_back("HEAD");
    if (r.method == wanted && m.route == nullptr) {
      m.route = &r;
      m.params = std::move(params);
    }
  }
  return m;
}

std::vector<Router::Entry> Router::Routes() const {
  std::vector<Entry> out;
  for (const auto& r : routes_) out.push_back({r.method, r.pattern, r.act});
  return out;
}

}  // namespace bourse::http
