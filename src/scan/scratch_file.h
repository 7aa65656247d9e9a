// A temporary file for content the scanner derives from an upload — decompressed, transcoded,
// or a spreadsheet's sheet as CSV. It has no name (O_TMPFILE, or unlinked as soon as it is
// made), so nothing is left behind if the process dies; it is written through a fixed 1 MiB
// buffer and then mapped read-only for the scan, so the scanner's memory does not grow with it.
#ifndef BOURSE_SCAN_SCRATCH_FILE_H_
#define BOURSE_SCAN_SCRATCH_FILE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"

namespace bourse::scan {

class ScratchFile {
 public:
  // In `dir` (the system's temporary directory when empty).
  static StatusOr<std::unique_ptr<ScratchFile>> Create(const std::string& dir);
  ~ScratchFile();
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;

  Status Append(std::string_view bytes);
  int64_t size() const { return written_ + static_cast<int64_t>(buffer_.size()); }
  // Flushes and maps the whole file; valid until the file is destroyed. Call once, after the
  // last Append.
  StatusOr<std::string_view> Map();

  // For writers that need one contiguous buffer (a whole-stream decompressor): maps `n` bytes
  // of a still empty file for writing, backed by the file rather than by memory. Commit keeps
  // the first `used` of them; Abandon drops them all and leaves the file empty.
  StatusOr<char*> Extend(int64_t n);
  Status Commit(int64_t used);
  void Abandon();

 private:
  explicit ScratchFile(int fd) : fd_(fd) { buffer_.reserve(kBuffer); }
  Status Flush();
  static constexpr size_t kBuffer = 1 << 20;
  int fd_;
  std::string buffer_;
  int64_t written_ = 0;
  void* map_ = nullptr;
  size_t mapped_ = 0;
  void* write_map_ = nullptr;
  size_t write_mapped_ = 0;
};

}  // namespace bourse::scan

#endif  // BOURSE_SCAN_SCRATCH_FILE_H_
