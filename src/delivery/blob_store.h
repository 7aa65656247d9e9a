// Where dataset bytes live: partial uploads under DIR/uploads/<upload id>.part, and sealed
// datasets, content-addressed and immutable, under DIR/blobs/<sha256 hex>. File names given by
// users never become paths; only generated ids and digests do.
//
// Writes go to the partial file at an explicit offset (anything past it is cut first, so a
// retried or interrupted chunk never leaves stray bytes). Seal() fsyncs, hashes, and renames the
// file into place atomically: a crash leaves either a partial upload or a complete blob, never a
// half-written blob. Thread-safe for different uploads.
//
// With data keys (crypto/data_keys.h), sealed blobs are encrypted at rest: Seal hashes the
// plaintext (the digest, the name and every ETag stay over the plaintext), encrypts it into the
// blob and removes the partial file. Partial uploads stay plaintext while they are received and
// scanned, under uploads/ with mode 0600. Blobs written before encryption are read as they are
// until EncryptExisting seals them.
#ifndef BOURSE_DELIVERY_BLOB_STORE_H_
#define BOURSE_DELIVERY_BLOB_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/byte_source.h"
#include "base/ids.h"
#include "base/status.h"
#include "crypto/data_keys.h"

namespace bourse::delivery {

struct SealedBlob {
  std::string sha256;  // Hex.
  int64_t bytes = 0;
  std::string path;
};

class BlobStore {
 public:
  // Creates `root`/uploads and `root`/blobs if needed. Without `keys`, blobs are plaintext.
  static StatusOr<std::unique_ptr<BlobStore>> Open(const std::string& root,
                                                   crypto::DataKeys* keys = nullptr);

  // Writes `bytes` at `offset` of the upload's partial file, cutting the file to `offset` first.
  Status Write(const UploadId& id, int64_t offset, std::string_view bytes);
  // Bytes on disk for the upload (0 when none).
  int64_t PartialSize(const UploadId& id) const;
  std::string PartialPath(const UploadId& id) const;
  // Flushes the partial file to disk, hashes it, and moves it to blobs/<sha256>.
  StatusOr<SealedBlob> Seal(const UploadId& id);
  Status Discard(const UploadId& id);
  std::string BlobPath(std::string_view sha256) const;
  // The blob's plaintext, decrypted as it is read. NotFound when there is no such blob.
  StatusOr<std::unique_ptr<ByteSource>> OpenBlob(std::string_view sha256) const;

  // Seals every plaintext blob (the migration to encryption at rest); calls `progress` with the
  // number done and the total. Returns how many were sealed.
  StatusOr<int64_t> EncryptExisting(
      const std::function<void(int64_t, int64_t)>& progress = nullptr);
  // Rewraps every sealed blob's data key under `ring`'s active key; returns how many.
  StatusOr<int64_t> Rewrap(const crypto::Keyring& ring,
                           const std::function<void(int64_t, int64_t)>& progress = nullptr);
  bool encrypted() const { return keys_ != nullptr; }

 private:
  BlobStore(std::string root, crypto::DataKeys* keys) : root_(std::move(root)), keys_(keys) {}
  std::vector<std::string> BlobFiles() const;
  std::string root_;
  crypto::DataKeys* keys_;
};

}  // namespace bourse::delivery

#endif  // BOURSE_DELIVERY_BLOB_STORE_H_
