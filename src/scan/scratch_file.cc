#include "scan/scratch_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "base/errors.h"
#include "base/strings.h"

namespace bourse::scan {

StatusOr<std::unique_ptr<ScratchFile>> ScratchFile::Create(const std::string& dir) {
  std::string where = dir;
  if (where.empty()) {
    std::error_code ec;
    where = std::filesystem::temp_directory_path(ec).string();
    if (ec || where.empty()) where = "/tmp";
  }
  int fd = ::open(where.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0) {
    // File systems without O_TMPFILE: a named file, unlinked at once.
    std::string templ = StrCat(where, "/bourse-scan-XXXXXX");
    fd = ::mkostemp(templ.data(), O_CLOEXEC);
    if (fd < 0)
      return errors::Internal(
          StrCat("cannot create a scratch file in ", where, ": ", std::strerror(errno)));
    ::unlink(templ.c_str());
  }
  return std::unique_ptr<ScratchFile>(new ScratchFile(fd));
}

ScratchFile::~ScratchFile() {
  if (write_map_ != nullptr) ::munmap(write_map_, write_mapped_);
  if (map_ != nullptr) ::munmap(map_, mapped_);
  ::close(fd_);
}

namespace {

Status WriteAll(int fd, std::string_view bytes) {
  size_t off = 0;
  while (off < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + off, bytes.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      return errors::Internal(StrCat("cannot write a scratch file: ", std::strerror(errno)));
    off += static_cast<size_t>(n);
  }
  return OkStatus();
}

}  // namespace

Status ScratchFile::Flush() {
  if (Status st = WriteAll(fd_, buffer_); !st.ok()) return st;
  written_ += static_cast<int64_t>(buffer_.size());
  buffer_.clear();
  return OkStatus();
}

Status ScratchFile::Append(std::string_view bytes) {
  if (buffer_.size() + bytes.size() <= kBuffer) {
    buffer_.append(bytes);
    return OkStatus();
  }
  if (Status st = Flush(); !st.ok()) return st;
  if (bytes.size() < kBuffer) {
    buffer_.append(bytes);
    return OkStatus();
  }
  if (Status st = WriteAll(fd_, bytes); !st.ok()) return st;
  written_ += static_cast<int64_t>(bytes.size());
  return OkStatus();
}

StatusOr<char*> ScratchFile::Extend(int64_t n) {
  if (written_ != 0 || !buffer_.empty() || write_map_ != nullptr || n <= 0)
    return errors::Internal("a scratch file is extended only while empty");
  if (::ftruncate(fd_, n) != 0)
    return errors::Internal(StrCat("cannot size a scratch file: ", std::strerror(errno)));
  void* m = ::mmap(nullptr, static_cast<size_t>(n), PROT_READ | PROT_WRITE, MAP_SHARED, fd_, 0);
  if (m == MAP_FAILED) {
    (void)::ftruncate(fd_, 0);
    return errors::Internal("cannot map a scratch file for writing");
  }
  write_map_ = m;
  write_mapped_ = static_cast<size_t>(n);
  return static_cast<char*>(m);
}

Status ScratchFile::Commit(int64_t used) {
  if (write_map_ == nullptr) return errors::Internal("nothing to commit");
  ::munmap(write_map_, write_mapped_);
  write_map_ = nullptr;
  if (::ftruncate(fd_, used) != 0)
    return errors::Internal(StrCat("cannot size a scratch file: ", std::strerror(errno)));
  if (::lseek(fd_, used, SEEK_SET) < 0) return errors::Internal("cannot seek a scratch file");
  written_ = used;
  return OkStatus();
}

void ScratchFile::Abandon() {
  if (write_map_ != nullptr) ::munmap(write_map_, write_mapped_);
  write_map_ = nullptr;
  (void)::ftruncate(fd_, 0);
  (void)::lseek(fd_, 0, SEEK_SET);
  written_ = 0;
}

StatusOr<std::string_view> ScratchFile::Map() {
  if (Status st = Flush(); !st.ok()) return st;
  if (written_ == 0) return std::string_view();
  mapped_ = static_cast<size_t>(written_);
  map_ = ::mmap(nullptr, mapped_, PROT_READ, MAP_PRIVATE, fd_, 0);
  if (map_ == MAP_FAILED) {
    map_ = nullptr;
    return errors::Internal("cannot map a scratch file");
  }
  ::madvise(map_, mapped_, MADV_SEQUENTIAL);
  return std::string_view(static_cast<const char*>(map_), mapped_);
}

}  // namespace bourse::scan
