#include "base/byte_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/errors.h"
#include "base/strings.h"

namespace bourse {
namespace {

class PlainFile final : public ByteSource {
 public:
  PlainFile(int fd, int64_t size) : fd_(fd), size_(size) {}
  ~PlainFile() override { ::close(fd_); }
  int64_t size() const override { return size_; }
  StatusOr<size_t> ReadAt(int64_t offset, char* out, size_t n) override {
    while (true) {
      const ssize_t got = ::pread(fd_, out, n, static_cast<off_t>(offset));
      if (got >= 0) return static_cast<size_t>(got);
      if (errno != EINTR) return errors::Internal(StrCat("read: ", std::strerror(errno)));
    }
  }

 private:
  int fd_;
  int64_t size_;
};

}  // namespace

StatusOr<std::unique_ptr<ByteSource>> OpenPlainFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errors::NotFound(StrCat("stored file ", path));
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    return errors::Internal("fstat");
  }
  return std::unique_ptr<ByteSource>(new PlainFile(fd, st.st_size));
}

}  // namespace bourse
