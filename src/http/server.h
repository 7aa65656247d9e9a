// The HTTP/1.1 server: Boost.Beast over Asio, asynchronous, one io_context run by a pool of
// threads sized to the cores. Keep-alive connections cost a socket and a buffer, not a thread,
// so idle clients do not slow anyone else down. Limits: header size (431), body size (413),
// an idle timeout between requests and a timeout for reading the rest of a request and writing
// its response. Every request goes to the Dispatcher; this file is the only one that knows
// about Beast.
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
  absl::Duration request_timeout = absl::Seconds(30);  // To read a request and write its response.
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

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace bourse::http

#endif  // BOURSE_HTTP_SERVER_H_
