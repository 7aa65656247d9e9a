// What a file is, decided from its bytes alone — never from its name or a declared format: the
// container (gzip, zip), a document or image the scanner does not read, or text, and for text
// its encoding. Pure: no I/O.
#ifndef BOURSE_SCAN_CONTENT_H_
#define BOURSE_SCAN_CONTENT_H_

#include <string_view>

namespace bourse::scan {

enum class ContentKind {
  kText,  // Possibly CSV, TSV, JSON Lines or a JSON array, in some encoding.
  kGzip,  // RFC 1952.
  kZip,   // A zip archive (an .xlsx workbook is one; ZipArchive tells which).
  kPdf,
  kImage,  // PNG, JPEG, TIFF, GIF, WebP, BMP.
  kParquet,
  kOle2,  // Legacy Office (.xls, .doc) and other compound files.
  kSqlite,
  kBinary,  // Anything else that is not text.
};

// Decides from the first bytes (a few KiB are enough).
ContentKind SniffContent(std::string_view head);
// Why the scanner does not read content of `kind` (for the report), e.g. "a PDF document".
std::string_view Describe(ContentKind kind);

enum class TextEncoding { kUtf8, kUtf16Le, kUtf16Be, kGb18030 };
std::string_view Name(TextEncoding e);  // "utf-8", "utf-16le", "utf-16be", "gb18030".

// The encoding of text `data`: a byte-order mark decides; otherwise UTF-16 shows as zero bytes
// at every other position, and text that is not valid UTF-8 around its first non-ASCII byte
// but is valid GB18030 there (which GBK, what Excel saves on Chinese Windows, is a subset of) is
// GB18030. Anything else is taken for UTF-8, whose validity the scan then checks throughout.
TextEncoding DetectEncoding(std::string_view data);

// Whether `s` is well-formed GB18030 (a sequence cut at the end of `s` counts as well-formed).
bool IsGb18030Prefix(std::string_view s);

}  // namespace bourse::scan

#endif  // BOURSE_SCAN_CONTENT_H_
