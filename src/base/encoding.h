// Byte encodings used on the wire: lowercase hex, standard base64 (RFC 4648 §4, padded) and
// base64url (RFC 4648 §5, unpadded, as JOSE uses it). Decoders reject invalid input with
// InvalidArgument instead of skipping characters.
#ifndef BOURSE_BASE_ENCODING_H_
#define BOURSE_BASE_ENCODING_H_

#include <string>
#include <string_view>

#include "base/status.h"

namespace bourse {

std::string HexEncode(std::string_view bytes);
StatusOr<std::string> HexDecode(std::string_view hex);

std::string Base64Encode(std::string_view bytes);
StatusOr<std::string> Base64Decode(std::string_view text);

std::string Base64UrlEncode(std::string_view bytes);
StatusOr<std::string> Base64UrlDecode(std::string_view text);

// True when `text` is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool IsValidUtf8(std::string_view text);
// Number of code points in valid UTF-8 `text`.
size_t Utf8Length(std::string_view text);

}  // namespace bourse

#endif  // BOURSE_BASE_ENCODING_H_
