#include "crypto/data_keys.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "base/errors.h"
#include "crypto/secure_random.h"

namespace bourse::crypto {
namespace {

class DataKeysTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("bourse_keys_" + std::to_string(getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Path(const std::string& n) { return (dir_ / n).string(); }
  std::string Plain(size_t n) {
    std::string s(n, '\0');
    for (size_t i = 0; i < n; ++i) s[i] = static_cast<char>((i * 131 + i / 7) & 0xff);
    std::ofstream(Path("plain"), std::ios::binary) << s;
    return s;
  }
  static std::string ReadAll(ByteSource& src, int64_t offset, size_t n, size_t step) {
    std::string out;
    std::string buf(step, '\0');
    while (out.size() < n) {
      auto got = src.ReadAt(offset + static_cast<int64_t>(out.size()), buf.data(),
                            std::min(step, n - out.size()));
      EXPECT_TRUE(got.ok()) << got.status().ToString();
      if (!got.ok() || *got == 0) break;
      out.append(buf.data(), *got);
    }
    return out;
  }
  std::filesystem::path dir_;
  SecureRandom random_;
};

TEST_F(DataKeysTest, ASealedFileReadsBackAnyRangeAndHoldsNoPlaintext) {
  auto ring = Keyring::LoadOrCreate(Path("keys/data.kek"), random_);
  ASSERT_TRUE(ring.ok()) << ring.status().ToString();
  struct stat st {};
  ASSERT_EQ(::stat(Path("keys/data.kek").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  for (size_t n : {size_t{0}, size_t{1}, kSealedChunkBytes, kSealedChunkBytes + 1,
                   3 * kSealedChunkBytes + 17}) {
    const std::string plain = Plain(n);
    ASSERT_TRUE(SealFile(Path("plain"), Path("sealed"), ring->active(), random_).ok());
    EXPECT_TRUE(IsSealedFile(Path("sealed")));
    std::ifstream in(Path("sealed"), std::ios::binary);
    std::string disk((std::istreambuf_iterator<char>(in)), {});
    if (n >= 64) EXPECT_EQ(disk.find(plain.substr(n / 2, 32)), std::string::npos);
    auto src = OpenSealedFile(Path("sealed"), *ring);
    ASSERT_TRUE(src.ok()) << src.status().ToString();
    EXPECT_EQ((*src)->size(), static_cast<int64_t>(n));
    EXPECT_EQ(ReadAll(**src, 0, n, 10000), plain) << n;
    if (n > 100) {
      const int64_t off = static_cast<int64_t>(n) - 90;
      EXPECT_EQ(ReadAll(**src, off, 50, 7), plain.substr(off, 50)) << n;
    }
  }
}

TEST_F(DataKeysTest, TamperingTruncationAndAForeignKeyringAreRefused) {
  auto ring = Keyring::LoadOrCreate(Path("data.kek"), random_);
  Plain(3 * kSealedChunkBytes);
  ASSERT_TRUE(SealFile(Path("plain"), Path("sealed"), ring->active(), random_).ok());
  {
    std::fstream f(Path("sealed"), std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(kSealedHeaderBytes + kSealedChunkBytes + 16 + 5);
    f.put('\x55');
  }
  auto src = OpenSealedFile(Path("sealed"), *ring);
  ASSERT_TRUE(src.ok());
  char buf[16];
  EXPECT_TRUE((*src)->ReadAt(0, buf, sizeof buf).ok()) << "the first chunk is intact";
  auto bad = (*src)->ReadAt(kSealedChunkBytes, buf, sizeof buf);
  EXPECT_EQ(bad.status().code(), StatusCode::kDataLoss);
  std::filesystem::resize_file(Path("sealed"), kSealedHeaderBytes + 10);
  auto cut = OpenSealedFile(Path("sealed"), *ring);
  ASSERT_TRUE(cut.ok());
  EXPECT_EQ((*cut)->ReadAt(0, buf, sizeof buf).status().code(), StatusCode::kDataLoss);
  auto other = Keyring::LoadOrCreate(Path("other.kek"), random_);
  ASSERT_TRUE(SealFile(Path("plain"), Path("sealed2"), ring->active(), random_).ok());
  EXPECT_EQ(OpenSealedFile(Path("sealed2"), *other).status().code(),
            StatusCode::kFailedPrecondition);
}

// Downloads, ranges, announced and unannounced, views and copies, jumps back and forth: with and
// without read-ahead, and with windows of one chunk or several, every read returns the plaintext.
TEST_F(DataKeysTest, EveryReadPatternReturnsThePlaintextWithOrWithoutReadAhead) {
  auto ring = Keyring::LoadOrCreate(Path("data.kek"), random_);
  const std::string plain = Plain(40 * kSealedChunkBytes + 123);
  ASSERT_TRUE(SealFile(Path("plain"), Path("sealed"), ring->active(), random_).ok());
  const int64_t size = static_cast<int64_t>(plain.size());
  for (size_t ahead : {size_t{0}, kSealedChunkBytes, 3 * kSealedChunkBytes, size_t{1} << 20}) {
    auto src = OpenSealedFile(Path("sealed"), *ring, ahead);
    ASSERT_TRUE(src.ok());
    std::mt19937_64 rng(ahead);
    std::string scratch(3 * kSealedChunkBytes, '\0');
    int64_t at = 0;
    for (int op = 0; op < 400; ++op) {
      const uint64_t what = rng() % 10;
      if (what == 0) at = static_cast<int64_t>(rng() % plain.size());  // A jump.
      if (what == 1) {                                                 // An announced range.
        at = static_cast<int64_t>(rng() % plain.size());
        (*src)->WillRead(at, static_cast<int64_t>(rng() % (4 * kSealedChunkBytes)) + 1);
      }
      const size_t n = what < 5 ? kSealedChunkBytes : 1 + rng() % scratch.size();
      std::string got;
      if (rng() % 2 == 0) {
        auto view = (*src)->ReadView(at, n, scratch.data());
        ASSERT_TRUE(view.ok()) << view.status().ToString();
        got = std::string(*view);
      } else {
        auto read = (*src)->ReadAt(at, scratch.data(), n);
        ASSERT_TRUE(read.ok()) << read.status().ToString();
        got = scratch.substr(0, *read);
      }
      ASSERT_EQ(got, plain.substr(static_cast<size_t>(std::min(at, size)), got.size()))
          << "read-ahead " << ahead << ", op " << op << " at " << at;
      if (at < size) ASSERT_FALSE(got.empty()) << "only the end reads nothing";
      at = got.empty() ? 0 : at + static_cast<int64_t>(got.size());
    }
  }
}

// A chunk that fails authentication fails the read of that chunk, whether the reader or the
// read-ahead decrypted it; every chunk before it still reads back.
TEST_F(DataKeysTest, ATamperedChunkFailsTheDownloadAtThatChunk) {
  auto ring = Keyring::LoadOrCreate(Path("data.kek"), random_);
  const std::string plain = Plain(30 * kSealedChunkBytes);
  ASSERT_TRUE(SealFile(Path("plain"), Path("sealed"), ring->active(), random_).ok());
  {
    std::fstream f(Path("sealed"), std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(kSealedHeaderBytes + 20 * (kSealedChunkBytes + 16) + 99);
    f.put('\x01');
  }
  for (size_t ahead : {size_t{0}, 4 * kSealedChunkBytes}) {
    auto src = OpenSealedFile(Path("sealed"), *ring, ahead);
    ASSERT_TRUE(src.ok());
    (*src)->WillRead(0, static_cast<int64_t>(plain.size()));
    std::string buf(kSealedChunkBytes, '\0');
    for (int64_t i = 0; i < 20; ++i) {
      auto got =
          (*src)->ReadAt(i * static_cast<int64_t>(kSealedChunkBytes), buf.data(), buf.size());
      ASSERT_TRUE(got.ok()) << "chunk " << i << ": " << got.status().ToString();
      ASSERT_EQ(buf, plain.substr(i * kSealedChunkBytes, kSealedChunkBytes));
    }
    auto bad = (*src)->ReadAt(20 * static_cast<int64_t>(kSealedChunkBytes), buf.data(), buf.size());
    EXPECT_EQ(bad.status().code(), StatusCode::kDataLoss) << "read-ahead " << ahead;
    EXPECT_NE(bad.status().message().find("chunk 20 does not authenticate"), std::string::npos)
        << bad.status().ToString();
  }
}

TEST_F(DataKeysTest, RotationRewrapsHeadersAndLeavesTheDataAlone) {
  auto ring = Keyring::LoadOrCreate(Path("data.kek"), random_);
  const std::string plain = Plain(2 * kSealedChunkBytes + 3);
  ASSERT_TRUE(SealFile(Path("plain"), Path("sealed"), ring->active(), random_).ok());
  std::ifstream before_in(Path("sealed"), std::ios::binary);
  std::string before((std::istreambuf_iterator<char>(before_in)), {});
  const std::string old_id = ring->active().id;
  ASSERT_TRUE(ring->AddKey(random_).ok());
  ASSERT_NE(ring->active().id, old_id);
  ASSERT_TRUE(RewrapSealedFile(Path("sealed"), *ring, ring->active(), random_).ok());
  EXPECT_EQ(*SealedFileKeyId(Path("sealed")), ring->active().id);
  std::ifstream after_in(Path("sealed"), std::ios::binary);
  std::string after((std::istreambuf_iterator<char>(after_in)), {});
  EXPECT_EQ(after.substr(kSealedHeaderBytes), before.substr(kSealedHeaderBytes));
  ASSERT_TRUE(ring->RetireOlderKeys().ok());
  auto reloaded = Keyring::LoadOrCreate(Path("data.kek"), random_);
  ASSERT_EQ(reloaded->keys().size(), 1u);
  EXPECT_EQ(reloaded->Find(old_id), nullptr);
  auto src = OpenSealedFile(Path("sealed"), *reloaded);
  ASSERT_TRUE(src.ok()) << src.status().ToString();
  EXPECT_EQ(ReadAll(**src, 0, plain.size(), 65536), plain);
}

TEST_F(DataKeysTest, SecretsAreSealedForOnePurpose) {
  auto ring = Keyring::LoadOrCreate(Path("data.kek"), random_);
  auto sealed = SealSecret("whsec_abc", "webhook", ring->active(), random_);
  ASSERT_TRUE(sealed.ok());
  EXPECT_TRUE(IsSealedSecret(*sealed));
  EXPECT_EQ(sealed->find("whsec_abc"), std::string::npos);
  EXPECT_EQ(*OpenSecret(*sealed, "webhook", *ring), "whsec_abc");
  EXPECT_EQ(OpenSecret(*sealed, "upstream", *ring).status().code(), StatusCode::kDataLoss);
}

TEST_F(DataKeysTest, AKeyringOthersCanReadIsRefused) {
  ASSERT_TRUE(Keyring::LoadOrCreate(Path("data.kek"), random_).ok());
  ::chmod(Path("data.kek").c_str(), 0644);
  auto ring = Keyring::LoadOrCreate(Path("data.kek"), random_);
  EXPECT_EQ(ring.status().code(), StatusCode::kFailedPrecondition);
  std::ofstream(Path("bad.kek")) << "nonsense\n";
  ::chmod(Path("bad.kek").c_str(), 0600);
  EXPECT_EQ(Keyring::LoadOrCreate(Path("bad.kek"), random_).status().code(),
            StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace bourse::crypto
