// Bytes read at an offset from somewhere: a plain file, or a dataset decrypted as it is read.
// The seam between what is stored and what the HTTP server streams. One reader per download:
// implementations need not be thread-safe.
#ifndef BOURSE_BASE_BYTE_SOURCE_H_
#define BOURSE_BASE_BYTE_SOURCE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "base/status.h"

namespace bourse {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // The number of bytes there are.
  virtual int64_t size() const = 0;
  // Up to `n` bytes at `offset` into `out`; 0 only at the end.
  virtual StatusOr<size_t> ReadAt(int64_t offset, char* out, size_t n) = 0;
};

// A plain file, read with pread. NotFound when it cannot be opened.
StatusOr<std::unique_ptr<ByteSource>> OpenPlainFile(const std::string& path);

}  // namespace bourse

#endif  // BOURSE_BASE_BYTE_SOURCE_H_
