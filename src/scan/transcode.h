// Text in UTF-16 or GB18030 (and so GBK) turned into UTF-8 for the scan, with glibc's iconv.
// In GB18030, ASCII is copied as it is and only runs of other characters go through iconv, so
// that mostly-ASCII data (numbers, identifiers, dates) costs little more than a copy.
#ifndef BOURSE_SCAN_TRANSCODE_H_
#define BOURSE_SCAN_TRANSCODE_H_

#include <cstdint>
#include <functional>
#include <string_view>

#include "base/status.h"
#include "scan/content.h"
#include "scan/scratch_file.h"

namespace bourse::scan {

// Appends `data`, in encoding `from`, to `out` as UTF-8 (a byte-order mark is dropped).
// InvalidDataset naming the byte offset of the first sequence that is not valid in `from`.
Status TranscodeToUtf8(std::string_view data, TextEncoding from, ScratchFile& out,
                       const std::function<void(int64_t done, int64_t total)>& progress = {});

}  // namespace bourse::scan

#endif  // BOURSE_SCAN_TRANSCODE_H_
