// Reading compressed uploads for the scan: gzip streams (zlib) and zip archives (libzip), each
// member read in chunks, under limits that stop decompression bombs — the total expanded size,
// the ratio of a member's expanded to compressed size, the number of members, and how deep
// archives nest. Breaking a limit, or a truncated or corrupt archive, is InvalidDataset (422)
// naming what was wrong; nothing is kept.
#ifndef BOURSE_SCAN_ARCHIVE_H_
#define BOURSE_SCAN_ARCHIVE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "scan/scratch_file.h"

namespace bourse::scan {

struct ExpansionLimits {
  int64_t max_expanded_bytes = int64_t{4} << 30;  // All members of one upload together.
  int64_t max_ratio = 200;                        // Expanded / compressed, per member.
  int max_members = 1000;                         // Files in archives, sheets in workbooks.
  int max_depth = 2;                              // An archive in an archive, and no deeper.
};

// What one upload has used of its limits so far.
struct ExpansionBudget {
  int64_t expanded = 0;
  int members = 0;
};

using ChunkSink = std::function<Status(std::string_view chunk)>;

// Inflates every member of the gzip stream `data` into `sink` (zlib, in chunks).
Status Gunzip(std::string_view data, const ChunkSink& sink, const ExpansionLimits& limits,
              ExpansionBudget& budget);
// The same into an empty scratch file: a single-member stream whose trailer's size fits the
// limits is inflated in one pass by libdeflate straight into the file's mapping (two to three
// times zlib's speed); anything else (several members, a size past 4 GiB, a trailer that lies)
// goes through Gunzip.
Status GunzipInto(std::string_view data, ScratchFile& out, const ExpansionLimits& limits,
                  ExpansionBudget& budget);

// A zip archive held in memory (or mapped): its members, and each member's bytes.
class ZipArchive {
 public:
  struct Member {
    std::string name;
    int64_t size = 0;        // As the archive declares it.
    int64_t compressed = 0;  // Likewise.
    uint64_t index = 0;
  };

  // InvalidDataset for data that is not a readable zip archive.
  static StatusOr<std::unique_ptr<ZipArchive>> Open(std::string_view data);
  ~ZipArchive();

  // Regular files, in the archive's order (directories and macOS resource forks left out).
  const std::vector<Member>& members() const { return members_; }
  const Member* Find(std::string_view name) const;
  // Streams `m` into `sink`, counting it against `budget`.
  Status Read(const Member& m, const ChunkSink& sink, const ExpansionLimits& limits,
              ExpansionBudget& budget);
  // The whole member in memory (for small parts such as a workbook's index), at most `max`.
  StatusOr<std::string> ReadAll(const Member& m, size_t max, const ExpansionLimits& limits,
                                ExpansionBudget& budget);

 private:
  ZipArchive() = default;
  struct Handle;
  std::unique_ptr<Handle> handle_;
  std::vector<Member> members_;
  int64_t archive_bytes_ = 0;
};

}  // namespace bourse::scan

#endif  // BOURSE_SCAN_ARCHIVE_H_
