#include "crypto/signed_note.h"

#include <cstdio>

#include "base/encoding.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "crypto/sha256.h"

namespace bourse::crypto {
namespace {

constexpr char kEd25519Type = 0x01;
constexpr std::string_view kSigPrefix = "\xe2\x80\x94 ";  // "— " (U+2014 and a space).

bool ValidName(std::string_view name) {
  if (name.empty() || !IsValidUtf8(name)) return false;
  for (unsigned char c : name) {
    if (c <= ' ' || c == '+') return false;
  }
  return true;
}

std::string KeyHashBytes(uint32_t h) {
  std::string out(4, '\0');
  for (int i = 0; i < 4; ++i) out[i] = static_cast<char>((h >> (24 - 8 * i)) & 0xff);
  return out;
}

}  // namespace

uint32_t NoteKeyHash(std::string_view name, std::string_view public_key) {
  std::string buf(name);
  buf += '\n';
  buf += kEd25519Type;
  buf += public_key;
  Sha256Digest d = Sha256(buf);
  return (uint32_t{d[0]} << 24) | (uint32_t{d[1]} << 16) | (uint32_t{d[2]} << 8) | uint32_t{d[3]};
}

std::string NoteVerifierKey(std::string_view name, std::string_view public_key) {
  char hash[9];
  std::snprintf(hash, sizeof(hash), "%08x", NoteKeyHash(name, public_key));
  return StrCat(name, "+", hash, "+",
                Base64Encode(std::string(1, kEd25519Type) + std::string(public_key)));
}

StatusOr<NoteVerifier> ParseNoteVerifierKey(std::string_view vkey) {
  // The base64 part may itself contain '+': split at the first two only.
  size_t a = vkey.find('+');
  size_t b = a == std::string_view::npos ? a : vkey.find('+', a + 1);
  if (b == std::string_view::npos) return InvalidArgumentError("a verifier key is name+hash+key");
  NoteVerifier v;
  v.name = std::string(vkey.substr(0, a));
  std::string_view hash = vkey.substr(a + 1, b - a - 1);
  if (!ValidName(v.name) || hash.size() != 8) return InvalidArgumentError("malformed verifier key");
  auto hash_bytes = HexDecode(hash);
  auto key = Base64Decode(vkey.substr(b + 1));
  if (!hash_bytes.ok() || !key.ok() || key->size() != 33 || (*key)[0] != kEd25519Type) {
    return InvalidArgumentError("not an Ed25519 verifier key");
  }
  for (char c : hash) {
    if (c >= 'A' && c <= 'F') return InvalidArgumentError("the key hash must be lowercase hex");
  }
  v.key_hash = (uint32_t{static_cast<uint8_t>((*hash_bytes)[0])} << 24) |
               (uint32_t{static_cast<uint8_t>((*hash_bytes)[1])} << 16) |
               (uint32_t{static_cast<uint8_t>((*hash_bytes)[2])} << 8) |
               uint32_t{static_cast<uint8_t>((*hash_bytes)[3])};
  v.public_key = key->substr(1);
  if (NoteKeyHash(v.name, v.public_key) != v.key_hash)
    return InvalidArgumentError("the key hash does not match the key");
  return v;
}

StatusOr<std::string> SignNote(std::string_view text, std::string_view name,
                               const Ed25519PrivateKey& key) {
  if (text.empty() || text.back() != '\n' || !IsValidUtf8(text)) {
    return InvalidArgumentError("note text must be UTF-8 ending in a newline");
  }
  if (!ValidName(name))
    return InvalidArgumentError("a key name has no spaces, '+' or control characters");
  std::string sig = KeyHashBytes(NoteKeyHash(name, key.public_key())) + key.Sign(text);
  return StrCat(text, "\n", kSigPrefix, name, " ", Base64Encode(sig), "\n");
}

StatusOr<std::string> OpenNote(std::string_view note, const NoteVerifier& verifier) {
  size_t split = note.rfind("\n\n");
  if (split == std::string_view::npos || note.empty() || note.back() != '\n') {
    return InvalidArgumentError("a signed note is text, a blank line and signature lines");
  }
  std::string_view text = note.substr(0, split + 1);
  std::string_view sigs = note.substr(split + 2);
  bool any = false;
  while (!sigs.empty()) {
    size_t end = sigs.find('\n');
    std::string_view line = sigs.substr(0, end);
    sigs.remove_prefix(end + 1);
    if (line.substr(0, kSigPrefix.size()) != kSigPrefix)
      return InvalidArgumentError("malformed signature line");
    line.remove_prefix(kSigPrefix.size());
    size_t space = line.find(' ');
    if (space == std::string_view::npos) return InvalidArgumentError("malformed signature line");
    std::string_view name = line.substr(0, space);
    auto blob = Base64Decode(line.substr(space + 1));
    if (!blob.ok() || blob->size() < 4) return InvalidArgumentError("malformed signature");
    any = true;
    if (name != verifier.name || blob->substr(0, 4) != KeyHashBytes(verifier.key_hash)) continue;
    if (Ed25519Verify(verifier.public_key, text, blob->substr(4))) return std::string(text);
  }
  if (!any) return InvalidArgumentError("the note has no signatures");
  return PermissionDeniedError(StrCat("no valid signature by ", verifier.name));
}

}  // namespace bourse::crypto
