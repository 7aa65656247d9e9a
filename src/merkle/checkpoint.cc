#include "merkle/checkpoint.h"

#include "base/encoding.h"
#include "base/status_macros.h"
#include "base/strings.h"

namespace bourse::merkle {

std::string FormatCheckpointBody(const CheckpointBody& b) {
  return StrCat(b.origin, "\n", std::to_string(b.size), "\n", Base64Encode(ToBytes(b.root)), "\n");
}

StatusOr<CheckpointBody> ParseCheckpointBody(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    if (nl == std::string_view::npos)
      return InvalidArgumentError("a checkpoint ends with a newline");
    lines.push_back(text.substr(0, nl));
    text.remove_prefix(nl + 1);
  }
  if (lines.size() < 3 || lines[0].empty())
    return InvalidArgumentError("a checkpoint has origin, size and root");
  CheckpointBody b;
  b.origin = std::string(lines[0]);
  if (lines[1].empty() || lines[1].size() > 20 || (lines[1].size() > 1 && lines[1][0] == '0')) {
    return InvalidArgumentError("malformed tree size");
  }
  for (char c : lines[1]) {
    if (c < '0' || c > '9') return InvalidArgumentError("malformed tree size");
    b.size = b.size * 10 + static_cast<uint64_t>(c - '0');
  }
  auto root = Base64Decode(lines[2]);
  if (!root.ok()) return InvalidArgumentError("malformed root hash");
  BOURSE_ASSIGN_OR_RETURN(b.root, FromBytes(*root));
  return b;
}

StatusOr<CheckpointBody> OpenCheckpoint(std::string_view note,
                                        const crypto::NoteVerifier& verifier) {
  BOURSE_ASSIGN_OR_RETURN(std::string text, crypto::OpenNote(note, verifier));
  BOURSE_ASSIGN_OR_RETURN(CheckpointBody body, ParseCheckpointBody(text));
  if (body.origin != verifier.name)
    return InvalidArgumentError("the checkpoint's origin is not its key's name");
  return body;
}

}  // namespace bourse::merkle
