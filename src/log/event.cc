#include "log/event.h"

#include "base/time_format.h"
#include "crypto/sha256.h"
#include "log/canonical_json.h"

namespace bourse::log {

Event& Event::Document(const std::string& name, std::string_view content) {
  documents[name] = crypto::Sha256Hex(content);
  return *this;
}

StatusOr<std::string> EncodeLeaf(const Event& e) {
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

}  // namespace bourse::log
