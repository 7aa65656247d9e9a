// A small blocking HTTP/1.1 client over one keep-alive connection (Boost.Beast), for the CLI and
// the tests. Not thread-safe: use one per thread. A request on a connection the server closed
// is retried once on a fresh connection.
#ifndef BOURSE_CLIENT_HTTP_CLIENT_H_
#define BOURSE_CLIENT_HTTP_CLIENT_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace bourse::client {

struct HttpReply {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // Lower-cased names.
  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

using Headers = std::vector<std::pair<std::string, std::string>>;

class HttpClient {
 public:
  // `base_url` is "http://host:port" (no path). InvalidArgument otherwise.
  static StatusOr<std::unique_ptr<HttpClient>> Create(const std::string& base_url);
  ~HttpClient();

  // Unavailable when the server cannot be reached.
  StatusOr<HttpReply> Send(const std::string& method, const std::string& target,
                           const std::string& body, const Headers& headers);

  // GET `target` with the body streamed to `sink` 64 KiB at a time (never whole in memory)
  // when the status is 2xx; any other reply's body (a problem) is returned in the reply. The
  // reply's headers are known before the first chunk: `on_headers` sees them first. A sink
  // error stops the transfer and is returned.
  using Sink = std::function<Status(std::string_view chunk)>;
  StatusOr<HttpReply> Fetch(const std::string& target, const Headers& headers,
                            const std::function<void(const HttpReply&)>& on_headers,
                            const Sink& sink);

 private:
  HttpClient(std::string host, std::string port);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace bourse::client

#endif  // BOURSE_CLIENT_HTTP_CLIENT_H_
