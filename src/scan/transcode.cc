#include "scan/transcode.h"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <string>

#include "base/errors.h"
#include "base/strings.h"

namespace bourse::scan {
namespace {

class Converter {
 public:
  explicit Converter(const char* from) : cd_(iconv_open("UTF-8", from)) {}
  ~Converter() {
    if (ok()) iconv_close(cd_);
  }
  // NOLINTNEXTLINE(performance-no-int-to-ptr): iconv_open's documented failure value.
  bool ok() const { return cd_ != reinterpret_cast<iconv_t>(-1); }

  // Converts all of `in` (which starts at byte `offset` of the file) and appends it to `out`.
  // `final` says that nothing follows, so an incomplete sequence at the end is an error.
  // Returns the bytes of `in` left unconverted (an incomplete sequence) when not final.
  StatusOr<size_t> Convert(std::string_view in, int64_t offset, bool final, ScratchFile& out,
                           std::string_view encoding) {
    char* src = const_cast<char*>(in.data());
    size_t left = in.size();
    while (left > 0) {
      char* dst = buf_;
      size_t room = sizeof(buf_);
      const size_t r = iconv(cd_, &src, &left, &dst, &room);
      const int err = errno;
      if (Status st = out.Append(std::string_view(buf_, sizeof(buf_) - room)); !st.ok()) return st;
      if (r != static_cast<size_t>(-1)) break;
      if (err == E2BIG) continue;
      const int64_t at = offset + (src - in.data());
      if (err == EINVAL && !final) return left;
      return errors::InvalidDataset(
          StrCat("byte ", at, " is not valid ", encoding,
                 err == EINVAL ? " (the file ends inside a character)" : "",
                 "; the whole file must be in one encoding"));
    }
    return size_t{0};
  }

 private:
  iconv_t cd_;
  char buf_[64 * 1024];
};

// The first byte at or after `p` that is not ASCII, or `end`.
const char* NextNonAscii(const char* p, const char* end) {
  while (end - p >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    if (w & 0x8080808080808080ull) break;
    p += 8;
  }
  while (p < end && static_cast<unsigned char>(*p) < 0x80) ++p;
  return p;
}

// The end of the run of GB18030 characters that starts at `p` (a byte of 0x80 or more): lead
// bytes take two bytes, or four when the second is a digit (the four-byte form); the run ends
// at the next ASCII byte that is not a trail byte. Malformed bytes stay in the run, for iconv
// to name.
const char* RunEnd(const char* p, const char* end) {
  while (p < end && static_cast<unsigned char>(*p) >= 0x80) {
    const bool four = end - p >= 2 && p[1] >= '0' && p[1] <= '9';
    p += std::min<std::ptrdiff_t>(end - p, four ? 4 : 2);
  }
  return p;
}

Status Gb18030(std::string_view data, ScratchFile& out,
               const std::function<void(int64_t, int64_t)>& progress) {
  Converter conv("GB18030");
  if (!conv.ok()) return errors::Internal("iconv has no GB18030 converter");
  const char* const begin = data.data();
  const char* const end = begin + data.size();
  const char* p = begin;
  int64_t reported = 0;
  // ASCII is copied as it is and only the runs of other characters go through iconv: most of
  // a table (digits, identifiers, dates, punctuation) is ASCII.
  while (p < end) {
    const char* other = NextNonAscii(p, end);
    if (Status st = out.Append(std::string_view(p, other - p)); !st.ok()) return st;
    if (other == end) break;
    const char* stop = RunEnd(other, end);
    auto left =
        conv.Convert(std::string_view(other, stop - other), other - begin, true, out, "GB18030");
    if (!left.ok()) return left.status();
    p = stop;
    if (progress && p - begin - reported > (int64_t{16} << 20)) {
      reported = p - begin;
      progress(reported, static_cast<int64_t>(data.size()));
    }
  }
  return OkStatus();
}

Status Utf16(std::string_view data, bool little, ScratchFile& out,
             const std::function<void(int64_t, int64_t)>& progress) {
  Converter conv(little ? "UTF-16LE" : "UTF-16BE");
  if (!conv.ok()) return errors::Internal("iconv has no UTF-16 converter");
  size_t pos = 0;
  if (data.size() >= 2 && (data.substr(0, 2) == "\xff\xfe" || data.substr(0, 2) == "\xfe\xff"))
    pos = 2;
  constexpr size_t kPiece = 1 << 20;
  while (pos < data.size()) {
    const size_t n = std::min(kPiece, data.size() - pos);
    const bool final = pos + n == data.size();
    auto left = conv.Convert(data.substr(pos, n), static_cast<int64_t>(pos), final, out,
                             little ? "UTF-16LE" : "UTF-16BE");
    if (!left.ok()) return left.status();
    pos += n - *left;
    if (!final && *left == n) return errors::InvalidDataset("the file ends inside a character");
    if (progress) progress(static_cast<int64_t>(pos), static_cast<int64_t>(data.size()));
  }
  return OkStatus();
}

}  // namespace

Status TranscodeToUtf8(std::string_view data, TextEncoding from, ScratchFile& out,
                       const std::function<void(int64_t, int64_t)>& progress) {
  switch (from) {
    case TextEncoding::kGb18030:
      return Gb18030(data, out, progress);
    case TextEncoding::kUtf16Le:
      return Utf16(data, true, out, progress);
    case TextEncoding::kUtf16Be:
      return Utf16(data, false, out, progress);
    case TextEncoding::kUtf8:
      return out.Append(data);
  }
  return OkStatus();
}

}  // namespace bourse::scan
