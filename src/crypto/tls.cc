#include "crypto/tls.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/strings.h"

namespace bourse::crypto {
namespace {

SSL_CTX* Ctx(void* p) { return static_cast<SSL_CTX*>(p); }
SSL* Ssl(void* p) { return static_cast<SSL*>(p); }

std::string OpenSslError() {
  const int saved_errno = errno;
  const unsigned long e = ERR_get_error();
  ERR_clear_error();
  // Nothing queued: the socket failed underneath (a timeout, a reset).
  if (e == 0) return saved_errno != 0 ? std::strerror(saved_errno) : "connection closed";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  return buf;
}

// A TCP connection to host:port within `timeout`; -1 and `error` set when none succeeds.
int Dial(const std::string& host, const std::string& port, absl::Duration timeout,
         std::string* error) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (int rc = getaddrinfo(host.c_str(), port.c_str(), &hints, &found); rc != 0) {
    *error = StrCat("cannot resolve ", host, ": ", gai_strerror(rc));
    return -1;
  }
  const int timeout_ms = static_cast<int>(absl::ToInt64Milliseconds(timeout));
  int fd = -1;
  for (addrinfo* a = found; a != nullptr && fd < 0; a = a->ai_next) {
    fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
    if (fd < 0) continue;
    int rc = connect(fd, a->ai_addr, a->ai_addrlen);
    if (rc != 0 && errno == EINPROGRESS) {
      pollfd p{fd, POLLOUT, 0};
      const int ready = poll(&p, 1, timeout_ms);
      rc = ready == 1 ? 0 : -1;
      if (ready == 0) errno = ETIMEDOUT;
      int so_error = 0;
      socklen_t len = sizeof so_error;
      if (rc == 0 && (getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &len) != 0 || so_error))
        rc = -1, errno = so_error ? so_error : errno;
    }
    if (rc != 0) {
      *error = StrCat("cannot connect to ", host, ":", port, ": ", std::strerror(errno));
      close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(found);
  if (fd < 0) return -1;
  // Blocking from here on, with a deadline on every read and write.
  const int flags = fcntl(fd, F_GETFL);
  fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  timeval tv{static_cast<time_t>(timeout_ms / 1000),
             static_cast<suseconds_t>((timeout_ms % 1000) * 1000)};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  return fd;
}

bool IsIpAddress(const std::string& host) {
  in6_addr v6;
  in_addr v4;
  return inet_pton(AF_INET, host.c_str(), &v4) == 1 || inet_pton(AF_INET6, host.c_str(), &v6) == 1;
}

}  // namespace

TlsChannel::~TlsChannel() {
  if (ssl_ != nullptr) {
    (void)SSL_shutdown(Ssl(ssl_));
    SSL_free(Ssl(ssl_));
  }
  SSL_CTX_free(Ctx(ctx_));
  if (fd_ >= 0) close(fd_);
}

StatusOr<std::unique_ptr<TlsChannel>> TlsChannel::Connect(const std::string& host,
                                                          const std::string& port,
                                                          const TlsClientOptions& options,
                                                          const std::string& address) {
  auto ch = std::unique_ptr<TlsChannel>(new TlsChannel());
  ERR_clear_error();
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  if (ctx == nullptr) return InternalError(StrCat("TLS context: ", OpenSslError()));
  ch->ctx_ = ctx;
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  // Many servers close without a TLS close_notify once the response is sent; that is an end of
  // stream, not an attack, for requests whose replies carry their own length.
  SSL_CTX_set_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
  if (options.system_roots && SSL_CTX_set_default_verify_paths(ctx) != 1)
    return InternalError(StrCat("system trust store: ", OpenSslError()));
  if (!options.ca_file.empty() &&
      SSL_CTX_load_verify_locations(ctx, options.ca_file.c_str(), nullptr) != 1)
    return InvalidArgumentError(
        StrCat("cannot read trusted roots from ", options.ca_file, ": ", OpenSslError()));

  std::string error;
  ch->fd_ = Dial(address.empty() ? host : address, port, options.timeout, &error);
  if (ch->fd_ < 0) return UnavailableError(error);
  SSL* ssl = SSL_new(ctx);
  if (ssl == nullptr) return InternalError(StrCat("TLS session: ", OpenSslError()));
  ch->ssl_ = ssl;
  SSL_set_fd(ssl, ch->fd_);
  // The certificate must name the host dialled: an address by its IP SAN, a name by DNS SAN.
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
  if (IsIpAddress(host)) {
    X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str());
  } else {
    SSL_set_tlsext_host_name(ssl, host.c_str());
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size());
  }
  errno = 0;
  if (SSL_connect(ssl) != 1) {
    const long verify = SSL_get_verify_result(ssl);
    if (verify != X509_V_OK)
      return UnavailableError(StrCat("TLS handshake with ", host, ":", port,
                                     " failed: the certificate is not trusted (",
                                     X509_verify_cert_error_string(verify), ")"));
    return UnavailableError(
        StrCat("TLS handshake with ", host, ":", port, " failed: ", OpenSslError()));
  }
  return ch;
}

Status TlsChannel::WriteAll(std::string_view bytes) {
  while (!bytes.empty()) {
    size_t written = 0;
    errno = 0;
    if (SSL_write_ex(Ssl(ssl_), bytes.data(), bytes.size(), &written) != 1)
      return UnavailableError(StrCat("TLS write failed: ", OpenSslError()));
    bytes.remove_prefix(written);
  }
  return OkStatus();
}

StatusOr<size_t> TlsChannel::ReadSome(char* out, size_t size) {
  size_t got = 0;
  errno = 0;
  if (SSL_read_ex(Ssl(ssl_), out, size, &got) == 1) return got;
  const int reason = SSL_get_error(Ssl(ssl_), 0);
  if (reason == SSL_ERROR_ZERO_RETURN) return size_t{0};
  if (reason == SSL_ERROR_SYSCALL && ERR_peek_error() == 0 && errno == 0) return size_t{0};
  return UnavailableError(StrCat("TLS read failed: ", OpenSslError()));
}

}  // namespace bourse::crypto
