#include "crypto/ed25519.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <unistd.h>

#include <cstdio>
#include <mutex>
#include <vector>

#include "base/status.h"

namespace bourse::crypto {
namespace {

EVP_PKEY* AsKey(void* p) { return static_cast<EVP_PKEY*>(p); }

std::string RawPublic(EVP_PKEY* key) {
  std::string out(32, '\0');
  size_t len = out.size();
  EVP_PKEY_get_raw_public_key(key, reinterpret_cast<unsigned char*>(out.data()), &len);
  out.resize(len);
  return out;
}

}  // namespace

struct Ed25519PrivateKey::SignerPool {
  static constexpr size_t kKept = 16;
  ~SignerPool() {
    for (EVP_MD_CTX* ctx : idle) EVP_MD_CTX_free(ctx);
  }
  std::mutex mu;
  std::vector<EVP_MD_CTX*> idle;
};

Ed25519PrivateKey::Ed25519PrivateKey(void* pkey)
    : pkey_(pkey), signers_(std::make_unique<SignerPool>()) {
  public_key_ = RawPublic(AsKey(pkey_));
}

Ed25519PrivateKey::~Ed25519PrivateKey() {
  signers_.reset();  // The contexts refer to the key.
  EVP_PKEY_free(AsKey(pkey_));
}
Ed25519PrivateKey::Ed25519PrivateKey(Ed25519PrivateKey&& o) noexcept
    : pkey_(o.pkey_), public_key_(std::move(o.public_key_)), signers_(std::move(o.signers_)) {
  o.pkey_ = nullptr;
}
Ed25519PrivateKey& Ed25519PrivateKey::operator=(Ed25519PrivateKey&& o) noexcept {
  if (this != &o) {
    signers_.reset();
    EVP_PKEY_free(AsKey(pkey_));
    pkey_ = o.pkey_;
    public_key_ = std::move(o.public_key_);
    signers_ = std::move(o.signers_);
    o.pkey_ = nullptr;
  }
  return *this;
}

StatusOr<Ed25519PrivateKey> Ed25519PrivateKey::FromSeed(std::string_view seed32) {
  if (seed32.size() != 32) return InvalidArgumentError("Ed25519 seed must be 32 bytes");
  EVP_PKEY* key = EVP_PKEY_new_raw_private_key(
      EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(seed32.data()), 32);
  if (key == nullptr) return InternalError("EVP_PKEY_new_raw_private_key failed");
  return Ed25519PrivateKey(key);
}

Ed25519PrivateKey Ed25519PrivateKey::Generate(Random& random) {
  return *FromSeed(random.Bytes(32));
}

StatusOr<Ed25519PrivateKey> Ed25519PrivateKey::ReadPemFile(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "r");
  if (f == nullptr) return NotFoundError("cannot open key file " + path);
  EVP_PKEY* key = PEM_read_PrivateKey(f, nullptr, nullptr, nullptr);
  std::fclose(f);
  if (key == nullptr || EVP_PKEY_get_id(key) != EVP_PKEY_ED25519) {
    EVP_PKEY_free(key);
    return InvalidArgumentError("not an Ed25519 PKCS#8 key: " + path);
  }
  return Ed25519PrivateKey(key);
}

Status Ed25519PrivateKey::WritePemFile(const std::string& path) const {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return AlreadyExistsError("cannot create key file " + path);
  FILE* f = ::fdopen(fd, "w");
  bool ok = PEM_write_PrivateKey(f, AsKey(pkey_), nullptr, nullptr, 0, nullptr, nullptr) == 1;
  ok = (std::fflush(f) == 0) && ok && ::fsync(fd) == 0;
  std::fclose(f);
  if (!ok) return InternalError("writing key file failed: " + path);
  return OkStatus();
}

std::string Ed25519PrivateKey::Sign(std::string_view message) const {
  std::string sig(64, '\0');
  auto sign_with = [&](EVP_MD_CTX* ctx) {
    size_t len = sig.size();
    return EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &len,
                          reinterpret_cast<const unsigned char*>(message.data()),
                          message.size()) == 1 &&
           len == sig.size();
  };
  auto fresh = [&] {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, AsKey(pkey_));
    return ctx;
  };
  EVP_MD_CTX* ctx = nullptr;
  if (signers_) {
    std::lock_guard<std::mutex> lock(signers_->mu);
    if (!signers_->idle.empty()) {
      ctx = signers_->idle.back();
      signers_->idle.pop_back();
    }
  }
  // Ed25519 signs in one shot and leaves the context as it was; should a library version refuse
  // to sign twice with one context, the signature is made again with a fresh one.
  if (ctx == nullptr || !sign_with(ctx)) {
    EVP_MD_CTX_free(ctx);
    ctx = fresh();
    (void)sign_with(ctx);
  }
  if (signers_) {
    std::lock_guard<std::mutex> lock(signers_->mu);
    if (signers_->idle.size() < SignerPool::kKept) {
      signers_->idle.push_back(ctx);
      ctx = nullptr;
    }
  }
  EVP_MD_CTX_free(ctx);
  return sig;
}

bool Ed25519Verify(std::string_view public_key, std::string_view message,
                   std::string_view signature) {
  if (public_key.size() != 32 || signature.size() != 64) return false;
  EVP_PKEY* key = EVP_PKEY_new_raw_public_key(
      EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(public_key.data()), 32);
  if (key == nullptr) return false;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  bool ok = EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, key) == 1 &&
            EVP_DigestVerify(
                ctx, reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
  EVP_MD_CTX_free(ctx);
  EVP_PKEY_free(key);
  return ok;
}

}  // namespace bourse::crypto
