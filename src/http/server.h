// The HTTP/1.1 server: Boost.Beast over Asio, asynchronous, one io_context per thread, as many
// threads as cores. Keep-alive connections cost a socket and a buffer, not a thread, so idle
// clients do not slow anyone else down. Every request goes to the Dispatcher; this file is the
// only one that knows about Beast.
//
// Limits, each a setting: header block size (431), target length (414), body size (413); a new
// connection must start its request within `header_timeout` and every header block must be
// complete within `header_timeout` of its first byte; a body must arrive at
// `min_body_bytes_per_second` at least; a kept-alive connection may wait `idle_timeout` for its
// next request. At most `max_connections` connections (never more than the descriptor limit
// allows) and `max_connections_per_address` from one peer address: past the total the
// longest-idle connection is dropped, and when none is idle, or past the per-address cap, the
// new connection gets 503 too-many-connections and is closed. Framing is strict
// (http/framing.h). HEAD is answered for every GET route with GET's headers and no body.
#ifndef BOURSE_HTTP_SERVER_H_
#define BOURSE_HTTP_SERVER_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/time/time.h"
#include "base/status.h"
#include "http/dispatcher.h"
#include "http/metrics.h"

namespace bourse::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0 picks a free port; Start() returns it.
  int threads = 0;       // 0: one per core.
  size_t max_body_bytes = 1 << 20;
  size_t max_header_bytes = 16 << 10;
  absl::Duration idle_timeout = absl::Seconds(75);  // Between requests on a keep-alive connection.
  absl::Duration request_timeout = absl::Seconds(30);  // To write a response.
  absl::Duration header_timeout = absl::Seconds(10);
  uint64_t min_body_bytes_per_second = 16 << 10;
  size_t max_target_bytes = 8 << 10;
  int max_connections = 0;  // 0: as many as the descriptor limit allows, less headroom.
  int max_connections_per_address = 256;  // 0: no cap.
};

class HttpServer {
 public:
  HttpServer(ServerOptions options, Dispatcher& dispatcher, Metrics& metrics,
             std::shared_ptr<spdlog::logger> logger);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens; returns the bound port. No request is served before Serve().
  StatusOr<uint16_t> Listen();
  // Starts accepting connections on the worker threads.
  void Serve();
  // Stops accepting, lets requests in flight finish (at most `grace`), then closes every
  // connection and joins the threads. Idempotent.
  void Shutdown(absl::Duration grace);
  int in_flight() const;
  // The connection limit in force (the setting, capped by the descriptor limit).
  size_t max_connections() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace bourse::http

#endif  // BOURSE_HTTP_SERVER_H_
