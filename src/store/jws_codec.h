// How a compact JWS (a certificate's VC-JWT) is kept in a storage row: its three base64url parts
// decoded and stored one after another, a quarter smaller than the text. A trade certificate's
// text is about 2,350 bytes, so its row took a 4 KiB page of its own; decoded, two rows share a
// page. Packing is exact: PackCompactJws only packs text that UnpackCompactJws gives back byte
// for byte (canonical unpadded base64url in three parts), and returns nullopt for anything else,
// which the backend then stores as text.
#ifndef BOURSE_STORE_JWS_CODEC_H_
#define BOURSE_STORE_JWS_CODEC_H_

#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace bourse::store {

// Layout: the header's and the payload's decoded lengths (4 bytes each, big-endian), the
// header, the payload, the signature.
std::optional<std::string> PackCompactJws(std::string_view jws);
// The text packed; DataLoss if `packed` is not something PackCompactJws made.
StatusOr<std::string> UnpackCompactJws(std::string_view packed);

}  // namespace bourse::store

#endif  // BOURSE_STORE_JWS_CODEC_H_
