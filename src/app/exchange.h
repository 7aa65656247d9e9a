// The composition root: the only place that names concrete backends.
//
// Exchange opens the store and the issuer key of a data directory and builds the services on
// them. ServerApp adds the HTTP server. Both own everything they build; destroy them to release
// the database.
#ifndef BOURSE_APP_EXCHANGE_H_
#define BOURSE_APP_EXCHANGE_H_

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "app/config.h"
#include "base/clock.h"
#include "base/random.h"
#include "crypto/data_keys.h"
#include "crypto/ed25519.h"
#include "crypto/secure_random.h"
#include "http/dispatcher.h"
#include "http/handlers.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/server.h"
#include "log/transparency_log.h"
#include "service/admission_service.h"
#include "service/board_service.h"
#include "service/certificate_authority.h"
#include "service/evidence_service.h"
#include "service/idempotency_service.h"
#include "service/product_service.h"
#include "service/registration_service.h"
#include "service/session_service.h"
#include "service/stats_service.h"
#include "service/token_service.h"
#include "service/trade_service.h"
#include "store/store.h"

namespace spdlog {
class logger;
}

namespace bourse::app {

// The OpenAPI document as JSON, generated from docs/openapi.yaml at build time.
std::string_view OpenApiJson();

class Exchange {
 public:
  // Opens an initialised data directory. NotFound if it was never initialised.
  // `clock` and `random` default to the system clock and the CSPRNG.
  static StatusOr<std::unique_ptr<Exchange>> Open(const Config& config,
                                                  std::unique_ptr<Clock> clock = nullptr,
                                                  std::unique_ptr<Random> random = nullptr);

  const Config& config() const { return config_; }
  store::Store& store() { return *store_; }
  const Clock& clock() const { return *clock_; }
  service::TokenService& tokens() { return *tokens_; }
  service::CertificateAuthority& authority() { return *authority_; }
  service::AdmissionService& admission() { return *admission_; }
  service::StatsService& stats() { return *stats_; }
  service::IdempotencyService& idempotency() { return *idempotency_; }
  delivery::BlobStore& blobs() { return *blobs_; }
  // Rotates the key-encryption key: every blob's data key and every stored secret is rewrapped
  // under a fresh key, then older keys are forgotten. Returns how many blobs were rewrapped.
  StatusOr<int64_t> RotateDataKeys(const std::function<void(int64_t, int64_t)>& progress = nullptr);
  log::TransparencyLog& log() { return *log_; }
  service::ProductService& products() { return *products_; }
  service::RegistrationService& registrations() { return *registrations_; }
  service::TradeService& trades() { return *trades_; }
  service::EvidenceService& evidence() { return *evidence_; }
  service::BoardService& board() { return *board_; }
  service::SessionService& sessions() { return *sessions_; }
  // Runs the timer-driven steps (notices ending, assessments expiring) once.
  Status Sweep();
  // Sets the base URL written into credentials (once the listening port is known).
  void SetPublicUrl(const std::string& url);

 private:
  Exchange() = default;
  Config config_;
  std::unique_ptr<Clock> clock_;
  std::unique_ptr<Random> random_;
  std::unique_ptr<crypto::Ed25519PrivateKey> key_;
  std::unique_ptr<crypto::Ed25519PrivateKey> log_key_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<log::TransparencyLog> log_;
  std::unique_ptr<service::TokenService> tokens_;
  std::unique_ptr<service::CertificateAuthority> authority_;
  std::unique_ptr<service::AdmissionService> admission_;
  std::unique_ptr<service::StatsService> stats_;
  std::unique_ptr<service::IdempotencyService> idempotency_;
  std::unique_ptr<crypto::SecureRandom> entropy_;  // Data keys never use seeded randomness.
  std::unique_ptr<crypto::DataKeys> data_keys_;
  std::unique_ptr<delivery::BlobStore> blobs_;
  std::unique_ptr<service::ProductService> products_;
  std::unique_ptr<service::RegistrationService> registrations_;
  std::unique_ptr<service::TradeService> trades_;
  std::unique_ptr<service::EvidenceService> evidence_;
  std::unique_ptr<service::BoardService> board_;
  std::unique_ptr<service::PasswordWorkers> password_workers_;  // Before the sessions that use it.
  std::unique_ptr<service::SessionService> sessions_;
};

class ServerApp {
 public:
  // Opens the exchange and starts serving. The public URL defaults to the bound address.
  static StatusOr<std::unique_ptr<ServerApp>> Start(const Config& config,
                                                    std::shared_ptr<spdlog::logger> logger,
                                                    std::unique_ptr<Clock> clock = nullptr);
  ~ServerApp();
  uint16_t port() const { return port_; }
  // The connection limit the HTTP server enforces.
  size_t max_connections() const;
  std::string url() const;
  Exchange& exchange() { return *exchange_; }
  const http::Router& router() const { return router_; }
  // Graceful: stop accepting, finish requests in flight (up to shutdown_grace_seconds), close.
  void Shutdown();

 private:
  ServerApp() = default;
  std::unique_ptr<Exchange> exchange_;
  http::Metrics metrics_;
  http::Router router_;
  std::unique_ptr<http::ApiServices> services_;
  std::unique_ptr<http::Dispatcher> dispatcher_;
  std::unique_ptr<http::HttpServer> server_;
  std::shared_ptr<spdlog::logger> access_log_;
  std::string host_;
  uint16_t port_ = 0;
  // Runs Exchange::Sweep() every second until shutdown.
  std::thread sweeper_;
  std::thread webhook_sender_;  // Posts due webhook deliveries; slow endpoints delay only it.
  std::mutex sweeper_mu_;
  std::condition_variable sweeper_cv_;
  bool stopping_ = false;
};

}  // namespace bourse::app

#endif  // BOURSE_APP_EXCHANGE_H_
