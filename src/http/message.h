// HTTP requests and responses as the dispatcher and handlers see them: plain values, independent
// of the network library. The server fills a Request from the wire and writes back a Response.
#ifndef BOURSE_HTTP_MESSAGE_H_
#define BOURSE_HTTP_MESSAGE_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace bourse::http {

struct Request {
  std::string method;  // Upper case: "GET", "POST", …
  std::string target;  // As received: path and query.
  std::string body;
  // Headers the exchange reads (names lower-cased).
  std::string authorization;
  std::string content_type;
  std::string accept;
  std::string upload_offset;  // Upload-Offset (resumable uploads).
  std::string idempotency_key;
  std::string request_id;  // Incoming X-Request-Id, if any.
  std::string remote;      // Peer address.
  bool has_idempotency_key = false;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string route;  // The matched route pattern, for metrics and logs.
};

}  // namespace bourse::http

#endif  // BOURSE_HTTP_MESSAGE_H_
