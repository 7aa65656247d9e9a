#include "api/wire.h"

#include "api/json_reader.h"
#include "api/wire_util.h"
#include "base/encoding.h"
#include "base/errors.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "base/time_format.h"
#include "domain/uscc.h"

namespace bourse::api {
namespace json = boost::json;
using namespace domain;

namespace {

Status ReadApplication(ObjectReader& r, Application& app) {
  BOURSE_ASSIGN_OR_RETURN(app.name, r.String("name", kMaxNameLength));
  BOURSE_ASSIGN_OR_RETURN(std::string uscc, r.String("uscc", 18 * 4));
  app.uscc = domain::NormalizeUscc(uscc);
  BOURSE_ASSIGN_OR_RETURN(std::string form, r.String("legal_form", 64));
  BOURSE_ASSIGN_OR_RETURN(app.legal_form, EnumField<LegalForm>(r.Path("legal_form"), form));
  BOURSE_ASSIGN_OR_RETURN(auto roles, r.StringArray("roles", 8, true));
  BOURSE_ASSIGN_OR_RETURN(app.roles, EnumSetField<Role>(r.Path("roles"), roles));
  BOURSE_ASSIGN_OR_RETURN(auto types, r.StringArray("service_types", 8, false));
  BOURSE_ASSIGN_OR_RETURN(app.service_types,
                          EnumSetField<ServiceType>(r.Path("service_types"), types));
  BOURSE_ASSIGN_OR_RETURN(auto sponsor, r.OptionalString("sponsor_id", 64));
  if (sponsor) app.sponsor_id = OrganizationId(*sponsor);
  BOURSE_ASSIGN_OR_RETURN(auto ciio, r.OptionalBool("ciio"));
  app.ciio = ciio.value_or(false);
  BOURSE_ASSIGN_OR_RETURN(auto contact, r.OptionalObject("contact"));
  if (!contact) return errors::MissingField(r.Path("contact"));
  BOURSE_ASSIGN_OR_RETURN(app.contact.name, contact->String("name", kMaxContactFieldLength));
  BOURSE_ASSIGN_OR_RETURN(app.contact.email, contact->String("email", kMaxContactFieldLength));
  BOURSE_ASSIGN_OR_RETURN(auto phone, contact->OptionalString("phone", 40));
  app.contact.phone = phone.value_or("");
  BOURSE_RETURN_IF_ERROR(contact->Finish());
  return r.Finish();
}

StatusOr<absl::Time> TimeField(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || !v->is_string()) return InvalidArgumentError(StrCat("missing time ", key));
  return ParseRfc3339(std::string(v->as_string()));
}

std::string Str(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return (v != nullptr && v->is_string()) ? std::string(v->as_string()) : std::string();
}

template <typename E>
E EnumOr(const json::object& o, std::string_view key, E fallback) {
  return Parse<E>(Str(o, key)).value_or(fallback);
}

template <typename E>
EnumSet<E> EnumSetOf(const json::object& o, std::string_view key) {
  EnumSet<E> out;
  if (const json::value* v = o.if_contains(key); v && v->is_array()) {
    for (const auto& item : v->as_array()) {
      if (item.is_string())
        if (auto e = Parse<E>(std::string(item.as_string()))) out.Add(*e);
    }
  }
  return out;
}

std::string_view TitleOf(std::string_view kind) {
  if (kind == errors::kMalformedBody) return "Malformed request body";
  if (kind == errors::kInvalidField) return "Invalid field";
  if (kind == errors::kMissingField) return "Missing field";
  if (kind == errors::kUnknownField) return "Unknown field";
  if (kind == errors::kBodyTooLarge) return "Request body too large";
  if (kind == errors::kHeaderTooLarge) return "Request headers too large";
  if (kind == errors::kUnsupportedMediaType) return "Unsupported media type";
  if (kind == errors::kUnauthenticated) return "Authentication required";
  if (kind == errors::kForbidden) return "Forbidden";
  if (kind == errors::kCsrf) return "CSRF token missing or wrong";
  if (kind == errors::kSuspended) return "Organisation suspended";
  if (kind == errors::kNotAdmitted) return "Organisation not admitted";
  if (kind == errors::kReadOnly) return "Read-only caller";
  if (kind == errors::kNotFound) return "Not found";
  if (kind == errors::kMethodNotAllowed) return "Method not allowed";
  if (kind == errors::kIllegalTransition) return "Illegal state transition";
  if (kind == errors::kRuleViolation) return "Business rule violated";
  if (kind == errors::kConflict) return "Conflict";
  if (kind == errors::kIdempotencyMismatch) return "Idempotency key reused";
  if (kind == errors::kIdempotencyInProgress) return "Idempotency key in use";
  if (kind == errors::kInvalidDataset) return "Invalid dataset";
  if (kind == errors::kEvidenceRequired) return "Cross-border evidence required";
  if (kind == errors::kQuotaExceeded) return "Quota exceeded";
  if (kind == errors::kInsufficientFunds) return "Insufficient funds";
  if (kind == errors::kRangeNotSatisfiable) return "Range not satisfiable";
  if (kind == errors::kUnavailable) return "Service unavailable";
  return "Internal error";
}

}  // namespace

StatusOr<Application> ParseApplication(std::string_view body) {
  BOURSE_ASSIGN_OR_RETURN(json::object o, ParseObject(body));
  ObjectReader r(o);
  Application app;
  BOURSE_RETURN_IF_ERROR(ReadApplication(r, app));
  return app;
}

StatusOr<Decision> ParseDecision(std::string_view body) {
  BOURSE_ASSIGN_OR_RETURN(json::object o, ParseObject(body));
  ObjectReader r(o);
  Decision d;
  BOURSE_ASSIGN_OR_RETURN(std::string action, r.String("action", 64));
  BOURSE_ASSIGN_OR_RETURN(d.action, EnumField<AdmissionAction>("action", action));
  BOURSE_ASSIGN_OR_RETURN(auto reason, r.OptionalString("reason", kMaxReasonLength));
  d.reason = reason.value_or("");
  BOURSE_ASSIGN_OR_RETURN(auto tier, r.OptionalString("tier", 64));
  BOURSE_ASSIGN_OR_RETURN(auto types, r.StringArray("types", 8, false));
  BOURSE_ASSIGN_OR_RETURN(auto risk, r.OptionalInt("risk_level"));
  if (tier || !types.empty() || risk) {
    MerchantGrade g;
    if (!tier) return errors::MissingField("tier");
    BOURSE_ASSIGN_OR_RETURN(g.tier, EnumField<MerchantTier>("tier", *tier));
    BOURSE_ASSIGN_OR_RETURN(g.types, EnumSetField<MerchantType>("types", types));
    if (!risk) return errors::MissingField("risk_level");
    if (*risk < 1 || *risk > 4) return errors::InvalidField("risk_level", "must be 1, 2, 3 or 4");
    g.risk_level = static_cast<int>(*risk);
    d.grade = g;
  }
  BOURSE_ASSIGN_OR_RETURN(auto changes, r.OptionalObject("changes"));
  if (changes) {
    Application app;
    BOURSE_RETURN_IF_ERROR(ReadApplication(*changes, app));
    d.changes = std::move(app);
  }
  BOURSE_RETURN_IF_ERROR(r.Finish());
  return d;
}

StatusOr<std::string> ParseTokenRequest(std::string_view body) {
  BOURSE_ASSIGN_OR_RETURN(json::object o, ParseObject(body));
  ObjectReader r(o);
  BOURSE_ASSIGN_OR_RETURN(std::string name, r.String("name", 100));
  BOURSE_RETURN_IF_ERROR(r.Finish());
  return name;
}

StatusOr<SignInRequest> ParseSignInRequest(std::string_view body) {
  BOURSE_ASSIGN_OR_RETURN(json::object o, ParseObject(body));
  ObjectReader r(o);
  SignInRequest out;
  BOURSE_ASSIGN_OR_RETURN(out.token, r.OptionalString("token", 100));
  BOURSE_ASSIGN_OR_RETURN(auto organization, r.OptionalString("organization", 64));
  BOURSE_ASSIGN_OR_RETURN(auto password, r.OptionalString("password", 256));
  BOURSE_RETURN_IF_ERROR(r.Finish());
  if (out.token) {
    if (organization || password)
      return errors::InvalidField("token", "sign in with a token or with a password, not both");
    return out;
  }
  if (!organization) return errors::MissingField("organization");
  if (!password) return errors::MissingField("password");
  out.organization = std::move(*organization);
  out.password = std::move(*password);
  return out;
}

StatusOr<std::string> ParsePasswordRequest(std::string_view body) {
  BOURSE_ASSIGN_OR_RETURN(json::object o, ParseObject(body));
  ObjectReader r(o);
  BOURSE_ASSIGN_OR_RETURN(std::string password, r.String("password", 256));
  BOURSE_RETURN_IF_ERROR(r.Finish());
  return password;
}

std::string EncodeCursor(int64_t after_seq) { return Base64UrlEncode(StrCat("s", after_seq)); }

StatusOr<int64_t> DecodeCursor(std::string_view cursor) {
  auto raw = Base64UrlDecode(cursor);
  if (!raw.ok() || raw->size() < 2 || (*raw)[0] != 's') {
    return errors::InvalidField("cursor", "is not a cursor this server issued");
  }
  int64_t v = 0;
  for (size_t i = 1; i < raw->size(); ++i) {
    char c = (*raw)[i];
    if (c < '0' || c > '9' || v > INT64_MAX / 10 - 10) {
      return errors::InvalidField("cursor", "is not a cursor this server issued");
    }
    v = v * 10 + (c - '0');
  }
  return v;
}

json::object ApplicationJson(const Application& app) {
  return json::object{
      {"name", app.name},
      {"uscc", app.uscc},
      {"legal_form", Name(app.legal_form)},
      {"roles", EnumArray(app.roles)},
      {"service_types", EnumArray(app.service_types)},
      {"sponsor_id", app.sponsor_id ? json::value(app.sponsor_id->value()) : json::value(nullptr)},
      {"ciio", app.ciio},
      {"contact",
       json::object{
           {"name", app.contact.name}, {"email", app.contact.email}, {"phone", app.contact.phone}}},
  };
}

json::object DecisionJson(const Decision& d) {
  json::object o{{"action", Name(d.action)}};
  if (!d.reason.empty()) o["reason"] = d.reason;
  if (d.grade) {
    o["tier"] = Name(d.grade->tier);
    o["types"] = EnumArray(d.grade->types);
    o["risk_level"] = d.grade->risk_level;
  }
  if (d.changes) o["changes"] = ApplicationJson(*d.changes);
  return o;
}

json::object OrganizationJson(const Organization& org) {
  json::object o{{"id", org.id.value()}};
  for (auto& [k, v] : ApplicationJson(org.profile)) o.emplace(k, std::move(v));
  o["status"] = Name(org.status);
  o["status_reason"] = org.status_reason;
  if (org.grade) {
    o["grade"] = json::object{{"tier", Name(org.grade->tier)},
                              {"types", EnumArray(org.grade->types)},
                              {"risk_level", org.grade->risk_level}};
  } else {
    o["grade"] = nullptr;
  }
  o["created_at"] = FormatRfc3339(org.created_at);
  o["updated_at"] = FormatRfc3339(org.updated_at);
  return o;
}

json::object AdmissionEventJson(const AdmissionEvent& e) {
  return json::object{{"action", Name(e.action)},
                      {"actor_id", e.actor ? json::value(e.actor->value()) : json::value(nullptr)},
                      {"from", Name(e.from)},
                      {"to", Name(e.to)},
                      {"reason", e.reason},
                      {"at", FormatRfc3339(e.at)}};
}

json::object CertificateJson(const Certificate& c) {
  return json::object{{"id", c.id.value()},
                      {"type", Name(c.type)},
                      {"subject_id", c.subject.value()},
                      {"status", Name(c.status)},
                      {"status_index", c.status_index},
                      {"issued_at", FormatRfc3339(c.issued_at)},
                      {"expires_at", FormatRfc3339(c.expires_at)},
                      {"log_index", c.log_index ? json::value(*c.log_index) : json::value(nullptr)},
                      {"jwt", c.jwt}};
}

json::object TokenJson(const ApiToken& t) {
  return json::object{{"id", t.id.value()},
                      {"name", t.name},
                      {"active", t.active()},
                      {"created_at", FormatRfc3339(t.created_at)},
                      {"revoked_at", t.revoked_at ? json::value(FormatRfc3339(*t.revoked_at))
                                                  : json::value(nullptr)}};
}

std::string ProblemType(std::string_view kind) { return StrCat("urn:bourse:problem:", kind); }

json::object ProblemJson(const Status& status, int http_status, std::string_view request_id) {
  std::string kind = errors::KindOf(status);
  json::object o{{"type", ProblemType(kind)},
                 {"title", TitleOf(kind)},
                 {"status", http_status},
                 {"detail", IsValidUtf8(status.message()) ? status.message()
                                                          : std::string("(detail withheld)")},
                 {"kind", kind}};
  if (auto field = errors::FieldOf(status)) o["field"] = *field;
  if (!request_id.empty()) o["request_id"] = request_id;
  return o;
}

StatusOr<Organization> OrganizationFromJson(const json::value& v) {
  if (!v.is_object()) return InvalidArgumentError("organization is not an object");
  const auto& o = v.as_object();
  Organization org;
  org.id = OrganizationId(Str(o, "id"));
  org.profile.name = Str(o, "name");
  org.profile.uscc = Str(o, "uscc");
  org.profile.legal_form = EnumOr(o, "legal_form", LegalForm::kEnterpriseLegalPerson);
  org.profile.roles = EnumSetOf<Role>(o, "roles");
  org.profile.service_types = EnumSetOf<ServiceType>(o, "service_types");
  if (auto s = Str(o, "sponsor_id"); !s.empty()) org.profile.sponsor_id = OrganizationId(s);
  if (const auto* c = o.if_contains("ciio"); c && c->is_bool()) org.profile.ciio = c->as_bool();
  if (const auto* c = o.if_contains("contact"); c && c->is_object()) {
    org.profile.contact = {Str(c->as_object(), "name"), Str(c->as_object(), "email"),
                           Str(c->as_object(), "phone")};
  }
  auto status = Parse<AdmissionStatus>(Str(o, "status"));
  if (!status) return InvalidArgumentError("organization has no valid status");
  org.status = *status;
  org.status_reason = Str(o, "status_reason");
  if (const auto* g = o.if_contains("grade"); g && g->is_object()) {
    const auto& go = g->as_object();
    MerchantGrade grade;
    grade.tier = EnumOr(go, "tier", MerchantTier::kEcosystem);
    grade.types = EnumSetOf<MerchantType>(go, "types");
    if (const auto* r = go.if_contains("risk_level"); r && r->is_int64())
      grade.risk_level = int(r->as_int64());
    org.grade = grade;
  }
  BOURSE_ASSIGN_OR_RETURN(org.created_at, TimeField(o, "created_at"));
  BOURSE_ASSIGN_OR_RETURN(org.updated_at, TimeField(o, "updated_at"));
  return org;
}

StatusOr<AdmissionEvent> AdmissionEventFromJson(const json::value& v) {
  if (!v.is_object()) return InvalidArgumentError("event is not an object");
  const auto& o = v.as_object();
  AdmissionEvent e;
  e.action = EnumOr(o, "action", AdmissionAction::kPassChecks);
  if (auto a = Str(o, "actor_id"); !a.empty()) e.actor = OrganizationId(a);
  e.from = EnumOr(o, "from", AdmissionStatus::kSubmitted);
  e.to = EnumOr(o, "to", AdmissionStatus::kSubmitted);
  e.reason = Str(o, "reason");
  BOURSE_ASSIGN_OR_RETURN(e.at, TimeField(o, "at"));
  return e;
}

StatusOr<Certificate> CertificateFromJson(const json::value& v) {
  if (!v.is_object()) return InvalidArgumentError("certificate is not an object");
  const auto& o = v.as_object();
  Certificate c;
  c.id = CertificateId(Str(o, "id"));
  c.type = EnumOr(o, "type", CertificateType::kDataMerchant);
  c.subject = OrganizationId(Str(o, "subject_id"));
  c.status = EnumOr(o, "status", CertificateStatus::kActive);
  if (const auto* i = o.if_contains("status_index"); i && i->is_int64())
    c.status_index = i->as_int64();
  c.jwt = Str(o, "jwt");
  if (const auto* i = o.if_contains("log_index"); i && i->is_int64()) c.log_index = i->as_int64();
  BOURSE_ASSIGN_OR_RETURN(c.issued_at, TimeField(o, "issued_at"));
  BOURSE_ASSIGN_OR_RETURN(c.expires_at, TimeField(o, "expires_at"));
  return c;
}

StatusOr<ApiToken> TokenFromJson(const json::value& v) {
  if (!v.is_object()) return InvalidArgumentError("token is not an object");
  const auto& o = v.as_object();
  ApiToken t;
  t.id = TokenId(Str(o, "id"));
  t.name = Str(o, "name");
  BOURSE_ASSIGN_OR_RETURN(t.created_at, TimeField(o, "created_at"));
  if (!Str(o, "revoked_at").empty()) {
    BOURSE_ASSIGN_OR_RETURN(t.revoked_at, TimeField(o, "revoked_at"));
  }
  return t;
}

Status StatusFromProblem(int http_status, std::string_view body) {
  StatusCode code = StatusCode::kUnknown;
  switch (http_status) {
    case 400:
    case 413:
    case 415:
      code = StatusCode::kInvalidArgument;
      break;
    case 422:
      code = StatusCode::kFailedPrecondition;
      break;
    case 401:
      code = StatusCode::kUnauthenticated;
      break;
    case 403:
      code = StatusCode::kPermissionDenied;
      break;
    case 404:
      code = StatusCode::kNotFound;
      break;
    case 405:
      code = StatusCode::kUnimplemented;
      break;
    case 409:
      code = StatusCode::kFailedPrecondition;
      break;
    case 429:
      code = StatusCode::kResourceExhausted;
      break;
    case 503:
      code = StatusCode::kUnavailable;
      break;
    default:
      code = http_status >= 500 ? StatusCode::kInternal : StatusCode::kUnknown;
  }
  boost::system::error_code ec;
  json::value v = json::parse(json::string_view(body.data(), body.size()), ec);
  if (ec || !v.is_object()) return Status(code, StrCat("HTTP ", http_status));
  const auto& o = v.as_object();
  std::string kind = Str(o, "kind");
  if (kind == errors::kConflict || kind == errors::kIdempotencyMismatch ||
      kind == errors::kIdempotencyInProgress) {
    code = StatusCode::kAlreadyExists;
  }
  return Status(code, Str(o, "detail"), kind, Str(o, "field"));
}

}  // namespace bourse::api
