#include "client/http_client.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url.hpp>
#include <cctype>
#include <vector>

#include "base/status_macros.h"
#include "base/strings.h"

namespace bourse::client {

namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

struct HttpClient::Impl {
  std::string host, port;
  net::io_context ioc;
  std::optional<beast::tcp_stream> stream;
  beast::flat_buffer buffer;

  Status Connect() {
    stream.emplace(ioc);
    tcp::resolver resolver(ioc);
    beast::error_code ec;
    auto results = resolver.resolve(host, port, ec);
    if (ec) return UnavailableError(StrCat("cannot resolve ", host, ": ", ec.message()));
    stream->expires_after(std::chrono::seconds(10));
    stream->connect(results, ec);
    if (ec) {
      stream.reset();
      return UnavailableError(StrCat("cannot connect to ", host, ":", port, ": ", ec.message()));
    }
    stream->socket().set_option(tcp::no_delay(true));
    return OkStatus();
  }

  template <typename Request>
  Status Write(Request& req, bool* stale) {
    beast::error_code ec;
    stream->expires_after(std::chrono::seconds(60));
    bhttp::write(*stream, req, ec);
    if (!ec) return OkStatus();
    *stale = true;
    return UnavailableError(StrCat("write failed: ", ec.message()));
  }

  // Header names lower-cased.
  template <typename Fields>
  static void CopyHeaders(const Fields& fields, HttpReply& reply) {
    for (const auto& f : fields) {
      std::string name(f.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      reply.headers[name] = std::string(f.value());
    }
  }

  StatusOr<HttpReply> Once(const std::string& method, const std::string& target,
                           const std::string& body, const Headers& headers, bool* stale) {
    *stale = false;
    bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(method), target, 11};
    if (req.method() == bhttp::verb::unknown) req.method_string(method);
    req.set(bhttp::field::host, host);
    req.set(bhttp::field::user_agent, "bourse-client");
    for (const auto& [k, v] : headers) req.set(k, v);
    if (!body.empty() || method == "POST") {
      req.body() = body;
      if (req[bhttp::field::content_type].empty())
        req.set(bhttp::field::content_type, "application/json");
    }
    req.keep_alive(true);
    req.prepare_payload();
    BOURSE_RETURN_IF_ERROR(Write(req, stale));
    beast::error_code ec;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(1ull << 30);
    bhttp::read(*stream, buffer, parser, ec);
    if (ec) {
      *stale = ec == bhttp::error::end_of_stream || ec == net::error::connection_reset ||
               ec == net::error::eof;
      stream.reset();
      return UnavailableError(StrCat("read failed: ", ec.message()));
    }
    auto res = parser.release();
    HttpReply reply;
    reply.status = static_cast<int>(res.result_int());
    reply.body = std::move(res.body());
    CopyHeaders(res, reply);
    if (!res.keep_alive()) stream.reset();
    return reply;
  }

  StatusOr<HttpReply> Stream(const std::string& target, const Headers& headers,
                             const std::function<void(const HttpReply&)>& on_headers,
                             const Sink& sink, bool* stale) {
    *stale = false;
    bhttp::request<bhttp::empty_body> req{bhttp::verb::get, target, 11};
    req.set(bhttp::field::host, host);
    req.set(bhttp::field::user_agent, "bourse-client");
    for (const auto& [k, v] : headers) req.set(k, v);
    req.keep_alive(true);
    BOURSE_RETURN_IF_ERROR(Write(req, stale));
    beast::error_code ec;
    bhttp::response_parser<bhttp::buffer_body> parser;
    parser.body_limit(boost::none);
    bhttp::read_header(*stream, buffer, parser, ec);
    if (ec) {
      *stale = ec == bhttp::error::end_of_stream || ec == net::error::connection_reset ||
               ec == net::error::eof;
      stream.reset();
      return UnavailableError(StrCat("read failed: ", ec.message()));
    }
    HttpReply reply;
    reply.status = static_cast<int>(parser.get().result_int());
    CopyHeaders(parser.get(), reply);
    const bool ok = reply.status >= 200 && reply.status < 300;
    if (ok && on_headers) on_headers(reply);
    std::vector<char> chunk(64 * 1024);
    while (!parser.is_done()) {
      parser.get().body().data = chunk.data();
      parser.get().body().size = chunk.size();
      stream->expires_after(std::chrono::seconds(60));
      bhttp::read(*stream, buffer, parser, ec);
      if (ec == bhttp::error::need_buffer) ec = {};
      if (ec) {
        stream.reset();
        return UnavailableError(StrCat("the transfer broke off: ", ec.message()));
      }
      const std::string_view got(chunk.data(), chunk.size() - parser.get().body().size);
      if (got.empty()) continue;
      if (!ok) {
        if (reply.body.size() < (1 << 20)) reply.body.append(got);
        continue;
      }
      if (Status st = sink(got); !st.ok()) {
        stream.reset();  // The rest of the body is unread: the connection cannot be reused.
        return st;
      }
    }
    if (!parser.get().keep_alive()) stream.reset();
    return reply;
  }
};

HttpClient::HttpClient(std::string host, std::string port) : impl_(std::make_unique<Impl>()) {
  impl_->host = std::move(host);
  impl_->port = std::move(port);
}
HttpClient::~HttpClient() = default;

StatusOr<std::unique_ptr<HttpClient>> HttpClient::Create(const std::string& base_url) {
  auto url = boost::urls::parse_absolute_uri(base_url);
  if (!url || url->scheme() != "http" || url->host().empty()) {
    return InvalidArgumentError(StrCat("'", base_url, "' is not an http://host:port URL"));
  }
  std::string port = url->has_port() ? std::string(url->port()) : "80";
  return std::unique_ptr<HttpClient>(new HttpClient(std::string(url->host()), port));
}

StatusOr<HttpReply> HttpClient::Send(const std::string& method, const std::string& target,
                                     const std::string& body, const Headers& headers) {
  bool retryable = method == "GET" || method == "DELETE" || method == "HEAD";
  for (const auto& h : headers) retryable |= h.first == "Idempotency-Key";
  for (int attempt = 0; attempt < 2; ++attempt) {
    bool fresh = !impl_->stream.has_value();
    if (fresh) {
      if (Status st = impl_->Connect(); !st.ok()) return st;
    }
    bool stale = false;
    auto reply = impl_->Once(method, target, body, headers, &stale);
    if (reply.ok() || !stale || fresh || !retryable) return reply;
    impl_->stream.reset();
  }
  return UnavailableError("connection lost");
}

StatusOr<HttpReply> HttpClient::Fetch(const std::string& target, const Headers& headers,
                                      const std::function<void(const HttpReply&)>& on_headers,
                                      const Sink& sink) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    bool fresh = !impl_->stream.has_value();
    if (fresh) {
      if (Status st = impl_->Connect(); !st.ok()) return st;
    }
    bool stale = false;
    auto reply = impl_->Stream(target, headers, on_headers, sink, &stale);
    if (reply.ok() || !stale || fresh) return reply;
    impl_->stream.reset();
  }
  return UnavailableError("connection lost");
}

}  // namespace bourse::client
