// C2SP signed-note with Ed25519 signatures: the envelope of transparency-log checkpoints.
//
// A note is UTF-8 text ending in "\n", a blank line, then signature lines
// "— <key name> <base64(4-byte key hash || 64-byte signature)>\n". The key hash is the first
// four bytes of SHA-256(name || "\n" || 0x01 || public key). A verifier key is written
// "<name>+<key hash as 8 hex digits>+<base64(0x01 || public key)>". Compatible with Go's
// golang.org/x/mod/sumdb/note. Thread-safe.
#ifndef BOURSE_CRYPTO_SIGNED_NOTE_H_
#define BOURSE_CRYPTO_SIGNED_NOTE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"
#include "crypto/ed25519.h"

namespace bourse::crypto {

struct NoteVerifier {
  std::string name;
  uint32_t key_hash = 0;
  std::string public_key;  // 32 raw bytes.
};

uint32_t NoteKeyHash(std::string_view name, std::string_view public_key);
// "<name>+<hash>+<base64(0x01||key)>".
std::string NoteVerifierKey(std::string_view name, std::string_view public_key);
// InvalidArgument for a malformed key, a key of another type, or a hash that does not match.
StatusOr<NoteVerifier> ParseNoteVerifierKey(std::string_view vkey);

// `text` must be non-empty UTF-8 ending in "\n"; InvalidArgument otherwise.
// `name` must be non-empty without spaces, "+" or newlines.
StatusOr<std::string> SignNote(std::string_view text, std::string_view name,
                               const Ed25519PrivateKey& key);

// The note's text when a signature line by `verifier` (matching name and key hash) verifies;
// InvalidArgument for a malformed note, PermissionDenied when no signature by that key verifies.
StatusOr<std::string> OpenNote(std::string_view note, const NoteVerifier& verifier);

}  // namespace bourse::crypto

#endif  // BOURSE_CRYPTO_SIGNED_NOTE_H_
