// HTTP requests and responses as the dispatcher and handlers see them: plain values, independent
// of the network library. The server fills a Request from the wire and writes back a Response.
#ifndef BOURSE_HTTP_MESSAGE_H_
#define BOURSE_HTTP_MESSAGE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/byte_source.h"

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
  std::string range;          // Range (downloads).
  std::string idempotency_key;
  std::string cookie;      // The Cookie header (console sessions).
  std::string csrf_token;  // X-CSRF-Token (writes made with a console session).
  std::string accept_encoding;
  std::string request_id;      // Incoming X-Request-Id, if any.
  std::string remote;          // Peer address and port.
  std::string remote_address;  // Peer address alone (what per-client limits count by).
  bool has_idempotency_key = false;
};

// Bytes [offset, offset + length) of a stored file (plain, or decrypted as it is read),
// streamed by the server in small pieces.
struct FileRange {
  std::shared_ptr<ByteSource> source;
  int64_t offset = 0;
  int64_t length = 0;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string route;              // The matched route pattern, for metrics and logs.
  std::optional<FileRange> file;  // When set, the body is this file range, not `body`.
  // Top-level members of the JSON body that hold a secret shown once (a token, a signing
  // secret): never stored for an idempotent replay, which names them in "secrets_withheld".
  std::vector<std::string> secrets;
};

}  // namespace bourse::http

#endif  // BOURSE_HTTP_MESSAGE_H_
