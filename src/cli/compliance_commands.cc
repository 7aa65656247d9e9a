// evidence: an exporter files cross-border evidence with its document; the operator reviews it;
// anyone entitled lists, shows and fetches it. exporter: the exporter's verified facts, which
// the operator decides.
#include <fmt/format.h>

#include <boost/json.hpp>
#include <cstdio>
#include <memory>

#include "api/wire.h"
#include "base/encoding.h"
#include "base/errors.h"
#include "base/strings.h"
#include "cli/commands.h"
#include "crypto/sha256.h"

namespace bourse::cli {
namespace json = boost::json;

namespace {

void PrintEvidence(const json::object& e) {
  fmt::print("{}  {:<24} {:<8}  {}\n", FieldText(e, "id"), FieldText(e, "kind"),
             FieldText(e, "status"), FieldText(e, "reference"));
  fmt::print("  exporter     {}\n", FieldText(e, "exporter_id"));
  fmt::print("  authority    {}\n", FieldText(e, "authority"));
  if (auto it = e.find("scope"); it != e.end() && it->value().is_object()) {
    const auto& s = it->value().as_object();
    fmt::print("  scope        to {}; sectors {}\n", FieldText(s, "destinations"),
               FieldText(s, "sectors"));
  }
  fmt::print("  valid        {} to {}\n", FieldText(e, "valid_from"), FieldText(e, "valid_until"));
  if (auto it = e.find("document"); it != e.end() && it->value().is_object()) {
    const auto& d = it->value().as_object();
    fmt::print("  document     {} ({} bytes, sha256 {})\n", FieldText(d, "file_name"),
               FieldText(d, "bytes"), FieldText(d, "sha256"));
  }
  if (!FieldText(e, "decided_at").empty())
    fmt::print("  decided      {} by {}: {}\n", FieldText(e, "decided_at"),
               FieldText(e, "decided_by"), FieldText(e, "decision_reason"));
}

int Print(const ClientFlags& cf, const StatusOr<json::value>& r) {
  if (!r.ok()) return ReportError(r.status());
  if (cf.json || !r->is_object()) {
    fmt::print("{}\n", json::serialize(*r));
    return 0;
  }
  const auto& o = r->as_object();
  if (auto it = o.find("items"); it != o.end() && it->value().is_array()) {
    for (const auto& item : it->value().as_array())
      if (item.is_object()) {
        const auto& e = item.as_object();
        fmt::print("{}  {:<24} {:<8} {:<24} until {}\n", FieldText(e, "id"), FieldText(e, "kind"),
                   FieldText(e, "status"), FieldText(e, "exporter_id"),
                   FieldText(e, "valid_until"));
      }
  } else if (o.contains("kind")) {
    PrintEvidence(o);
  } else {
    for (const auto& [key, value] : o)
      fmt::print("  {:<24} {}\n", std::string_view(key), FieldText(o, key));
  }
  return 0;
}

int Run(const ClientFlags& cf, const std::string& method, const std::string& target,
        const std::string& body = "") {
  auto c = Connect(cf);
  if (!c.ok()) return ReportError(c.status());
  return Print(cf, CallJson(**c, method, target, body));
}

// Writes the evidence's document to `path` ("-": standard output) and checks its digest.
Status FetchDocument(const ClientFlags& cf, const std::string& id, const std::string& path) {
  auto c = Connect(cf);
  if (!c.ok()) return c.status();
  auto reply = (*c)->Raw("GET", "/v1/evidence/" + id + "/document", "");
  if (!reply.ok()) return reply.status();
  if (reply->status >= 400) return api::StatusFromProblem(reply->status, reply->body);
  const std::string sha = crypto::Sha256Hex(reply->body);
  if (reply->header("etag") != "\"" + sha + "\"")
    return errors::Make(StatusCode::kDataLoss, errors::kInvalidField,
                        StrCat("the document's SHA-256 is ", sha, ", not ", reply->header("etag")),
                        "document");
  if (path == "-") {
    fwrite(reply->body.data(), 1, reply->body.size(), stdout);
    return OkStatus();
  }
  std::unique_ptr<FILE, int (*)(FILE*)> out(fopen(path.c_str(), "wb"), fclose);
  if (!out || fwrite(reply->body.data(), 1, reply->body.size(), out.get()) != reply->body.size())
    return errors::InvalidField("output", StrCat("cannot write ", path));
  fmt::print("{}  {} bytes  sha256 {}\n", path, reply->body.size(), sha);
  return OkStatus();
}

}  // namespace

void RegisterComplianceCommands(CLI::App& app, int& exit_code) {
  static ClientFlags cf;
  static std::string id, kind, reference, authority, from, until, document, output, status,
      exporter, reason, ftz;
  static std::vector<std::string> destinations, sectors;
  static bool approve = false, reject = false, ciio = false, negative = false,
              trade_context = false, abroad = false, necessary = false, hr = false,
              emergency = false;

  auto* ev = app.add_subcommand("evidence", "Cross-border evidence: file, review, list, fetch");
  auto* file = ev->add_subcommand(
      "file", "File evidence for the operator's review (the exporter: a seller or data merchant)");
  file->add_option("kind", kind,
                   "security_assessment, standard_contract_filing, certification, consent, pipia")
      ->required();
  file->add_option("--reference", reference, "The approval, filing or certificate number")
      ->required();
  file->add_option("--authority", authority, "Who issued it")->required();
  file->add_option("--to", destinations, "A destination it covers (ISO 3166: SG, DE, CN-HK)")
      ->required();
  file->add_option("--sector", sectors, "A data sector it covers (energy, finance …)")->required();
  file->add_option("--from", from, "Valid from (RFC 3339)")->required();
  file->add_option("--until", until, "Valid until, exclusive (RFC 3339)")->required();
  file->add_option("--document", document, "The document's file ('-': standard input)")->required();
  AddClientFlags(file, cf);
  file->callback([&] {
    auto bytes = ReadInput(document);
    if (!bytes.ok()) {
      exit_code = ReportError(bytes.status());
      return;
    }
    json::array to, in;
    for (const auto& d : destinations) to.emplace_back(d);
    for (const auto& s : sectors) in.emplace_back(s);
    const std::string name =
        document == "-" ? "document" : document.substr(document.find_last_of('/') + 1);
    json::object body{
        {"kind", kind},
        {"reference", reference},
        {"authority", authority},
        {"scope", json::object{{"destinations", std::move(to)}, {"sectors", std::move(in)}}},
        {"valid_from", from},
        {"valid_until", until},
        {"document", json::object{{"file_name", name}, {"content_base64", Base64Encode(*bytes)}}}};
    exit_code = Run(cf, "POST", "/v1/evidence", json::serialize(body));
  });

  auto* list = ev->add_subcommand(
      "list", "Your evidence; the operator's and the regulator's list holds everyone's");
  list->add_option("--status", status, "filed (the review queue), approved or rejected");
  list->add_option("--exporter", exporter, "Only this exporter's");
  AddClientFlags(list, cf);
  list->callback([&] {
    std::string target = "/v1/evidence?limit=200";
    if (!status.empty()) target += "&status=" + status;
    if (!exporter.empty()) target += "&exporter_id=" + exporter;
    exit_code = Run(cf, "GET", target);
  });

  auto* show = ev->add_subcommand("show", "One piece of evidence");
  show->add_option("evidence", id)->required();
  AddClientFlags(show, cf);
  show->callback([&] { exit_code = Run(cf, "GET", "/v1/evidence/" + id); });

  auto* fetch = ev->add_subcommand("document", "Fetch the evidence's document, digest checked");
  fetch->add_option("evidence", id)->required();
  fetch->add_option("-o,--output", output, "File to write ('-': standard output)")
      ->default_val("-");
  AddClientFlags(fetch, cf);
  fetch->callback([&] {
    Status st = FetchDocument(cf, id, output);
    exit_code = st.ok() ? 0 : ReportError(st);
  });

  auto* decide = ev->add_subcommand("decide", "The operator approves or rejects evidence");
  decide->add_option("evidence", id)->required();
  auto* yes = decide->add_flag("--approve", approve);
  decide->add_flag("--reject", reject)->excludes(yes);
  decide->add_option("--reason", reason)->required();
  AddClientFlags(decide, cf);
  decide->callback([&] {
    if (approve == reject) {
      exit_code = ReportError(errors::MissingField("--approve or --reject"));
      return;
    }
    json::object body{{"action", approve ? "approve" : "reject"}, {"reason", reason}};
    exit_code = Run(cf, "POST", "/v1/evidence/" + id + "/decisions", json::serialize(body));
  });

  auto* ex = app.add_subcommand("exporter", "An exporter's cross-border facts");
  auto* profile = ex->add_subcommand("show", "The facts as the operator verified them");
  profile->add_option("organization", id)->required();
  AddClientFlags(profile, cf);
  profile->callback(
      [&] { exit_code = Run(cf, "GET", "/v1/organizations/" + id + "/exporter-profile"); });

  auto* set = ex->add_subcommand(
      "set", "The operator decides the facts (flags not given are false), with a reason");
  set->add_option("organization", id)->required();
  set->add_option("--ftz", ftz, "The free trade zone it is registered in (shanghai-lingang …)");
  set->add_flag("--negative-list", negative, "Its data is on the zone's negative list");
  set->add_flag("--ciio", ciio, "A critical information infrastructure operator");
  set->add_flag("--trade-context", trade_context, "Art. 3: data arising in international trade");
  set->add_flag("--collected-abroad", abroad, "Art. 4: re-exports PI collected abroad");
  set->add_flag("--necessary-for-contract", necessary, "Art. 5: contracts with individuals");
  set->add_flag("--employee-hr", hr, "Art. 5: cross-border human resources");
  set->add_flag("--emergency", emergency, "Art. 5: life, health or property");
  set->add_option("--reason", reason)->required();
  AddClientFlags(set, cf);
  set->callback([&] {
    json::object body{{"in_ftz", !ftz.empty()},
                      {"ftz", ftz},
                      {"on_ftz_negative_list", negative},
                      {"ciio", ciio},
                      {"trade_context", trade_context},
                      {"collected_abroad", abroad},
                      {"necessary_for_contract", necessary},
                      {"employee_hr", hr},
                      {"emergency", emergency},
                      {"reason", reason}};
    exit_code =
        Run(cf, "PUT", "/v1/organizations/" + id + "/exporter-profile", json::serialize(body));
  });
}

}  // namespace bourse::cli
