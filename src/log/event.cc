#include "log/event.h"

#include "base/status_macros.h"
#include "base/time_format.h"
#include "crypto/sha256.h"
#include "log/canonical_json.h"

namespace bourse::log {

Event& Event::Document(const std::string& name, std::string_view content) {
  documents[name] = crypto::Sha256Hex(content);
  return *this;
}

namespace {

bool AsciiKeys(const std::map<std::string, std::string>& m) {
  for (const auto& [k, v] : m)
    for (unsigned char c : k)
      if (c >= 0x80) return false;
  return true;
}

// A map of strings as a canonical JSON object. For ASCII names the map's order is the order of
// their UTF-16 code units that RFC 8785 asks for.
Status AppendStringMap(const std::map<std::string, std::string>& m, std::string& out) {
  out += '{';
  bool first = true;
  for (const auto& [k, v] : m) {
    if (!first) out += ',';
    first = false;
    BOURSE_RETURN_IF_ERROR(AppendCanonicalString(k, out));
    out += ':';
    BOURSE_RETURN_IF_ERROR(AppendCanonicalString(v, out));
  }
  out += '}';
  return OkStatus();
}

// The general path, through a JSON document: names outside ASCII need sorting by UTF-16.
StatusOr<std::string> EncodeLeafAsDocument(const Event& e) {
  boost::json::object subjects, documents;
  for (const auto& [k, v] : e.subjects) subjects[k] = v;
  for (const auto& [k, v] : e.documents) documents[k] = v;
  boost::json::object leaf{
      {"type", e.type},
      {"v", e.version},
      {"time", FormatRfc3339(e.time)},
      {"actor", e.actor ? boost::json::value(*e.actor) : boost::json::value(nullptr)},
      {"subjects", std::move(subjects)},
      {"fields", e.fields},
      {"documents", std::move(documents)}};
  return CanonicalJson(leaf);
}

}  // namespace

// Written member by member, in canonical order (actor, documents, fields, subjects, time, type,
// v), without building a JSON document first: a trade appends ten leaves inside the writer's
// transaction. The test checks it against the document path byte for byte.
StatusOr<std::string> EncodeLeaf(const Event& e) {
  if (!AsciiKeys(e.subjects) || !AsciiKeys(e.documents)) return EncodeLeafAsDocument(e);
  std::string out;
  out.reserve(384);
  out += R"({"actor":)";
  if (e.actor) {
    BOURSE_RETURN_IF_ERROR(AppendCanonicalString(*e.actor, out));
  } else {
    out += "null";
  }
  out += R"(,"documents":)";
  BOURSE_RETURN_IF_ERROR(AppendStringMap(e.documents, out));
  out += R"(,"fields":)";
  BOURSE_RETURN_IF_ERROR(AppendCanonicalJson(e.fields, out));
  out += R"(,"subjects":)";
  BOURSE_RETURN_IF_ERROR(AppendStringMap(e.subjects, out));
  out += R"(,"time":)";
  BOURSE_RETURN_IF_ERROR(AppendCanonicalString(FormatRfc3339(e.time), out));
  out += R"(,"type":)";
  BOURSE_RETURN_IF_ERROR(AppendCanonicalString(e.type, out));
  out += R"(,"v":)";
  BOURSE_RETURN_IF_ERROR(AppendCanonicalJson(boost::json::value(e.version), out));
  out += '}';
  return out;
}

}  // namespace bourse::log
