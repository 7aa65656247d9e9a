#include "crypto/secure_random.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace bourse::crypto {
namespace {

void Generate(uint8_t* out, size_t n) {
  if (RAND_bytes(out, static_cast<int>(n)) != 1) {
    std::fputs("fatal: RAND_bytes failed\n", stderr);
    std::abort();
  }
}

// Each RAND_bytes call costs about as much as generating a few hundred bytes (locking and the
// DRBG's per-call work), and most requests here are 6 to 16 bytes: an id's random part, a status
// index. So each thread draws a block at a time and hands it out in order, wiping what it hands
// out so that bytes already given never stay in memory.
struct Block {
  static constexpr size_t kSize = 512;
  uint8_t bytes[kSize];
  size_t used = kSize;
  ~Block() { OPENSSL_cleanse(bytes, sizeof(bytes)); }
};

}  // namespace

void SecureRandom::Fill(absl::Span<uint8_t> out) {
  if (out.empty()) return;
  if (out.size() > Block::kSize / 8) {
    Generate(out.data(), out.size());
    return;
  }
  thread_local Block block;
  if (Block::kSize - block.used < out.size()) {
    Generate(block.bytes, Block::kSize);
    block.used = 0;
  }
  std::memcpy(out.data(), block.bytes + block.used, out.size());
  OPENSSL_cleanse(block.bytes + block.used, out.size());
  block.used += out.size();
}

}  // namespace bourse::crypto
