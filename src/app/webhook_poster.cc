#include "app/webhook_poster.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <charconv>

#include "base/errors.h"
#include "base/ip_address.h"
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

// POST over a verified TLS channel to `address`; only the status line of the answer is read.
StatusOr<int> PostOverTls(const Endpoint& e, const std::string& address, const std::string& body,
                          const std::vector<std::pair<std::string, std::string>>& headers,
                          const crypto::TlsClientOptions& tls) {
  BOURSE_ASSIGN_OR_RETURN(auto channel, crypto::TlsChannel::Connect(e.host, e.port, tls, address));
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

StatusOr<std::vector<std::string>> ResolveOutbound(const std::string& host, const std::string& port,
                                                   bool allow_private) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (int rc = getaddrinfo(host.c_str(), port.c_str(), &hints, &found); rc != 0)
    return UnavailableError(StrCat("cannot resolve ", host, ": ", gai_strerror(rc)));
  std::vector<std::string> out;
  Status refused;
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    char buf[INET6_ADDRSTRLEN] = {};
    const void* raw =
        a->ai_family == AF_INET
            ? static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(a->ai_addr)->sin_addr)
            : static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(a->ai_addr)->sin6_addr);
    if (inet_ntop(a->ai_family, raw, buf, sizeof buf) == nullptr) continue;
    const std::string address(buf);
    if (auto kind = NonPublicKind(address); kind && !allow_private && refused.ok()) {
      refused = errors::RuleViolation(StrCat(host, " resolves to ", address, ", a ", *kind,
                                             " address; webhooks reach public addresses only"),
                                      "url");
    }
    if (std::find(out.begin(), out.end(), address) == out.end()) out.push_back(address);
  }
  freeaddrinfo(found);
  if (!refused.ok()) return refused;
  if (out.empty()) return UnavailableError(StrCat("cannot resolve ", host));
  return out;
}

namespace {

StatusOr<std::pair<Endpoint, bool>> EndpointOf(const std::string& url) {
  constexpr std::string_view kHttps = "https://";
  constexpr std::string_view kHttp = "http://";
  if (url.rfind(kHttps, 0) == 0) {
    BOURSE_ASSIGN_OR_RETURN(Endpoint e, ParseEndpoint(url, kHttps.size(), "443"));
    return std::pair{std::move(e), true};
  }
  if (url.rfind(kHttp, 0) != 0)
    return UnavailableError("webhook endpoints are https:// or http:// URLs");
  BOURSE_ASSIGN_OR_RETURN(Endpoint e, ParseEndpoint(url, kHttp.size(), "80"));
  return std::pair{std::move(e), false};
}

}  // namespace

Status CheckWebhookEndpoint(const std::string& url, bool allow_private) {
  if (allow_private) return OkStatus();
  auto endpoint = EndpointOf(url);
  if (!endpoint.ok()) return errors::InvalidField("url", endpoint.status().message());
  auto resolved = ResolveOutbound(endpoint->first.host, endpoint->first.port, false);
  if (resolved.ok()) return OkStatus();
  if (errors::KindOf(resolved.status()) == errors::kRuleViolation) return resolved.status();
  return errors::RuleViolation(
      StrCat(resolved.status().message(), "; webhooks need a host that resolves"), "url");
}

StatusOr<int> PostWebhook(const std::string& url, const std::string& body,
                          const std::vector<std::pair<std::string, std::string>>& headers,
                          const crypto::TlsClientOptions& tls, bool allow_private) {
  BOURSE_ASSIGN_OR_RETURN(auto endpoint, EndpointOf(url));
  const auto& [e, secure] = endpoint;
  // Checked again at every delivery, and the connection goes to the checked address.
  auto addresses = ResolveOutbound(e.host, e.port, allow_private);
  if (!addresses.ok()) return UnavailableError(addresses.status().message());
  Status last = UnavailableError("no address");
  for (const std::string& address : *addresses) {
    if (secure) {
      auto status = PostOverTls(e, address, body, headers, tls);
      if (status.ok()) return status;
      last = status.status();
      continue;
    }
    const bool v6 = address.find(':') != std::string::npos;
    auto http = client::HttpClient::Create(
        StrCat("http://", v6 ? "[" : "", address, v6 ? "]" : "", ":", e.port));
    if (!http.ok()) return http.status();
    auto with_host = headers;
    with_host.emplace_back("Host", e.authority);
    auto reply = (*http)->Send("POST", e.target, body, with_host);
    if (reply.ok()) return reply->status;
    last = reply.status();
  }
  return last;
}

}  // namespace bourse::app
