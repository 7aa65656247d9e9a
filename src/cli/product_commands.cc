// scan (offline), product and registration: data-product commands.
#include <fmt/format.h>
#include <sys/stat.h>

#include <boost/json.hpp>
#include <fstream>
#include <iostream>

#include "absl/time/clock.h"
#include "api/wire.h"
#include "base/errors.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "cli/commands.h"
#include "cli/progress.h"
#include "scan/dataset_scanner.h"
#include "scan/report_json.h"

namespace bourse::cli {
namespace json = boost::json;

namespace {

std::string Str(const json::value& v) {
  if (v.is_string()) return std::string(v.as_string());
  if (v.is_null()) return "-";
  return json::serialize(v);
}

// The scan report (as JSON, the one format) in readable text.
void PrintReport(const json::object& r, const std::string& indent = "") {
  fmt::print("{}format {}  {} bytes", indent, Str(r.at("format")), Str(r.at("bytes")));
  if (r.contains("encoding")) fmt::print("  {}", Str(r.at("encoding")));
  if (!r.at("profiled").as_bool()) {
    fmt::print("  (not read: {}; listing it needs an assessor's attestation)\n",
               r.contains("unreadable") ? Str(r.at("unreadable")) : "unknown content");
    return;
  }
  fmt::print("  {} rows\n", Str(r.at("rows")));
  if (auto it = r.find("parts"); it != r.end() && it->value().is_array()) {
    for (const auto& part : it->value().as_array()) {
      const auto& p = part.as_object();
      fmt::print("{}  part {}: ", indent, Str(p.at("name")));
      PrintReport(p, indent + "    ");
    }
    if (r.contains("unreadable"))
      fmt::print("{}not read: {}; listing it needs an assessor's attestation\n", indent,
                 Str(r.at("unreadable")));
    fmt::print("\n{}all parts:\n", indent);
  }
  fmt::print("\n");
  fmt::print("{:<28} {:<9} {:>8} {:>7}  {}\n", "column", "type", "complete", "conform",
             "detections");
  for (const auto& cv : r.at("columns").as_array()) {
    const auto& c = cv.as_object();
    std::vector<std::string> found;
    for (const auto& dv : c.at("detections").as_array()) {
      const auto& d = dv.as_object();
      std::string item = fmt::format("{} {} ({:.1f}%)", Str(d.at("kind")), d.at("count").as_int64(),
                                     d.at("share").to_number<double>() * 100);
      if (d.contains("minors") && d.at("minors").as_int64() > 0)
        item += fmt::format(", {} minors", d.at("minors").as_int64());
      found.push_back(item);
    }
    for (const auto& s : c.at("sensitive_categories").as_array())
      found.push_back("sensitive: " + std::string(s.as_string()));
    fmt::print("{:<28} {:<9} {:>7.1f}% {:>6.1f}%  {}\n", Str(c.at("name")).substr(0, 28),
               Str(c.at("type")), c.at("completeness").to_number<double>() * 100,
               c.at("conformance").to_number<double>() * 100,
               found.empty() ? "-" : StrJoin(found, "; "));
    const auto& sample = c.at("masked_sample").as_array();
    if (!sample.empty()) {
      std::vector<std::string> values;
      for (const auto& v : sample) values.push_back(Str(v));
      fmt::print("{:<28} e.g. {}\n", "", StrJoin(values, ", "));
    }
  }
  fmt::print("\npersonal information   {}{}\n",
             r.at("personal_information").as_bool() ? "yes" : "no",
             r.at("sensitive_personal_information").as_bool() ? " (sensitive)" : "");
  if (r.at("individuals").as_int64() > 0)
    fmt::print("individuals (est.)     {}\n", r.at("individuals").as_int64());
  if (r.at("minors").as_int64() > 0)
    fmt::print("minors under 14        {}\n", r.at("minors").as_int64());
  fmt::print("suggested class        {}\n", Str(r.at("suggested_classification")));
  for (const auto& reason : r.at("classification_reasons").as_array())
    fmt::print("                       because {}\n", Str(reason));
  if (r.contains("quality")) {
    const auto& q = r.at("quality").as_object();
    auto pct = [&](const char* k) {
      return q.at(k).is_null() ? std::string("n/a")
                               : fmt::format("{:.1f}%", q.at(k).to_number<double>() * 100);
    };
    fmt::print(
        "quality score          {}/100  (completeness {}, conformance {}, uniqueness {}, "
        "consistency {}, timeliness {})\n",
        q.at("score").as_int64(), pct("completeness"), pct("conformance"), pct("uniqueness"),
        pct("consistency"), pct("timeliness"));
  }
}

int Scan(const std::string& path, const std::string& frequency, int threads, bool as_json) {
  auto detector = scan::Detector::Create();
  if (!detector.ok()) return ReportError(detector.status());
  scan::ScanOptions options;
  options.as_of = absl::ToCivilDay(absl::Now(), absl::FixedTimeZone(8 * 3600));
  options.threads = threads;
  if (!frequency.empty()) {
    auto f = domain::Parse<domain::UpdateFrequency>(frequency);
    if (!f)
      return ReportError(errors::InvalidField(
          "--update-frequency",
          StrCat("must be one of: ", domain::NamesOf<domain::UpdateFrequency>())));
    options.update_frequency = f;
  }
  ProgressBar bar("scan");
  options.progress = [&](int64_t done, int64_t total) { bar.Update(done, total); };
  auto report = scan::ScanFile(path, **detector, options);
  bar.Finish();
  if (!report.ok()) return ReportError(report.status());
  json::value v = scan::ReportToJson(*report);
  if (as_json) {
    fmt::print("{}\n", json::serialize(v));
  } else {
    PrintReport(v.as_object());
  }
  return 0;
}

void PrintProduct(const json::object& p) {
  const auto& d = p.at("description").as_object();
  fmt::print("{}  {}\n", Str(p.at("id")), Str(d.at("title")));
  fmt::print("  status       {}{}\n", Str(p.at("status")),
             p.contains("status_reason") && !p.at("status_reason").as_string().empty()
                 ? "  (" + Str(p.at("status_reason")) + ")"
                 : "");
  fmt::print("  revision     {} (listed: {})\n", Str(p.at("revision")),
             Str(p.at("listed_revision")));
  fmt::print("  seller       {}\n", Str(p.at("seller_id")));
  fmt::print("  form         {} / {} / {}\n", Str(d.at("category")), Str(d.at("form")),
             Str(d.at("sector")));
  const auto& price = d.at("price").as_object();
  fmt::print("  price        {} {:.2f} ({})\n", Str(price.at("currency")),
             price.at("amount").to_number<double>() / 100, Str(price.at("model")));
  fmt::print("  class        {}\n", Str(d.at("classification")));
  fmt::print("  quality      {}\n", Str(p.at("quality_score")));
  fmt::print("  completeness {:.0f}%", p.at("description_completeness").to_number<double>() * 100);
  const auto& missing = p.at("missing_fields").as_array();
  if (!missing.empty()) {
    std::vector<std::string> names;
    for (const auto& m : missing) names.push_back(Str(m));
    fmt::print("  missing: {}", StrJoin(names, ", "));
  }
  fmt::print("\n");
  if (p.at("dataset").is_object()) {
    const auto& ds = p.at("dataset").as_object();
    fmt::print("  dataset      {} {} ({} bytes, sha256 {})\n", Str(ds.at("id")),
               Str(ds.at("file_name")), Str(ds.at("bytes")), Str(ds.at("sha256")).substr(0, 16));
  }
  if (p.contains("history")) {
    for (const auto& ev : p.at("history").as_array()) {
      const auto& e = ev.as_object();
      fmt::print("  {}  {:<22} {} -> {}{}\n", Str(e.at("at")), Str(e.at("action")),
                 Str(e.at("from")), Str(e.at("to")),
                 e.at("reason").as_string().empty() ? "" : "  " + Str(e.at("reason")));
    }
  }
}

struct UploadFlags {
  std::string product, file, resume, sha256;
  int chunk_kib = 1024;
};

// Uploads a file in chunks, resuming an earlier upload when asked, with a progress bar.
int Upload(const ClientFlags& cf, const UploadFlags& f) {
  auto c = Connect(cf);
  if (!c.ok()) return ReportError(c.status());
  std::ifstream in(f.file, std::ios::binary);
  struct stat st {};
  if (!in || ::stat(f.file.c_str(), &st) != 0)
    return ReportError(errors::NotFound(StrCat("cannot read ", f.file)));
  const int64_t size = st.st_size;
  std::string name = f.file.substr(f.file.find_last_of('/') + 1);
  std::string id = f.resume;
  int64_t offset = 0;
  if (id.empty()) {
    json::object body{{"file_name", name}, {"size", size}};
    if (!f.sha256.empty()) body["sha256"] = f.sha256;
    auto started =
        CallJson(**c, "POST", "/v1/products/" + f.product + "/uploads", json::serialize(body));
    if (!started.ok()) return ReportError(started.status());
    id = Str(started->as_object().at("id"));
  } else {
    auto status = CallJson(**c, "GET", "/v1/uploads/" + id);
    if (!status.ok()) return ReportError(status.status());
    offset = status->as_object().at("offset").as_int64();
  }
  fmt::print(stderr, "upload {} ({} bytes){}\n", id, size,
             offset ? fmt::format(", resuming at {}", offset) : "");
  ProgressBar bar("upload");
  std::string chunk(static_cast<size_t>(f.chunk_kib) << 10, '\0');
  in.seekg(offset);
  while (offset < size) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    const std::streamsize n = in.gcount();
    if (n <= 0) break;
    auto r = CallJson(**c, "PATCH", "/v1/uploads/" + id, chunk.substr(0, static_cast<size_t>(n)),
                      {{"Content-Type", "application/offset+octet-stream"},
                       {"Upload-Offset", std::to_string(offset)}});
    if (!r.ok()) {
      bar.Finish();
      fmt::print(stderr, "resume with: bourse product upload {} {} --resume {}\n", f.product,
                 f.file, id);
      return ReportError(r.status());
    }
    offset += n;
    bar.Update(offset, size);
  }
  bar.Finish();
  fmt::print(stderr, "scanning on the server...\n");
  auto done = CallJson(**c, "POST", "/v1/uploads/" + id + "/complete", "{}");
  if (!done.ok()) return ReportError(done.status());
  if (cf.json) {
    fmt::print("{}\n", json::serialize(*done));
  } else {
    const auto& d = done->as_object();
    fmt::print("dataset {}  sha256 {}\n\n", Str(d.at("id")), Str(d.at("sha256")));
    if (d.at("report").is_object()) PrintReport(d.at("report").as_object());
  }
  return 0;
}

// Runs a request and prints the product (or the JSON).
int ProductCall(const ClientFlags& cf, const std::string& method, const std::string& target,
                const std::string& body) {
  auto c = Connect(cf);
  if (!c.ok()) return ReportError(c.status());
  auto r = CallJson(**c, method, target, body);
  if (!r.ok()) return ReportError(r.status());
  if (cf.json || !r->is_object() || !r->as_object().contains("description")) {
    fmt::print("{}\n", json::serialize(*r));
  } else {
    PrintProduct(r->as_object());
  }
  return 0;
}

}  // namespace

void RegisterProductCommands(CLI::App& app, int& exit_code) {
  // bourse scan FILE
  static std::string scan_file, scan_frequency;
  static int scan_threads = 2;
  static bool scan_json = false;
  auto* s = app.add_subcommand(
      "scan",
      "Scan a dataset file offline: personal information per column, sensitive "
      "categories, suggested classification and quality, as the exchange will on upload");
  s->add_option("file", scan_file,
                "CSV, TSV, JSON Lines, a JSON array, .xlsx, gzip or zip (nested two deep); UTF-8, "
                "UTF-16 or GB18030. The content decides, not the name")
      ->required();
  s->add_option("--update-frequency", scan_frequency, "Declared update frequency (for timeliness)");
  s->add_option("--threads", scan_threads, "Scanning threads")->check(CLI::Range(1, 64));
  s->add_flag("--json", scan_json, "Print the report as JSON");
  s->callback([&] { exit_code = Scan(scan_file, scan_frequency, scan_threads, scan_json); });

  auto* product = app.add_subcommand("product", "Data products: describe, upload, list, search");
  product->require_subcommand(1);
  static ClientFlags cf;
  static std::string id, file, action, reason, assessor, query, sector, status;
  static bool mine = false;
  static int limit = 20;

  auto* create = product->add_subcommand("create", "Register a product from a description (JSON)");
  create->add_option("--file", file, "Product description JSON (- for stdin)")->required();
  AddClientFlags(create, cf);
  create->callback([&] {
    auto body = ReadInput(file);
    exit_code =
        body.ok() ? ProductCall(cf, "POST", "/v1/products", *body) : ReportError(body.status());
  });

  auto* revise = product->add_subcommand("revise", "Make a new revision from a description (JSON)");
  revise->add_option("id", id)->required();
  revise->add_option("--file", file, "Product description JSON (- for stdin)")->required();
  AddClientFlags(revise, cf);
  revise->callback([&] {
    auto body = ReadInput(file);
    exit_code = body.ok() ? ProductCall(cf, "POST", "/v1/products/" + id + "/revisions", *body)
                          : ReportError(body.status());
  });

  auto* show = product->add_subcommand("show", "Show a product and its history");
  show->add_option("id", id)->required();
  AddClientFlags(show, cf);
  show->callback([&] { exit_code = ProductCall(cf, "GET", "/v1/products/" + id, ""); });

  auto* act = product->add_subcommand(
      "act",
      "Move a product: submit, commission_assessment, request_listing, approve_listing, "
      "escalate, reject_listing, suspend, reinstate, delist, withdraw, relist");
  act->add_option("id", id)->required();
  act->add_option("action", action)->required();
  act->add_option("--reason", reason);
  act->add_option("--assessor", assessor, "Assessor organisation (commission_assessment)");
  AddClientFlags(act, cf);
  act->callback([&] {
    json::object body{{"action", action}};
    if (!reason.empty()) body["reason"] = reason;
    if (!assessor.empty()) body["assessor_id"] = assessor;
    exit_code = ProductCall(cf, "POST", "/v1/products/" + id + "/actions", json::serialize(body));
  });

  auto* assess = product->add_subcommand("assess", "Record a compliance assessment (JSON)");
  assess->add_option("id", id)->required();
  assess->add_option("--file", file, "Assessment JSON (- for stdin)")->required();
  AddClientFlags(assess, cf);
  assess->callback([&] {
    auto body = ReadInput(file);
    exit_code = body.ok() ? ProductCall(cf, "POST", "/v1/products/" + id + "/assessments", *body)
                          : ReportError(body.status());
  });

  static UploadFlags uf;
  auto* upload = product->add_subcommand("upload", "Upload a dataset for the draft revision");
  upload->add_option("id", uf.product)->required();
  upload->add_option("file", uf.file)->required();
  upload->add_option("--resume", uf.resume, "Continue an interrupted upload");
  upload->add_option("--sha256", uf.sha256, "Expected SHA-256 (hex) checked by the server");
  upload->add_option("--chunk-kib", uf.chunk_kib, "Chunk size")->check(CLI::Range(1, 1024));
  AddClientFlags(upload, cf);
  upload->callback([&] { exit_code = Upload(cf, uf); });

  auto* report = product->add_subcommand("report", "Show the scan report of a product's dataset");
  report->add_option("id", id)->required();
  AddClientFlags(report, cf);
  report->callback([&] {
    auto c = Connect(cf);
    if (!c.ok()) {
      exit_code = ReportError(c.status());
      return;
    }
    auto p = CallJson(**c, "GET", "/v1/products/" + id);
    if (!p.ok()) {
      exit_code = ReportError(p.status());
      return;
    }
    const auto& ds = p->as_object().at("dataset");
    if (!ds.is_object()) {
      exit_code = ReportError(errors::NotFound("dataset (upload one first)"));
      return;
    }
    auto d = CallJson(**c, "GET",
                      StrCat("/v1/products/", id, "/datasets/", Str(ds.as_object().at("id"))));
    if (!d.ok()) {
      exit_code = ReportError(d.status());
      return;
    }
    if (cf.json)
      fmt::print("{}\n", json::serialize(d->as_object().at("report")));
    else
      PrintReport(d->as_object().at("report").as_object());
  });

  auto* search = product->add_subcommand("search", "Search the catalogue (or --mine: your own)");
  search->add_option("query", query, "Words to find");
  search->add_option("--sector", sector);
  search->add_option("--status", status, "With --mine");
  search->add_option("--limit", limit)->check(CLI::Range(1, 100));
  search->add_flag("--mine", mine, "Your own products in every status");
  AddClientFlags(search, cf);
  search->callback([&] {
    auto c = Connect(cf);
    if (!c.ok()) {
      exit_code = ReportError(c.status());
      return;
    }
    std::string target = StrCat("/v1/products?limit=", limit);
    auto add = [&](const char* key, const std::string& v) {
      if (v.empty()) return;
      std::string enc;
      for (unsigned char ch : v) {
        if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '*')
          enc.push_back(static_cast<char>(ch));
        else
          enc += fmt::format("%{:02X}", ch);
      }
      target += StrCat("&", key, "=", enc);
    };
    add("q", query);
    add("sector", sector);
    add("status", status);
    if (mine) target += "&mine=true";
    auto r = CallJson(**c, "GET", target);
    if (!r.ok()) {
      exit_code = ReportError(r.status());
      return;
    }
    if (cf.json) {
      fmt::print("{}\n", json::serialize(*r));
      return;
    }
    const auto& o = r->as_object();
    for (const auto& pv : o.at("items").as_array()) {
      const auto& p = pv.as_object();
      const auto& d = p.at("description").as_object();
      fmt::print("{}  {:<13} q={:<4} {}\n", Str(p.at("id")), Str(p.at("status")),
                 Str(p.at("quality_score")), Str(d.at("title")));
    }
    if (o.contains("total"))
      fmt::print("{}{} match(es)\n", o.at("total").as_int64(),
                 o.at("total_exact").as_bool() ? "" : "+");
  });

  auto* reg = app.add_subcommand("registration", "Data rights registrations");
  reg->require_subcommand(1);
  auto* submit = reg->add_subcommand("submit", "Claim rights on a product (JSON)");
  submit->add_option("--file", file, "Registration JSON (- for stdin)")->required();
  AddClientFlags(submit, cf);
  submit->callback([&] {
    auto body = ReadInput(file);
    exit_code = body.ok() ? ProductCall(cf, "POST", "/v1/registrations", *body)
                          : ReportError(body.status());
  });
  auto* rshow = reg->add_subcommand("show", "Show a registration and its certificate");
  rshow->add_option("id", id)->required();
  AddClientFlags(rshow, cf);
  rshow->callback([&] { exit_code = ProductCall(cf, "GET", "/v1/registrations/" + id, ""); });
  auto* ract = reg->add_subcommand("act",
                                   "pass_formal_check, fail_formal_check, refuse, "
                                   "publish_notice, object, dismiss_objection, cancel, ...");
  ract->add_option("id", id)->required();
  ract->add_option("action", action)->required();
  ract->add_option("--reason", reason);
  AddClientFlags(ract, cf);
  ract->callback([&] {
    json::object body{{"action", action}};
    if (!reason.empty()) body["reason"] = reason;
    exit_code =
        ProductCall(cf, "POST", "/v1/registrations/" + id + "/actions", json::serialize(body));
  });
}

}  // namespace bourse::cli
