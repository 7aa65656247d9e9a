#include "scan/content.h"

#include <algorithm>
#include <cstddef>
#include <cstring>

namespace bourse::scan {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

// How many leading bytes of `s` are well-formed UTF-8 (a sequence cut at the end counts).
size_t Utf8Prefix(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    int n;
    if (c >= 0xc2 && c <= 0xdf) {
      n = 1;
    } else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
    } else {
      return i;
    }
    for (int k = 1; k <= n; ++k) {
      if (i + k >= s.size()) return s.size();  // Cut at the end of the window.
      if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return i;
    }
    i += n + 1;
  }
  return s.size();
}

// Likewise for GB18030.
size_t Gb18030Prefix(std::string_view s) {
  size_t i = 0;
  auto at = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  while (i < s.size()) {
    const unsigned char c = at(i);
    if (c < 0x80) {
      ++i;
      continue;
    }
    if (c == 0x80 || c == 0xff) return i;
    if (i + 1 >= s.size()) return s.size();
    const unsigned char c2 = at(i + 1);
    if ((c2 >= 0x40 && c2 <= 0x7e) || (c2 >= 0x80 && c2 <= 0xfe)) {
      i += 2;
      continue;
    }
    if (c2 < 0x30 || c2 > 0x39) return i;
    if (i + 2 >= s.size()) return s.size();
    const unsigned char c3 = at(i + 2);
    if (c3 < 0x81 || c3 > 0xfe) return i;
    if (i + 3 >= s.size()) return s.size();
    const unsigned char c4 = at(i + 3);
    if (c4 < 0x30 || c4 > 0x39) return i;
    i += 4;
  }
  return s.size();
}

}  // namespace

ContentKind SniffContent(std::string_view h) {
  if (StartsWith(h, "\x1f\x8b")) return ContentKind::kGzip;
  if (StartsWith(h, "PK\x03\x04") || StartsWith(h, "PK\x05\x06")) return ContentKind::kZip;
  if (StartsWith(h, "%PDF-")) return ContentKind::kPdf;
  if (StartsWith(h, "\x89PNG") || StartsWith(h, "\xff\xd8\xff") ||
      StartsWith(h, std::string_view("II*\0", 4)) || StartsWith(h, std::string_view("MM\0*", 4)) ||
      StartsWith(h, "GIF87a") || StartsWith(h, "GIF89a") || StartsWith(h, "BM") ||
      (StartsWith(h, "RIFF") && h.size() >= 12 && h.substr(8, 4) == "WEBP"))
    return ContentKind::kImage;
  if (StartsWith(h, "PAR1")) return ContentKind::kParquet;
  if (StartsWith(h, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")) return ContentKind::kOle2;
  if (StartsWith(h, std::string_view("SQLite format 3\0", 16))) return ContentKind::kSqlite;
  // Text has no NUL bytes, unless it is UTF-16.
  const std::string_view window = h.substr(0, 4096);
  if (window.find('\0') != std::string_view::npos) {
    const TextEncoding e = DetectEncoding(window);
    return e == TextEncoding::kUtf16Le || e == TextEncoding::kUtf16Be ? ContentKind::kText
                                                                      : ContentKind::kBinary;
  }
  return ContentKind::kText;
}

std::string_view Describe(ContentKind kind) {
  switch (kind) {
    case ContentKind::kPdf:
      return "a PDF document";
    case ContentKind::kImage:
      return "an image";
    case ContentKind::kParquet:
      return "a Parquet file";
    case ContentKind::kOle2:
      return "a legacy Office or other compound file";
    case ContentKind::kSqlite:
      return "an SQLite database";
    case ContentKind::kBinary:
      return "binary data of no format the scanner reads";
    default:
      return "readable content";
  }
}

std::string_view Name(TextEncoding e) {
  switch (e) {
    case TextEncoding::kUtf8:
      return "utf-8";
    case TextEncoding::kUtf16Le:
      return "utf-16le";
    case TextEncoding::kUtf16Be:
      return "utf-16be";
    case TextEncoding::kGb18030:
      return "gb18030";
  }
  return "utf-8";
}

bool IsGb18030Prefix(std::string_view s) { return Gb18030Prefix(s) == s.size(); }

TextEncoding DetectEncoding(std::string_view data) {
  if (StartsWith(data, "\xef\xbb\xbf")) return TextEncoding::kUtf8;
  if (StartsWith(data, "\xff\xfe")) return TextEncoding::kUtf16Le;
  if (StartsWith(data, "\xfe\xff")) return TextEncoding::kUtf16Be;
  // UTF-16 without a mark: ASCII text has a zero byte at every other position.
  const std::string_view head = data.substr(0, 4096 & ~size_t{1});
  size_t even_zero = 0, odd_zero = 0;
  for (size_t i = 0; i + 1 < head.size(); i += 2) {
    even_zero += head[i] == '\0';
    odd_zero += head[i + 1] == '\0';
  }
  const size_t pairs = head.size() / 2;
  if (pairs >= 2 && odd_zero * 10 >= pairs * 4 && even_zero * 10 < pairs)
    return TextEncoding::kUtf16Le;
  if (pairs >= 2 && even_zero * 10 >= pairs * 4 && odd_zero * 10 < pairs)
    return TextEncoding::kUtf16Be;
  const auto first = std::find_if(data.begin(), data.end(),
                                  [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  if (first == data.end()) return TextEncoding::kUtf8;
  // Judge a window that starts at the line holding the first non-ASCII byte.
  size_t start = static_cast<size_t>(first - data.begin());
  const size_t line = data.rfind('\n', start);
  start = line == std::string_view::npos ? 0 : line + 1;
  // The encoding that reads further without an error wins; the scan then names the byte where
  // the other encoding's data (or damage) begins.
  const std::string_view window = data.substr(start, size_t{64} * 1024);
  const size_t utf8 = Utf8Prefix(window);
  if (utf8 == window.size()) return TextEncoding::kUtf8;
  return Gb18030Prefix(window) > utf8 ? TextEncoding::kGb18030 : TextEncoding::kUtf8;
}

}  // namespace bourse::scan
