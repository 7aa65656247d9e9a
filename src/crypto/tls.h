// TLS client connections (OpenSSL) for the exchange's outbound calls, such as webhook posts.
//
// A TlsChannel is one blocking, verified TLS 1.2+ connection over TCP: the server's certificate
// chain must lead to a trusted root (the system's store, plus any roots in `ca_file`) and must
// name the host dialled (DNS name or IP address); otherwise Connect fails and nothing is sent.
// Reads and writes give up after `timeout`. Not thread-safe: one channel per caller.
#ifndef BOURSE_CRYPTO_TLS_H_
#define BOURSE_CRYPTO_TLS_H_

#include <memory>
#include <string>
#include <string_view>

#include "absl/time/time.h"
#include "base/status.h"

namespace bourse::crypto {

struct TlsClientOptions {
  std::string ca_file;       // Extra trusted roots (PEM); empty: system roots only.
  bool system_roots = true;  // Trust the system's root store.
  absl::Duration timeout = absl::Seconds(10);  // Connect, and each read or write.
};

class TlsChannel {
 public:
  ~TlsChannel();
  TlsChannel(const TlsChannel&) = delete;
  TlsChannel& operator=(const TlsChannel&) = delete;

  // Connects to host:port and completes a verified handshake. Unavailable when the host cannot
  // be reached or the peer is not trusted (the message says why); InvalidArgument when
  // `ca_file` cannot be read. With `address` (numeric), the connection goes to that address —
  // one the caller resolved and checked — while the certificate must still name `host`.
  static StatusOr<std::unique_ptr<TlsChannel>> Connect(const std::string& host,
                                                       const std::string& port,
                                                       const TlsClientOptions& options,
                                                       const std::string& address = "");

  Status WriteAll(std::string_view bytes);
  // Up to `size` bytes into `out`; 0 when the peer closed the connection.
  StatusOr<size_t> ReadSome(char* out, size_t size);

 private:
  TlsChannel() = default;
  int fd_ = -1;
  void* ctx_ = nullptr;  // SSL_CTX*, owned.
  void* ssl_ = nullptr;  // SSL*, owned.
};

}  // namespace bourse::crypto

#endif  // BOURSE_CRYPTO_TLS_H_
