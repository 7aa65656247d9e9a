#include "http/server.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <functional>
#include <thread>
#include <unordered_map>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "base/errors.h"
#include "base/strings.h"
#include "base/thread_name.h"
#include "http/framing.h"
#include "http/request_fiber.h"

namespace bourse::http {

namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

class Session;

// Every open connection, by peer address, with the moment each fell idle: what the connection
// limits are decided on. Sessions live on different threads, hence the lock; it is taken once
// per connection and twice per request (idle and busy), never while doing I/O.
class ConnectionTable {
 public:
  enum class Admit { kYes, kPerAddress, kFull };

  // Admits a connection from `address`, dropping the longest-idle connection when the table is
  // full; kFull when none is idle.
  Admit Open(const std::string& address, size_t max_total, size_t max_per_address, uint64_t* id) {
    std::shared_ptr<Session> victim;
    {
      absl::MutexLock lock(&mu_);
      int& from_address = per_address_[address];
      if (max_per_address > 0 && static_cast<size_t>(from_address) >= max_per_address) {
        if (from_address == 0) per_address_.erase(address);
        return Admit::kPerAddress;
      }
      if (entries_.size() >= max_total) {
        victim = OldestIdleLocked();
        if (victim == nullptr) {
          if (from_address == 0) per_address_.erase(address);
          return Admit::kFull;
        }
      }
      ++from_address;
      *id = next_id_++;
      entries_[*id] = Entry{address, {}, 0};
    }
    if (victim != nullptr) CloseIdle(victim);
    return Admit::kYes;
  }
  void Attach(uint64_t id, const std::shared_ptr<Session>& session) {
    absl::MutexLock lock(&mu_);
    if (auto it = entries_.find(id); it != entries_.end()) it->second.session = session;
  }
  void SetIdle(uint64_t id, bool idle) {
    absl::MutexLock lock(&mu_);
    if (auto it = entries_.find(id); it != entries_.end())
      it->second.idle_since = idle ? ++idle_clock_ : 0;
  }
  void Close(uint64_t id) {
    absl::MutexLock lock(&mu_);
    auto it = entries_.find(id);
    if (it == entries_.end()) return;
    auto pa = per_address_.find(it->second.address);
    if (pa != per_address_.end() && --pa->second <= 0) per_address_.erase(pa);
    entries_.erase(it);
  }
  // Drops the longest-idle connection, if any (on EMFILE); true when one was dropped.
  bool DropOldestIdle() {
    std::shared_ptr<Session> victim;
    {
      absl::MutexLock lock(&mu_);
      victim = OldestIdleLocked();
    }
    if (victim == nullptr) return false;
    CloseIdle(victim);
    return true;
  }

 private:
  struct Entry {
    std::string address;
    std::weak_ptr<Session> session;
    uint64_t idle_since = 0;  // 0: busy; otherwise an ever-growing stamp.
  };
  std::shared_ptr<Session> OldestIdleLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    Entry* oldest = nullptr;
    for (auto& [id, e] : entries_) {
      if (e.idle_since == 0 || e.session.expired()) continue;
      if (oldest == nullptr || e.idle_since < oldest->idle_since) oldest = &e;
    }
    if (oldest == nullptr) return nullptr;
    oldest->idle_since = 0;  // Not chosen twice.
    return oldest->session.lock();
  }
  static void CloseIdle(const std::shared_ptr<Session>& session);

  absl::Mutex mu_;
  std::unordered_map<uint64_t, Entry> entries_ ABSL_GUARDED_BY(mu_);
  std::unordered_map<std::string, int> per_address_ ABSL_GUARDED_BY(mu_);
  uint64_t next_id_ ABSL_GUARDED_BY(mu_) = 1;
  uint64_t idle_clock_ ABSL_GUARDED_BY(mu_) = 0;
};

struct Shared {
  Dispatcher& dispatcher;
  Metrics& metrics;
  ServerOptions options;
  std::shared_ptr<spdlog::logger> logger;
  std::atomic<int> in_flight{0};
  std::atomic<bool> draining{false};
  ConnectionTable connections;
  size_t max_connections = 0;  // Resolved from options and the descriptor limit.
};

std::chrono::steady_clock::duration ToChrono(absl::Duration d) {
  return absl::ToChronoNanoseconds(d);
}

// A response body that is a byte range of a stored file, read 64 KiB at a time (decrypted
// chunk by chunk when sealed), so that a download of any size never sits in memory.
struct FileRangeBody {
  struct value_type {
    std::shared_ptr<ByteSource> source;
    uint64_t offset = 0;
    uint64_t length = 0;
  };
  static uint64_t size(const value_type& v) { return v.length; }

  class writer {
   public:
    using const_buffers_type = net::const_buffer;
    template <bool isRequest, class Fields>
    writer(bhttp::header<isRequest, Fields>&, value_type& body) : body_(body) {}
    void init(beast::error_code& ec) {
      ec = {};
      body_.source->WillRead(static_cast<int64_t>(body_.offset),
                             static_cast<int64_t>(body_.length));
    }
    boost::optional<std::pair<const_buffers_type, bool>> get(beast::error_code& ec) {
      ec = {};
      if (sent_ >= body_.length) return boost::none;
      const size_t want =
          static_cast<size_t>(std::min<uint64_t>(buffer_.size(), body_.length - sent_));
      // The view stays valid until the next get(), by which time the serializer has sent it.
      auto got =
          body_.source->ReadView(static_cast<int64_t>(body_.offset + sent_), want, buffer_.data());
      if (!got.ok() || got->empty()) {
        ec = beast::errc::make_error_code(beast::errc::io_error);
        return boost::none;
      }
      sent_ += got->size();
      return {{net::const_buffer(got->data(), got->size()), sent_ < body_.length}};
    }

   private:
    value_type& body_;
    uint64_t sent_ = 0;
    std::array<char, 64 * 1024> buffer_;
  };
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, Shared& shared, uint64_t id, std::string address,
          std::string remote)
      : stream_(std::move(socket)),
        shared_(shared),
        id_(id),
        address_(std::move(address)),
        remote_(std::move(remote)) {
    shared_.metrics.ConnectionOpened();
  }
  ~Session() {
    shared_.connections.Close(id_);
    shared_.metrics.ConnectionClosed();
  }

  void Run() {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&Session::Read, shared_from_this()));
  }
  // Closes the connection if it is still waiting for a request (called on its own thread).
  void CloseIfIdle() {
    if (waiting_) Close();
  }
  net::any_io_executor executor() { return stream_.get_executor(); }

 private:
  // Waits for the first byte of the next request: a new connection has `header_timeout` to
  // start, a kept-alive one `idle_timeout`.
  void Read() {
    if (shared_.draining.load()) return Close();
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(shared_.options.max_header_bytes));
    parser_->body_limit(shared_.options.max_body_bytes);
    if (buffer_.size() > 0) return ReadHeader();  // A pipelined request is already here.
    waiting_ = true;
    shared_.connections.SetIdle(id_, true);
    stream_.expires_after(
        ToChrono(served_ == 0 ? shared_.options.header_timeout : shared_.options.idle_timeout));
    stream_.async_read_some(buffer_.prepare(4096),
                            beast::bind_front_handler(&Session::OnFirstBytes, shared_from_this()));
  }

  void OnFirstBytes(beast::error_code ec, size_t n) {
    waiting_ = false;
    shared_.connections.SetIdle(id_, false);
    if (ec) return Close();
    buffer_.commit(n);
    ReadHeader();
  }

  // The whole header block must arrive within `header_timeout` of its first byte.
  void ReadHeader() {
    stream_.expires_after(ToChrono(shared_.options.header_timeout));
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
  }

  void OnHeader(beast::error_code ec, size_t) {
    if (ec) return OnReadError(ec);
    auto& msg = parser_->get();
    Framing framing;
    framing.version = msg.version();
    framing.target_length = msg.target().size();
    for (auto& f : msg) {
      if (f.name() == bhttp::field::transfer_encoding)
        framing.transfer_encoding.emplace_back(f.value());
      else if (f.name() == bhttp::field::content_length)
        framing.content_length.emplace_back(f.value());
      else if (f.name() == bhttp::field::host)
        ++framing.host_fields;
    }
    if (Status st = CheckFraming(framing, shared_.options.max_target_bytes); !st.ok()) {
      return Reject(st);
    }
    if (parser_->is_done()) return Dispatch();
    // The body must keep coming at `min_body_bytes_per_second` at least.
    const uint64_t expected = parser_->content_length().value_or(shared_.options.max_body_bytes);
    const uint64_t rate = std::max<uint64_t>(1, shared_.options.min_body_bytes_per_second);
    stream_.expires_after(ToChrono(shared_.options.header_timeout) +
                          std::chrono::seconds(expected / rate));
    bhttp::async_read(stream_, buffer_, *parser_,
                      beast::bind_front_handler(&Session::OnBody, shared_from_this()));
  }

  void OnBody(beast::error_code ec, size_t) {
    if (ec) return OnReadError(ec);
    Dispatch();
  }

  // True when a header block refused for its size is refused for its target: the request line
  // was not complete within the limit (the parser has no target yet), or its target is too long.
  bool RequestLineTooLong() {
    const auto target = parser_->get().target();
    return target.empty() || target.size() > shared_.options.max_target_bytes;
  }

  void OnReadError(beast::error_code ec) {
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
      if (RequestLineTooLong()) return Reject(TargetTooLong(shared_.options.max_target_bytes));
      return Reject(
          errors::Make(StatusCode::kInvalidArgument, errors::kHeaderTooLarge,
                       StrCat("the headers exceed ", shared_.options.max_header_bytes, " bytes")));
    }
    if (ec == bhttp::error::bad_transfer_encoding || ec == bhttp::error::bad_content_length ||
        ec == bhttp::error::multiple_content_length) {
      return Reject(errors::Make(StatusCode::kInvalidArgument, errors::kBadFraming,
                                 StrCat("the request's framing is ambiguous: ", ec.message())));
    }
    if (ec.category() == beast::error_code(bhttp::error::bad_target).category()) {
      return Reject(
          errors::MalformedBody(StrCat("the request is not valid HTTP/1.1: ", ec.message())));
    }
    Close();
  }

  void Dispatch() {
    ++served_;
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
    req.remote_address = address_;
    head_ = msg.method() == bhttp::verb::head;

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
    head_ = false;
    Send(shared_.dispatcher.Reject(status, remote_), false, 11, true);
  }

  // Streams a file range; falls back to a problem response if the file cannot be opened.
  void SendFile(Response&& r, bool keep_alive, unsigned version, bool counted) {
    if (!r.file->source) {
      Response problem =
          shared_.dispatcher.Reject(errors::Internal("a stored file is missing"), remote_);
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
    res.body().source = std::move(r.file->source);
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
    file_res_.reset();
    OnWrite(keep_alive, counted, ec, n);
  }

  void Send(Response&& r, bool keep_alive, unsigned version, bool counted) {
    // HEAD: the headers GET would send, Content-Length included, and no body.
    std::optional<uint64_t> head_length;
    if (head_) {
      head_length = r.file ? static_cast<uint64_t>(r.file->length) : r.body.size();
      r.file.reset();
      r.body.clear();
    }
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
    if (head_length) res_.content_length(*head_length);
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
  const uint64_t id_;
  std::string address_;
  std::string remote_;
  uint64_t served_ = 0;   // Requests read on this connection.
  bool waiting_ = false;  // Waiting for the next request's first byte.
  bool head_ = false;     // The request being answered is a HEAD.
};

void ConnectionTable::CloseIdle(const std::shared_ptr<Session>& session) {
  net::post(session->executor(), [session] { session->CloseIfIdle(); });
}

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
      // Out of descriptors (EMFILE/ENFILE) or the like: free one by dropping the longest-idle
      // connection, and back off instead of spinning.
      shared_.logger->warn("accept failed: {}", ec.message());
      shared_.connections.DropOldestIdle();
      backoff_.expires_after(std::chrono::milliseconds(50));
      backoff_.async_wait([self = shared_from_this()](beast::error_code wait_ec) {
        if (!wait_ec) self->Accept();
      });
      return;
    }
    beast::error_code opt_ec;
    auto ep = socket.remote_endpoint(opt_ec);
    std::string address = opt_ec ? std::string("?") : ep.address().to_string();
    uint64_t id = 0;
    switch (shared_.connections.Open(
        address, shared_.max_connections,
        static_cast<size_t>(shared_.options.max_connections_per_address), &id)) {
      case ConnectionTable::Admit::kYes:
        break;
      case ConnectionTable::Admit::kPerAddress:
        Refuse(std::move(socket), "this address holds as many connections as it may");
        return Accept();
      case ConnectionTable::Admit::kFull:
        Refuse(std::move(socket), "the server holds as many connections as it may");
        return Accept();
    }
    socket.set_option(tcp::no_delay(true), opt_ec);
    std::string remote = opt_ec ? address : StrCat(address, ":", ep.port());
    auto session =
        std::make_shared<Session>(std::move(socket), shared_, id, address, std::move(remote));
    shared_.connections.Attach(id, session);
    session->Run();
    Accept();
  }

  // A connection over a limit gets a short 503 (written without waiting: it fits any socket
  // buffer) and is closed at once.
  void Refuse(tcp::socket socket, std::string_view why) {
    shared_.metrics.ConnectionRefused();
    Response r = shared_.dispatcher.Reject(
        errors::Make(StatusCode::kUnavailable, errors::kTooManyConnections, why), "");
    std::string bytes = StrCat("HTTP/1.1 503 Service Unavailable\r\nContent-Type: ", r.content_type,
                               "\r\nRetry-After: 1\r\nConnection: close\r\n",
                               "Content-Length: ", r.body.size(), "\r\n\r\n", r.body);
    beast::error_code ec;
    socket.non_blocking(true, ec);
    socket.write_some(net::buffer(bytes), ec);
    socket.shutdown(tcp::socket::shutdown_send, ec);
    socket.close(ec);
  }

  net::io_context& ioc_;
  std::function<net::io_context&()> pick_;
  tcp::acceptor acceptor_;
  net::steady_timer backoff_;
  Shared& shared_;
};

}  // namespace

// How many connections the server may hold: `configured` if set, and never more than the
// descriptor limit (raised to its hard ceiling first) leaves after kDescriptorHeadroom for the
// database, stored files and logs, so that accept never runs out of descriptors.
constexpr size_t kDescriptorHeadroom = 256;
size_t ConnectionBudget(int configured) {
  rlimit lim{};
  size_t budget = 1 << 20;
  if (::getrlimit(RLIMIT_NOFILE, &lim) == 0) {
    if (lim.rlim_cur < lim.rlim_max) {
      rlimit raised = lim;
      raised.rlim_cur = std::min<rlim_t>(lim.rlim_max, rlim_t{1} << 20);
      if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) lim = raised;
    }
    budget = lim.rlim_cur > kDescriptorHeadroom + 16 ? lim.rlim_cur - kDescriptorHeadroom : 16;
  }
  if (configured > 0) budget = std::min(budget, static_cast<size_t>(configured));
  return budget;
}

// One io_context per worker thread: a connection stays on one thread for its life, so no
// scheduler lock or strand is shared between threads.
struct HttpServer::Impl {
  Impl(ServerOptions options, Dispatcher& dispatcher, Metrics& metrics,
       std::shared_ptr<spdlog::logger> logger)
      : shared{dispatcher, metrics, options, std::move(logger)},
        threads(options.threads > 0 ? options.threads
                                    : std::max(1u, std::thread::hardware_concurrency())) {
    shared.max_connections = ConnectionBudget(options.max_connections);
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

size_t HttpServer::max_connections() const { return impl_->shared.max_connections; }

}  // namespace bourse::http
