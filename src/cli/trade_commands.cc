// trade: buy, negotiate, list and show contracts, download the contracted data (streamed, resumed,
// checked against the contract's SHA-256), and act on a trade or a contract.
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdio>
#include <memory>

#include "api/wire.h"
#include "base/errors.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "cli/commands.h"
#include "cli/progress.h"
#include "crypto/sha256.h"
#include "domain/enums.h"

namespace bourse::cli {
namespace json = boost::json;

namespace {

std::string Money(const json::value& v) {
  if (!v.is_object()) return "";
  const auto& m = v.as_object();
  return StrCat(FieldText(m, "amount"), " ", FieldText(m, "currency"));
}

void PrintContract(const json::object& c) {
  fmt::print("{}  {} / {}\n", FieldText(c, "id"), FieldText(c, "status"),
             FieldText(c, "trade_status"));
  fmt::print("  product      {} (revision {})\n", FieldText(c, "product_id"),
             FieldText(c, "revision"));
  fmt::print(
      "  buyer        {}{}\n", FieldText(c, "buyer_id"),
      FieldText(c, "buyer_agent_id").empty() ? "" : " via " + FieldText(c, "buyer_agent_id"));
  fmt::print("  seller       {}{}\n", FieldText(c, "seller_id"),
             FieldText(c, "agent_id").empty() ? "" : " via " + FieldText(c, "agent_id"));
  if (c.contains("total")) fmt::print("  total        {}\n", Money(c.at("total")));
  if (c.contains("fee")) fmt::print("  fee          {}\n", Money(c.at("fee")));
  fmt::print("  term         {} to {}{}\n", FieldText(c, "signed_at"), FieldText(c, "ends_at"),
             c.contains("renews") && c.at("renews").is_bool() && c.at("renews").as_bool()
                 ? " (renews)"
                 : "");
  fmt::print("  downloads    {} ({} bytes)\n", FieldText(c, "downloads"),
             FieldText(c, "bytes_delivered"));
  fmt::print("  digest       {} (log entry {})\n", FieldText(c, "digest"),
             FieldText(c, "log_index"));
  if (auto it = c.find("certificates"); it != c.end() && it->value().is_array())
    for (const auto& cert : it->value().as_array())
      if (cert.is_object()) fmt::print("  certificate  {}\n", FieldText(cert.as_object(), "id"));
}

// Prints a negotiation, contract or list as the command's result.
int Print(const ClientFlags& cf, const StatusOr<json::value>& r) {
  if (!r.ok()) return ReportError(r.status());
  if (cf.json || !r->is_object()) {
    fmt::print("{}\n", json::serialize(*r));
    return 0;
  }
  const auto& o = r->as_object();
  if (o.contains("trade_status")) {
    PrintContract(o);
  } else if (o.contains("state")) {
    fmt::print("{}  {}  {} -> {}\n", FieldText(o, "id"), FieldText(o, "state"),
               FieldText(o, "buyer_id"), FieldText(o, "seller_id"));
    if (!FieldText(o, "contract_id").empty())
      fmt::print("  contract     {}\n", FieldText(o, "contract_id"));
  } else if (auto it = o.find("items"); it != o.end() && it->value().is_array()) {
    for (const auto& item : it->value().as_array()) {
      if (!item.is_object()) continue;
      const auto& c = item.as_object();
      fmt::print("{}  {:<10} {:<9} {:>16}  {}\n", FieldText(c, "id"), FieldText(c, "status"),
                 FieldText(c, "trade_status"), Money(c.contains("total") ? c.at("total") : nullptr),
                 FieldText(c, "product_id"));
    }
  } else {
    fmt::print("{}\n", json::serialize(*r));
  }
  return 0;
}

int Run(const ClientFlags& cf, const std::string& method, const std::string& target,
        const std::string& body = "") {
  auto c = Connect(cf);
  if (!c.ok()) return ReportError(c.status());
  return Print(cf, CallJson(**c, method, target, body));
}

// Downloads a contract's data into `path`, resuming from what the file already holds, and checks
// the whole file's SHA-256 against the contract's (the ETag).
Status Download(const ClientFlags& cf, const std::string& contract, const std::string& path) {
  BOURSE_ASSIGN_OR_RETURN(auto c, Connect(cf));
  struct stat st {};
  const long long have = stat(path.c_str(), &st) == 0 ? static_cast<long long>(st.st_size) : 0;
  client::Headers headers;
  if (have > 0) headers.emplace_back("Range", StrCat("bytes=", have, "-"));
  std::unique_ptr<FILE, int (*)(FILE*)> out(fopen(path.c_str(), have > 0 ? "ab" : "wb"), fclose);
  if (!out) return errors::InvalidField("output", StrCat("cannot write ", path));
  ProgressBar bar("download");
  long long done = have, total = 0;
  std::string etag;
  auto reply = c->Fetch(
      "/v1/contracts/" + contract + "/data", headers,
      [&](const client::HttpReply& r) {
        etag = r.header("etag");
        const std::string range = r.header("content-range");  // bytes a-b/size
        if (const auto slash = range.rfind('/'); slash != std::string::npos) {
          total = std::atoll(range.c_str() + slash + 1);
        } else {
          total = std::atoll(r.header("content-length").c_str());
          // The server sent the whole file again: start the file over.
          if (have > 0 && ftruncate(fileno(out.get()), 0) == 0) done = 0;
        }
      },
      [&](std::string_view chunk) -> Status {
        if (fwrite(chunk.data(), 1, chunk.size(), out.get()) != chunk.size())
          return errors::Internal(StrCat("cannot write ", path));
        done += static_cast<long long>(chunk.size());
        bar.Update(done, total);
        return OkStatus();
      });
  if (reply.ok() && reply->status == 416 && have > 0) {
    // Nothing left to fetch: the file may already be whole. Its first byte's headers name the
    // contract file's size and digest, which the file must match.
    auto head = c->Fetch(
        "/v1/contracts/" + contract + "/data", {{"Range", "bytes=0-0"}},
        [&](const client::HttpReply& r) {
          etag = r.header("etag");
          const std::string range = r.header("content-range");
          if (const auto slash = range.rfind('/'); slash != std::string::npos)
            total = std::atoll(range.c_str() + slash + 1);
        },
        [](std::string_view) { return OkStatus(); });
    if (!head.ok()) return head.status();
    if (head->status >= 400) return api::StatusFromProblem(head->status, head->body);
    if (total != have)
      return errors::InvalidField(
          "output", StrCat(path, " holds ", have, " bytes, more than the contract's file (", total,
                           "); remove it and download again"));
  } else if (!reply.ok()) {
    return reply.status();
  } else if (reply->status >= 400) {
    return api::StatusFromProblem(reply->status, reply->body);
  }
  if (fflush(out.get()) != 0) return errors::Internal(StrCat("cannot write ", path));
  out.reset();
  bar.Finish();
  // Check the whole file, resumed parts included.
  std::unique_ptr<FILE, int (*)(FILE*)> in(fopen(path.c_str(), "rb"), fclose);
  if (!in) return errors::Internal(StrCat("cannot read ", path));
  crypto::Sha256Hasher hasher;
  std::string buf(1 << 16, '\0');
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), in.get())) > 0)
    hasher.Update(std::string_view(buf.data(), n));
  const std::string sha = hasher.FinishHex();
  if (!etag.empty() && etag != "\"" + sha + "\"") {
    return errors::Make(StatusCode::kDataLoss, errors::kInvalidField,
                        StrCat(path, " has SHA-256 ", sha, " but the contract's file has ", etag,
                               "; remove it and download again"),
                        "output");
  }
  if (cf.json) {
    fmt::print(
        "{}\n",
        json::serialize(json::object{
            {"contract_id", contract}, {"file", path}, {"resumed_from", have}, {"sha256", sha}}));
  } else {
    fmt::print("{}  {} bytes{}  sha256 {}\n", path, done,
               have > 0 ? StrCat(" (resumed at ", have, ")") : "", sha);
  }
  return OkStatus();
}

}  // namespace

void RegisterTradeCommands(CLI::App& app, int& exit_code) {
  static ClientFlags cf;
  static std::string id, action, reason, purpose, scenario, region, manner, for_buyer, output,
      message;
  static int days = 365;
  static bool instant = false;
  auto* trade = app.add_subcommand("trade", "Buy data products: negotiate, contract, download");

  auto* buy = trade->add_subcommand(
      "buy", "Declare and ask for a product at its list price (--instant signs and pays at once)");
  buy->add_option("product", id)->required();
  buy->add_option("--purpose", purpose, "What the data is for")->required();
  buy->add_option("--scenario", scenario, "One of the product's permitted scenarios")->required();
  buy->add_option("--region", region, "Where the data is used: CN, CN-44, SG …")->required();
  buy->add_option("--manner", manner, "Manner of use")->default_val("internal use");
  buy->add_option("--days", days, "How long the rights last")->default_val(365);
  buy->add_flag("--instant", instant, "Buy at the list price now: contract signed and paid");
  buy->add_option("--for", for_buyer, "The buyer, when buying under its mandate");
  AddClientFlags(buy, cf);
  buy->callback([&] {
    json::object body{{"product_id", id},
                      {"instant", instant},
                      {"declaration", json::object{{"purpose", purpose},
                                                   {"scenario", scenario},
                                                   {"manner_of_use", manner},
                                                   {"region", region},
                                                   {"duration_days", days}}}};
    if (!for_buyer.empty()) body["buyer_id"] = for_buyer;
    exit_code = Run(cf, "POST", "/v1/negotiations", json::serialize(body));
  });

  auto* step = trade->add_subcommand(
      "step", "A negotiation step at the terms on the table: agree, verify, finalize, terminate");
  step->add_option("negotiation", id)->required();
  step->add_option("action", action)->required();
  step->add_option("--message", message);
  AddClientFlags(step, cf);
  step->callback([&] {
    json::object body{{"action", action}};
    if (!message.empty()) body["message"] = message;
    exit_code = Run(cf, "POST", "/v1/negotiations/" + id + "/actions", json::serialize(body));
  });

  auto* list = trade->add_subcommand("contracts", "Your contracts, oldest first");
  AddClientFlags(list, cf);
  list->callback([&] { exit_code = Run(cf, "GET", "/v1/contracts?limit=200"); });

  auto* show = trade->add_subcommand("show", "A contract: terms, status, certificates");
  show->add_option("contract", id)->required();
  AddClientFlags(show, cf);
  show->callback([&] { exit_code = Run(cf, "GET", "/v1/contracts/" + id); });

  auto* get = trade->add_subcommand(
      "download",
      "Download a contract's data with a progress bar; an existing partial file is resumed, "
      "and the whole file is checked against the contract's SHA-256");
  get->add_option("contract", id)->required();
  get->add_option("-o,--output", output, "File to write (default: CONTRACT.data)");
  AddClientFlags(get, cf);
  get->callback([&] {
    Status st = Download(cf, id, output.empty() ? id + ".data" : output);
    exit_code = st.ok() ? 0 : ReportError(st);
  });

  auto* act = trade->add_subcommand(
      "act",
      "Act on a trade (deliver, accept, reject, cancel, resolve_release, resolve_refund) or a "
      "contract (terminate, suspend, reinstate, stop_renewal, resume_renewal)");
  act->add_option("contract", id)->required();
  act->add_option("action", action)->required();
  act->add_option("--reason", reason);
  AddClientFlags(act, cf);
  act->callback([&] {
    // Contract actions go to /status, trade actions to /actions.
    const bool on_contract = domain::Parse<domain::ContractAction>(action).has_value();
    json::object body{{"action", action}};
    if (!reason.empty()) body["reason"] = reason;
    exit_code = Run(cf, "POST", "/v1/contracts/" + id + (on_contract ? "/status" : "/actions"),
                    json::serialize(body));
  });
}

}  // namespace bourse::cli
