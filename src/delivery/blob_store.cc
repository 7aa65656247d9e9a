#include "delivery/blob_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "base/errors.h"
#include "base/status_macros.h"
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

StatusOr<std::unique_ptr<BlobStore>> BlobStore::Open(const std::string& root,
                                                     crypto::DataKeys* keys) {
  std::error_code ec;
  std::filesystem::create_directories(root + "/uploads", ec);
  if (!ec) std::filesystem::create_directories(root + "/blobs", ec);
  if (ec) return errors::Internal(StrCat("cannot create ", root, ": ", ec.message()));
  ::chmod(root.c_str(), 0700);
  return std::unique_ptr<BlobStore>(new BlobStore(root, keys));
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
  if (keys_ != nullptr) {
    const std::string tmp = blob.path + ".sealing";
    BOURSE_RETURN_IF_ERROR(keys_->SealFile(path, tmp));
    if (::rename(tmp.c_str(), blob.path.c_str()) != 0) return Errno("seal upload");
    ::unlink(path.c_str());
  } else if (::rename(path.c_str(), blob.path.c_str()) != 0) {
    return Errno("seal upload");
  }
  FsyncDir(root_ + "/blobs");
  return blob;
}

StatusOr<std::unique_ptr<ByteSource>> BlobStore::OpenBlob(std::string_view sha256) const {
  const std::string path = BlobPath(sha256);
  if (keys_ != nullptr && crypto::IsSealedFile(path)) return keys_->OpenFile(path);
  return OpenPlainFile(path);
}

std::vector<std::string> BlobStore::BlobFiles() const {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(root_ + "/blobs", ec)) {
    const std::string name = e.path().filename().string();
    if (e.is_regular_file() && name.size() == 64 && name.find('.') == std::string::npos)
      out.push_back(e.path().string());
  }
  return out;
}

StatusOr<int64_t> BlobStore::EncryptExisting(
    const std::function<void(int64_t, int64_t)>& progress) {
  if (keys_ == nullptr) return int64_t{0};
  std::vector<std::string> plain;
  for (auto& path : BlobFiles())
    if (!crypto::IsSealedFile(path)) plain.push_back(std::move(path));
  int64_t done = 0;
  for (const auto& path : plain) {
    const std::string tmp = path + ".sealing";
    BOURSE_RETURN_IF_ERROR(keys_->SealFile(path, tmp));
    if (::rename(tmp.c_str(), path.c_str()) != 0) return Errno("seal blob");
    ++done;
    if (progress) progress(done, static_cast<int64_t>(plain.size()));
  }
  if (done > 0) FsyncDir(root_ + "/blobs");
  return done;
}

StatusOr<int64_t> BlobStore::Rewrap(const crypto::Keyring& ring,
                                    const std::function<void(int64_t, int64_t)>& progress) {
  if (keys_ == nullptr) return int64_t{0};
  const auto files = BlobFiles();
  int64_t done = 0;
  for (const auto& path : files) {
    if (!crypto::IsSealedFile(path)) continue;
    BOURSE_RETURN_IF_ERROR(crypto::RewrapSealedFile(path, ring, ring.active(), keys_->random()));
    ++done;
    if (progress) progress(done, static_cast<int64_t>(files.size()));
  }
  return done;
}

Status BlobStore::Discard(const UploadId& id) {
  if (::unlink(PartialPath(id).c_str()) != 0 && errno != ENOENT) return Errno("discard upload");
  return OkStatus();
}

}  // namespace bourse::delivery
