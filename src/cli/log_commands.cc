// bourse log verify | prove | export: checking the transparency log as a third party would.
#include <fmt/format.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/encoding.h"
#include "cli/commands.h"
#include "cli/progress.h"
#include "client/http_client.h"
#include "client/log_state.h"
#include "client/log_verifier.h"

namespace bourse::cli {
namespace {

struct LogFlags {
  std::string url, dir, state, vkey;
  bool full = false, json = false;
};

// The source and the client that must outlive it.
struct Source {
  std::unique_ptr<client::HttpClient> http;
  client::LogFetch fetch;
};

StatusOr<Source> Open(const LogFlags& f) {
  Source s;
  if (!f.dir.empty()) {
    s.fetch = client::DirLogSource(f.dir);
    return s;
  }
  std::string url = f.url;
  if (url.empty())
    url = std::getenv("BOURSE_URL") ? std::getenv("BOURSE_URL") : "http://127.0.0.1:8080";
  auto http = client::HttpClient::Create(url);
  if (!http.ok()) return http.status();
  s.http = std::move(*http);
  s.fetch = client::HttpLogSource(*s.http);
  return s;
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

std::string DefaultStatePath(const std::string& name) {
  std::string base =
      std::getenv("XDG_STATE_HOME")
          ? std::getenv("XDG_STATE_HOME")
          : std::string(std::getenv("HOME") ? std::getenv("HOME") : ".") + "/.local/state";
  std::string file;
  for (char c : name)
    file += std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' ? c : '_';
  return base + "/bourse/" + file + ".json";
}

// The verifier key: --vkey, else the one saved with the state, else the log's own (trust on first
// use).
StatusOr<crypto::NoteVerifier> Verifier(const LogFlags& f, const client::LogFetch& fetch,
                                        std::string* saved_vkey) {
  std::string vkey = f.vkey;
  if (vkey.empty() && !saved_vkey->empty()) vkey = *saved_vkey;
  auto published = fetch("vkey");
  if (vkey.empty()) {
    if (!published.ok()) return published.status();
    vkey = Trim(*published);
  } else if (published.ok() && Trim(*published) != vkey) {
    return FailedPreconditionError(
        "the log now publishes a different verifier key than the one trusted");
  }
  *saved_vkey = vkey;
  return crypto::ParseNoteVerifierKey(vkey);
}

int Verify(const LogFlags& f) {
  auto source = Open(f);
  if (!source.ok()) return ReportError(source.status());
  // Read the state saved by an earlier run: missing is a first use, unreadable is an error.
  std::string saved_vkey, saved_note, state_path = f.state;
  auto read_state = [&](const std::string& path) -> Status {
    auto state = client::ReadLogState(path);
    if (!state.ok()) return state.status();
    saved_vkey = state->vkey;
    saved_note = state->checkpoint;
    return OkStatus();
  };
  if (!state_path.empty()) {
    if (Status st = read_state(state_path); !st.ok()) return ReportError(st);
  }
  auto verifier = Verifier(f, source->fetch, &saved_vkey);
  if (!verifier.ok()) return ReportError(verifier.status());
  if (state_path.empty()) {
    state_path = DefaultStatePath(verifier->name);
    if (Status st = read_state(state_path); !st.ok()) return ReportError(st);
    if (!saved_vkey.empty() &&
        saved_vkey != crypto::NoteVerifierKey(verifier->name, verifier->public_key)) {
      return ReportError(
          FailedPreconditionError("the saved state trusts another key for this log"));
    }
  }
  auto report = client::VerifyLog(source->fetch, *verifier, saved_note, f.full);
  if (!report.ok()) {
    fmt::print(stderr, "log verification FAILED\n");
    return ReportError(report.status());
  }
  if (Status st = client::SaveLogState(state_path, {saved_vkey, report->checkpoint_note});
      !st.ok()) {
    fmt::print(stderr, "the log verified, but its checkpoint could not be kept for the next run\n");
    return ReportError(st);
  }
  if (f.json) {
    fmt::print("{}\n", boost::json::serialize(boost::json::object{
                           {"origin", report->checkpoint.origin},
                           {"size", report->checkpoint.size},
                           {"root", Base64Encode(merkle::ToBytes(report->checkpoint.root))},
                           {"consistent_with_saved", report->checked_consistency},
                           {"previous_size", report->previous_size},
                           {"full", report->checked_full}}));
    return 0;
  }
  fmt::print("Log          {}\n", report->checkpoint.origin);
  fmt::print("Checkpoint   size {}, root {} — signature verified\n", report->checkpoint.size,
             Base64Encode(merkle::ToBytes(report->checkpoint.root)));
  if (report->checked_consistency) {
    fmt::print("Consistency  the log extends the saved checkpoint of size {}\n",
               report->previous_size);
  } else {
    fmt::print("Consistency  no earlier checkpoint saved; this one is now ({})\n", state_path);
  }
  if (report->checked_full)
    fmt::print("Full check   every entry and tile rebuilt; the root matches\n");
  fmt::print("Result       OK\n");
  return 0;
}

int Prove(const LogFlags& f, uint64_t index) {
  auto source = Open(f);
  if (!source.ok()) return ReportError(source.status());
  std::string vkey;
  auto verifier = Verifier(f, source->fetch, &vkey);
  if (!verifier.ok()) return ReportError(verifier.status());
  auto proof = client::ProveEntry(source->fetch, *verifier, index);
  if (!proof.ok()) return ReportError(proof.status());
  if (f.json) {
    boost::system::error_code ec;
    auto leaf = boost::json::parse(proof->leaf, ec);
    fmt::print("{}\n", boost::json::serialize(boost::json::object{
                           {"index", index},
                           {"tree_size", proof->checkpoint.size},
                           {"leaf", ec ? boost::json::value(proof->leaf) : leaf}}));
    return 0;
  }
  fmt::print(
      "Entry {} is in the log {} (checkpoint of size {}, signature and inclusion proof "
      "verified):\n{}\n",
      index, proof->checkpoint.origin, proof->checkpoint.size, proof->leaf);
  return 0;
}

int Export(const LogFlags& f, const std::string& dir) {
  LogFlags from = f;
  from.dir.clear();
  auto source = Open(from);
  if (!source.ok()) return ReportError(source.status());
  ProgressBar bar("Exporting the log");
  auto written =
      client::ExportLog(source->fetch, dir, [&](int done, int total) { bar.Update(done, total); });
  bar.Finish();
  if (!written.ok()) return ReportError(written.status());
  fmt::print(
      "Wrote {} files to {}; serve the folder at <prefix>/log/ or check it with `bourse log verify "
      "--dir {}`\n",
      *written, dir, dir);
  return 0;
}

}  // namespace

void RegisterLogCommands(CLI::App& app, int& exit_code) {
  static LogFlags flags;
  static uint64_t index = 0;
  static std::string dir;
  auto* log = app.add_subcommand("log", "The transparency log: verify, prove, export");
  log->require_subcommand(1);
  auto common = [](CLI::App* cmd) {
    cmd->add_option("--url", flags.url,
                    "Server URL (default: $BOURSE_URL or http://127.0.0.1:8080)");
    cmd->add_option("--dir", flags.dir, "Verify an exported folder instead of a server");
    cmd->add_option("--vkey", flags.vkey,
                    "The log's verifier key (default: trust the published one on first use)");
    cmd->add_flag("--json", flags.json, "Print JSON");
  };
  auto* v = log->add_subcommand(
      "verify", "Check the checkpoint's signature and that the log only grew since the last run");
  common(v);
  v->add_option("--state", flags.state,
                "Where the last verified checkpoint is kept (default: ~/.local/state/bourse/)");
  v->add_flag("--full", flags.full,
              "Also rebuild the whole tree from the entries and compare every tile");
  v->callback([&exit_code] { exit_code = Verify(flags); });
  auto* p = log->add_subcommand("prove", "Prove that one entry is in the log");
  common(p);
  p->add_option("index", index, "Entry index")->required();
  p->callback([&exit_code] { exit_code = Prove(flags, index); });
  auto* e =
      log->add_subcommand("export", "Write the checkpoint, tiles and entries as static files");
  e->add_option("--url", flags.url, "Server URL (default: $BOURSE_URL or http://127.0.0.1:8080)");
  e->add_option("dir", dir, "Target folder")->required();
  e->callback([&exit_code] { exit_code = Export(flags, dir); });
}

}  // namespace bourse::cli
