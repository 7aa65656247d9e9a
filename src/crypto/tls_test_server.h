// For tests only: a self-signed certificate, and a TLS endpoint on 127.0.0.1 that answers every
// HTTP request with a fixed status and keeps what it received.
#ifndef BOURSE_CRYPTO_TLS_TEST_SERVER_H_
#define BOURSE_CRYPTO_TLS_TEST_SERVER_H_

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace bourse::crypto {

struct TestCertificate {
  std::string key_pem;
  std::string cert_pem;
};

// A P-256 key and a self-signed certificate for the given DNS names and IP addresses (its own
// root: trust it by its PEM).
TestCertificate MakeSelfSignedCertificate(const std::vector<std::string>& dns_names,
                                          const std::vector<std::string>& ip_addresses);

class TlsTestServer {
 public:
  // Serves until destroyed; every request is answered `status`.
  explicit TlsTestServer(const TestCertificate& certificate, int status = 200);
  ~TlsTestServer();
  int port() const { return port_; }
  // Each request received, whole (head and body).
  std::vector<std::string> requests();

 private:
  void Serve();

  void* ctx_ = nullptr;  // SSL_CTX*, owned.
  int listener_ = -1;
  int port_ = 0;
  int status_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::mutex mu_;
  std::vector<std::string> requests_;
};

}  // namespace bourse::crypto

#endif  // BOURSE_CRYPTO_TLS_TEST_SERVER_H_
