#include "delivery/webhook_poster.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "base/errors.h"
#include "base/strings.h"

namespace bourse::delivery {

namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace net = boost::asio;

StatusOr<int> PostWebhook(const std::string& url, const std::string& body,
                          const std::vector<std::pair<std::string, std::string>>& headers,
                          absl::Duration timeout) {
  constexpr std::string_view kScheme = "http://";
  if (url.rfind(kScheme, 0) != 0)
    return UnavailableError("only http:// webhook endpoints are reachable");
  const std::string rest = url.substr(kScheme.size());
  const size_t slash = rest.find('/');
  const std::string authority = rest.substr(0, slash);
  const std::string target = slash == std::string::npos ? "/" : rest.substr(slash);
  std::string host = authority, port = "80";
  if (const size_t colon = authority.rfind(':');
      colon != std::string::npos && authority.find(']') == std::string::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  try {
    net::io_context ioc;
    net::ip::tcp::resolver resolver(ioc);
    beast::tcp_stream stream(ioc);
    stream.expires_after(absl::ToChronoNanoseconds(timeout));
    stream.connect(resolver.resolve(host, port));
    bhttp::request<bhttp::string_body> req{bhttp::verb::post, target, 11};
    req.set(bhttp::field::host, authority);
    req.set(bhttp::field::user_agent, "bourse-webhooks");
    for (const auto& [name, value] : headers) req.set(name, value);
    req.body() = body;
    req.prepare_payload();
    bhttp::write(stream, req);
    beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64 * 1024);
    bhttp::read(stream, buffer, parser);
    beast::error_code ec;
    stream.socket().shutdown(net::ip::tcp::socket::shutdown_both, ec);
    return static_cast<int>(parser.get().result_int());
  } catch (const std::exception& e) {
    return UnavailableError(StrCat("webhook endpoint unreachable: ", e.what()));
  }
}

}  // namespace bourse::delivery
