// A small blocking HTTP/1.1 client over one keep-alive connection (Boost.Beast), for the CLI and
// the tests. Not thread-safe: use one per thread. A request on a connection the server closed
// is retried once on a fresh connection.
#ifndef BOURSE_CLIENT_HTTP_CLIENT_H_
#define BOURSE_CLIENT_HTTP_CLIENT_H_

#include <map>
#include <memory>
#include <string>
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

 private:
  HttpClient(std::string host, std::string port);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace bourse::client

#endif  // BOURSE_CLIENT_HTTP_CLIENT_H_
