// The exchange's configuration: one option struct, filled once at start-up.
//
// Precedence, lowest first: the documented defaults, DIR/bourse.toml, BOURSE_<KEY> environment
// variables, then command-line flags. Every setting is listed, with its default and meaning, in
// Settings(); `bourse init` writes that list as a commented bourse.toml.
#ifndef BOURSE_APP_CONFIG_H_
#define BOURSE_APP_CONFIG_H_

#include <map>
#include <string>
#include <vector>

#include "base/status.h"

namespace bourse::app {

struct Config {
  std::string data_dir = "./var";
  std::string listen = "127.0.0.1:8080";
  std::string public_url;  // Empty: http://<listen address as bound>.
  std::string venue_name = "Bourse Data Exchange";
  int threads = 0;
  int64_t max_body_bytes = 1 << 20;
  int64_t max_header_bytes = 16 << 10;
  int idle_timeout_seconds = 75;
  int request_timeout_seconds = 30;
  int header_timeout_seconds = 10;
  int64_t min_body_bytes_per_second = 16 << 10;
  int64_t max_target_bytes = 8 << 10;
  int max_connections = 0;  // 0: from the descriptor limit.
  int max_connections_per_address = 256;
  int shutdown_grace_seconds = 10;
  std::string sqlite_synchronous = "full";
  int sqlite_readers = 4;
  int certificate_validity_days = 1095;
  int read_cache_ms = 1000;
  int notice_period_hours = 72;
  int max_assessment_validity_days = 1095;
  int upload_quota_mib = 20480;
  int max_upload_mib = 16384;
  int upload_expiry_hours = 24;
  int scan_threads = 2;
  int important_individuals = 1000000;
  int important_sensitive_individuals = 100000;
  int supplier_fee_basis_points = 250;  // The exchange's fee from the supplier's side.
  int acceptance_window_hours = 72;
  int cross_border_assessment_individuals = 1000000;
  int cross_border_assessment_sensitive_individuals = 10000;
  int cross_border_contract_individuals = 100000;
  int scan_max_expanded_mib = 4096;      // What one upload's archives may expand to, in all.
  int scan_max_ratio = 200;              // Expanded / compressed size of one archive member.
  int scan_max_members = 1000;           // Files in an upload's archives and sheets in workbooks.
  int evidence_expiry_notice_days = 30;  // Exporters are told this long before evidence expires.
  int security_assessment_validity_years = 3;  // 2024 Provisions, Art. 8.
  std::string log_origin;                      // Empty: "<public host:port>/log".
  std::string webhook_ca_file;  // Extra roots for https:// webhooks; empty: system roots only.
  std::string console_dir = "web/dist";  // The built web console; empty: none.
  int session_hours = 12;
  int password_hash_threads = 1;
  int password_hash_queue = 16;
  int password_scrypt_log2_n = 17;
  int sign_in_attempts_per_address_burst = 20;
  int sign_in_attempts_per_address_per_minute = 20;
  int sign_in_failures_per_organization_burst = 10;
  int sign_in_failures_per_organization_per_hour = 30;
  int idempotency_hours = 24;
  int64_t max_amount_minor = 1'000'000'000'000'000;
  bool webhook_allow_private = false;
  std::string data_key_file;
  bool access_log = true;
  std::string log_level = "info";

  std::string database_path() const { return data_dir + "/bourse.db"; }
  std::string issuer_key_path() const { return data_dir + "/keys/issuer.ed25519.pem"; }
  std::string log_key_path() const { return data_dir + "/keys/log.ed25519.pem"; }
  // The keyring of key-encryption keys for data at rest: `data_key_file`, else keys/data.kek.
  std::string data_keyring_path() const {
    return data_key_file.empty() ? data_dir + "/keys/data.kek" : data_key_file;
  }
  std::string blob_dir() const { return data_dir + "/data"; }
};

struct Setting {
  std::string key;  // bourse.toml key; the environment variable is BOURSE_<KEY upper-cased>.
  std::string doc;  // One line: meaning and allowed values.
};
const std::vector<Setting>& Settings();

// Sets one setting from text; InvalidArgument (field = key) for an unknown key or a bad value.
Status SetOption(Config& config, const std::string& key, const std::string& value);
// The current value of a setting as text.
std::string GetOption(const Config& config, const std::string& key);

// Builds the configuration for `data_dir`: defaults, then DIR/bourse.toml if present, then the
// environment (`env` maps names to values; pass the process environment), then `flags`.
StatusOr<Config> LoadConfig(const std::string& data_dir,
                            const std::map<std::string, std::string>& env,
                            const std::map<std::string, std::string>& flags);
// The process environment's BOURSE_* variables.
std::map<std::string, std::string> ProcessEnvironment();
// The commented bourse.toml that `bourse init` writes: every setting with its meaning and
// `config`'s value (so the address and identity chosen at init stay fixed).
std::string DefaultConfigFile(const Config& config = Config{});
// The log origin `config` implies: log_origin, or "<public host:port>/log".
std::string EffectiveLogOrigin(const Config& config);
// "host:port" → host and port; InvalidArgument (field "listen") when malformed.
Status SplitListen(const std::string& listen, std::string* host, uint16_t* port);

}  // namespace bourse::app

#endif  // BOURSE_APP_CONFIG_H_
