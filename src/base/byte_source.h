// Bytes read at an offset from somewhere: a plain file, or a dataset decrypted as it is read.
// The seam between what is stored and what the HTTP server streams. One reader per download:
// implementations need not be thread-safe.
#ifndef BOURSE_BASE_BYTE_SOURCE_H_
#define BOURSE_BASE_BYTE_SOURCE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"
#include "base/status_macros.h"

namespace bourse {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // The number of bytes there are.
  virtual int64_t size() const = 0;
  // Up to `n` bytes at `offset` into `out`; 0 only at the end.
  virtual StatusOr<size_t> ReadAt(int64_t offset, char* out, size_t n) = 0;
  // Up to `n` bytes at `offset`, as a view that stays valid until the next call on this source;
  // empty only at the end. `scratch` (room for `n` bytes) may hold them: a source that already
  // has them in memory returns its own bytes and copies nothing.
  virtual StatusOr<std::string_view> ReadView(int64_t offset, size_t n, char* scratch) {
    BOURSE_ASSIGN_OR_RETURN(const size_t got, ReadAt(offset, scratch, n));
    return std::string_view(scratch, got);
  }
  // Advice that the reader will next read [offset, offset + length) in order (a download or a
  // range): a source may prepare what follows, but nothing past the end. Changes no result.
  virtual void WillRead(int64_t offset, int64_t length) {}
};

// A plain file, read with pread. NotFound when it cannot be opened.
StatusOr<std::unique_ptr<ByteSource>> OpenPlainFile(const std::string& path);

}  // namespace bourse

#endif  // BOURSE_BASE_BYTE_SOURCE_H_
