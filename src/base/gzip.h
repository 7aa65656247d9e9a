// GZIP (RFC 1952) compression of whole in-memory buffers, as the W3C Bitstring Status List
// requires for its encoded list. Not for streaming large payloads.
#ifndef BOURSE_BASE_GZIP_H_
#define BOURSE_BASE_GZIP_H_

#include <string>
#include <string_view>

#include "base/status.h"

namespace bourse {

std::string GzipCompress(std::string_view data);
// Fails with InvalidArgument on corrupt input or when the output would exceed `max_output`.
StatusOr<std::string> GzipDecompress(std::string_view data, size_t max_output);

}  // namespace bourse

#endif  // BOURSE_BASE_GZIP_H_
