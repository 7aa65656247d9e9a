// Maps (method, path) to a handler. Patterns are literal segments and "{name}" captures, e.g.
// "/v1/organizations/{id}/decisions"; a capture matches one non-empty segment, and a final
// "{name...}" captures all remaining segments (at least one), joined by "/". Routes are added
// once at start-up; Find is then thread-safe. Every route names the act it performs
// (domain/authorization.h): the dispatcher authorises it before the handler runs.
#ifndef BOURSE_HTTP_ROUTER_H_
#define BOURSE_HTTP_ROUTER_H_

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "domain/authorization.h"
#include "http/message.h"

namespace bourse::http {

using Params = std::map<std::string, std::string, std::less<>>;

class RequestContext;
using Handler = std::function<Response(RequestContext&)>;

struct Route {
  std::string method;
  std::string pattern;
  domain::Act act = domain::Act::kPublic;
  Handler handler;
  std::vector<std::string> segments;
  // The handler's use case records an idempotent response in its own transaction
  // (service/idempotency_service.h), as every use case that moves money does.
  bool records_in_transaction = false;
};

class Router {
 public:
  Router& Add(std::string method, std::string pattern, domain::Act act, Handler handler);
  // Marks the route added last as recording its idempotent response in its use case's
  // transaction.
  Router& RecordsInTransaction();

  struct Match {
    const Route* route = nullptr;  // Null when nothing matched.
    Params params;
    bool path_matched = false;  // Some route has this path, with another method (→ 405).
    std::vector<std::string> allowed;
  };
  // `segments` are the decoded path segments.
  Match Find(std::string_view method, const std::vector<std::string>& segments) const;
  struct Entry {
    std::string method;
    std::string pattern;
    domain::Act act;
  };
  // Every route, in registration order.
  std::vector<Entry> Routes() const;

 private:
  std::vector<Route> routes_;
};

}  // namespace bourse::http

#endif  // BOURSE_HTTP_ROUTER_H_
