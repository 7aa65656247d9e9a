// C2SP tlog-checkpoint bodies: "<origin>\n<tree size>\n<base64 root hash>\n", signed as a C2SP
// signed note whose key name is the origin.
#ifndef BOURSE_MERKLE_CHECKPOINT_H_
#define BOURSE_MERKLE_CHECKPOINT_H_

#include <cstdint>
#include <string>

#include "base/status.h"
#include "crypto/signed_note.h"
#include "merkle/merkle.h"

namespace bourse::merkle {

struct CheckpointBody {
  std::string origin;
  uint64_t size = 0;
  Hash root{};
};

std::string FormatCheckpointBody(const CheckpointBody& body);
// InvalidArgument for anything but three well-formed lines (extension lines are ignored).
StatusOr<CheckpointBody> ParseCheckpointBody(std::string_view text);
// Opens a signed checkpoint with `verifier` and parses it; the origin must be the key name.
StatusOr<CheckpointBody> OpenCheckpoint(std::string_view note,
                                        const crypto::NoteVerifier& verifier);

}  // namespace bourse::merkle

#endif  // BOURSE_MERKLE_CHECKPOINT_H_
