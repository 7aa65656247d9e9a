#include "app/config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>

#include "base/errors.h"
#include "base/strings.h"

extern char** environ;

namespace bourse::app {
namespace {

struct Binding {
  Setting setting;
  Status (*set)(Config&, const std::string&);
  std::string (*get)(const Config&);
};

StatusOr<int64_t> ParseInt(const std::string& key, const std::string& v, int64_t lo, int64_t hi) {
  if (v.empty()) return errors::InvalidField(key, "must be an integer");
  int64_t n = 0;
  size_t i = 0;
  for (; i < v.size(); ++i) {
    if (v[i] < '0' || v[i] > '9' || n > (INT64_MAX - 9) / 10)
      return errors::InvalidField(key, "must be an integer");
    n = n * 10 + (v[i] - '0');
  }
  if (n < lo || n > hi)
    return errors::InvalidField(key, StrCat("must be between ", lo, " and ", hi));
  return n;
}

#define INT_SETTING(name, lo, hi, doc)                         \
  Binding {                                                    \
    {#name, doc},                                              \
        [](Config& c, const std::string& v) -> Status {        \
          auto n = ParseInt(#name, v, lo, hi);                 \
          if (!n.ok()) return n.status();                      \
          c.name = static_cast<decltype(c.name)>(*n);          \
          return OkStatus();                                   \
        },                                                     \
        [](const Config& c) { return std::to_string(c.name); } \
  }
#define STRING_SETTING(name, doc)                       \
  Binding {                                             \
    {#name, doc},                                       \
        [](Config& c, const std::string& v) -> Status { \
          c.name = v;                                   \
          return OkStatus();                            \
        },                                              \
        [](const Config& c) { return c.name; }          \
  }

#define BOOL_SETTING(name, doc)                                                \
  Binding {                                                                    \
    {#name, doc},                                                              \
        [](Config& c, const std::string& v) -> Status {                        \
          if (v != "true" && v != "false")                                     \
            return errors::InvalidField(#name, "must be true or false");       \
          c.name = v == "true";                                                \
          return OkStatus();                                                   \
        },                                                                     \
        [](const Config& c) { return std::string(c.name ? "true" : "false"); } \
  }

const std::vector<Binding>& Bindings() {
  static const std::vector<Binding> kBindings = {
      STRING_SETTING(listen, "Address to serve HTTP on, host:port; port 0 picks a free port."),
      STRING_SETTING(public_url,
                     "Base URL written into certificates; empty means http://<listen>."),
      STRING_SETTING(venue_name, "The venue's name, as certificate issuer."),
      INT_SETTING(
          threads, 0, 256,
          "HTTP event-loop threads (each runs its requests as fibers); 0 means one per core."),
      INT_SETTING(max_body_bytes, 1024, int64_t(1) << 30,
                  "Largest JSON request body accepted (413 above)."),
      INT_SETTING(max_header_bytes, 1024, 1 << 20,
                  "Largest request header block accepted (431 above)."),
      INT_SETTING(idle_timeout_seconds, 1, 3600,
                  "How long an idle keep-alive connection is kept open."),
      INT_SETTING(request_timeout_seconds, 1, 3600, "Time allowed to write a response."),
      INT_SETTING(header_timeout_seconds, 1, 600,
                  "Time a new connection has to send its request's first byte, and any request "
                  "to complete its header block (slow clients are dropped)."),
      INT_SETTING(min_body_bytes_per_second, 1, int64_t(1) << 30,
                  "Slowest rate at which a request body may arrive, after header_timeout."),
      INT_SETTING(max_target_bytes, 256, 1 << 20, "Longest request target accepted (414 above)."),
      INT_SETTING(max_connections, 0, 10000000,
                  "Most connections held at once; past it the longest-idle one is dropped, or "
                  "the new one refused with 503. 0: the descriptor limit less 256."),
      INT_SETTING(max_connections_per_address, 0, 10000000,
                  "Most connections from one client address (503 above); 0: no cap."),
      INT_SETTING(shutdown_grace_seconds, 0, 600,
                  "On SIGINT/SIGTERM, how long requests in flight may finish."),
      Binding{{"sqlite_synchronous",
               "full (fsync every commit; survives power loss) or normal (survives crashes)."},
              [](Config& c, const std::string& v) -> Status {
                if (v != "full" && v != "normal")
                  return errors::InvalidField("sqlite_synchronous", "must be full or normal");
                c.sqlite_synchronous = v;
                return OkStatus();
              },
              [](const Config& c) { return c.sqlite_synchronous; }},
      INT_SETTING(sqlite_readers, 1, 64,
                  "Read-only SQLite connections serving reads concurrently."),
      INT_SETTING(certificate_validity_days, 1, 36500,
                  "Validity of data-merchant certificates, in days."),
      INT_SETTING(read_cache_ms, 0, 60000,
                  "How long other processes' writes may take to show in cached reads (tokens, "
                  "organisations); this process's own writes show at once. 0 disables the caches."),
      INT_SETTING(notice_period_hours, 0, 8760,
                  "Public notice before a product is listed or a rights claim registered, in "
                  "hours (objections are possible meanwhile)."),
      INT_SETTING(max_assessment_validity_days, 1, 3650,
                  "Longest validity an assessor may give a compliance assessment, in days."),
      INT_SETTING(upload_quota_mib, 1, 100000000,
                  "Storage each organisation may use for datasets and open uploads, in MiB."),
      INT_SETTING(max_upload_mib, 1, 100000000, "Largest single dataset file, in MiB."),
      INT_SETTING(upload_expiry_hours, 1, 8760,
                  "Hours an upload may stay open; then it and its bytes are discarded."),
      INT_SETTING(scan_threads, 1, 64, "Threads that scan one uploaded dataset."),
      INT_SETTING(important_individuals, 1, 2000000000,
                  "Personal information of this many people suggests 'important' data."),
      INT_SETTING(important_sensitive_individuals, 1, 2000000000,
                  "Sensitive personal information of this many people suggests 'important' data."),
      INT_SETTING(supplier_fee_basis_points, 0, 10000,
                  "The exchange's fee on each trade, taken from the supplier's side, in basis "
                  "points (250 = 2.5 %)."),
      INT_SETTING(acceptance_window_hours, 1, 8760,
                  "How long a buyer has to accept or reject a delivery before clearing runs by "
                  "itself, in hours."),
      INT_SETTING(cross_border_assessment_individuals, 1, 2000000000,
                  "Individuals' personal information sent abroad by one exporter since 1 January "
                  "that needs a CAC security assessment (2024 Provisions: 1,000,000)."),
      INT_SETTING(cross_border_assessment_sensitive_individuals, 1, 2000000000,
                  "Individuals' sensitive personal information since 1 January that needs a "
                  "security assessment (2024 Provisions: 10,000)."),
      INT_SETTING(cross_border_contract_individuals, 1, 2000000000,
                  "Individuals' personal information since 1 January that needs a standard "
                  "contract or a certification (2024 Provisions: 100,000)."),
      INT_SETTING(scan_max_expanded_mib, 1, 1048576,
                  "How far one upload's gzip streams, zip archives and workbooks may expand, in "
                  "MiB, before it is refused as a decompression bomb."),
      INT_SETTING(scan_max_ratio, 2, 100000,
                  "How many times its compressed size one archive member may expand to before "
                  "the upload is refused as a decompression bomb."),
      INT_SETTING(scan_max_members, 1, 1000000,
                  "How many files (in archives, nested two deep) and sheets (in workbooks) one "
                  "upload may hold."),
      INT_SETTING(evidence_expiry_notice_days, 1, 365,
                  "How many days before an exporter's approved cross-border evidence expires it "
                  "is told to renew it."),
      INT_SETTING(security_assessment_validity_years, 1, 10,
                  "The longest validity of a CAC security assessment's result, in years (2024 "
                  "Provisions, Art. 8: 3)."),
      STRING_SETTING(console_dir,
                     "The built web console (index.html and assets/), served at /; relative to "
                     "the working directory. Empty: no console."),
      INT_SETTING(session_hours, 1, 720,
                  "How long a console sign-in lasts before the browser must sign in again."),
      INT_SETTING(password_hash_threads, 1, 64,
                  "Threads that hash console passwords (scrypt), apart from the HTTP threads."),
      INT_SETTING(password_hash_queue, 1, 100000,
                  "Password checks that may wait for a hashing thread; past it, 429."),
      INT_SETTING(password_scrypt_log2_n, 10, 20,
                  "scrypt cost for console passwords, as log2 N with r = 8, p = 1 (17: 128 MiB, "
                  "OWASP's minimum); older hashes are upgraded at the next good sign-in."),
      INT_SETTING(sign_in_attempts_per_address_burst, 1, 1000000,
                  "Password sign-in attempts one client address may make at once (429 after)."),
      INT_SETTING(sign_in_attempts_per_address_per_minute, 1, 1000000,
                  "Password sign-in attempts one client address regains each minute."),
      INT_SETTING(sign_in_failures_per_organization_burst, 1, 1000000,
                  "Failed password sign-ins at one organisation before its password sign-in "
                  "pauses (429) and it is notified."),
      INT_SETTING(sign_in_failures_per_organization_per_hour, 1, 1000000,
                  "Failed password sign-ins one organisation regains each hour."),
      INT_SETTING(idempotency_hours, 1, 24 * 365,
                  "Hours an Idempotency-Key's response is kept for replay; then it is swept."),
      INT_SETTING(max_amount_minor, 1, int64_t{1'000'000'000'000'000'000},
                  "Largest amount of money, in minor units, any request may name (deposits, "
                  "withdrawals, prices, budgets); larger ones get 422."),
      BOOL_SETTING(webhook_allow_private,
                   "true or false: let webhooks reach loopback, private, link-local and other "
                   "non-public addresses (on-premises deployments only)."),
      STRING_SETTING(data_key_file,
                     "The keyring of key-encryption keys for datasets and secrets at rest (mode "
                     "0600); empty means keys/data.kek in the data directory. Keep it on another "
                     "volume than the data to separate the two."),
      STRING_SETTING(webhook_ca_file,
                     "A PEM file of roots trusted for https:// webhook endpoints besides the "
                     "system's (for a private CA); empty means the system's roots only."),
      STRING_SETTING(log_origin,
                     "The transparency log's origin line (and note key name); empty means <public "
                     "host:port>/log."),
      BOOL_SETTING(access_log, "true or false: log one JSON line per request."),
      Binding{{"log_level", "trace, debug, info, warn, error or off."},
              [](Config& c, const std::string& v) -> Status {
                static const std::vector<std::string> kLevels = {"trace", "debug", "info",
                                                                 "warn",  "error", "off"};
                if (std::find(kLevels.begin(), kLevels.end(), v) == kLevels.end()) {
                  return errors::InvalidField("log_level",
                                              "must be trace, debug, info, warn, error or off");
                }
                c.log_level = v;
                return OkStatus();
              },
              [](const Config& c) { return c.log_level; }},
  };
  return kBindings;
}

#undef INT_SETTING
#undef STRING_SETTING

std::string EnvName(const std::string& key) {
  std::string out = "BOURSE_";
  for (char c : key) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

const std::vector<Setting>& Settings() {
  static const std::vector<Setting> kSettings = [] {
    std::vector<Setting> out;
    for (const auto& b : Bindings()) out.push_back(b.setting);
    return out;
  }();
  return kSettings;
}

Status SetOption(Config& config, const std::string& key, const std::string& value) {
  for (const auto& b : Bindings())
    if (b.setting.key == key) return b.set(config, value);
  return errors::UnknownField(key);
}

std::string GetOption(const Config& config, const std::string& key) {
  for (const auto& b : Bindings())
    if (b.setting.key == key) return b.get(config);
  return {};
}

std::map<std::string, std::string> ProcessEnvironment() {
  std::map<std::string, std::string> out;
  for (char** e = environ; e && *e; ++e) {
    std::string kv(*e);
    if (kv.rfind("BOURSE_", 0) != 0) continue;
    size_t eq = kv.find('=');
    if (eq != std::string::npos) out[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  return out;
}

StatusOr<Config> LoadConfig(const std::string& data_dir,
                            const std::map<std::string, std::string>& env,
                            const std::map<std::string, std::string>& flags) {
  Config config;
  config.data_dir = data_dir;
  std::string path = data_dir + "/bourse.toml";
  if (std::filesystem::exists(path)) {
    toml::table table;
    try {
      table = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
      return errors::InvalidField(
          "bourse.toml", StrCat("cannot parse ", path, ": ", std::string(e.description())));
    }
    for (const auto& [key, node] : table) {
      std::string k(key.str());
      std::string value;
      if (auto s = node.value<std::string>(); s && node.is_string())
        value = *s;
      else if (auto i = node.value<int64_t>(); i && node.is_integer())
        value = std::to_string(*i);
      else if (auto b = node.value<bool>(); b && node.is_boolean())
        value = *b ? "true" : "false";
      else
        return errors::InvalidField(k, "must be a string, an integer or a boolean");
      if (Status st = SetOption(config, k, value); !st.ok()) {
        return Status(st.code(), StrCat(path, ": ", st.message()), st.kind(), st.field());
      }
    }
  }
  for (const auto& b : Bindings()) {
    if (auto it = env.find(EnvName(b.setting.key)); it != env.end()) {
      if (Status st = b.set(config, it->second); !st.ok()) {
        return Status(st.code(), StrCat(EnvName(b.setting.key), ": ", st.message()), st.kind(),
                      st.field());
      }
    }
  }
  for (const auto& [k, v] : flags) {
    if (Status st = SetOption(config, k, v); !st.ok()) return st;
  }
  std::string host;
  uint16_t port = 0;
  if (Status st = SplitListen(config.listen, &host, &port); !st.ok()) return st;
  return config;
}

std::string EffectiveLogOrigin(const Config& config) {
  if (!config.log_origin.empty()) return config.log_origin;
  std::string host = config.public_url.empty() ? config.listen : config.public_url;
  if (auto scheme = host.find("://"); scheme != std::string::npos) host = host.substr(scheme + 3);
  while (!host.empty() && host.back() == '/') host.pop_back();
  return host + "/log";
}

std::string DefaultConfigFile(const Config& defaults) {
  std::string out =
      "# Bourse configuration. Environment variables BOURSE_<KEY> and command-line flags override\n"
      "# these values. Every setting is shown with its default.\n\n";
  for (const auto& b : Bindings()) {
    std::string value = b.get(defaults);
    bool quoted = b.setting.key == "log_origin" || b.setting.key == "listen" ||
                  b.setting.key == "public_url" || b.setting.key == "venue_name" ||
                  b.setting.key == "sqlite_synchronous" || b.setting.key == "log_level" ||
                  b.setting.key == "webhook_ca_file" || b.setting.key == "console_dir" ||
                  b.setting.key == "data_key_file";
    out += StrCat("# ", b.setting.doc, "\n", b.setting.key, " = ",
                  quoted ? "\"" + value + "\"" : value, "\n\n");
  }
  return out;
}

Status SplitListen(const std::string& listen, std::string* host, uint16_t* port) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0)
    return errors::InvalidField("listen", "must be host:port");
  *host = listen.substr(0, colon);
  if (host->size() > 2 && host->front() == '[' && host->back() == ']')
    *host = host->substr(1, host->size() - 2);
  auto p = ParseInt("listen", listen.substr(colon + 1), 0, 65535);
  if (!p.ok()) return errors::InvalidField("listen", "the port must be 0 to 65535");
  *port = static_cast<uint16_t>(*p);
  return OkStatus();
}

}  // namespace bourse::app
