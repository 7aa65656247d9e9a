#include "delivery/blob_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "base/errors.h"
#include "base/strings.h"
#include "crypto/sha256.h"

namespace bourse::delivery {
namespace {

Status Errno(std::string_view what) {
  return errors::Internal(StrCat(what, ": ", strerror(errno)));
}

bool FsyncDir(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

StatusOr<std::unique_ptr<BlobStore>> BlobStore::Open(const std::string& root) {
  std::error_code ec;
  std::filesystem::create_directories(root + "/uploads", ec);
  if (!ec) std::filesystem::create_directories(root + "/blobs", ec);
  if (ec) return errors::Internal(StrCat("cannot create ", root, ": ", ec.message()));
  return std::unique_ptr<BlobStore>(new BlobStore(root));
}

std::string BlobStore::PartialPath(const UploadId& id) const {
  return StrCat(root_, "/uploads/", id.value(), ".part");
}

std::string BlobStore::BlobPath(std::string_view sha256) const {
  return StrCat(root_, "/blobs/", sha256);
}

Status BlobStore::Write(const UploadId& id, int64_t offset, std::string_view bytes) {
  const std::string path = PartialPath(id);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Errno("open upload");
  Status result;
  if (::ftruncate(fd, offset) != 0) {
    result = Errno("truncate upload");
  } else {
    size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n =
          ::pwrite(fd, bytes.data() + done, bytes.size() - done, offset + static_cast<off_t>(done));
      if (n < 0) {
        if (errno == EINTR) continue;
        result = Errno("write upload");
        break;
      }
      done += static_cast<size_t>(n);
    }
  }
  ::close(fd);
  return result;
}

int64_t BlobStore::PartialSize(const UploadId& id) const {
  struct stat st {};
  return ::stat(PartialPath(id).c_str(), &st) == 0 ? st.st_size : 0;
}

StatusOr<SealedBlob> BlobStore::Seal(const UploadId& id) {
  const std::string path = PartialPath(id);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errors::NotFound("upload bytes");
  crypto::Sha256Hasher hasher;
  std::string buf(1 << 20, '\0');
  int64_t total = 0;
  while (true) {
    const ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      return Errno("read upload");
    }
    if (n == 0) break;
    hasher.Update(std::string_view(buf.data(), static_cast<size_t>(n)));
    total += n;
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced) return Errno("fsync upload");
  SealedBlob blob{hasher.FinishHex(), total, ""};
  blob.path = BlobPath(blob.sha256);
  if (::rename(path.c_str(), blob.path.c_str()) != 0) return Errno("seal upload");
  FsyncDir(root_ + "/blobs");
  return blob;
}

Status BlobStore::Discard(const UploadId& id) {
  if (::unlink(PartialPath(id).c_str()) != 0 && errno != ENOENT) return Errno("discard upload");
  return OkStatus();
}

}  // namespace bourse::delivery
