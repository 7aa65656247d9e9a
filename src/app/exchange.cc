#include "app/exchange.h"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <atomic>
#include <filesystem>

#include "app/webhook_poster.h"
#include "base/encoding.h"
#include "base/errors.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "base/thread_name.h"
#include "crypto/secure_random.h"
#include "store/sqlite/sqlite_store.h"

namespace bourse::app {

StatusOr<std::unique_ptr<Exchange>> Exchange::Open(const Config& config,
                                                   std::unique_ptr<Clock> clock,
                                                   std::unique_ptr<Random> random) {
  if (!std::filesystem::exists(config.database_path()) ||
      !std::filesystem::exists(config.issuer_key_path())) {
    return errors::NotFound(StrCat("an initialised data directory at ", config.data_dir,
                                   " (run `bourse init --data-dir ", config.data_dir, "`)"));
  }
  // The database and the keys are the owner's alone, whatever the umask made them.
  ::chmod((config.data_dir + "/keys").c_str(), 0700);
  for (const std::string& path :
       {config.database_path(), config.database_path() + "-wal", config.database_path() + "-shm",
        config.issuer_key_path(), config.log_key_path()})
    ::chmod(path.c_str(), 0600);
  auto ex = std::unique_ptr<Exchange>(new Exchange());
  ex->config_ = config;
  ex->clock_ = clock ? std::move(clock) : std::make_unique<SystemClock>();
  ex->random_ = random ? std::move(random) : std::make_unique<crypto::SecureRandom>();
  BOURSE_ASSIGN_OR_RETURN(auto key,
                          crypto::Ed25519PrivateKey::ReadPemFile(config.issuer_key_path()));
  ex->key_ = std::make_unique<crypto::Ed25519PrivateKey>(std::move(key));
  // The log signs with its own key; data directories made before the log gain one here.
  if (!std::filesystem::exists(config.log_key_path())) {
    crypto::SecureRandom entropy;
    BOURSE_RETURN_IF_ERROR(
        crypto::Ed25519PrivateKey::Generate(entropy).WritePemFile(config.log_key_path()));
  }
  BOURSE_ASSIGN_OR_RETURN(auto log_key,
                          crypto::Ed25519PrivateKey::ReadPemFile(config.log_key_path()));
  ex->log_key_ = std::make_unique<crypto::Ed25519PrivateKey>(std::move(log_key));
  BOURSE_ASSIGN_OR_RETURN(ex->store_, store::sqlite::OpenSqliteStore(
                                          {.path = config.database_path(),
                                           .synchronous_full = config.sqlite_synchronous == "full",
                                           .readers = config.sqlite_readers}));
  service::IssuerOptions issuer;
  issuer.public_url =
      config.public_url.empty() ? StrCat("http://", config.listen) : config.public_url;
  issuer.venue_name = config.venue_name;
  issuer.certificate_validity = absl::Hours(24) * config.certificate_validity_days;
  const absl::Duration cache_ttl = absl::Milliseconds(config.read_cache_ms);
  log::LogOptions log_options;
  log_options.origin = EffectiveLogOrigin(config);
  ex->log_ =
      std::make_unique<log::TransparencyLog>(*ex->store_, *ex->clock_, *ex->log_key_, log_options);
  ex->tokens_ =
      std::make_unique<service::TokenService>(*ex->store_, *ex->clock_, *ex->random_, cache_ttl);
  ex->authority_ = std::make_unique<service::CertificateAuthority>(
      *ex->store_, *ex->clock_, *ex->random_, *ex->key_, *ex->log_, issuer);
  ex->admission_ = std::make_unique<service::AdmissionService>(
      *ex->store_, *ex->clock_, *ex->random_, *ex->tokens_, *ex->authority_, *ex->log_, cache_ttl);
  ex->stats_ = std::make_unique<service::StatsService>(*ex->store_);
  service::IdempotencyOptions idempotency;
  idempotency.ttl = absl::Hours(config.idempotency_hours);
  // Distinct per process, even when tests seed the randomness.
  idempotency.instance =
      StrCat(HexEncode(ex->random_->Bytes(8)), "-", absl::ToUnixMicros(ex->clock_->Now()));
  ex->idempotency_ =
      std::make_unique<service::IdempotencyService>(*ex->store_, *ex->clock_, idempotency);
  ex->entropy_ = std::make_unique<crypto::SecureRandom>();
  BOURSE_ASSIGN_OR_RETURN(ex->data_keys_,
                          crypto::DataKeys::Open(config.data_keyring_path(), *ex->entropy_));
  BOURSE_ASSIGN_OR_RETURN(ex->blobs_,
                          delivery::BlobStore::Open(config.blob_dir(), ex->data_keys_.get()));
  // Data directories from before encryption at rest: their blobs are sealed now, once.
  BOURSE_RETURN_IF_ERROR(ex->blobs_->EncryptExisting().status());
  BOURSE_ASSIGN_OR_RETURN(auto detector, scan::Detector::Create());
  service::ProductOptions product_options;
  product_options.notice_period = absl::Hours(config.notice_period_hours);
  product_options.max_assessment_validity = absl::Hours(24 * config.max_assessment_validity_days);
  product_options.upload_quota_bytes = int64_t{config.upload_quota_mib} << 20;
  product_options.max_upload_bytes = int64_t{config.max_upload_mib} << 20;
  product_options.upload_expiry = absl::Hours(config.upload_expiry_hours);
  product_options.scan_threads = config.scan_threads;
  product_options.money.max_minor = config.max_amount_minor;
  product_options.important_individuals = config.important_individuals;
  product_options.important_sensitive_individuals = config.important_sensitive_individuals;
  product_options.scan_limits.max_expanded_bytes = int64_t{config.scan_max_expanded_mib} << 20;
  product_options.scan_limits.max_ratio = config.scan_max_ratio;
  product_options.scan_limits.max_members = config.scan_max_members;
  ex->products_ =
      std::make_unique<service::ProductService>(*ex->store_, *ex->clock_, *ex->random_, *ex->log_,
                                                *ex->blobs_, std::move(detector), product_options);
  ex->registrations_ = std::make_unique<service::RegistrationService>(
      *ex->store_, *ex->clock_, *ex->random_, *ex->log_, *ex->authority_,
      absl::Hours(config.notice_period_hours));
  service::TradeOptions trade_options;
  trade_options.fee_basis_points = config.supplier_fee_basis_points;
  trade_options.money.max_minor = config.max_amount_minor;
  trade_options.acceptance_window = absl::Hours(config.acceptance_window_hours);
  trade_options.thresholds.assessment_individuals = config.cross_border_assessment_individuals;
  trade_options.thresholds.assessment_sensitive_individuals =
      config.cross_border_assessment_sensitive_individuals;
  trade_options.thresholds.contract_individuals = config.cross_border_contract_individuals;
  ex->trades_ =
      std::make_unique<service::TradeService>(*ex->store_, *ex->clock_, *ex->random_, *ex->log_,
                                              *ex->authority_, *ex->blobs_, trade_options);
  domain::EvidenceRules evidence_rules;
  evidence_rules.expiry_notice = absl::Hours(24) * config.evidence_expiry_notice_days;
  evidence_rules.security_assessment_validity =
      absl::Hours(24) * (365 * config.security_assessment_validity_years + 1);
  ex->evidence_ = std::make_unique<service::EvidenceService>(
      *ex->store_, *ex->clock_, *ex->random_, *ex->log_, *ex->blobs_, evidence_rules);
  ex->password_workers_ = std::make_unique<service::PasswordWorkers>(service::PasswordWorkerOptions{
      .threads = config.password_hash_threads, .max_queued = config.password_hash_queue});
  service::SignInThrottleOptions throttle;
  throttle.per_address = {double(config.sign_in_attempts_per_address_burst),
                          config.sign_in_attempts_per_address_per_minute / 60.0};
  throttle.per_organization = {double(config.sign_in_failures_per_organization_burst),
                               config.sign_in_failures_per_organization_per_hour / 3600.0};
  ex->sessions_ = std::make_unique<service::SessionService>(
      *ex->store_, *ex->tokens_, *ex->clock_, *ex->random_,
      service::SessionOptions{.lifetime = absl::Hours(config.session_hours),
                              .cost = {.log2_n = config.password_scrypt_log2_n, .r = 8, .p = 1},
                              .cache_ttl = cache_ttl,
                              .workers = ex->password_workers_.get(),
                              .throttle = throttle});
  ex->board_ = std::make_unique<service::BoardService>(*ex->store_, *ex->clock_, *ex->random_,
                                                       *ex->log_, *ex->products_, *ex->trades_);
  ex->board_->SetSecretKeys(ex->data_keys_.get());
  BOURSE_RETURN_IF_ERROR(ex->board_->SealStoredSecrets().status());
  ex->board_->SetEndpointCheck([allow = config.webhook_allow_private](const std::string& url) {
    return CheckWebhookEndpoint(url, allow);
  });
  return ex;
}

void Exchange::SetPublicUrl(const std::string& url) { authority_->set_public_url(url); }

StatusOr<int64_t> Exchange::RotateDataKeys(const std::function<void(int64_t, int64_t)>& progress) {
  int64_t rewrapped = 0;
  BOURSE_RETURN_IF_ERROR(data_keys_->Rotate([&](const crypto::Keyring& ring) -> Status {
    BOURSE_ASSIGN_OR_RETURN(rewrapped, blobs_->Rewrap(ring, progress));
    return board_->SealStoredSecrets().status();
  }));
  return rewrapped;
}

Status Exchange::Sweep() {
  BOURSE_RETURN_IF_ERROR(products_->Sweep().status());
  BOURSE_RETURN_IF_ERROR(trades_->Sweep().status());
  BOURSE_RETURN_IF_ERROR(board_->Sweep().status());
  BOURSE_RETURN_IF_ERROR(evidence_->Sweep().status());
  BOURSE_RETURN_IF_ERROR(idempotency_->Sweep().status());
  return registrations_->Sweep().status();
}

size_t ServerApp::max_connections() const { return server_->max_connections(); }

StatusOr<std::unique_ptr<ServerApp>> ServerApp::Start(const Config& config,
                                                      std::shared_ptr<spdlog::logger> logger,
                                                      std::unique_ptr<Clock> clock) {
  auto app = std::unique_ptr<ServerApp>(new ServerApp());
  BOURSE_ASSIGN_OR_RETURN(app->exchange_, Exchange::Open(config, std::move(clock)));
  http::ServerOptions options;
  BOURSE_RETURN_IF_ERROR(SplitListen(config.listen, &options.host, &options.port));
  app->host_ = options.host;
  options.threads = config.threads;
  options.max_body_bytes = static_cast<size_t>(config.max_body_bytes);
  options.max_header_bytes = static_cast<size_t>(config.max_header_bytes);
  options.idle_timeout = absl::Seconds(config.idle_timeout_seconds);
  options.request_timeout = absl::Seconds(config.request_timeout_seconds);
  options.header_timeout = absl::Seconds(config.header_timeout_seconds);
  options.min_body_bytes_per_second = static_cast<uint64_t>(config.min_body_bytes_per_second);
  options.max_target_bytes = static_cast<size_t>(config.max_target_bytes);
  options.max_connections = config.max_connections;
  options.max_connections_per_address = config.max_connections_per_address;

  Exchange& ex = *app->exchange_;
  app->services_ = std::unique_ptr<http::ApiServices>(new http::ApiServices{
      ex.admission(), ex.tokens(), ex.authority(), ex.stats(), ex.log(), ex.products(),
      ex.registrations(), ex.trades(), ex.board(),
      config.public_url.empty() ? StrCat("http://", config.listen) : config.public_url,
      config.venue_name, app->metrics_,
      [&ex]() -> Status {
        return ex.store().Read(
            [](store::Transaction& tx) { return tx.organizations().List({.limit = 1}).status(); });
      },
      std::string(OpenApiJson())});
  app->services_->sessions = &ex.sessions();
  app->services_->evidence = &ex.evidence();
  app->services_->console_dir = config.console_dir;
  http::RegisterRoutes(app->router_, *app->services_);
  if (config.access_log) {
    // Buffered and flushed every second: the request path makes no write(2) of its own.
    std::string path = config.data_dir + "/logs/access.log";
    std::filesystem::create_directories(config.data_dir + "/logs");
    static std::atomic<int> serial{0};
    app->access_log_ = std::make_shared<spdlog::logger>(
        StrCat("access-", serial++), std::make_shared<spdlog::sinks::basic_file_sink_mt>(path));
    app->access_log_->set_pattern("%v");
    app->access_log_->flush_on(spdlog::level::err);
    spdlog::register_logger(app->access_log_);
    spdlog::flush_every(std::chrono::seconds(1));
  }
  app->dispatcher_ = std::make_unique<http::Dispatcher>(
      app->router_, ex.tokens(), ex.idempotency(), app->metrics_, logger,
      http::DispatcherOptions{app->access_log_, &ex.sessions()});
  app->server_ =
      std::make_unique<http::HttpServer>(options, *app->dispatcher_, app->metrics_, logger);
  BOURSE_ASSIGN_OR_RETURN(app->port_, app->server_->Listen());
  // With a fixed port, credentials name the configured address; with port 0, the bound one.
  if (config.public_url.empty() && options.port == 0) ex.SetPublicUrl(app->url());
  if (config.public_url.empty()) app->services_->public_url = app->url();
  BOURSE_RETURN_IF_ERROR(ex.log().Integrate().status());  // The first checkpoint, before serving.
  ex.log().Start();
  ServerApp* raw = app.get();
  app->sweeper_ = std::thread([raw, logger] {
    SetCurrentThreadName("bourse-timers");
    std::unique_lock lock(raw->sweeper_mu_);
    while (!raw->sweeper_cv_.wait_for(lock, std::chrono::seconds(1),
                                      [raw] { return raw->stopping_; })) {
      lock.unlock();
      Status st = raw->exchange_->Sweep();
      if (!st.ok()) logger->warn("timer sweep failed: {}", st.ToString());
      lock.lock();
    }
  });
  crypto::TlsClientOptions webhook_tls;
  webhook_tls.ca_file = config.webhook_ca_file;
  const bool allow_private = config.webhook_allow_private;
  app->webhook_sender_ = std::thread([raw, logger, webhook_tls, allow_private] {
    SetCurrentThreadName("bourse-webhooks");
    std::unique_lock lock(raw->sweeper_mu_);
    while (!raw->sweeper_cv_.wait_for(lock, std::chrono::seconds(1),
                                      [raw] { return raw->stopping_; })) {
      lock.unlock();
      auto sent = raw->exchange_->board().DeliverWebhooks(
          [&webhook_tls, allow_private](
              const std::string& url, const std::string& body,
              const std::vector<std::pair<std::string, std::string>>& headers) {
            return PostWebhook(url, body, headers, webhook_tls, allow_private);
          });
      if (!sent.ok()) logger->warn("webhook delivery failed: {}", sent.status().ToString());
      lock.lock();
    }
  });
  app->server_->Serve();
  return app;
}

ServerApp::~ServerApp() { Shutdown(); }

std::string ServerApp::url() const {
  std::string host = host_.find(':') != std::string::npos ? StrCat("[", host_, "]") : host_;
  return StrCat("http://", host, ":", port_);
}

void ServerApp::Shutdown() {
  {
    std::lock_guard lock(sweeper_mu_);
    stopping_ = true;
  }
  sweeper_cv_.notify_all();
  if (sweeper_.joinable()) sweeper_.join();
  if (webhook_sender_.joinable()) webhook_sender_.join();
  if (server_) server_->Shutdown(absl::Seconds(exchange_->config().shutdown_grace_seconds));
  if (exchange_) exchange_->log().Stop();
  if (access_log_) {
    access_log_->flush();
    spdlog::drop(access_log_->name());
    access_log_.reset();
  }
}

}  // namespace bourse::app
