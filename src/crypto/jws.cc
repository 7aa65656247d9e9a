#include "crypto/jws.h"

#include "base/encoding.h"
#include "base/status.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "crypto/sha256.h"

namespace bourse::crypto {

std::string SignCompactJws(const Ed25519PrivateKey& key, std::string_view header_json,
                           std::string_view payload_json) {
  std::string input = StrCat(Base64UrlEncode(header_json), ".", Base64UrlEncode(payload_json));
  std::string sig = key.Sign(input);
  return StrCat(input, ".", Base64UrlEncode(sig));
}

StatusOr<CompactJws> ParseCompactJws(std::string_view compact) {
  size_t a = compact.find('.');
  size_t b = a == std::string_view::npos ? a : compact.find('.', a + 1);
  if (b == std::string_view::npos || compact.find('.', b + 1) != std::string_view::npos) {
    return InvalidArgumentError("a compact JWS has exactly three parts");
  }
  CompactJws out;
  BOURSE_ASSIGN_OR_RETURN(out.header_json, Base64UrlDecode(compact.substr(0, a)));
  BOURSE_ASSIGN_OR_RETURN(out.payload_json, Base64UrlDecode(compact.substr(a + 1, b - a - 1)));
  BOURSE_ASSIGN_OR_RETURN(out.signature, Base64UrlDecode(compact.substr(b + 1)));
  out.signing_input = std::string(compact.substr(0, b));
  return out;
}

bool VerifyCompactJws(const CompactJws& jws, std::string_view public_key) {
  return Ed25519Verify(public_key, jws.signing_input, jws.signature);
}

std::string Ed25519Thumbprint(std::string_view public_key) {
  // Required members in lexicographic order, no whitespace (RFC 7638 §3).
  std::string jwk =
      StrCat(R"({"crv":"Ed25519","kty":"OKP","x":")", Base64UrlEncode(public_key), R"("})");
  return Base64UrlEncode(Sha256Bytes(jwk));
}

}  // namespace bourse::crypto
