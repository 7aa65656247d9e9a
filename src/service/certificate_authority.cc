#include "service/certificate_authority.h"

#include <boost/json.hpp>

#include "base/encoding.h"
#include "base/errors.h"
#include "base/gzip.h"
#include "base/ids.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "base/time_format.h"
#include "crypto/jws.h"
#include "crypto/sha256.h"
#include "domain/status_list.h"

namespace bourse::service {
namespace json = boost::json;

namespace {

json::object StatusEntry(const std::string& base, domain::StatusPurpose purpose, int64_t index) {
  const int64_t position = index % domain::kStatusListSize;
  std::string list = StrCat(base, "/v1/status-lists/",
                            domain::StatusListName(purpose, index / domain::kStatusListSize));
  return json::object{{"id", StrCat(list, "#", position)},
                      {"type", "BitstringStatusListEntry"},
                      {"statusPurpose", domain::Name(purpose)},
                      {"statusListIndex", std::to_string(position)},
                      {"statusListCredential", list}};
}

}  // namespace

CertificateAuthority::CertificateAuthority(store::Store& store, const Clock& clock, Random& random,
                                           const crypto::Ed25519PrivateKey& key,
                                           log::TransparencyLog& log, IssuerOptions options)
    : store_(store),
      clock_(clock),
      random_(random),
      key_(key),
      log_(log),
      options_(std::move(options)),
      kid_(crypto::Ed25519Thumbprint(key.public_key())) {}

std::string CertificateAuthority::Sign(std::string_view payload_json) const {
  std::string header =
      json::serialize(json::object{{"alg", "EdDSA"}, {"kid", kid_}, {"typ", "vc+jwt"}});
  return crypto::SignCompactJws(key_, header, payload_json);
}

std::string CertificateAuthority::SignDocument(std::string_view payload,
                                               std::string_view typ) const {
  std::string header = json::serialize(json::object{{"alg", "EdDSA"}, {"kid", kid_}, {"typ", typ}});
  return crypto::SignCompactJws(key_, header, payload);
}

StatusOr<domain::Certificate> CertificateAuthority::IssueMerchantCertificate(
    store::Transaction& tx, const domain::Organization& org, const OrganizationId& actor) {
  if (!org.IsApprovedMerchant() || !org.grade) {
    return errors::RuleViolation(
        "only an approved, graded data merchant receives a merchant certificate");
  }
  json::array types;
  for (auto t : org.grade->types.values()) types.emplace_back(domain::Name(t));
  const std::string& base = options_.public_url;
  json::object subject{{"id", StrCat(base, "/v1/organizations/", org.id.value())},
                       {"name", org.profile.name},
                       {"uscc", org.profile.uscc},
                       {"tier", domain::Name(org.grade->tier)},
                       {"merchantTypes", std::move(types)},
                       {"riskLevel", org.grade->risk_level}};
  return Issue(tx, domain::CertificateType::kDataMerchant, org.id, "DataMerchantCredential",
               subject, actor, {});
}

StatusOr<domain::Certificate> CertificateAuthority::IssueRegistrationCertificate(
    store::Transaction& tx, const domain::RightsRegistration& r, const domain::Product& product,
    const domain::Organization& holder, const OrganizationId& actor) {
  json::array rights;
  for (auto right : r.rights.values()) rights.emplace_back(domain::Name(right));
  const std::string& base = options_.public_url;
  json::object subject{{"id", StrCat(base, "/v1/organizations/", holder.id.value())},
                       {"name", holder.profile.name},
                       {"uscc", holder.profile.uscc},
                       {"registrationNumber", r.number},
                       {"registrationType", domain::Name(r.type)},
                       {"rights", std::move(rights)},
                       {"product", StrCat(base, "/v1/products/", product.id.value())},
                       {"productTitle", product.description.title},
                       {"revision", r.revision}};
  return Issue(tx, domain::CertificateType::kRightsRegistration, holder.id,
               "DataRightsRegistrationCredential", subject, actor,
               {{"registration", r.id.value()}, {"product", product.id.value()}});
}

std::pair<domain::CertificateType, json::object> CertificateAuthority::TradeSubject(
    const domain::Contract& c, const domain::Product& product, const domain::Organization& party,
    std::string_view role,
    const std::optional<std::pair<domain::CrossBorderRoute, int>>& cross_border_route) const {
  const std::string& base = options_.public_url;
  json::object subject{{"id", StrCat(base, "/v1/organizations/", party.id.value())},
                       {"name", party.profile.name},
                       {"uscc", party.profile.uscc},
                       {"role", role},
                       {"contract", StrCat(base, "/v1/contracts/", c.id.value())},
                       {"contractDigest", StrCat("sha256:", c.digest)},
                       {"logIndex", c.log_index},
                       {"product", StrCat(base, "/v1/products/", product.id.value())},
                       {"productTitle", product.description.title},
                       {"revision", c.revision},
                       {"amount", c.total.minor},
                       {"currency", c.total.currency}};
  if (!cross_border_route) return {domain::CertificateType::kTrade, std::move(subject)};
  subject["route"] = domain::Name(cross_border_route->first);
  subject["decisionRow"] = cross_border_route->second;
  subject["destination"] =
      c.declaration.delivery_region.empty() ? c.declaration.region : c.declaration.delivery_region;
  return {domain::CertificateType::kCrossBorderTrade, std::move(subject)};
}

namespace {
std::string_view TradeVcType(domain::CertificateType type) {
  return type == domain::CertificateType::kCrossBorderTrade ? "CrossBorderDataTradeCredential"
                                                            : "DataTradeCredential";
}
}  // namespace

StatusOr<domain::Certificate> CertificateAuthority::IssueTradeCertificate(
    store::Transaction& tx, const domain::Contract& c, const domain::Product& product,
    const domain::Organization& party, std::string_view role, const OrganizationId& actor,
    std::optional<std::pair<domain::CrossBorderRoute, int>> cross_border_route,
    PresignedCertificates* presigned) {
  auto [type, subject] = TradeSubject(c, product, party, role, cross_border_route);
  return Issue(tx, type, party.id, TradeVcType(type), subject, actor,
               {{"contract", c.id.value()}, {"product", product.id.value()}}, presigned);
}

Status CertificateAuthority::PresignTradeCertificate(
    store::Transaction& tx, PresignedCertificates& into, const domain::Contract& c,
    const domain::Product& product, const domain::Organization& party, std::string_view role,
    std::optional<std::pair<domain::CrossBorderRoute, int>> cross_border_route) {
  auto [type, subject] = TradeSubject(c, product, party, role, cross_border_route);
  BOURSE_ASSIGN_OR_RETURN(int64_t status_index, FreeStatusIndex(tx));
  PresignedCertificates::Entry e{type, json::serialize(subject),
                                 Draft(type, party.id, status_index), ""};
  SignDraft(e.certificate, TradeVcType(type), subject);
  e.jwt_sha256 = crypto::Sha256Hex(e.certificate.jwt);
  into.entries_.push_back(std::move(e));
  return OkStatus();
}

StatusOr<int64_t> CertificateAuthority::FreeStatusIndex(store::Transaction& tx) {
  BOURSE_ASSIGN_OR_RETURN(int64_t issued, tx.certificates().IssuedCount());
  // The list's places are drawn window by window as the list fills (domain::kStatusWindow), so
  // that each window is at most half full (a few more when issues race): 64 draws all landing on
  // taken places has a chance below 2^-64.
  constexpr int64_t kWindows = domain::kStatusListSize / domain::kStatusWindow;
  const int64_t window = issued % ListFill() * kWindows / ListFill();
  const int64_t first =
      issued / ListFill() * domain::kStatusListSize + window * domain::kStatusWindow;
  for (int attempt = 0; attempt < 64; ++attempt) {
    const int64_t index = first + static_cast<int64_t>(random_.Uniform(domain::kStatusWindow));
    BOURSE_ASSIGN_OR_RETURN(bool used, tx.certificates().IsStatusIndexUsed(index));
    if (!used) return index;
  }
  return errors::Make(StatusCode::kResourceExhausted, errors::kUnavailable,
                      "no free place in the status list");
}

domain::Certificate CertificateAuthority::Draft(domain::CertificateType type,
                                                const OrganizationId& subject_id,
                                                int64_t status_index) {
  domain::Certificate cert;
  cert.id = CertificateId(NewId("cert", clock_.Now(), random_));
  cert.type = type;
  cert.subject = subject_id;
  cert.status = domain::CertificateStatus::kActive;
  cert.issued_at = absl::FromUnixSeconds(absl::ToUnixSeconds(clock_.Now()));
  cert.expires_at = cert.issued_at + options_.certificate_validity;
  cert.status_index = status_index;
  return cert;
}

void CertificateAuthority::SignDraft(domain::Certificate& cert, std::string_view vc_type,
                                     const json::object& subject) const {
  const std::string& base = options_.public_url;
  const std::string subject_url = json::value_to<std::string>(subject.at("id"));
  std::string cert_url = StrCat(base, "/v1/certificates/", cert.id.value());
  json::object vc{
      {"@context", json::array{"https://www.w3.org/ns/credentials/v2"}},
      {"id", cert_url},
      {"type", json::array{"VerifiableCredential", vc_type}},
      {"issuer", json::object{{"id", base}, {"name", options_.venue_name}}},
      {"validFrom", FormatRfc3339(cert.issued_at)},
      {"validUntil", FormatRfc3339(cert.expires_at)},
      {"credentialSubject", subject},
      {"credentialStatus",
       json::array{StatusEntry(base, domain::StatusPurpose::kRevocation, cert.status_index),
                   StatusEntry(base, domain::StatusPurpose::kSuspension, cert.status_index)}},
      {"iss", base},
      {"sub", subject_url},
      {"jti", cert_url},
      {"iat", absl::ToUnixSeconds(cert.issued_at)},
      {"nbf", absl::ToUnixSeconds(cert.issued_at)},
      {"exp", absl::ToUnixSeconds(cert.expires_at)},
  };
  cert.jwt = Sign(json::serialize(vc));
}

StatusOr<domain::Certificate> CertificateAuthority::Issue(
    store::Transaction& tx, domain::CertificateType type, const OrganizationId& subject_id,
    std::string_view vc_type, const json::object& subject, const OrganizationId& actor,
    const std::map<std::string, std::string>& log_subjects, PresignedCertificates* presigned) {
  std::optional<domain::Certificate> ready;
  std::string jwt_sha256;
  if (presigned != nullptr && !presigned->entries_.empty()) {
    const std::string subject_json = json::serialize(subject);
    auto& entries = presigned->entries_;
    for (auto it = entries.begin(); it != entries.end(); ++it) {
      if (it->type != type || it->certificate.subject != subject_id ||
          it->subject_json != subject_json)
        continue;
      BOURSE_ASSIGN_OR_RETURN(bool used,
                              tx.certificates().IsStatusIndexUsed(it->certificate.status_index));
      if (!used) {
        ready = std::move(it->certificate);
        jwt_sha256 = std::move(it->jwt_sha256);
      }
      entries.erase(it);
      break;
    }
  }
  if (!ready) {
    BOURSE_ASSIGN_OR_RETURN(int64_t status_index, FreeStatusIndex(tx));
    domain::Certificate cert = Draft(type, subject_id, status_index);
    SignDraft(cert, vc_type, subject);
    ready = std::move(cert);
  }
  domain::Certificate cert = std::move(*ready);
  log::Event event;
  event.type = "certificate.issued";
  event.time = cert.issued_at;
  event.actor = actor.value();
  event.subjects = {{"certificate", cert.id.value()}, {"organization", subject_id.value()}};
  for (const auto& [k, v] : log_subjects) event.subjects[k] = v;
  event.fields = {{"type", domain::Name(cert.type)},
                  {"status_index", cert.status_index},
                  {"valid_from", FormatRfc3339(cert.issued_at)},
                  {"valid_until", FormatRfc3339(cert.expires_at)}};
  if (jwt_sha256.empty()) {
    event.Document("jwt", cert.jwt);
  } else {
    event.documents["jwt"] = std::move(jwt_sha256);
  }
  BOURSE_ASSIGN_OR_RETURN(cert.log_index, log_.Append(tx, event));
  BOURSE_RETURN_IF_ERROR(tx.certificates().Insert(cert));
  return cert;
}

Status CertificateAuthority::Revoke(store::Transaction& tx, const CertificateId& id,
                                    const OrganizationId& actor) {
  BOURSE_ASSIGN_OR_RETURN(domain::Certificate c, tx.certificates().Get(id));
  if (c.status == domain::CertificateStatus::kRevoked) return OkStatus();
  return ChangeStatus(tx, c, domain::CertificateStatus::kRevoked, actor);
}

Status CertificateAuthority::ChangeStatus(store::Transaction& tx, const domain::Certificate& c,
                                          domain::CertificateStatus status,
                                          const OrganizationId& actor) {
  BOURSE_ASSIGN_OR_RETURN(auto next, domain::NextCertificateStatus(c.status, status));
  BOURSE_RETURN_IF_ERROR(tx.certificates().UpdateStatus(c.id, next));
  log::Event event;
  event.type = "certificate.status_changed";
  event.time = clock_.Now();
  event.actor = actor.value();
  event.subjects = {{"certificate", c.id.value()}, {"organization", c.subject.value()}};
  event.fields = {{"from", domain::Name(c.status)}, {"to", domain::Name(next)}};
  BOURSE_RETURN_IF_ERROR(log_.Append(tx, event).status());
  BOURSE_RETURN_IF_ERROR(tx.status_lists().SetBit(domain::StatusPurpose::kSuspension,
                                                  c.status_index,
                                                  next == domain::CertificateStatus::kSuspended));
  if (next == domain::CertificateStatus::kRevoked) {
    BOURSE_RETURN_IF_ERROR(
        tx.status_lists().SetBit(domain::StatusPurpose::kRevocation, c.status_index, true));
  }
  return OkStatus();
}

Status CertificateAuthority::SetSubjectStatus(store::Transaction& tx, const OrganizationId& subject,
                                              domain::CertificateStatus status,
                                              const OrganizationId& actor) {
  BOURSE_ASSIGN_OR_RETURN(auto certs, tx.certificates().ListBySubject(subject));
  for (const auto& c : certs) {
    if (c.type != domain::CertificateType::kDataMerchant) continue;  // Registrations stand alone.
    if (c.status == domain::CertificateStatus::kRevoked || c.status == status) continue;
    BOURSE_RETURN_IF_ERROR(ChangeStatus(tx, c, status, actor));
  }
  return OkStatus();
}

StatusOr<domain::Certificate> CertificateAuthority::Get(const domain::Principal& caller,
                                                        const CertificateId& id) {
  domain::Certificate out;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    auto cert = tx.certificates().Get(id);
    if (!cert.ok()) return cert.status();
    if (!caller.SeesEverything() && !caller.Owns(cert->subject))
      return errors::NotFound("certificate");
    out = *cert;
    return OkStatus();
  }));
  return out;
}

StatusOr<std::vector<domain::Certificate>> CertificateAuthority::ListForSubject(
    const domain::Principal& caller, const OrganizationId& subject) {
  if (!caller.SeesEverything() && !caller.Owns(subject)) return errors::NotFound("organization");
  std::vector<domain::Certificate> out;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    BOURSE_RETURN_IF_ERROR(tx.organizations().Get(subject).status());
    BOURSE_ASSIGN_OR_RETURN(out, tx.certificates().ListBySubject(subject));
    return OkStatus();
  }));
  return out;
}

StatusOr<std::string> CertificateAuthority::StatusListCredential(domain::StatusPurpose purpose,
                                                                 int64_t list_number) {
  std::vector<int64_t> bits;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(int64_t issued, tx.certificates().IssuedCount());
    // The list being filled and the next (an issue that raced a list's end may start it).
    if (list_number < 0 || list_number > issued / ListFill() + 1)
      return errors::NotFound("status list");
    BOURSE_ASSIGN_OR_RETURN(bits, tx.status_lists().SetBits(purpose));
    return OkStatus();
  }));
  const int64_t first = list_number * domain::kStatusListSize;
  domain::Bitstring list(domain::kStatusListSize);
  for (int64_t i : bits)
    if (i >= first && i < first + domain::kStatusListSize) list.Set(i - first, true);
  std::string url = StrCat(options_.public_url, "/v1/status-lists/",
                           domain::StatusListName(purpose, list_number));
  absl::Time now = clock_.Now();
  json::object vc{
      {"@context", json::array{"https://www.w3.org/ns/credentials/v2"}},
      {"id", url},
      {"type", json::array{"VerifiableCredential", "BitstringStatusListCredential"}},
      {"issuer", json::object{{"id", options_.public_url}, {"name", options_.venue_name}}},
      {"validFrom", FormatRfc3339(now)},
      {"credentialSubject",
       json::object{{"id", url + "#list"},
                    {"type", "BitstringStatusList"},
                    {"statusPurpose", domain::Name(purpose)},
                    {"encodedList", "u" + Base64UrlEncode(GzipCompress(list.bytes()))}}},
      {"iss", options_.public_url},
      {"iat", absl::ToUnixSeconds(now)},
  };
  return Sign(json::serialize(vc));
}

std::vector<IssuerKey> CertificateAuthority::Keys() const { return {{kid_, key_.public_key()}}; }

}  // namespace bourse::service
