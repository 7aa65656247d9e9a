#include "client/certificate_verifier.h"

#include <boost/json.hpp>

#include "base/encoding.h"
#include "base/gzip.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "base/time_format.h"
#include "crypto/jws.h"

namespace bourse::client {
namespace json = boost::json;

namespace {

StatusOr<json::object> ParseJsonObject(std::string_view text, std::string_view what) {
  boost::system::error_code ec;
  json::value v = json::parse(json::string_view(text.data(), text.size()), ec);
  if (ec || !v.is_object()) return InvalidArgumentError(StrCat(what, " is not a JSON object"));
  return std::move(v.as_object());
}

std::string Str(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

// Finds the raw public key for `kid` in a JWKS.
std::optional<std::string> KeyFor(const json::object& jwks, const std::string& kid) {
  const json::value* keys = jwks.if_contains("keys");
  if (!keys || !keys->is_array()) return std::nullopt;
  for (const auto& k : keys->as_array()) {
    if (!k.is_object()) continue;
    const auto& o = k.as_object();
    if (Str(o, "kid") != kid || Str(o, "kty") != "OKP" || Str(o, "crv") != "Ed25519") continue;
    auto x = Base64UrlDecode(Str(o, "x"));
    if (x.ok() && x->size() == 32) return *x;
  }
  return std::nullopt;
}

// Verifies a JWT against the JWKS; returns its payload, or a problem description.
StatusOr<json::object> VerifiedPayload(const std::string& jwt, const json::object& jwks,
                                       std::string* kid) {
  auto parts = crypto::ParseCompactJws(jwt);
  if (!parts.ok()) return InvalidArgumentError("not a compact JWT");
  BOURSE_ASSIGN_OR_RETURN(json::object header,
                          ParseJsonObject(parts->header_json, "the JWT header"));
  if (Str(header, "alg") != "EdDSA") return FailedPreconditionError("alg is not EdDSA");
  *kid = Str(header, "kid");
  auto key = KeyFor(jwks, *kid);
  if (!key) return FailedPreconditionError(StrCat("no key '", *kid, "' in the JWKS"));
  if (!crypto::VerifyCompactJws(*parts, *key))
    return FailedPreconditionError("the signature does not verify");
  return ParseJsonObject(parts->payload_json, "the JWT payload");
}

// The credential's status entries: `credentialStatus` may be one object or an array of them.
std::vector<const json::object*> StatusEntries(const json::object& payload) {
  std::vector<const json::object*> entries;
  const auto* cs = payload.if_contains("credentialStatus");
  if (cs == nullptr) return entries;
  if (cs->is_object()) entries.push_back(&cs->as_object());
  if (cs->is_array())
    for (const auto& e : cs->as_array())
      if (e.is_object()) entries.push_back(&e.as_object());
  return entries;
}

}  // namespace

StatusOr<std::map<std::string, std::string>> StatusListNames(const std::string& jwt) {
  auto parts = crypto::ParseCompactJws(jwt);
  if (!parts.ok()) return InvalidArgumentError("the certificate is not a compact JWT");
  BOURSE_ASSIGN_OR_RETURN(json::object payload,
                          ParseJsonObject(parts->payload_json, "the certificate payload"));
  std::map<std::string, std::string> out;
  for (const json::object* e : StatusEntries(payload)) {
    const std::string url = Str(*e, "statusListCredential");
    const size_t slash = url.rfind('/');
    if (slash != std::string::npos && slash + 1 < url.size())
      out[Str(*e, "statusPurpose")] = url.substr(slash + 1);
  }
  return out;
}

StatusOr<CertificateReport> VerifyCertificate(const VerificationInputs& in) {
  CertificateReport r;
  auto parts = crypto::ParseCompactJws(in.jwt);
  if (!parts.ok()) return InvalidArgumentError("the certificate is not a compact JWT");
  BOURSE_ASSIGN_OR_RETURN(json::object payload,
                          ParseJsonObject(parts->payload_json, "the certificate payload"));
  BOURSE_ASSIGN_OR_RETURN(json::object jwks, ParseJsonObject(in.jwks_json, "the JWKS"));

  r.id = Str(payload, "id");
  r.valid_from = Str(payload, "validFrom");
  r.valid_until = Str(payload, "validUntil");
  if (const auto* issuer = payload.if_contains("issuer")) {
    r.issuer = issuer->is_object() ? Str(issuer->as_object(), "id")
                                   : (issuer->is_string() ? std::string(issuer->as_string()) : "");
  }
  if (const auto* t = payload.if_contains("type"); t && t->is_array()) {
    for (const auto& x : t->as_array())
      if (x.is_string()) r.types.emplace_back(x.as_string());
  }
  if (const auto* s = payload.if_contains("credentialSubject"))
    r.subject_json = json::serialize(*s);

  auto verified = VerifiedPayload(in.jwt, jwks, &r.kid);
  r.signature_ok = verified.ok();
  if (!verified.ok()) r.problems.push_back(StrCat("signature: ", verified.status().message()));

  auto from = ParseRfc3339(r.valid_from);
  auto until = ParseRfc3339(r.valid_until);
  if (!from.ok()) {
    r.problems.push_back("validity: validFrom is missing or malformed");
  } else if (in.now < *from) {
    r.problems.push_back(StrCat("validity: not valid before ", r.valid_from));
  } else if (until.ok() && in.now >= *until) {
    r.problems.push_back(StrCat("validity: expired at ", r.valid_until));
  } else {
    r.within_validity = true;
  }

  for (const json::object* e : StatusEntries(payload)) {
    const json::object& entry = *e;
    std::string purpose = Str(entry, "statusPurpose");
    std::string list_url = Str(entry, "statusListCredential");
    int64_t index = -1;
    try {
      index = std::stoll(Str(entry, "statusListIndex"));
    } catch (...) {
    }
    auto it = in.status_lists.find(purpose);
    if (it == in.status_lists.end()) {
      r.problems.push_back(StrCat("status: no ", purpose, " status list was available"));
      continue;
    }
    std::string list_kid;
    auto list = VerifiedPayload(it->second, jwks, &list_kid);
    if (!list.ok()) {
      r.problems.push_back(
          StrCat("status: the ", purpose, " list does not verify: ", list.status().message()));
      continue;
    }
    if (Str(*list, "id") != list_url) {
      r.problems.push_back(
          StrCat("status: the ", purpose, " list is ", Str(*list, "id"), ", not ", list_url));
      continue;
    }
    const auto* subject = list->if_contains("credentialSubject");
    std::string encoded =
        subject && subject->is_object() ? Str(subject->as_object(), "encodedList") : "";
    auto raw = encoded.size() > 1 && encoded[0] == 'u'
                   ? Base64UrlDecode(encoded.substr(1))
                   : StatusOr<std::string>(InvalidArgumentError("no list"));
    auto bits = raw.ok() ? GzipDecompress(*raw, 1 << 24) : StatusOr<std::string>(raw.status());
    if (!bits.ok() || index < 0 || index >= static_cast<int64_t>(bits->size()) * 8) {
      r.problems.push_back(StrCat("status: the ", purpose, " list or index is malformed"));
      continue;
    }
    bool set = (static_cast<uint8_t>((*bits)[index / 8]) & (0x80 >> (index % 8))) != 0;
    if (purpose == "revocation") r.revoked = set;
    if (purpose == "suspension") r.suspended = set;
    if (set)
      r.problems.push_back(
          StrCat("status: the certificate is ", purpose == "revocation" ? "revoked" : "suspended"));
  }
  r.valid = r.problems.empty();
  return r;
}

}  // namespace bourse::client
