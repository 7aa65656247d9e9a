#include "crypto/tls_test_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>

namespace bourse::crypto {
namespace {

std::string ToPem(int (*write)(BIO*, void*), void* object) {
  BIO* bio = BIO_new(BIO_s_mem());
  write(bio, object);
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<size_t>(n));
  BIO_free(bio);
  return out;
}

void AddExtension(X509* cert, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

}  // namespace

TestCertificate MakeSelfSignedCertificate(const std::vector<std::string>& dns_names,
                                          const std::vector<std::string>& ip_addresses) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert), 24 * 3600);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("bourse test endpoint"), -1, -1,
                             0);
  X509_set_issuer_name(cert, name);
  std::string san;
  for (const auto& d : dns_names) san += (san.empty() ? "DNS:" : ",DNS:") + d;
  for (const auto& ip : ip_addresses) san += (san.empty() ? "IP:" : ",IP:") + ip;
  AddExtension(cert, NID_basic_constraints, "critical,CA:TRUE");
  AddExtension(cert, NID_key_usage, "critical,digitalSignature,keyCertSign");
  AddExtension(cert, NID_subject_alt_name, san);
  X509_sign(cert, key, EVP_sha256());
  TestCertificate out;
  out.key_pem = ToPem(
      [](BIO* b, void* k) {
        return PEM_write_bio_PrivateKey(b, static_cast<EVP_PKEY*>(k), nullptr, nullptr, 0, nullptr,
                                        nullptr);
      },
      key);
  out.cert_pem =
      ToPem([](BIO* b, void* c) { return PEM_write_bio_X509(b, static_cast<X509*>(c)); }, cert);
  X509_free(cert);
  EVP_PKEY_free(key);
  return out;
}

TlsTestServer::TlsTestServer(const TestCertificate& certificate, int status) : status_(status) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  ctx_ = ctx;
  BIO* cb =
      BIO_new_mem_buf(certificate.cert_pem.data(), static_cast<int>(certificate.cert_pem.size()));
  X509* cert = PEM_read_bio_X509(cb, nullptr, nullptr, nullptr);
  BIO_free(cb);
  BIO* kb =
      BIO_new_mem_buf(certificate.key_pem.data(), static_cast<int>(certificate.key_pem.size()));
  EVP_PKEY* key = PEM_read_bio_PrivateKey(kb, nullptr, nullptr, nullptr);
  BIO_free(kb);
  if (cert == nullptr || key == nullptr || SSL_CTX_use_certificate(ctx, cert) != 1 ||
      SSL_CTX_use_PrivateKey(ctx, key) != 1)
    std::abort();
  X509_free(cert);
  EVP_PKEY_free(key);
  listener_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      listen(listener_, 16) != 0 ||
      getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    std::abort();
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { Serve(); });
}

TlsTestServer::~TlsTestServer() {
  stop_ = true;
  shutdown(listener_, SHUT_RDWR);  // Wakes the accept.
  thread_.join();
  close(listener_);
  SSL_CTX_free(static_cast<SSL_CTX*>(ctx_));
}

std::vector<std::string> TlsTestServer::requests() {
  std::lock_guard lock(mu_);
  return requests_;
}

void TlsTestServer::Serve() {
  while (!stop_) {
    const int fd = accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      if (stop_) return;
      continue;
    }
    timeval tv{5, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    SSL* ssl = SSL_new(static_cast<SSL_CTX*>(ctx_));
    SSL_set_fd(ssl, fd);
    if (SSL_accept(ssl) == 1) {
      // The head, then as many body bytes as Content-Length says.
      std::string request;
      char buf[4096];
      size_t got = 0;
      size_t head_end = std::string::npos;
      size_t want = 0;
      while (SSL_read_ex(ssl, buf, sizeof buf, &got) == 1) {
        request.append(buf, got);
        if (head_end == std::string::npos) {
          head_end = request.find("\r\n\r\n");
          if (head_end == std::string::npos) continue;
          const size_t cl = request.find("Content-Length: ");
          want = head_end + 4 +
                 (cl != std::string::npos && cl < head_end
                      ? std::strtoul(request.c_str() + cl + 16, nullptr, 10)
                      : 0);
        }
        if (request.size() >= want) break;
      }
      {
        std::lock_guard lock(mu_);
        requests_.push_back(request);
      }
      const std::string reply = "HTTP/1.1 " + std::to_string(status_) +
                                " Answered\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
      size_t written = 0;
      SSL_write_ex(ssl, reply.data(), reply.size(), &written);
      SSL_shutdown(ssl);
    }
    SSL_free(ssl);
    close(fd);
  }
}

}  // namespace bourse::crypto
