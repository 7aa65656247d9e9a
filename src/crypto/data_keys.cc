#include "crypto/data_keys.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/encoding.h"
#include "base/errors.h"
#include "base/read_ahead.h"
#include "base/status_macros.h"
#include "base/strings.h"

namespace bourse::crypto {
namespace {

constexpr char kMagic[8] = {'B', 'O', 'U', 'R', 'S', 'E', 'E', '1'};
constexpr size_t kTag = 16;
constexpr size_t kNonce = 12;
constexpr size_t kAadBytes = 40;  // Header bytes the wrap authenticates.
constexpr std::string_view kSecretPrefix = "enc1:";

Status Errno(std::string_view what, const std::string& path) {
  return errors::Internal(StrCat(what, " ", path, ": ", std::strerror(errno)));
}

void PutU32(char* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<char>(v >> (8 * i));
}
void PutU64(char* p, uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<char>(v >> (8 * i));
}
uint32_t GetU32(const char* p) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = v << 8 | static_cast<uint8_t>(p[i]);
  return v;
}
uint64_t GetU64(const char* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = v << 8 | static_cast<uint8_t>(p[i]);
  return v;
}

// AES-256-GCM of `in` into `out` (same length) and `tag`; false on any OpenSSL failure.
bool Gcm(bool encrypt, std::string_view key, const uint8_t* nonce, std::string_view aad,
         const char* in, size_t n, char* out, uint8_t* tag) {
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  if (ctx == nullptr) return false;
  int len = 0;
  bool ok =
      (encrypt ? EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), nullptr, nullptr, nullptr)
               : EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), nullptr, nullptr, nullptr)) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, kNonce, nullptr) == 1 &&
      (encrypt ? EVP_EncryptInit_ex(ctx, nullptr, nullptr,
                                    reinterpret_cast<const uint8_t*>(key.data()), nonce)
               : EVP_DecryptInit_ex(ctx, nullptr, nullptr,
                                    reinterpret_cast<const uint8_t*>(key.data()), nonce)) == 1;
  if (ok && !aad.empty())
    ok = (encrypt
              ? EVP_EncryptUpdate(ctx, nullptr, &len, reinterpret_cast<const uint8_t*>(aad.data()),
                                  static_cast<int>(aad.size()))
              : EVP_DecryptUpdate(ctx, nullptr, &len, reinterpret_cast<const uint8_t*>(aad.data()),
                                  static_cast<int>(aad.size()))) == 1;
  if (ok && n > 0)
    ok = (encrypt
              ? EVP_EncryptUpdate(ctx, reinterpret_cast<uint8_t*>(out), &len,
                                  reinterpret_cast<const uint8_t*>(in), static_cast<int>(n))
              : EVP_DecryptUpdate(ctx, reinterpret_cast<uint8_t*>(out), &len,
                                  reinterpret_cast<const uint8_t*>(in), static_cast<int>(n))) == 1;
  if (ok && !encrypt) ok = EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, kTag, tag) == 1;
  if (ok)
    ok = (encrypt ? EVP_EncryptFinal_ex(ctx, reinterpret_cast<uint8_t*>(out) + n, &len)
                  : EVP_DecryptFinal_ex(ctx, reinterpret_cast<uint8_t*>(out) + n, &len)) == 1;
  if (ok && encrypt) ok = EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, kTag, tag) == 1;
  EVP_CIPHER_CTX_free(ctx);
  return ok;
}

// AES-256-GCM decryption under one key for many messages: the key schedule and GHASH key are
// set once, each message sets only its nonce.
class GcmOpener {
 public:
  explicit GcmOpener(std::string_view key) : ctx_(EVP_CIPHER_CTX_new()) {
    ok_ = ctx_ != nullptr &&
          EVP_DecryptInit_ex(ctx_, EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
          EVP_CIPHER_CTX_ctrl(ctx_, EVP_CTRL_GCM_SET_IVLEN, kNonce, nullptr) == 1 &&
          EVP_DecryptInit_ex(ctx_, nullptr, nullptr, reinterpret_cast<const uint8_t*>(key.data()),
                             nullptr) == 1;
  }
  ~GcmOpener() { EVP_CIPHER_CTX_free(ctx_); }
  GcmOpener(const GcmOpener&) = delete;
  GcmOpener& operator=(const GcmOpener&) = delete;

  bool Open(const uint8_t* nonce, std::string_view aad, const char* in, size_t n, char* out,
            uint8_t* tag) {
    int len = 0;
    return ok_ && EVP_DecryptInit_ex(ctx_, nullptr, nullptr, nullptr, nonce) == 1 &&
           EVP_DecryptUpdate(ctx_, nullptr, &len, reinterpret_cast<const uint8_t*>(aad.data()),
                             static_cast<int>(aad.size())) == 1 &&
           (n == 0 ||
            EVP_DecryptUpdate(ctx_, reinterpret_cast<uint8_t*>(out), &len,
                              reinterpret_cast<const uint8_t*>(in), static_cast<int>(n)) == 1) &&
           EVP_CIPHER_CTX_ctrl(ctx_, EVP_CTRL_GCM_SET_TAG, kTag, tag) == 1 &&
           EVP_DecryptFinal_ex(ctx_, reinterpret_cast<uint8_t*>(out) + n, &len) == 1;
  }

 private:
  EVP_CIPHER_CTX* ctx_;
  bool ok_ = false;
};

void ChunkNonce(uint64_t index, uint8_t nonce[kNonce]) {
  std::memset(nonce, 0, kNonce);
  for (int i = 0; i < 8; ++i) nonce[4 + i] = static_cast<uint8_t>(index >> (8 * (7 - i)));
}

std::string ChunkAad(uint64_t index, bool last) {
  std::string aad(9, '\0');
  for (int i = 0; i < 8; ++i) aad[i] = static_cast<char>(index >> (8 * (7 - i)));
  aad[8] = last ? 1 : 0;
  return aad;
}

bool ValidKeyId(std::string_view id) {
  if (id.empty() || id.size() > 16) return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

struct Header {
  uint32_t chunk = 0;
  uint64_t size = 0;
  std::string kek_id;
  std::string data_key;  // Unwrapped.
};

// Writes the header for `data_key` wrapped under `kek` into `out` (kSealedHeaderBytes).
bool WriteHeader(const Header& h, const KeyEncryptionKey& kek, Random& random, char* out) {
  std::memset(out, 0, kSealedHeaderBytes);
  std::memcpy(out, kMagic, 8);
  PutU32(out + 8, h.chunk);
  PutU64(out + 16, h.size);
  std::memcpy(out + 24, kek.id.data(), kek.id.size());
  const std::string nonce = random.Bytes(kNonce);
  std::memcpy(out + 40, nonce.data(), kNonce);
  return Gcm(true, kek.key, reinterpret_cast<const uint8_t*>(out + 40),
             std::string_view(out, kAadBytes), h.data_key.data(), 32, out + 52,
             reinterpret_cast<uint8_t*>(out + 84));
}

StatusOr<Header> ReadHeader(const char* raw, const Keyring& keyring, const std::string& path) {
  if (std::memcmp(raw, kMagic, 8) != 0) return DataLossError(StrCat(path, " is not sealed"));
  Header h;
  h.chunk = GetU32(raw + 8);
  h.size = GetU64(raw + 16);
  h.kek_id = std::string(raw + 24, strnlen(raw + 24, 16));
  if (h.chunk == 0 || h.chunk > (16u << 20)) return DataLossError(StrCat(path, ": bad chunk size"));
  const KeyEncryptionKey* kek = keyring.Find(h.kek_id);
  if (kek == nullptr)
    return FailedPreconditionError(
        StrCat(path, " is sealed under key '", h.kek_id, "', which the keyring does not hold"));
  h.data_key.resize(32);
  uint8_t tag[kTag];
  std::memcpy(tag, raw + 84, kTag);
  if (!Gcm(false, kek->key, reinterpret_cast<const uint8_t*>(raw + 40),
           std::string_view(raw, kAadBytes), raw + 52, 32, h.data_key.data(), tag))
    return DataLossError(StrCat(path, ": the data key does not authenticate"));
  return h;
}

Status ReadFully(int fd, int64_t offset, char* out, size_t n, const std::string& path) {
  size_t done = 0;
  while (done < n) {
    const ssize_t got = ::pread(fd, out + done, n - done, static_cast<off_t>(offset + done));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return Errno("read", path);
    if (got == 0) return DataLossError(StrCat(path, " is truncated"));
    done += static_cast<size_t>(got);
  }
  return OkStatus();
}

Status WriteFully(int fd, const char* data, size_t n, const std::string& path) {
  size_t done = 0;
  while (done < n) {
    const ssize_t put = ::write(fd, data + done, n - done);
    if (put < 0 && errno == EINTR) continue;
    if (put <= 0) return Errno("write", path);
    done += static_cast<size_t>(put);
  }
  return OkStatus();
}

// What every reader of one sealed file shares, read-ahead fills included.
struct SealedCore {
  SealedCore(int fd, Header h, std::string path) : fd(fd), h(std::move(h)), path(std::move(path)) {}
  ~SealedCore() { ::close(fd); }
  SealedCore(const SealedCore&) = delete;
  SealedCore& operator=(const SealedCore&) = delete;

  size_t ChunkLength(uint64_t index) const {
    return static_cast<size_t>(std::min<uint64_t>(h.chunk, h.size - index * h.chunk));
  }
  uint64_t Chunks() const { return (h.size + h.chunk - 1) / h.chunk; }

  // Decrypts chunk `index` into `dest` (its length in bytes), reading through `cipher`.
  Status Decrypt(uint64_t index, char* dest, GcmOpener& opener, std::string& cipher) const {
    const size_t len = ChunkLength(index);
    const bool last = index * h.chunk + len == h.size;
    cipher.resize(len + kTag);
    BOURSE_RETURN_IF_ERROR(
        ReadFully(fd, static_cast<int64_t>(kSealedHeaderBytes + index * (h.chunk + kTag)),
                  cipher.data(), len + kTag, path));
    uint8_t nonce[kNonce];
    ChunkNonce(index, nonce);
    if (!opener.Open(nonce, ChunkAad(index, last), cipher.data(), len, dest,
                     reinterpret_cast<uint8_t*>(cipher.data() + len)))
      return DataLossError(StrCat(path, ": chunk ", index, " does not authenticate"));
    return OkStatus();
  }

  const int fd;
  const Header h;
  const std::string path;
};

// A sealed file read as plaintext. A read that does not follow the previous one decrypts only
// the chunk it touches. Reads that follow one another (a download, a range) go by windows of
// several chunks, and while the caller sends one window the read-ahead pool decrypts the next,
// never past the end the reader announced (WillRead) or the end of the file.
class SealedFile final : public ByteSource {
 public:
  SealedFile(int fd, Header h, std::string path, size_t window_bytes)
      : core_(std::make_shared<SealedCore>(fd, std::move(h), std::move(path))),
        opener_(core_->h.data_key),
        read_ahead_(window_bytes > 0),
        window_chunks_(std::max<uint64_t>(1, window_bytes / core_->h.chunk)),
        end_chunk_(core_->Chunks()) {}
  int64_t size() const override { return static_cast<int64_t>(core_->h.size); }

  void WillRead(int64_t offset, int64_t length) override {
    if (offset < 0 || length <= 0) return;
    next_offset_ = offset;
    const uint64_t end = std::min<uint64_t>(core_->h.size, static_cast<uint64_t>(offset + length));
    end_chunk_ = (end + core_->h.chunk - 1) / core_->h.chunk;
  }

  StatusOr<size_t> ReadAt(int64_t offset, char* out, size_t n) override {
    BOURSE_ASSIGN_OR_RETURN(const std::string_view got, ReadView(offset, n, out));
    if (!got.empty() && got.data() != out) std::memcpy(out, got.data(), got.size());
    return got.size();
  }

  // From the window when reading in order (no copy), else the chunk decrypted into `scratch`.
  StatusOr<std::string_view> ReadView(int64_t offset, size_t n, char* scratch) override {
    if (offset < 0) return errors::InvalidField("offset", "negative");
    if (static_cast<uint64_t>(offset) >= core_->h.size || n == 0) return std::string_view();
    const uint64_t index = static_cast<uint64_t>(offset) / core_->h.chunk;
    std::string_view got;
    if (read_ahead_ && (offset == next_offset_ || InWindow(index))) {
      BOURSE_ASSIGN_OR_RETURN(got, ReadInOrder(index, static_cast<uint64_t>(offset), n, scratch));
    } else {
      end_chunk_ = core_->Chunks();  // Off the announced path: the announcement no longer holds.
      BOURSE_ASSIGN_OR_RETURN(const size_t taken,
                              ReadChunk(index, static_cast<uint64_t>(offset), scratch, n));
      got = std::string_view(scratch, taken);
    }
    next_offset_ = offset + static_cast<int64_t>(got.size());
    return got;
  }

 private:
  // The read-ahead's own decryption context (it runs on another thread).
  struct AheadState {
    explicit AheadState(std::string_view key) : opener(key) {}
    GcmOpener opener;
    std::string cipher;
  };

  bool InWindow(uint64_t index) const {
    return window_first_ != UINT64_MAX && index >= window_first_ &&
           index < window_first_ + window_count_;
  }
  // How many chunks a window starting at `first` holds.
  uint64_t WindowCount(uint64_t first) const {
    const uint64_t end = std::max(end_chunk_, first + 1);
    return std::min(window_chunks_, std::min(end, core_->Chunks()) - first);
  }

  // The plaintext of chunks [first, first + count) into `out`.
  static Status DecryptWindow(const SealedCore& core, uint64_t first, uint64_t count,
                              GcmOpener& opener, std::string& cipher, std::string& out) {
    const uint64_t begin = first * core.h.chunk;
    out.resize(static_cast<size_t>(std::min(core.h.size, begin + count * core.h.chunk) - begin));
    for (uint64_t i = 0; i < count; ++i)
      BOURSE_RETURN_IF_ERROR(
          core.Decrypt(first + i, out.data() + i * core.h.chunk, opener, cipher));
    return OkStatus();
  }

  // A read in order: from the window holding `index`, or the one prepared for it; failing
  // both (the start of a run, or a window that failed) the chunk is decrypted here into
  // `scratch`. Either way the windows that follow are then prepared, one per lane.
  StatusOr<std::string_view> ReadInOrder(uint64_t index, uint64_t offset, size_t n, char* scratch) {
    if (!InWindow(index)) {
      window_first_ = UINT64_MAX;
      window_ = nullptr;
      Lane* from = nullptr;
      for (Lane& lane : lanes_) {
        if (lane.first == index) from = &lane;
      }
      if (from != nullptr) {
        // A window that failed is read again chunk by chunk, so the error names the chunk at
        // fault and the chunks before it still read.
        auto taken = from->ahead.Take(index);
        window_ = taken.ok() ? *taken : nullptr;
        from->first = UINT64_MAX;
      } else {
        for (Lane& lane : lanes_) lane.first = UINT64_MAX;  // Off the prepared path.
      }
      const bool prepared = window_ != nullptr;
      const uint64_t chunk = core_->h.chunk;
      const uint64_t count = prepared ? (window_->size() + chunk - 1) / chunk : 1;
      StartWindows(index + count);
      if (!prepared) {
        BOURSE_ASSIGN_OR_RETURN(const size_t taken, ReadChunk(index, offset, scratch, n));
        return std::string_view(scratch, taken);
      }
      window_first_ = index;
      window_count_ = count;
    }
    const size_t within = static_cast<size_t>(offset - window_first_ * core_->h.chunk);
    return std::string_view(*window_).substr(within, n);
  }

  StatusOr<size_t> ReadChunk(uint64_t index, uint64_t offset, char* out, size_t n) {
    const size_t within = static_cast<size_t>(offset - index * core_->h.chunk);
    const size_t len = core_->ChunkLength(index);
    if (within == 0 && n >= len) {
      BOURSE_RETURN_IF_ERROR(core_->Decrypt(index, out, opener_, cipher_));
      return len;
    }
    if (index != chunk_index_) {
      chunk_index_ = UINT64_MAX;
      chunk_data_.resize(len);
      BOURSE_RETURN_IF_ERROR(core_->Decrypt(index, chunk_data_.data(), opener_, cipher_));
      chunk_index_ = index;
    }
    const size_t take = std::min(n, chunk_data_.size() - within);
    std::memcpy(out, chunk_data_.data() + within, take);
    return take;
  }

  // Starts the windows after chunk `next` (exclusive of those already started) on free lanes.
  void StartWindows(uint64_t next) {
    for (const Lane& lane : lanes_)
      if (lane.first != UINT64_MAX) next = std::max(next, lane.first + lane.count);
    const uint64_t end = std::min(end_chunk_, core_->Chunks());
    for (Lane& lane : lanes_) {
      if (lane.first != UINT64_MAX || next >= end) continue;
      if (lane.state == nullptr) lane.state = std::make_shared<AheadState>(core_->h.data_key);
      lane.first = next;
      lane.count = WindowCount(next);
      lane.ahead.Start(next, [core = core_, state = lane.state, count = lane.count](
                                 uint64_t i, std::string& out) {
        return DecryptWindow(*core, i, count, state->opener, state->cipher, out);
      });
      next += lane.count;
    }
  }

  // One window in preparation, with its own decryption context; two lanes keep two windows
  // decrypting at once (one per pool thread) while the reader sends a third.
  struct Lane {
    std::shared_ptr<AheadState> state;
    uint64_t first = UINT64_MAX, count = 0;  // The window started, if any.
    ReadAhead ahead;  // Last: destroyed first, before the state its fill shares.
  };

  std::shared_ptr<const SealedCore> core_;
  GcmOpener opener_;
  const bool read_ahead_;
  const uint64_t window_chunks_;
  uint64_t end_chunk_;  // Where the announced read ends (a chunk index, exclusive).
  std::string cipher_;
  uint64_t chunk_index_ = UINT64_MAX;
  std::string chunk_data_;
  uint64_t window_first_ = UINT64_MAX, window_count_ = 0;
  const std::string* window_ = nullptr;  // Owned by a lane's ReadAhead.
  int64_t next_offset_ = 0;
  Lane lanes_[2];
};

}  // namespace

StatusOr<Keyring> Keyring::LoadOrCreate(const std::string& path, Random& random) {
  Keyring ring;
  ring.path_ = path;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno != ENOENT) return FailedPreconditionError(StrCat("cannot read the keyring ", path));
    BOURSE_RETURN_IF_ERROR(ring.AddKey(random));
    return ring;
  }
  if ((st.st_mode & 077) != 0)
    return FailedPreconditionError(
        StrCat("the keyring ", path, " is readable by others; chmod 600 it"));
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const size_t space = line.find(' ');
    auto key = HexDecode(space == std::string::npos ? "" : line.substr(space + 1));
    const std::string id = line.substr(0, space);
    if (!ValidKeyId(id) || !key.ok() || key->size() != 32)
      return FailedPreconditionError(StrCat("the keyring ", path, " is malformed"));
    ring.keys_.push_back({id, *key});
  }
  if (ring.keys_.empty())
    return FailedPreconditionError(StrCat("the keyring ", path, " holds no key"));
  return ring;
}

const KeyEncryptionKey* Keyring::Find(std::string_view id) const {
  for (const auto& k : keys_)
    if (k.id == id) return &k;
  return nullptr;
}

Status Keyring::AddKey(Random& random) {
  std::string id;
  do {
    id = StrCat("k", HexEncode(random.Bytes(6)));
  } while (Find(id) != nullptr);
  keys_.push_back({id, random.Bytes(32)});
  return Save();
}

Status Keyring::RetireOlderKeys() {
  keys_.erase(keys_.begin(), keys_.end() - 1);
  return Save();
}

Status Keyring::Save() const {
  std::error_code ec;
  const std::filesystem::path p(path_);
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path(), ec);
  std::string body =
      "# Bourse key-encryption keys (id, hex); the last one is active. Keep this file private.\n";
  for (const auto& k : keys_) body += StrCat(k.id, " ", HexEncode(k.key), "\n");
  const std::string tmp = path_ + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Errno("cannot write", tmp);
  Status st = WriteFully(fd, body.data(), body.size(), tmp);
  if (st.ok() && ::fsync(fd) != 0) st = Errno("fsync", tmp);
  ::close(fd);
  if (st.ok() && ::rename(tmp.c_str(), path_.c_str()) != 0) st = Errno("rename", tmp);
  return st;
}

bool IsSealedFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char magic[8];
  const bool sealed = ::pread(fd, magic, 8, 0) == 8 && std::memcmp(magic, kMagic, 8) == 0;
  ::close(fd);
  return sealed;
}

Status SealFile(const std::string& plain_path, const std::string& sealed_path,
                const KeyEncryptionKey& kek, Random& random) {
  const int in = ::open(plain_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) return Errno("cannot open", plain_path);
  struct stat st {};
  if (::fstat(in, &st) != 0) {
    ::close(in);
    return Errno("fstat", plain_path);
  }
  const int out = ::open(sealed_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (out < 0) {
    ::close(in);
    return Errno("cannot create", sealed_path);
  }
  Header h{static_cast<uint32_t>(kSealedChunkBytes), static_cast<uint64_t>(st.st_size), kek.id,
           random.Bytes(32)};
  Status result;
  char header[kSealedHeaderBytes];
  if (!WriteHeader(h, kek, random, header)) result = errors::Internal("cannot wrap a data key");
  if (result.ok()) result = WriteFully(out, header, sizeof header, sealed_path);
  std::string plain(kSealedChunkBytes, '\0'), cipher(kSealedChunkBytes + kTag, '\0');
  for (uint64_t index = 0, begin = 0; result.ok() && begin < h.size; ++index) {
    const size_t len = static_cast<size_t>(std::min<uint64_t>(h.chunk, h.size - begin));
    result = ReadFully(in, static_cast<int64_t>(begin), plain.data(), len, plain_path);
    if (!result.ok()) break;
    uint8_t nonce[kNonce];
    ChunkNonce(index, nonce);
    if (!Gcm(true, h.data_key, nonce, ChunkAad(index, begin + len == h.size), plain.data(), len,
             cipher.data(), reinterpret_cast<uint8_t*>(cipher.data() + len))) {
      result = errors::Internal("cannot encrypt a chunk");
      break;
    }
    result = WriteFully(out, cipher.data(), len + kTag, sealed_path);
    begin += len;
  }
  if (result.ok() && ::fsync(out) != 0) result = Errno("fsync", sealed_path);
  ::close(in);
  ::close(out);
  if (!result.ok()) ::unlink(sealed_path.c_str());
  return result;
}

StatusOr<std::unique_ptr<ByteSource>> OpenSealedFile(const std::string& path,
                                                     const Keyring& keyring,
                                                     size_t read_ahead_bytes) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errors::NotFound(StrCat("stored file ", path));
  char raw[kSealedHeaderBytes];
  Status st = ReadFully(fd, 0, raw, sizeof raw, path);
  auto header = st.ok() ? ReadHeader(raw, keyring, path) : StatusOr<Header>(st);
  if (!header.ok()) {
    ::close(fd);
    return header.status();
  }
  return std::unique_ptr<ByteSource>(
      new SealedFile(fd, std::move(*header), path, read_ahead_bytes));
}

StatusOr<std::string> SealedFileKeyId(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errors::NotFound(StrCat("stored file ", path));
  char raw[kSealedHeaderBytes];
  Status st = ReadFully(fd, 0, raw, sizeof raw, path);
  ::close(fd);
  BOURSE_RETURN_IF_ERROR(st);
  if (std::memcmp(raw, kMagic, 8) != 0) return DataLossError(StrCat(path, " is not sealed"));
  return std::string(raw + 24, strnlen(raw + 24, 16));
}

Status RewrapSealedFile(const std::string& path, const Keyring& keyring,
                        const KeyEncryptionKey& kek, Random& random) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) return errors::NotFound(StrCat("stored file ", path));
  char raw[kSealedHeaderBytes];
  Status st = ReadFully(fd, 0, raw, sizeof raw, path);
  auto header = st.ok() ? ReadHeader(raw, keyring, path) : StatusOr<Header>(st);
  if (!header.ok() || header->kek_id == kek.id) {
    ::close(fd);
    return header.status();
  }
  header->kek_id = kek.id;
  char fresh[kSealedHeaderBytes];
  Status result;
  if (!WriteHeader(*header, kek, random, fresh))
    result = errors::Internal("cannot wrap a data key");
  // One pwrite of 128 bytes at offset 0, inside one disk sector.
  if (result.ok() && ::pwrite(fd, fresh, sizeof fresh, 0) != static_cast<ssize_t>(sizeof fresh))
    result = Errno("rewrite the header of", path);
  if (result.ok() && ::fsync(fd) != 0) result = Errno("fsync", path);
  ::close(fd);
  return result;
}

StatusOr<std::string> SealSecret(std::string_view secret, std::string_view purpose,
                                 const KeyEncryptionKey& kek, Random& random) {
  const std::string nonce = random.Bytes(kNonce);
  std::string out(secret.size() + kTag, '\0');
  if (!Gcm(true, kek.key, reinterpret_cast<const uint8_t*>(nonce.data()), purpose, secret.data(),
           secret.size(), out.data(), reinterpret_cast<uint8_t*>(out.data() + secret.size())))
    return errors::Internal("cannot seal a secret");
  return StrCat(kSecretPrefix, kek.id, ":", Base64Encode(nonce + out));
}

bool IsSealedSecret(std::string_view text) { return text.rfind(kSecretPrefix, 0) == 0; }

std::string_view SealedSecretKeyId(std::string_view text) {
  if (!IsSealedSecret(text)) return {};
  text.remove_prefix(kSecretPrefix.size());
  const size_t colon = text.find(':');
  return colon == std::string_view::npos ? std::string_view() : text.substr(0, colon);
}

StatusOr<std::string> OpenSecret(std::string_view sealed, std::string_view purpose,
                                 const Keyring& keyring) {
  if (!IsSealedSecret(sealed)) return DataLossError("not a sealed secret");
  sealed.remove_prefix(kSecretPrefix.size());
  const size_t colon = sealed.find(':');
  if (colon == std::string_view::npos) return DataLossError("malformed sealed secret");
  const KeyEncryptionKey* kek = keyring.Find(sealed.substr(0, colon));
  if (kek == nullptr) return FailedPreconditionError("a secret is sealed under an unknown key");
  BOURSE_ASSIGN_OR_RETURN(std::string raw, Base64Decode(sealed.substr(colon + 1)));
  if (raw.size() < kNonce + kTag) return DataLossError("malformed sealed secret");
  const size_t n = raw.size() - kNonce - kTag;
  std::string out(n, '\0');
  if (!Gcm(false, kek->key, reinterpret_cast<const uint8_t*>(raw.data()), purpose,
           raw.data() + kNonce, n, out.data(), reinterpret_cast<uint8_t*>(raw.data() + kNonce + n)))
    return DataLossError("a sealed secret does not authenticate");
  return out;
}

StatusOr<std::unique_ptr<DataKeys>> DataKeys::Open(const std::string& keyring_path,
                                                   Random& random) {
  BOURSE_ASSIGN_OR_RETURN(Keyring ring, Keyring::LoadOrCreate(keyring_path, random));
  return std::unique_ptr<DataKeys>(new DataKeys(std::move(ring), keyring_path, random));
}

Keyring DataKeys::Snapshot() {
  std::lock_guard lock(mu_);
  return ring_;
}

std::string DataKeys::active_id() { return Snapshot().active().id; }

bool DataKeys::Reload(std::string_view id) {
  std::lock_guard lock(mu_);
  if (ring_.Find(id) != nullptr) return true;
  auto fresh = Keyring::LoadOrCreate(path_, random_);
  if (!fresh.ok()) return false;
  // Keep every key known so far: files this process sealed stay readable mid-rotation.
  for (const auto& k : ring_.keys())
    if (fresh->Find(k.id) == nullptr) fresh->keys_.insert(fresh->keys_.begin(), k);
  ring_ = std::move(*fresh);
  return ring_.Find(id) != nullptr;
}

Status DataKeys::SealFile(const std::string& plain_path, const std::string& sealed_path) {
  const Keyring ring = Snapshot();
  return crypto::SealFile(plain_path, sealed_path, ring.active(), random_);
}

StatusOr<std::unique_ptr<ByteSource>> DataKeys::OpenFile(const std::string& path,
                                                         size_t read_ahead_bytes) {
  auto opened = OpenSealedFile(path, Snapshot(), read_ahead_bytes);
  if (opened.status().code() != StatusCode::kFailedPrecondition) return opened;
  auto id = SealedFileKeyId(path);
  if (!id.ok() || !Reload(*id)) return opened;
  return OpenSealedFile(path, Snapshot(), read_ahead_bytes);
}

StatusOr<std::string> DataKeys::SealSecret(std::string_view secret, std::string_view purpose) {
  const Keyring ring = Snapshot();
  return crypto::SealSecret(secret, purpose, ring.active(), random_);
}

StatusOr<std::string> DataKeys::OpenSecret(std::string_view sealed, std::string_view purpose) {
  auto opened = crypto::OpenSecret(sealed, purpose, Snapshot());
  if (opened.status().code() != StatusCode::kFailedPrecondition) return opened;
  if (!Reload(SealedSecretKeyId(sealed))) return opened;
  return crypto::OpenSecret(sealed, purpose, Snapshot());
}

Status DataKeys::Rotate(const std::function<Status(const Keyring&)>& rewrap) {
  Keyring ring;
  {
    std::lock_guard lock(mu_);
    BOURSE_RETURN_IF_ERROR(ring_.AddKey(random_));
    ring = ring_;
  }
  BOURSE_RETURN_IF_ERROR(rewrap(ring));
  std::lock_guard lock(mu_);
  return ring_.RetireOlderKeys();
}

}  // namespace bourse::crypto
