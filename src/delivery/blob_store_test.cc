#include "delivery/blob_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "crypto/secure_random.h"
#include "crypto/sha256.h"

namespace bourse::delivery {
namespace {

class BlobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("bourse_blobs_" + std::to_string(getpid()));
    std::filesystem::remove_all(dir_);
    keys_ = std::move(*crypto::DataKeys::Open((dir_ / "keys/data.kek").string(), random_));
    blobs_ = std::move(*BlobStore::Open((dir_ / "data").string(), keys_.get()));
    for (int i = 0; i < 20000; ++i) csv_ += "13800138" + std::to_string(1000 + i % 9000) + ",a\n";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  static std::string Slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), {});
  }
  static std::string Read(ByteSource& src, int64_t offset, size_t n) {
    std::string out(n, '\0');
    size_t done = 0;
    while (done < n) {
      auto got = src.ReadAt(offset + static_cast<int64_t>(done), out.data() + done, n - done);
      if (!got.ok() || *got == 0) break;
      done += *got;
    }
    out.resize(done);
    return out;
  }
  std::filesystem::path dir_;
  crypto::SecureRandom random_;
  std::unique_ptr<crypto::DataKeys> keys_;
  std::unique_ptr<BlobStore> blobs_;
  std::string csv_;
};

TEST_F(BlobStoreTest, ASealedDatasetIsEncryptedOnDiskAndReadsBackByRange) {
  const UploadId id("upl_1");
  ASSERT_TRUE(blobs_->Write(id, 0, csv_).ok());
  auto sealed = blobs_->Seal(id);
  ASSERT_TRUE(sealed.ok()) << sealed.status().ToString();
  EXPECT_EQ(sealed->sha256, crypto::Sha256Hex(csv_)) << "the digest is over the plaintext";
  EXPECT_EQ(sealed->bytes, static_cast<int64_t>(csv_.size()));
  EXPECT_FALSE(std::filesystem::exists(blobs_->PartialPath(id)));
  const std::string disk = Slurp(blobs_->BlobPath(sealed->sha256));
  EXPECT_EQ(disk.find("13800138"), std::string::npos) << "no phone number on disk";
  auto src = blobs_->OpenBlob(sealed->sha256);
  ASSERT_TRUE(src.ok()) << src.status().ToString();
  EXPECT_EQ(Read(**src, 0, csv_.size()), csv_);
  EXPECT_EQ(Read(**src, 200000, 1000), csv_.substr(200000, 1000));
}

TEST_F(BlobStoreTest, TheMigrationSealsPlaintextBlobsAndRotationKeepsThemReadable) {
  // A blob written before encryption at rest.
  const std::string sha = crypto::Sha256Hex(csv_);
  std::ofstream(blobs_->BlobPath(sha), std::ios::binary) << csv_;
  auto legacy = blobs_->OpenBlob(sha);
  ASSERT_TRUE(legacy.ok());
  EXPECT_EQ(Read(**legacy, 0, 20), csv_.substr(0, 20)) << "readable before the migration";
  auto sealed = blobs_->EncryptExisting();
  ASSERT_TRUE(sealed.ok()) << sealed.status().ToString();
  EXPECT_EQ(*sealed, 1);
  EXPECT_EQ(*blobs_->EncryptExisting(), 0) << "once";
  EXPECT_EQ(Slurp(blobs_->BlobPath(sha)).find("13800138"), std::string::npos);
  const std::string old_key = keys_->active_id();
  ASSERT_TRUE(keys_
                  ->Rotate([&](const crypto::Keyring& ring) -> Status {
                    auto n = blobs_->Rewrap(ring);
                    EXPECT_EQ(*n, 1);
                    return n.status();
                  })
                  .ok());
  EXPECT_NE(keys_->active_id(), old_key);
  EXPECT_EQ(*crypto::SealedFileKeyId(blobs_->BlobPath(sha)), keys_->active_id());
  // Another process (a fresh keyring load) reads it with the rotated keyring alone.
  crypto::SecureRandom random;
  auto fresh = crypto::DataKeys::Open((dir_ / "keys/data.kek").string(), random);
  auto again = BlobStore::Open((dir_ / "data").string(), fresh->get());
  auto src = (*again)->OpenBlob(sha);
  ASSERT_TRUE(src.ok()) << src.status().ToString();
  EXPECT_EQ(Read(**src, 0, csv_.size()), csv_);
}

}  // namespace
}  // namespace bourse::delivery
