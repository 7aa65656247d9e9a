#include "scan/archive.h"

#include <libdeflate.h>
#include <zip.h>
#include <zlib.h>

#include <algorithm>

#include "base/errors.h"
#include "base/strings.h"

namespace bourse::scan {
namespace {

constexpr size_t kChunk = size_t{256} * 1024;

// Counts `n` more expanded bytes of a member that is `compressed` bytes in the archive.
Status Count(int64_t n, int64_t member_expanded, int64_t compressed, std::string_view what,
             const ExpansionLimits& limits, ExpansionBudget& budget) {
  budget.expanded += n;
  if (budget.expanded > limits.max_expanded_bytes)
    return errors::InvalidDataset(StrCat("the upload expands past ", limits.max_expanded_bytes,
                                         " bytes (the limit against decompression bombs)"));
  // A little slack lets tiny members of highly repetitive text through.
  if (member_expanded > std::max<int64_t>(compressed, 1) * limits.max_ratio + (1 << 20))
    return errors::InvalidDataset(StrCat(what, " expands more than ", limits.max_ratio,
                                         " times its compressed size (the limit against "
                                         "decompression bombs)"));
  return OkStatus();
}

}  // namespace

Status Gunzip(std::string_view data, const ChunkSink& sink, const ExpansionLimits& limits,
              ExpansionBudget& budget) {
  if (++budget.members > limits.max_members)
    return errors::InvalidDataset(
        StrCat("the upload holds more than ", limits.max_members, " members"));
  z_stream z{};
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return errors::Internal("zlib init failed");
  const char* const base = data.data();
  size_t given = 0;  // Bytes of `data` handed to zlib so far.
  auto feed = [&](size_t from) {
    const size_t n = std::min<size_t>(data.size() - from, size_t{1} << 30);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(base + from));
    z.avail_in = static_cast<uInt>(n);
    given = from + n;
  };
  feed(0);
  std::string out(kChunk, '\0');
  int64_t expanded = 0;
  Status status;
  while (true) {
    if (z.avail_in == 0 && given < data.size()) feed(given);
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    const int rc = inflate(&z, Z_NO_FLUSH);
    const size_t produced = out.size() - z.avail_out;
    if (produced > 0) {
      expanded += static_cast<int64_t>(produced);
      status = Count(static_cast<int64_t>(produced), expanded, static_cast<int64_t>(data.size()),
                     "the gzip stream", limits, budget);
      if (status.ok()) status = sink(std::string_view(out.data(), produced));
      if (!status.ok()) break;
    }
    if (rc == Z_STREAM_END) {
      // Concatenated members (RFC 1952 §2.2) may follow; trailing zero padding is allowed.
      const size_t used = static_cast<size_t>(reinterpret_cast<const char*>(z.next_in) - base);
      if (data.substr(used).find_first_not_of('\0') == std::string_view::npos) break;
      if (inflateReset(&z) != Z_OK) {
        status = errors::Internal("zlib reset failed");
        break;
      }
      feed(used);
      continue;
    }
    if (rc == Z_BUF_ERROR && z.avail_in == 0 && given >= data.size()) {
      status = errors::InvalidDataset("the gzip stream is truncated");
      break;
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      status = errors::InvalidDataset(
          StrCat("the gzip stream is corrupt", z.msg ? ": " : "", z.msg ? z.msg : ""));
      break;
    }
  }
  inflateEnd(&z);
  return status;
}

Status GunzipInto(std::string_view data, ScratchFile& out, const ExpansionLimits& limits,
                  ExpansionBudget& budget) {
  if (data.size() >= 18) {
    // RFC 1952: the last four bytes hold the uncompressed size modulo 2^32.
    const auto* tail = reinterpret_cast<const unsigned char*>(data.data() + data.size() - 4);
    const int64_t size =
        int64_t{tail[0]} | int64_t{tail[1]} << 8 | int64_t{tail[2]} << 16 | int64_t{tail[3]} << 24;
    const int64_t most_by_ratio =
        std::max<int64_t>(static_cast<int64_t>(data.size()), 1) * limits.max_ratio + (1 << 20);
    if (size > 0 && size <= most_by_ratio && budget.expanded + size <= limits.max_expanded_bytes &&
        budget.members < limits.max_members) {
      auto dst = out.Extend(size);
      if (!dst.ok()) return dst.status();
      libdeflate_decompressor* d = libdeflate_alloc_decompressor();
      if (d == nullptr) return errors::Internal("libdeflate allocation failed");
      size_t in_used = 0, out_used = 0;
      const libdeflate_result r = libdeflate_gzip_decompress_ex(
          d, data.data(), data.size(), *dst, static_cast<size_t>(size), &in_used, &out_used);
      libdeflate_free_decompressor(d);
      const bool whole = r == LIBDEFLATE_SUCCESS && static_cast<int64_t>(out_used) == size &&
                         data.substr(in_used).find_first_not_of('\0') == std::string_view::npos;
      if (whole) {
        ++budget.members;
        budget.expanded += size;
        return out.Commit(size);
      }
      out.Abandon();
    }
  }
  return Gunzip(
      data, [&](std::string_view chunk) { return out.Append(chunk); }, limits, budget);
}

struct ZipArchive::Handle {
  zip_t* zip = nullptr;
  ~Handle() {
    if (zip != nullptr) zip_discard(zip);
  }
};

ZipArchive::~ZipArchive() = default;

StatusOr<std::unique_ptr<ZipArchive>> ZipArchive::Open(std::string_view data) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(data.data(), data.size(), 0, &error);
  if (src == nullptr) {
    zip_error_fini(&error);
    return errors::Internal("cannot read the zip archive");
  }
  zip_t* z = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &error);
  if (z == nullptr) {
    std::string why = zip_error_strerror(&error);
    zip_source_free(src);
    zip_error_fini(&error);
    return errors::InvalidDataset(StrCat("the zip archive is truncated or corrupt (", why, ")"));
  }
  zip_error_fini(&error);
  auto archive = std::unique_ptr<ZipArchive>(new ZipArchive());
  archive->handle_ = std::make_unique<Handle>();
  archive->handle_->zip = z;
  archive->archive_bytes_ = static_cast<int64_t>(data.size());
  const zip_int64_t n = zip_get_num_entries(z, 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(z, static_cast<zip_uint64_t>(i), 0, &st) != 0 || st.name == nullptr)
      return errors::InvalidDataset(StrCat("member ", i, " of the zip archive is unreadable"));
    std::string name = st.name;
    if (name.empty() || name.back() == '/') continue;  // A directory.
    if (name.rfind("__MACOSX/", 0) == 0) continue;     // Finder's resource forks.
    Member m;
    m.name = std::move(name);
    m.size = (st.valid & ZIP_STAT_SIZE) ? static_cast<int64_t>(st.size) : 0;
    m.compressed = (st.valid & ZIP_STAT_COMP_SIZE) ? static_cast<int64_t>(st.comp_size) : 0;
    m.index = static_cast<uint64_t>(i);
    archive->members_.push_back(std::move(m));
  }
  return archive;
}

const ZipArchive::Member* ZipArchive::Find(std::string_view name) const {
  for (const auto& m : members_)
    if (m.name == name) return &m;
  return nullptr;
}

Status ZipArchive::Read(const Member& m, const ChunkSink& sink, const ExpansionLimits& limits,
                        ExpansionBudget& budget) {
  if (++budget.members > limits.max_members)
    return errors::InvalidDataset(
        StrCat("the upload holds more than ", limits.max_members, " members"));
  // The archive's declared sizes may lie: the ratio is checked on the bytes actually read,
  // against a compressed size no larger than the archive itself.
  const int64_t compressed = std::min(std::max<int64_t>(m.compressed, 1), archive_bytes_);
  if (m.size > compressed * limits.max_ratio + (1 << 20))
    return errors::InvalidDataset(StrCat("member ", m.name, " declares ", m.size,
                                         " bytes, more than ", limits.max_ratio,
                                         " times its compressed size (the limit against "
                                         "decompression bombs)"));
  zip_file_t* f = zip_fopen_index(handle_->zip, m.index, 0);
  if (f == nullptr)
    return errors::InvalidDataset(
        StrCat("member ", m.name, " cannot be opened: ", zip_strerror(handle_->zip)));
  std::string buf(kChunk, '\0');
  int64_t expanded = 0;
  Status status;
  while (true) {
    const zip_int64_t n = zip_fread(f, buf.data(), buf.size());
    if (n < 0) {
      status =
          errors::InvalidDataset(StrCat("member ", m.name, " is corrupt: ", zip_file_strerror(f)));
      break;
    }
    if (n == 0) break;
    expanded += n;
    status = Count(n, expanded, compressed, StrCat("member ", m.name), limits, budget);
    if (status.ok()) status = sink(std::string_view(buf.data(), static_cast<size_t>(n)));
    if (!status.ok()) break;
  }
  zip_fclose(f);
  return status;
}

StatusOr<std::string> ZipArchive::ReadAll(const Member& m, size_t max,
                                          const ExpansionLimits& limits, ExpansionBudget& budget) {
  std::string out;
  Status st = Read(
      m,
      [&](std::string_view chunk) -> Status {
        if (out.size() + chunk.size() > max)
          return errors::InvalidDataset(
              StrCat("member ", m.name, " is larger than ", max, " bytes"));
        out.append(chunk);
        return OkStatus();
      },
      limits, budget);
  if (!st.ok()) return st;
  return out;
}

}  // namespace bourse::scan
