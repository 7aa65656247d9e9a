// Encryption at rest: datasets and secrets under AES-256-GCM.
//
// Key hierarchy. A key-encryption key (KEK) lives in a keyring file outside the database
// (`data_key_file`, by default keys/data.kek, mode 0600), so an operator can keep it on another
// volume. Every sealed file has its own random 256-bit data key, stored in the file's header
// wrapped (AES-256-GCM) by the KEK; rotating the KEK rewraps those headers and rewrites no data.
//
// Sealed file format (little-endian):
//   0   magic "BOURSEE1"            8 bytes
//   8   chunk size                   u32 (65,536)
//   12  reserved                     u32 = 0
//   16  plaintext size               u64
//   24  KEK id                       16 bytes, ASCII, zero-padded
//   40  wrap nonce                   12 bytes (random)
//   52  wrapped data key             32 bytes
//   84  wrap tag                     16 bytes; AAD = bytes 0–39
//   100 reserved                     28 zero bytes
//   128 chunk i: ciphertext (chunk size, the last one shorter) then its 16-byte tag; the nonce
//       is 4 zero bytes and i as u64 big-endian (unique under the file's own key), the AAD is i
//       as u64 big-endian and a byte that is 1 for the last chunk.
// A reader decrypts only the chunks a range touches; a chunk altered, moved, dropped or
// truncated fails its tag, and the plaintext size is authenticated by the wrap.
//
// Secrets (webhook signing secrets, upstream credentials) are sealed into text,
// "enc1:<KEK id>:<base64 of nonce, ciphertext and tag>", with the purpose as AAD.
#ifndef BOURSE_CRYPTO_DATA_KEYS_H_
#define BOURSE_CRYPTO_DATA_KEYS_H_

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "base/byte_source.h"
#include "base/random.h"
#include "base/status.h"

namespace bourse::crypto {

inline constexpr size_t kSealedChunkBytes = 64 * 1024;
inline constexpr size_t kSealedHeaderBytes = 128;

struct KeyEncryptionKey {
  std::string id;   // 1–16 characters [a-z0-9-].
  std::string key;  // 32 bytes.
};

// The KEKs an exchange knows: the last one is active (new files and rotations use it); older
// ones still open files not yet rewrapped.
class Keyring {
 public:
  // Reads the keyring at `path`, creating it with one fresh key (mode 0600) when missing.
  // FailedPrecondition when the file exists but is unreadable, malformed or readable by others.
  static StatusOr<Keyring> LoadOrCreate(const std::string& path, Random& random);
  const KeyEncryptionKey& active() const { return keys_.back(); }
  const KeyEncryptionKey* Find(std::string_view id) const;
  const std::vector<KeyEncryptionKey>& keys() const { return keys_; }
  // Adds a fresh key and makes it active; saved atomically.
  Status AddKey(Random& random);
  // Forgets every key but the active one; saved atomically.
  Status RetireOlderKeys();

 private:
  friend class DataKeys;
  Status Save() const;
  std::string path_;
  std::vector<KeyEncryptionKey> keys_;
};

// True when the file at `path` starts with the sealed-file magic.
bool IsSealedFile(const std::string& path);
// Encrypts the plain file `plain_path` into `sealed_path` (created 0600, fsynced) under a fresh
// data key wrapped by `kek`.
Status SealFile(const std::string& plain_path, const std::string& sealed_path,
                const KeyEncryptionKey& kek, Random& random);
// How much a sequential reader of a sealed file has decrypted ahead of it (base/read_ahead.h),
// held twice per reader; 0 decrypts each chunk when it is read.
inline constexpr size_t kDefaultReadAheadBytes = 1 << 20;
// Opens a sealed file for reading: a read decrypts only the chunks it needs, and reads in order
// have the next `read_ahead_bytes` decrypted on another thread meanwhile. DataLoss when a chunk
// or the header fails authentication.
StatusOr<std::unique_ptr<ByteSource>> OpenSealedFile(
    const std::string& path, const Keyring& keyring,
    size_t read_ahead_bytes = kDefaultReadAheadBytes);
// Rewraps the file's data key under `kek` by rewriting its header in place; no data is
// rewritten. OK and nothing written when it is already under `kek`.
Status RewrapSealedFile(const std::string& path, const Keyring& keyring,
                        const KeyEncryptionKey& kek, Random& random);
// The KEK id a sealed file's data key is wrapped under.
StatusOr<std::string> SealedFileKeyId(const std::string& path);

// A secret sealed into text for storage, and opened again. `purpose` binds it to its use.
StatusOr<std::string> SealSecret(std::string_view secret, std::string_view purpose,
                                 const KeyEncryptionKey& kek, Random& random);
StatusOr<std::string> OpenSecret(std::string_view sealed, std::string_view purpose,
                                 const Keyring& keyring);
bool IsSealedSecret(std::string_view text);
// The id of the key a sealed secret is sealed under; empty when `text` is not a sealed secret.
std::string_view SealedSecretKeyId(std::string_view text);

// The exchange's data keys at run time: the keyring at a path, shared by the threads that seal
// and open. When a file or secret names a key the loaded keyring lacks (another process rotated
// the keys), the keyring is read again once. Thread-safe.
class DataKeys {
 public:
  static StatusOr<std::unique_ptr<DataKeys>> Open(const std::string& keyring_path, Random& random);

  Status SealFile(const std::string& plain_path, const std::string& sealed_path);
  StatusOr<std::unique_ptr<ByteSource>> OpenFile(const std::string& path,
                                                 size_t read_ahead_bytes = kDefaultReadAheadBytes);
  StatusOr<std::string> SealSecret(std::string_view secret, std::string_view purpose);
  StatusOr<std::string> OpenSecret(std::string_view sealed, std::string_view purpose);
  // Rotation: a fresh active key (saved), then `rewrap` with the keyring holding old and new,
  // then the older keys are forgotten — only when `rewrap` succeeded, so an interrupted rotation
  // can be run again.
  Status Rotate(const std::function<Status(const Keyring&)>& rewrap);
  Random& random() { return random_; }
  std::string active_id();

 private:
  DataKeys(Keyring ring, std::string path, Random& random)
      : ring_(std::move(ring)), path_(std::move(path)), random_(random) {}
  Keyring Snapshot();
  // Reads the keyring again; true when it now holds `id`.
  bool Reload(std::string_view id);
  std::mutex mu_;
  Keyring ring_;
  std::string path_;
  Random& random_;
};

}  // namespace bourse::crypto

#endif  // BOURSE_CRYPTO_DATA_KEYS_H_
