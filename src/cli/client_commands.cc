// org, cert and token: client commands that talk to a running server.
#include <fmt/format.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/time/clock.h"
#include "api/wire.h"
#include "base/encoding.h"
#include "base/errors.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "base/time_format.h"
#include "cli/commands.h"
#include "client/bourse_client.h"
#include "client/certificate_verifier.h"
#include "domain/certificate.h"

namespace bourse::cli {
namespace json = boost::json;

void AddClientFlags(CLI::App* cmd, ClientFlags& f) {
  cmd->add_option("--url", f.url, "Server URL (default: $BOURSE_URL or http://127.0.0.1:8080)");
  cmd->add_option("--token", f.token, "Bearer token (default: $BOURSE_TOKEN)");
  cmd->add_flag("--json", f.json, "Print JSON instead of text");
}

StatusOr<std::unique_ptr<client::BourseClient>> Connect(const ClientFlags& f) {
  std::string url = f.url;
  if (url.empty())
    url = std::getenv("BOURSE_URL") ? std::getenv("BOURSE_URL") : "http://127.0.0.1:8080";
  std::string token = f.token;
  if (token.empty() && std::getenv("BOURSE_TOKEN")) token = std::getenv("BOURSE_TOKEN");
  return client::BourseClient::Create(url, token);
}

std::string FieldText(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return "";
  if (it->value().is_string()) return std::string(it->value().as_string());
  return json::serialize(it->value());
}

StatusOr<json::value> CallJson(client::BourseClient& c, const std::string& method,
                               const std::string& target, const std::string& body,
                               client::Headers headers) {
  if (headers.empty() && !body.empty()) headers.emplace_back("Content-Type", "application/json");
  BOURSE_ASSIGN_OR_RETURN(client::HttpReply r, c.Raw(method, target, body, headers));
  if (r.status >= 400) return api::StatusFromProblem(r.status, r.body);
  if (r.body.empty()) return json::value(nullptr);
  boost::system::error_code ec;
  json::value v = json::parse(r.body, ec);
  if (ec) return errors::Internal("the server sent a body that is not JSON");
  return v;
}

StatusOr<std::string> ReadInput(const std::string& path) {
  std::ostringstream ss;
  if (path == "-") {
    ss << std::cin.rdbuf();
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) return InvalidArgumentError(StrCat("cannot read ", path));
    ss << in.rdbuf();
  }
  return ss.str();
}

namespace {

void PrintOrganization(const domain::Organization& o) {
  std::vector<std::string> roles;
  for (auto r : o.profile.roles.values()) roles.emplace_back(domain::Name(r));
  fmt::print("{}  {}\n", o.id.value(), o.profile.name);
  fmt::print("  status      {}{}\n", domain::Name(o.status),
             o.status_reason.empty() ? "" : "  (" + o.status_reason + ")");
  fmt::print("  USCC        {}\n", o.profile.uscc);
  fmt::print("  legal form  {}\n", domain::Name(o.profile.legal_form));
  fmt::print("  roles       {}\n", StrJoin(roles, ", "));
  if (!o.profile.service_types.empty()) {
    std::vector<std::string> types;
    for (auto t : o.profile.service_types.values()) types.emplace_back(domain::Name(t));
    fmt::print("  services    {}\n", StrJoin(types, ", "));
  }
  if (o.profile.sponsor_id) fmt::print("  sponsor     {}\n", o.profile.sponsor_id->value());
  if (o.grade) {
    std::vector<std::string> types;
    for (auto t : o.grade->types.values()) types.emplace_back(domain::Name(t));
    fmt::print("  grade       {} tier, risk level {}, types {}\n", domain::Name(o.grade->tier),
               o.grade->risk_level, StrJoin(types, ", "));
  }
  fmt::print("  contact     {} <{}>{}\n", o.profile.contact.name, o.profile.contact.email,
             o.profile.contact.phone.empty() ? "" : " " + o.profile.contact.phone);
  fmt::print("  applied     {}\n", FormatRfc3339(o.created_at));
}

int PrintJson(const json::value& v) {
  fmt::print("{}\n", json::serialize(v));
  return 0;
}

// ---- org ----

struct ApplyFlags {
  std::string file, name, uscc, legal_form = "enterprise_legal_person", sponsor, contact_name,
                                contact_email, contact_phone, idempotency_key;
  std::vector<std::string> roles, service_types;
  bool ciio = false;
};

int OrgApply(const ClientFlags& cf, const ApplyFlags& f) {
  StatusOr<domain::Application> app = InvalidArgumentError("no application");
  if (!f.file.empty()) {
    auto body = ReadInput(f.file);
    if (!body.ok()) return ReportError(body.status());
    app = api::ParseApplication(*body);
  } else {
    json::object o{{"name", f.name},
                   {"uscc", f.uscc},
                   {"legal_form", f.legal_form},
                   {"ciio", f.ciio},
                   {"contact", json::object{{"name", f.contact_name},
                                            {"email", f.contact_email},
                                            {"phone", f.contact_phone}}}};
    json::array roles, types;
    for (const auto& r : f.roles) roles.emplace_back(r);
    for (const auto& t : f.service_types) types.emplace_back(t);
    o["roles"] = roles;
    if (!types.empty()) o["service_types"] = types;
    if (!f.sponsor.empty()) o["sponsor_id"] = f.sponsor;
    app = api::ParseApplication(json::serialize(o));
  }
  if (!app.ok()) return ReportError(app.status());
  auto c = Connect(cf);
  if (!c.ok()) return ReportError(c.status());
  auto r = (*c)->Apply(*app, f.idempotency_key);
  if (!r.ok()) return ReportError(r.status());
  if (cf.json) {
    json::object o = api::OrganizationJson(r->organization);
    o["token"] = r->token;
    return PrintJson(o);
  }
  PrintOrganization(r->organization);
  fmt::print("Applicant token (shown once): {}\n", r->token);
  return 0;
}

int OrgShow(const ClientFlags& cf, const std::string& id) {
  auto c = Connect(cf);
  if (!c.ok()) return ReportError(c.status());
  auto r = (*c)->GetOrganization(id);
  if (!r.ok()) return ReportError(r.status());
  if (cf.json) {
    json::object o = api::OrganizationJson(r->organization);
    json::array h;
    for (const auto& e : r->history) h.push_back(api::AdmissionEventJson(e));
    o["history"] = h;
    return PrintJson(o);
  }
  PrintOrganization(r->organization);
  fmt::print("  history\n");
  for (const auto& e : r->history) {
    fmt::print("    {}  {:<18} {:>16} → {:<16} {}{}\n", FormatRfc3339(e.at), domain::Name(e.action),
               domain::Name(e.from), domain::Name(e.to),
               e.actor ? "by " + e.actor->value() : "automatic",
               e.reason.empty() ? "" : ": " + e.reason);
  }
  return 0;
}

int OrgList(const ClientFlags& cf, client::ListFilter filter, bool all) {
  auto c = Connect(cf);
  if (!c.ok()) return ReportError(c.status());
  json::array items;
  int shown = 0;
  while (true) {
    auto page = (*c)->ListOrganizations(filter);
    if (!page.ok()) return ReportError(page.status());
    for (const auto& o : page->items) {
      if (cf.json) {
        items.push_back(api::OrganizationJson(o));
      } else {
        std::vector<std::string> roles;
        for (auto r : o.profile.roles.values()) roles.emplace_back(domain::Name(r));
        fmt::print("{}  {:<16}  {:<32}  {}\n", o.id.value(), domain::Name(o.status),
                   StrJoin(roles, ","), o.profile.name);
      }
      ++shown;
    }
    if (!page->next_cursor || !all) {
      if (page->next_cursor && !cf.json)
        fmt::print("… more: --cursor {} (or --all)\n", *page->next_cursor);
      break;
    }
    filter.cursor = *page->next_cursor;
  }
  if (cf.json) return PrintJson(items);
  fmt::print("{} organisation(s)\n", shown);
  return 0;
}

struct DecideFlags {
  std::string reason, tier, changes_file;
  std::vector<std::string> types;
  int risk_level = 0;
};

int OrgDecide(const ClientFlags& cf, const std::string& id, const std::string& action,
              const DecideFlags& f) {
  json::object o{{"action", action}};
  if (!f.reason.empty()) o["reason"] = f.reason;
  if (!f.tier.empty()) o["tier"] = f.tier;
  if (!f.types.empty()) {
    json::array t;
    for (const auto& x : f.types) t.emplace_back(x);
    o["types"] = t;
  }
  if (f.risk_level) o["risk_level"] = f.risk_level;
  if (!f.changes_file.empty()) {
    auto body = ReadInput(f.changes_file);
    if (!body.ok()) return ReportError(body.status());
    boost::system::error_code ec;
    auto v = json::parse(*body, ec);
    if (ec) return ReportError(InvalidArgumentError("the changes file is not JSON"));
    o["changes"] = v;
  }
  auto decision = api::ParseDecision(json::serialize(o));
  if (!decision.ok()) return ReportError(decision.status());
  auto c = Connect(cf);
  if (!c.ok()) return ReportError(c.status());
  auto r = (*c)->Decide(id, *decision);
  if (!r.ok()) return ReportError(r.status());
  if (cf.json) {
    return PrintJson(json::object{
        {"organization", api::OrganizationJson(r->organization)},
        {"certificate", r->certificate ? json::value(api::CertificateJson(*r->certificate))
                                       : json::value(nullptr)}});
  }
  PrintOrganization(r->organization);
  if (r->certificate) fmt::print("Certificate issued: {}\n", r->certificate->id.value());
  return 0;
}

// ---- cert ----

int CertShow(const ClientFlags& cf, const std::string& id, bool jwt_only) {
  auto c = Connect(cf);
  if (!c.ok()) return ReportError(c.status());
  // An organisation id lists its certificates; a certificate id shows one.
  std::vector<domain::Certificate> certs;
  if (id.rfind("org_", 0) == 0) {
    auto list = (*c)->OrganizationCertificates(id);
    if (!list.ok()) return ReportError(list.status());
    certs = *list;
  } else {
    auto one = (*c)->GetCertificate(id);
    if (!one.ok()) return ReportError(one.status());
    certs.push_back(*one);
  }
  if (jwt_only) {
    for (const auto& cert : certs) fmt::print("{}\n", cert.jwt);
    return 0;
  }
  if (cf.json) {
    json::array items;
    for (const auto& cert : certs) items.push_back(api::CertificateJson(cert));
    return PrintJson(certs.size() == 1 && id.rfind("org_", 0) != 0 ? items[0] : json::value(items));
  }
  for (const auto& cert : certs) {
    fmt::print("{}  {} certificate for {}\n", cert.id.value(), domain::Name(cert.type),
               cert.subject.value());
    fmt::print("  status   {}\n  issued   {}\n  expires  {}\n  jwt      {}\n",
               domain::Name(cert.status), FormatRfc3339(cert.issued_at),
               FormatRfc3339(cert.expires_at), cert.jwt);
  }
  if (certs.empty()) fmt::print("no certificates\n");
  return 0;
}

struct VerifyFlags {
  std::string file, jwks, now;
  std::vector<std::string> status_lists;
};

int CertVerify(const ClientFlags& cf, const VerifyFlags& f) {
  auto input = ReadInput(f.file);
  if (!input.ok()) return ReportError(input.status());
  std::string jwt = *input;
  // Accept a raw JWT or a certificate object as printed by `cert show --json`.
  boost::system::error_code ec;
  auto maybe = json::parse(jwt, ec);
  if (!ec && maybe.is_object() && maybe.as_object().contains("jwt"))
    jwt = std::string(maybe.as_object().at("jwt").as_string());
  while (!jwt.empty() && std::isspace(static_cast<unsigned char>(jwt.back()))) jwt.pop_back();

  client::VerificationInputs in;
  in.jwt = jwt;
  in.now = absl::Now();
  if (!f.now.empty()) {
    auto t = ParseRfc3339(f.now);
    if (!t.ok()) return ReportError(t.status());
    in.now = *t;
  }
  bool offline = !f.jwks.empty();
  if (offline) {
    auto jwks = ReadInput(f.jwks);
    if (!jwks.ok()) return ReportError(jwks.status());
    in.jwks_json = *jwks;
    for (const auto& path : f.status_lists) {
      auto list = ReadInput(path);
      if (!list.ok()) return ReportError(list.status());
      std::string text = *list;
      while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.pop_back();
      // The purpose is inside the (signed) list; the verifier checks the signature.
      std::string purpose =
          text.find("suspension") != std::string::npos ? "suspension" : "revocation";
      auto parts = text.find('.');
      if (parts != std::string::npos) {
        auto payload_end = text.find('.', parts + 1);
        auto payload = Base64UrlDecode(text.substr(parts + 1, payload_end - parts - 1));
        if (payload.ok())
          purpose = payload->find("\"statusPurpose\":\"suspension\"") != std::string::npos
                        ? "suspension"
                        : "revocation";
      }
      in.status_lists[purpose] = text;
    }
  } else {
    auto c = Connect(cf);
    if (!c.ok()) return ReportError(c.status());
    auto jwks = (*c)->Jwks();
    if (!jwks.ok()) return ReportError(jwks.status());
    in.jwks_json = *jwks;
    // The lists the certificate names (a certificate's place may be in any of several).
    auto names = client::StatusListNames(jwt);
    if (!names.ok()) return ReportError(names.status());
    for (const auto& [purpose, name] : *names) {
      if (!domain::ParseStatusListName(name))
        return ReportError(InvalidArgumentError(
            StrCat("the certificate names a status list this exchange cannot have: ", name)));
      auto list = (*c)->StatusListJwt(name);
      if (!list.ok()) return ReportError(list.status());
      in.status_lists[purpose] = *list;
    }
  }
  auto report = client::VerifyCertificate(in);
  if (!report.ok()) return ReportError(report.status());
  if (cf.json) {
    json::array problems;
    for (const auto& p : report->problems) problems.emplace_back(p);
    PrintJson(json::object{{"valid", report->valid},
                           {"signature_ok", report->signature_ok},
                           {"within_validity", report->within_validity},
                           {"revoked", report->revoked},
                           {"suspended", report->suspended},
                           {"id", report->id},
                           {"issuer", report->issuer},
                           {"kid", report->kid},
                           {"problems", problems}});
    return report->valid ? 0 : 1;
  }
  fmt::print("Certificate  {}\n", report->id);
  fmt::print("Type         {}\n", StrJoin(report->types, ", "));
  fmt::print("Issuer       {} (key {})\n", report->issuer, report->kid);
  fmt::print("Subject      {}\n", report->subject_json);
  fmt::print("Valid        {} to {}\n", report->valid_from, report->valid_until);
  fmt::print("Signature    {}\n", report->signature_ok ? "verified (EdDSA/Ed25519)" : "INVALID");
  fmt::print("Status       {}, {}\n", report->revoked ? "REVOKED" : "not revoked",
             report->suspended ? "SUSPENDED" : "not suspended");
  fmt::print("Checked      {}\n",
             offline ? "offline, against the saved JWKS and status lists" : "online");
  for (const auto& p : report->problems) fmt::print("Problem      {}\n", p);
  fmt::print("Result       {}\n", report->valid ? "VALID" : "NOT VALID");
  return report->valid ? 0 : 1;
}

// ---- token ----

int TokenCreate(const ClientFlags& cf, const std::string& name) {
  auto c = Connect(cf);
  if (!c.ok()) return ReportError(c.status());
  auto t = (*c)->CreateToken(name);
  if (!t.ok()) return ReportError(t.status());
  if (cf.json) {
    json::object o = api::TokenJson(t->token);
    o["token"] = t->secret;
    return PrintJson(o);
  }
  fmt::print("{}  {}\nToken (shown once): {}\n", t->token.id.value(), t->token.name, t->secret);
  return 0;
}

int TokenList(const ClientFlags& cf) {
  auto c = Connect(cf);
  if (!c.ok()) return ReportError(c.status());
  auto list = (*c)->ListTokens();
  if (!list.ok()) return ReportError(list.status());
  if (cf.json) {
    json::array items;
    for (const auto& t : *list) items.push_back(api::TokenJson(t));
    return PrintJson(items);
  }
  for (const auto& t : *list) {
    fmt::print("{}  {:<8}  {}  {}\n", t.id.value(), t.active() ? "active" : "revoked",
               FormatRfc3339(t.created_at), t.name);
  }
  return 0;
}

int TokenRevoke(const ClientFlags& cf, const std::string& id) {
  auto c = Connect(cf);
  if (!c.ok()) return ReportError(c.status());
  if (Status st = (*c)->RevokeToken(id); !st.ok()) return ReportError(st);
  if (!cf.json) fmt::print("revoked {}\n", id);
  return 0;
}

}  // namespace

void RegisterClientCommands(CLI::App& app, int& exit_code) {
  static ClientFlags cf;
  static ApplyFlags apply;
  static DecideFlags decide;
  static VerifyFlags verify;
  static client::ListFilter filter;
  static bool all = false, jwt_only = false;
  static std::string id, action, name;

  auto* org = app.add_subcommand("org", "Organisations: apply, show, list, decide");
  org->require_subcommand(1);
  auto* a = org->add_subcommand("apply", "Apply for admission (from flags or --file JSON)");
  AddClientFlags(a, cf);
  a->add_option("--file", apply.file, "Application JSON ('-' for stdin)");
  a->add_option("--name", apply.name, "Organisation name");
  a->add_option("--uscc", apply.uscc, "Unified Social Credit Code");
  a->add_option("--legal-form", apply.legal_form,
                "enterprise_legal_person | legal_person | unincorporated")
      ->capture_default_str();
  a->add_option("--role", apply.roles,
                "data_merchant | seller | buyer | service_provider (repeatable)");
  a->add_option("--service-type", apply.service_types,
                "compliance_assessor | quality_assessor | valuer | delivery_provider");
  a->add_option("--sponsor", apply.sponsor, "Sponsoring data merchant's id (for a seller)");
  a->add_flag("--ciio", apply.ciio,
              "The organisation is a critical information infrastructure operator");
  a->add_option("--contact-name", apply.contact_name, "Contact person");
  a->add_option("--contact-email", apply.contact_email, "Contact e-mail");
  a->add_option("--contact-phone", apply.contact_phone, "Contact phone");
  a->add_option("--idempotency-key", apply.idempotency_key, "Makes a retried application safe");
  a->callback([&exit_code] { exit_code = OrgApply(cf, apply); });

  auto* s = org->add_subcommand("show", "Show an organisation and its admission history");
  AddClientFlags(s, cf);
  s->add_option("id", id, "Organisation id")->required();
  s->callback([&exit_code] { exit_code = OrgShow(cf, id); });

  auto* l = org->add_subcommand("list", "List organisations (operator and regulator see all)");
  AddClientFlags(l, cf);
  l->add_option("--role", filter.role, "Filter by role");
  l->add_option("--status", filter.status, "Filter by admission status");
  l->add_option("--limit", filter.limit, "Page size (1–200)");
  l->add_option("--cursor", filter.cursor, "Continue from a previous page");
  l->add_flag("--all", all, "Follow every page");
  l->callback([&exit_code] { exit_code = OrgList(cf, filter, all); });

  auto* d = org->add_subcommand("decide", "Take an admission decision");
  AddClientFlags(d, cf);
  d->add_option("id", id, "Organisation id")->required();
  d->add_option(
       "action", action,
       "approve | reject | request_supplement | suspend | reinstate | revoke | supplement | exit")
      ->required();
  d->add_option("--reason", decide.reason,
                "Reason (required to reject, request_supplement, suspend, revoke)");
  d->add_option("--tier", decide.tier, "Merchant tier: ecosystem | core | strategic");
  d->add_option("--type", decide.types,
                "Merchant type (repeatable): resource, integration, channel, technology, "
                "entrusted, media, knowledge, platform");
  d->add_option("--risk-level", decide.risk_level, "Merchant risk level 1–4");
  d->add_option("--changes", decide.changes_file, "Corrected application JSON, for supplement");
  d->callback([&exit_code] { exit_code = OrgDecide(cf, id, action, decide); });

  auto* cert = app.add_subcommand("cert", "Certificates: show and verify");
  cert->require_subcommand(1);
  auto* cs = cert->add_subcommand("show", "Show a certificate, or an organisation's certificates");
  AddClientFlags(cs, cf);
  cs->add_option("id", id, "Certificate id or organisation id")->required();
  cs->add_flag("--jwt", jwt_only, "Print only the JWT(s)");
  cs->callback([&exit_code] { exit_code = CertShow(cf, id, jwt_only); });
  auto* cv = cert->add_subcommand("verify",
                                  "Verify a certificate's signature, validity period and status");
  AddClientFlags(cv, cf);
  cv->add_option("file", verify.file,
                 "File holding the JWT or the certificate JSON ('-' for stdin)")
      ->required();
  cv->add_option("--jwks", verify.jwks, "Saved JWKS: verify offline");
  cv->add_option("--status-list", verify.status_lists,
                 "Saved status list credential (repeatable), offline");
  cv->add_option("--now", verify.now, "Check validity at this RFC 3339 time instead of now");
  cv->callback([&exit_code] { exit_code = CertVerify(cf, verify); });

  auto* token = app.add_subcommand("token", "API tokens of your organisation");
  token->require_subcommand(1);
  auto* tc = token->add_subcommand("create", "Mint a token (shown once)");
  AddClientFlags(tc, cf);
  tc->add_option("name", name, "A name to recognise it by")->required();
  tc->callback([&exit_code] { exit_code = TokenCreate(cf, name); });
  auto* tl = token->add_subcommand("list", "List your tokens");
  AddClientFlags(tl, cf);
  tl->callback([&exit_code] { exit_code = TokenList(cf); });
  auto* tr = token->add_subcommand("revoke", "Revoke a token");
  AddClientFlags(tr, cf);
  tr->add_option("id", id, "Token id")->required();
  tr->callback([&exit_code] { exit_code = TokenRevoke(cf, id); });
}

}  // namespace bourse::cli
