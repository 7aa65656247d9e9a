// init, serve and demo: the commands that work on a data directory directly.
#include <fmt/format.h>
#include <signal.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <boost/json.hpp>

#include "absl/time/clock.h"
#include "app/data_dir.h"
#include "app/demo.h"
#include "app/exchange.h"
#include "base/clock.h"
#include "base/strings.h"
#include "cli/commands.h"
#include "cli/progress.h"

namespace bourse::cli {
namespace {

struct ServerFlags {
  std::string data_dir = "./var";
  std::map<std::string, std::string> overrides;
  std::string listen, public_url;
  int threads = -1;
};

void AddServerFlags(CLI::App* cmd, ServerFlags& f) {
  cmd->add_option("--data-dir", f.data_dir, "Data directory (database, keys, bourse.toml)")
      ->capture_default_str();
  cmd->add_option("--listen", f.listen, "HOST:PORT to serve on; port 0 picks a free port");
  cmd->add_option("--public-url", f.public_url, "Base URL written into certificates");
  cmd->add_option("--threads", f.threads, "HTTP event-loop threads (0: one per core)");
}

StatusOr<app::Config> Load(ServerFlags& f) {
  if (!f.listen.empty()) f.overrides["listen"] = f.listen;
  if (!f.public_url.empty()) f.overrides["public_url"] = f.public_url;
  if (f.threads >= 0) f.overrides["threads"] = std::to_string(f.threads);
  return app::LoadConfig(f.data_dir, app::ProcessEnvironment(), f.overrides);
}

std::shared_ptr<spdlog::logger> MakeLogger(const app::Config& config) {
  auto logger = spdlog::stderr_color_mt("bourse");
  logger->set_level(spdlog::level::from_str(config.log_level));
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%fZ %^%l%$ %v", spdlog::pattern_time_type::utc);
  return logger;
}

// Lets a thousand idle clients connect: raise the open-file limit to the hard limit.
void RaiseFileLimit() {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);
  }
}

int Init(ServerFlags& f) {
  auto config = Load(f);
  if (!config.ok()) return ReportError(config.status());
  auto result = app::InitDataDir(*config);
  if (!result.ok()) return ReportError(result.status());
  fmt::print("Initialised {}\n", config->data_dir);
  fmt::print("  database         {}\n", config->database_path());
  fmt::print("  issuer key       {}\n", config->issuer_key_path());
  fmt::print("  configuration    {}/bourse.toml\n", config->data_dir);
  fmt::print("Operator  {}  token {}  (also in {}/operator.token)\n", result->operator_id,
             result->operator_token, config->data_dir);
  fmt::print("Regulator {}  token {}  (also in {}/regulator.token)\n", result->regulator_id,
             result->regulator_token, config->data_dir);
  return 0;
}

int Serve(ServerFlags& f) {
  auto config = Load(f);
  if (!config.ok()) return ReportError(config.status());
  auto logger = MakeLogger(*config);
  RaiseFileLimit();
  // Block the stop signals in every thread; the main thread waits for them below.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  auto server = app::ServerApp::Start(*config, logger);
  if (!server.ok()) return ReportError(server.status());
  fmt::print("Bourse is serving {} on {}\n", config->data_dir, (*server)->url());
  fmt::print("listening on port {}\n", (*server)->port());
  std::fflush(stdout);
  logger->info("serving on {} with the data directory {}", (*server)->url(), config->data_dir);
  int sig = 0;
  sigwait(&signals, &sig);
  logger->info("received {}; draining requests in flight", sig == SIGINT ? "SIGINT" : "SIGTERM");
  (*server)->Shutdown();
  server->reset();
  logger->info("stopped");
  return 0;
}

int Demo(ServerFlags& f, uint64_t seed) {
  auto config = Load(f);
  if (!config.ok()) return ReportError(config.status());
  auto token = app::ReadFileToString(config->data_dir + "/operator.token");
  if (!token.ok()) return ReportError(token.status());
  while (!token->empty() && (token->back() == '\n' || token->back() == ' ')) token->pop_back();
  // The demo's history starts five weeks ago; it moves this clock forward as notices end and
  // assessments expire, and finishes a little before now.
  auto clock = std::make_unique<FakeClock>(absl::Now() - absl::Hours(24 * 35));
  FakeClock* demo_clock = clock.get();
  auto exchange = app::Exchange::Open(*config, std::move(clock));
  if (!exchange.ok()) return ReportError(exchange.status());
  auto op = (*exchange)->tokens().Authenticate(*token);
  if (!op.ok()) return ReportError(op.status());
  ProgressBar bar("Building the demo market");
  auto summary = app::BuildDemoMarket(
      **exchange, *op, seed, [&](int done, int total) { bar.Update(done, total); }, demo_clock);
  bar.Finish();
  if (!summary.ok()) return ReportError(summary.status());
  // Publish a checkpoint covering everything the demo recorded.
  while (true) {
    auto before = (*exchange)->log().LatestCheckpoint();
    auto after = (*exchange)->log().Integrate();
    if (!after.ok()) return ReportError(after.status());
    if (before.ok() && before->size == after->size) break;
  }
  boost::json::array accounts;
  for (const auto& a : summary->accounts) {
    accounts.push_back(boost::json::object{{"id", a.id},
                                           {"name", a.name},
                                           {"roles", a.roles},
                                           {"status", a.status},
                                           {"token", a.token}});
  }
  std::string path = config->data_dir + "/demo-accounts.json";
  if (Status st = app::WritePrivateFile(path, boost::json::serialize(accounts) + "\n"); !st.ok())
    return ReportError(st);
  fmt::print(
      "Demo market: {} organisations, {} data-merchant certificates issued, {} data products, "
      "{} trades.\n",
      summary->organizations, summary->certificates, summary->products, summary->trades);
  fmt::print("Their tokens are in {} (mode 0600).\n", path);
  return 0;
}

// Opening the exchange seals any plaintext blob left from before encryption at rest; rotation
// then rewraps every data key and stored secret under a fresh key-encryption key. Safe while the
// server runs: it reads the keyring again when it meets the new key.
int RotateKeys(ServerFlags& f) {
  auto config = Load(f);
  if (!config.ok()) return ReportError(config.status());
  auto exchange = app::Exchange::Open(*config);
  if (!exchange.ok()) return ReportError(exchange.status());
  ProgressBar bar("Rewrapping data keys");
  auto rewrapped =
      (*exchange)->RotateDataKeys([&](int64_t done, int64_t total) { bar.Update(done, total); });
  bar.Finish();
  if (!rewrapped.ok()) return ReportError(rewrapped.status());
  fmt::print("Rotated the key-encryption key in {}: {} datasets rewrapped, no data rewritten.\n",
             config->data_keyring_path(), *rewrapped);
  return 0;
}

}  // namespace

int ReportError(const Status& status) {
  std::string field = status.field().empty() ? "" : fmt::format(" (field: {})", status.field());
  fmt::print(stderr, "error: {}{}\n", status.message(), field);
  return 1;
}

void RegisterServerCommands(CLI::App& app, int& exit_code) {
  static ServerFlags init_flags, serve_flags, demo_flags;
  static uint64_t seed = 20221115;
  auto* init = app.add_subcommand(
      "init", "Create a data directory: database, issuer key, operator and regulator tokens");
  AddServerFlags(init, init_flags);
  init->callback([&exit_code] { exit_code = Init(init_flags); });

  auto* serve =
      app.add_subcommand("serve", "Run the exchange's HTTP server until SIGINT or SIGTERM");
  AddServerFlags(serve, serve_flags);
  serve->callback([&exit_code] { exit_code = Serve(serve_flags); });

  auto* demo = app.add_subcommand(
      "demo", "Fill a fresh data directory with a demo market (through the service layer)");
  AddServerFlags(demo, demo_flags);
  demo->add_option("--seed", seed, "Seed for the market's content")->capture_default_str();
  demo->callback([&exit_code] { exit_code = Demo(demo_flags, seed); });

  static ServerFlags keys_flags;
  auto* keys = app.add_subcommand("keys", "Keys for data at rest");
  keys->require_subcommand(1);
  auto* rotate = keys->add_subcommand(
      "rotate", "A fresh key-encryption key: rewraps every dataset's key and every stored secret");
  AddServerFlags(rotate, keys_flags);
  rotate->callback([&exit_code] { exit_code = RotateKeys(keys_flags); });
}

}  // namespace bourse::cli
