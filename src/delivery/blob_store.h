// Where dataset bytes live: partial uploads under DIR/uploads/<upload id>.part, and sealed
// datasets, content-addressed and immutable, under DIR/blobs/<sha256 hex>. File names given by
// users never become paths; only generated ids and digests do.
//
// Writes go to the partial file at an explicit offset (anything past it is cut first, so a
// retried or interrupted chunk never leaves stray bytes). Seal() fsyncs, hashes, and renames the
// file into place atomically: a crash leaves either a partial upload or a complete blob, never a
// half-written blob. Thread-safe for different uploads.
#ifndef BOURSE_DELIVERY_BLOB_STORE_H_
#define BOURSE_DELIVERY_BLOB_STORE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/ids.h"
#include "base/status.h"

namespace bourse::delivery {

struct SealedBlob {
  std::string sha256;  // Hex.
  int64_t bytes = 0;
  std::string path;
};

class BlobStore {
 public:
  // Creates `root`/uploads and `root`/blobs if needed.
  static StatusOr<std::unique_ptr<BlobStore>> Open(const std::string& root);

  // Writes `bytes` at `offset` of the upload's partial file, cutting the file to `offset` first.
  Status Write(const UploadId& id, int64_t offset, std::string_view bytes);
  // Bytes on disk for the upload (0 when none).
  int64_t PartialSize(const UploadId& id) const;
  std::string PartialPath(const UploadId& id) const;
  // Flushes the partial file to disk, hashes it, and moves it to blobs/<sha256>.
  StatusOr<SealedBlob> Seal(const UploadId& id);
  Status Discard(const UploadId& id);
  std::string BlobPath(std::string_view sha256) const;

 private:
  explicit BlobStore(std::string root) : root_(std::move(root)) {}
  std::string root_;
};

}  // namespace bourse::delivery

#endif  // BOURSE_DELIVERY_BLOB_STORE_H_
