// Events: what the transparency log records about each consequential act.
//
// A leaf is the RFC 8785 canonical JSON of
//   {"type": "...", "v": 1, "time": "<RFC 3339>", "actor": "<organisation id>" | null,
//    "subjects": {"<role>": "<id>", ...}, "fields": {...}, "documents": {"<name>": "<sha256 hex>"}}
// Leaves are public: they carry ids, enumerated values and digests, never personal data or free
// text (free text goes in as a digest). docs/formats/log.md specifies each event type.
#ifndef BOURSE_LOG_EVENT_H_
#define BOURSE_LOG_EVENT_H_

#include <boost/json.hpp>
#include <map>
#include <optional>
#include <string>

#include "absl/time/time.h"
#include "base/status.h"

namespace bourse::log {

struct Event {
  std::string type;  // e.g. "organization.decided"; never reused with another meaning.
  int version = 1;   // Bumped when the fields of `type` change.
  absl::Time time;
  std::optional<std::string> actor;              // The acting organisation, if any.
  std::map<std::string, std::string> subjects;   // Ids of the objects acted on.
  boost::json::object fields;                    // Essential values: enums, integers, ids.
  std::map<std::string, std::string> documents;  // Name → SHA-256 (hex) of attached text.

  // Adds the SHA-256 of `content` as document `name` (for free text and attachments).
  Event& Document(const std::string& name, std::string_view content);
};

// The canonical leaf bytes; InvalidArgument for values canonical JSON cannot carry.
StatusOr<std::string> EncodeLeaf(const Event& event);

}  // namespace bourse::log

#endif  // BOURSE_LOG_EVENT_H_
