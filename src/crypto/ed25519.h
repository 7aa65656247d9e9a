// Ed25519 signatures (RFC 8032) for certificates, status lists and log checkpoints.
//
// A private key is made from a 32-byte seed drawn from an injected Random, so tests are
// deterministic. Keys persist as PKCS#8 PEM files written with mode 0600. Objects are immutable
// after construction and safe to share across threads.
#ifndef BOURSE_CRYPTO_ED25519_H_
#define BOURSE_CRYPTO_ED25519_H_

#include <memory>
#include <string>
#include <string_view>

#include "base/random.h"
#include "base/status.h"

namespace bourse::crypto {

class Ed25519PrivateKey {
 public:
  ~Ed25519PrivateKey();
  Ed25519PrivateKey(Ed25519PrivateKey&&) noexcept;
  Ed25519PrivateKey& operator=(Ed25519PrivateKey&&) noexcept;

  static StatusOr<Ed25519PrivateKey> FromSeed(std::string_view seed32);
  static Ed25519PrivateKey Generate(Random& random);
  // Reads a PKCS#8 PEM file; InvalidArgument if it is not an Ed25519 key, NotFound if missing.
  static StatusOr<Ed25519PrivateKey> ReadPemFile(const std::string& path);
  // Writes the key as PKCS#8 PEM, creating the file with mode 0600; fails if it exists.
  Status WritePemFile(const std::string& path) const;

  // The 64-byte signature of `message`.
  std::string Sign(std::string_view message) const;
  // The 32-byte raw public key.
  const std::string& public_key() const { return public_key_; }

 private:
  explicit Ed25519PrivateKey(void* pkey);
  void* pkey_ = nullptr;  // EVP_PKEY*, owned.
  std::string public_key_;
  // Signing contexts already set up for this key, kept for reuse: setting one up (fetching the
  // algorithm from OpenSSL's provider) costs about a seventh of a signature.
  struct SignerPool;
  std::unique_ptr<SignerPool> signers_;
};

// True when `signature` is a valid Ed25519 signature of `message` under the raw 32-byte key.
bool Ed25519Verify(std::string_view public_key, std::string_view message,
                   std::string_view signature);

}  // namespace bourse::crypto

#endif  // BOURSE_CRYPTO_ED25519_H_
