#include "app/webhook_poster.h"

#include <charconv>

#include "base/errors.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "client/http_client.h"

namespace bourse::app {
namespace {

constexpr size_t kMaxStatusLine = 8192;

struct Endpoint {
  std::string authority;  // host[:port] as written, for the Host header.
  std::string host;       // Without brackets.
  std::string port;
  std::string target;  // Path and query, "/" at least.
};

StatusOr<Endpoint> ParseEndpoint(const std::string& url, size_t scheme_size,
                                 std::string_view default_port) {
  Endpoint e;
  const size_t slash = url.find('/', scheme_size);
  e.authority =
      url.substr(scheme_size, slash == std::string::npos ? std::string::npos : slash - scheme_size);
  e.target = slash == std::string::npos ? "/" : url.substr(slash);
  std::string_view a = e.authority;
  if (!a.empty() && a.front() == '[') {
    const size_t close = a.find(']');
    if (close == std::string_view::npos) return UnavailableError("malformed IPv6 host");
    e.host = std::string(a.substr(1, close - 1));
    a.remove_prefix(close + 1);
    e.port = std::string(a.size() > 1 && a.front() == ':' ? a.substr(1) : default_port);
  } else {
    const size_t colon = a.rfind(':');
    e.host = std::string(a.substr(0, colon));
    e.port = std::string(colon == std::string_view::npos ? default_port : a.substr(colon + 1));
  }
  if (e.host.empty()) return UnavailableError("webhook URL names no host");
  return e;
}

// POST over a verified TLS channel; only the status line of the answer is read.
StatusOr<int> PostOverTls(const Endpoint& e, const std::string& body,
                          const std::vector<std::pair<std::string, std::string>>& headers,
                          const crypto::TlsClientOptions& tls) {
  BOURSE_ASSIGN_OR_RETURN(auto channel, crypto::TlsChannel::Connect(e.host, e.port, tls));
  std::string request = StrCat("POST ", e.target, " HTTP/1.1\r\nHost: ", e.authority,
                               "\r\nContent-Length: ", body.size(),
                               "\r\nConnection: close\r\nUser-Agent: bourse-webhooks\r\n");
  for (const auto& [name, value] : headers) {
    if (name.find_first_of("\r\n:") != std::string::npos ||
        value.find_first_of("\r\n") != std::string::npos)
      return InvalidArgumentError("webhook header with a line break");
    request += StrCat(name, ": ", value, "\r\n");
  }
  request += StrCat("\r\n", body);
  BOURSE_RETURN_IF_ERROR(channel->WriteAll(request));
  std::string reply;
  char buf[1024];
  while (reply.find("\r\n") == std::string::npos) {
    if (reply.size() > kMaxStatusLine) return UnavailableError("the endpoint's answer is not HTTP");
    BOURSE_ASSIGN_OR_RETURN(size_t n, channel->ReadSome(buf, sizeof buf));
    if (n == 0) break;
    reply.append(buf, n);
  }
  // "HTTP/1.1 204 No Content"
  int status = 0;
  if (reply.rfind("HTTP/1.", 0) != 0 || reply.size() < 12 || reply[8] != ' ' ||
      std::from_chars(reply.data() + 9, reply.data() + 12, status).ec != std::errc() ||
      status < 100 || status > 599)
    return UnavailableError("the endpoint's answer is not HTTP");
  return status;
}

}  // namespace

StatusOr<int> PostWebhook(const std::string& url, const std::string& body,
                          const std::vector<std::pair<std::string, std::string>>& headers,
                          const crypto::TlsClientOptions& tls) {
  constexpr std::string_view kHttps = "https://";
  constexpr std::string_view kHttp = "http://";
  if (url.rfind(kHttps, 0) == 0) {
    BOURSE_ASSIGN_OR_RETURN(Endpoint e, ParseEndpoint(url, kHttps.size(), "443"));
    return PostOverTls(e, body, headers, tls);
  }
  if (url.rfind(kHttp, 0) != 0)
    return UnavailableError("webhook endpoints are https:// or http:// URLs");
  const size_t slash = url.find('/', kHttp.size());
  const std::string base = url.substr(0, slash);
  const std::string target = slash == std::string::npos ? "/" : url.substr(slash);
  BOURSE_ASSIGN_OR_RETURN(auto http, client::HttpClient::Create(base));
  BOURSE_ASSIGN_OR_RETURN(client::HttpReply reply, http->Send("POST", target, body, headers));
  return reply.status;
}

}  // namespace bourse::app
