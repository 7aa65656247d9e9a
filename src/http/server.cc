#include "http/server.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <functional>
#include <thread>
#include <vector>

#include "base/errors.h"
#include "base/strings.h"
#include "base/thread_name.h"
#include "http/request_fiber.h"

namespace bourse::http {

namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

struct Shared {
  Dispatcher& dispatcher;
  Metrics& metrics;
  ServerOptions options;
  std::shared_ptr<spdlog::logger> logger;
  std::atomic<int> in_flight{0};
  std::atomic<bool> draining{false};
};

std::chrono::steady_clock::duration ToChrono(absl::Duration d) {
  return absl::ToChronoNanoseconds(d);
}

// A response body that is a byte range of an open file, read with pread 64 KiB at a time, so
// that a download of any size never sits in memory.
struct FileRangeBody {
  struct value_type {
    int fd = -1;
    uint64_t offset = 0;
    uint64_t length = 0;
  };
  static uint64_t size(const value_type& v) { return v.length; }

  class writer {
   public:
    using const_buffers_type = net::const_buffer;
    template <bool isRequest, class Fields>
    writer(bhttp::header<isRequest, Fields>&, value_type& body) : body_(body) {}
    void init(beast::error_code& ec) { ec = {}; }
    boost::optional<std::pair<const_buffers_type, bool>> get(beast::error_code& ec) {
      ec = {};
      if (sent_ >= body_.length) return boost::none;
      const size_t want =
          static_cast<size_t>(std::min<uint64_t>(buffer_.size(), body_.length - sent_));
      const ssize_t got =
          ::pread(body_.fd, buffer_.data(), want, static_cast<off_t>(body_.offset + sent_));
      if (got <= 0) {
        ec = beast::errc::make_error_code(beast::errc::io_error);
        return boost::none;
      }
      sent_ += static_cast<uint64_t>(got);
      return {{net::const_buffer(buffer_.data(), static_cast<size_t>(got)), sent_ < body_.length}};
    }

   private:
    value_type& body_;
    uint64_t sent_ = 0;
    std::array<char, 64 * 1024> buffer_;
  };
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, Shared& shared) : stream_(std::move(socket)), shared_(shared) {
    beast::error_code ec;
    auto ep = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = StrCat(ep.address().to_string(), ":", ep.port());
    shared_.metrics.ConnectionOpened();
  }
  ~Session() { shared_.metrics.ConnectionClosed(); }

  void Run() {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&Session::Read, shared_from_this()));
  }

 private:
  void Read() {
    if (shared_.draining.load()) return Close();
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(shared_.options.max_header_bytes));
    parser_->body_limit(shared_.options.max_body_bytes);
    stream_.expires_after(ToChrono(shared_.options.idle_timeout));
    bhttp::async_read(stream_, buffer_, *parser_,
                      beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, size_t) {
    if (ec == bhttp::error::end_of_stream || ec == net::error::eof || ec == beast::error::timeout ||
        ec == net::error::operation_aborted || ec == net::error::connection_reset) {
      return Close();
    }
    if (ec == bhttp::error::body_limit) {
      return Reject(errors::Make(
          StatusCode::kInvalidArgument, errors::kBodyTooLarge,
          StrCat("the body exceeds ", shared_.options.max_body_bytes, " bytes"), "body"));
    }
    if (ec == bhttp::error::header_limit) {
      return Reject(
          errors::Make(StatusCode::kInvalidArgument, errors::kHeaderTooLarge,
                       StrCat("the headers exceed ", shared_.options.max_header_bytes, " bytes")));
    }
    if (ec.category() == beast::error_code(bhttp::error::bad_target).category()) {
      return Reject(
          errors::MalformedBody(StrCat("the request is not valid HTTP/1.1: ", ec.message())));
    }
    if (ec) return Close();

    auto& msg = parser_->get();
    Request req;
    req.method = std::string(msg.method_string());
    req.target = std::string(msg.target());
    req.body = std::move(msg.body());
    req.authorization = std::string(msg[bhttp::field::authorization]);
    req.content_type = std::string(msg[bhttp::field::content_type]);
    req.accept = std::string(msg[bhttp::field::accept]);
    if (auto it = msg.find(bhttp::field::range); it != msg.end())
      req.range = std::string(it->value());
    if (auto it = msg.find("Upload-Offset"); it != msg.end())
      req.upload_offset = std::string(it->value());
    if (auto it = msg.find("Idempotency-Key"); it != msg.end()) {
      req.idempotency_key = std::string(it->value());
      req.has_idempotency_key = true;
    }
    if (auto it = msg.find("X-Request-Id"); it != msg.end())
      req.request_id = std::string(it->value());
    if (auto it = msg.find(bhttp::field::cookie); it != msg.end())
      req.cookie = std::string(it->value());
    if (auto it = msg.find("X-CSRF-Token"); it != msg.end())
      req.csrf_token = std::string(it->value());
    if (auto it = msg.find(bhttp::field::accept_encoding); it != msg.end())
      req.accept_encoding = std::string(it->value());
    req.remote = remote_;

    shared_.in_flight.fetch_add(1);
    // The handler runs as a fiber: while it waits for a commit, this thread serves others.
    // One request at a time per connection (the next is read after this reply is written), so
    // the reply has a place of its own in the session.
    StartRequestFiber(
        stream_.get_executor(),
        [this, req = std::move(req)] { reply_ = shared_.dispatcher.Handle(req); },
        [self = shared_from_this()] {
          auto& msg = self->parser_->get();
          self->Send(std::move(self->reply_), msg.keep_alive() && !self->shared_.draining.load(),
                     msg.version(), true);
        });
  }

  void Reject(const Status& status) {
    shared_.in_flight.fetch_add(1);
    Send(shared_.dispatcher.Reject(status, remote_), false, 11, true);
  }

  // Streams a file range; falls back to a problem response if the file cannot be opened.
  void SendFile(Response&& r, bool keep_alive, unsigned version, bool counted) {
    const int fd = ::open(r.file->path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      Response problem = shared_.dispatcher.Reject(
          errors::Internal(StrCat("cannot open a stored file: ", r.file->path)), remote_);
      return Send(std::move(problem), keep_alive, version, counted);
    }
    file_res_.emplace();
    auto& res = *file_res_;
    res.version(version);
    res.result(static_cast<unsigned>(r.status));
    res.set(bhttp::field::server, "bourse");
    if (!r.content_type.empty()) res.set(bhttp::field::content_type, r.content_type);
    bool has_cache_control = false;
    for (auto& [name, value] : r.headers) {
      has_cache_control |= name == "Cache-Control";
      res.set(name, value);
    }
    if (!has_cache_control) res.set(bhttp::field::cache_control, "no-store");
    res.set("X-Content-Type-Options", "nosniff");
    res.body().fd = fd;
    res.body().offset = static_cast<uint64_t>(r.file->offset);
    res.body().length = static_cast<uint64_t>(r.file->length);
    res.keep_alive(keep_alive);
    res.prepare_payload();
    // A large file may take longer than one request's timeout to send: allow a minute per
    // 64 MiB on top.
    stream_.expires_after(ToChrono(shared_.options.request_timeout) +
                          std::chrono::seconds(60 * (1 + r.file->length / (64 << 20))));
    bhttp::async_write(stream_, res,
                       beast::bind_front_handler(&Session::OnFileWritten, shared_from_this(),
                                                 keep_alive, counted));
  }

  void OnFileWritten(bool keep_alive, bool counted, beast::error_code ec, size_t n) {
    if (file_res_) {
      ::close(file_res_->body().fd);
      file_res_.reset();
    }
    OnWrite(keep_alive, counted, ec, n);
  }

  void Send(Response&& r, bool keep_alive, unsigned version, bool counted) {
    if (r.file) return SendFile(std::move(r), keep_alive, version, counted);
    res_ = {};
    res_.version(version);
    res_.result(static_cast<unsigned>(r.status));
    res_.set(bhttp::field::server, "bourse");
    if (!r.content_type.empty()) res_.set(bhttp::field::content_type, r.content_type);
    bool has_cache_control = false;
    for (auto& [name, value] : r.headers) {
      has_cache_control |= name == "Cache-Control";
      res_.set(name, value);
    }
    if (!has_cache_control) res_.set(bhttp::field::cache_control, "no-store");
    res_.set("X-Content-Type-Options", "nosniff");
    res_.body() = std::move(r.body);
    res_.keep_alive(keep_alive);
    res_.prepare_payload();
    stream_.expires_after(ToChrono(shared_.options.request_timeout));
    bhttp::async_write(
        stream_, res_,
        beast::bind_front_handler(&Session::OnWrite, shared_from_this(), keep_alive, counted));
  }

  void OnWrite(bool keep_alive, bool counted, beast::error_code ec, size_t) {
    if (counted) shared_.in_flight.fetch_sub(1);
    if (ec || !keep_alive) return Close();
    Read();
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.close();
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  Response reply_;  // The dispatcher's answer to the request being handled.
  bhttp::response<bhttp::string_body> res_;
  std::optional<bhttp::response<FileRangeBody>> file_res_;
  Shared& shared_;
  std::string remote_;
};

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // Accepts on `ioc`; each new connection lives on the context `pick` returns.
  Listener(net::io_context& ioc, std::function<net::io_context&()> pick, Shared& shared)
      : ioc_(ioc), pick_(std::move(pick)), acceptor_(ioc), backoff_(ioc), shared_(shared) {}

  StatusOr<uint16_t> Listen(const std::string& host, uint16_t port) {
    beast::error_code ec;
    tcp::resolver resolver(ioc_);
    auto results = resolver.resolve(host, std::to_string(port), tcp::resolver::passive, ec);
    if (ec || results.empty())
      return InvalidArgumentError(StrCat("cannot resolve listen host '", host, "'"));
    tcp::endpoint ep = results.begin()->endpoint();
    acceptor_.open(ep.protocol(), ec);
    if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(ep, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec)
      return UnavailableError(StrCat("cannot listen on ", host, ":", port, ": ", ec.message()));
    return acceptor_.local_endpoint().port();
  }

  void Accept() {
    acceptor_.async_accept(pick_(),
                           beast::bind_front_handler(&Listener::OnAccept, shared_from_this()));
  }

  void Close() {
    beast::error_code ec;
    acceptor_.close(ec);
    backoff_.cancel();
  }

 private:
  void OnAccept(beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
    if (ec) {
      // Typically EMFILE: back off briefly instead of spinning.
      shared_.logger->warn("accept failed: {}", ec.message());
      backoff_.expires_after(std::chrono::milliseconds(50));
      backoff_.async_wait([self = shared_from_this()](beast::error_code wait_ec) {
        if (!wait_ec) self->Accept();
      });
      return;
    }
    beast::error_code opt_ec;
    socket.set_option(tcp::no_delay(true), opt_ec);
    std::make_shared<Session>(std::move(socket), shared_)->Run();
    Accept();
  }

  net::io_context& ioc_;
  std::function<net::io_context&()> pick_;
  tcp::acceptor acceptor_;
  net::steady_timer backoff_;
  Shared& shared_;
};

}  // namespace

// One io_context per worker thread: a connection stays on one thread for its life, so no
// scheduler lock or strand is shared between threads.
struct HttpServer::Impl {
  Impl(ServerOptions options, Dispatcher& dispatcher, Metrics& metrics,
       std::shared_ptr<spdlog::logger> logger)
      : shared{dispatcher, metrics, options, std::move(logger)},
        threads(options.threads > 0 ? options.threads
                                    : std::max(1u, std::thread::hardware_concurrency())) {
    for (int i = 0; i < threads; ++i) {
      contexts.push_back(std::make_unique<net::io_context>(1));
      guards.emplace_back(net::make_work_guard(*contexts.back()));
    }
  }
  net::io_context& Pick() {
    return *contexts[next.fetch_add(1, std::memory_order_relaxed) % contexts.size()];
  }

  Shared shared;
  int threads;
  // Declared after `shared`: destroyed first, with every session.
  std::vector<std::unique_ptr<net::io_context>> contexts;
  std::vector<net::executor_work_guard<net::io_context::executor_type>> guards;
  std::atomic<size_t> next{0};
  std::shared_ptr<Listener> listener;
  std::vector<std::thread> workers;
  bool stopped = false;
};

HttpServer::HttpServer(ServerOptions options, Dispatcher& dispatcher, Metrics& metrics,
                       std::shared_ptr<spdlog::logger> logger)
    : impl_(std::make_unique<Impl>(std::move(options), dispatcher, metrics, std::move(logger))) {}

HttpServer::~HttpServer() { Shutdown(absl::ZeroDuration()); }

StatusOr<uint16_t> HttpServer::Listen() {
  impl_->listener = std::make_shared<Listener>(
      *impl_->contexts[0], [impl = impl_.get()]() -> net::io_context& { return impl->Pick(); },
      impl_->shared);
  return impl_->listener->Listen(impl_->shared.options.host, impl_->shared.options.port);
}

void HttpServer::Serve() {
  impl_->listener->Accept();
  for (auto& ctx : impl_->contexts) {
    impl_->workers.emplace_back([ioc = ctx.get()] {
      SetCurrentThreadName("bourse-http");
      ioc->run();
    });
  }
}

void HttpServer::Shutdown(absl::Duration grace) {
  if (impl_->stopped) return;
  impl_->stopped = true;
  impl_->shared.draining.store(true);
  if (impl_->listener) {
    auto listener = impl_->listener;
    net::post(*impl_->contexts[0], [listener] { listener->Close(); });
  }
  auto deadline = std::chrono::steady_clock::now() + ToChrono(grace);
  while (impl_->shared.in_flight.load() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  impl_->guards.clear();
  for (auto& ctx : impl_->contexts) ctx->stop();
  for (auto& t : impl_->workers) t.join();
  impl_->workers.clear();
}

int HttpServer::in_flight() const { return impl_->shared.in_flight.load(); }

}  // namespace bourse::http
