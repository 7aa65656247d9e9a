// JSON Web Signature (RFC 7515) compact serialization with EdDSA (RFC 8037) only.
//
// This module handles bytes and signatures; it does not parse JSON. Callers pass the protected
// header and payload as serialized JSON and, when verifying, read the header themselves (to find
// `kid` and check `alg`) from the decoded parts returned by ParseCompactJws.
#ifndef BOURSE_CRYPTO_JWS_H_
#define BOURSE_CRYPTO_JWS_H_

#include <string>
#include <string_view>

#include "base/status.h"
#include "crypto/ed25519.h"

namespace bourse::crypto {

// BASE64URL(header) "." BASE64URL(payload) "." BASE64URL(Ed25519 signature over the first two).
std::string SignCompactJws(const Ed25519PrivateKey& key, std::string_view header_json,
                           std::string_view payload_json);

struct CompactJws {
  std::string header_json;
  std::string payload_json;
  std::string signing_input;  // The ASCII "<b64 header>.<b64 payload>" that was signed.
  std::string signature;      // Raw signature bytes.
};

// Splits and decodes a compact JWS; InvalidArgument when it is not three base64url parts.
StatusOr<CompactJws> ParseCompactJws(std::string_view compact);

// True when `jws.signature` verifies over `jws.signing_input` with the raw Ed25519 key.
bool VerifyCompactJws(const CompactJws& jws, std::string_view public_key);

// RFC 7638 JWK thumbprint of an Ed25519 public key, base64url: the conventional `kid`.
std::string Ed25519Thumbprint(std::string_view public_key);

}  // namespace bourse::crypto

#endif  // BOURSE_CRYPTO_JWS_H_
