#include "log/transparency_log.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "base/strings.h"
#include "crypto/signed_note.h"
#include "merkle/checkpoint.h"
#include "store/sqlite/sqlite_store.h"

namespace bourse::log {
namespace {

class TransparencyLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           StrCat("bourse_log_", getpid(), "_",
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    Open();
  }
  void TearDown() override {
    log_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  void Open(int64_t max_batch = 65536) {
    log_.reset();
    store_.reset();
    store_ = std::move(*store::sqlite::OpenSqliteStore(
        {.path = (dir_ / "db").string(), .synchronous_full = false}));
    log_ = std::make_unique<TransparencyLog>(
        *store_, clock_, key_, LogOptions{.origin = "test.example/log", .max_batch = max_batch});
  }

  Event MakeEvent(int i) {
    Event e;
    e.type = "test.event";
    e.time = clock_.Now();
    e.subjects["thing"] = StrCat("thing_", i);
    e.fields["n"] = i;
    return e;
  }

  // Appends `n` events, `per_tx` per transaction; returns their leaves.
  std::vector<std::string> AppendMany(int n, int per_tx = 7) {
    std::vector<std::string> leaves;
    for (int i = 0; i < n;) {
      EXPECT_TRUE(store_
                      ->Write([&](store::Transaction& tx) -> Status {
                        for (int k = 0; k < per_tx && i < n; ++k, ++i) {
                          auto index = log_->Append(tx, MakeEvent(i));
                          if (!index.ok()) return index.status();
                          EXPECT_EQ(*index, next_index_ + static_cast<int64_t>(leaves.size()));
                          leaves.push_back(*EncodeLeaf(MakeEvent(i)));
                        }
                        return OkStatus();
                      })
                      .ok());
    }
    next_index_ += static_cast<int64_t>(leaves.size());
    return leaves;
  }

  std::filesystem::path dir_;
  FakeClock clock_{absl::FromUnixSeconds(1'764'000'000)};
  SeededRandom random_{2};
  crypto::Ed25519PrivateKey key_ = crypto::Ed25519PrivateKey::Generate(random_);
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<TransparencyLog> log_;
  int64_t next_index_ = 0;
};

TEST_F(TransparencyLogTest, FirstCheckpointIsTheEmptyTree) {
  auto cp = log_->Integrate();
  ASSERT_TRUE(cp.ok()) << cp.status().ToString();
  EXPECT_EQ(cp->size, 0);
  auto v = *crypto::ParseNoteVerifierKey(log_->verifier_key());
  auto body = merkle::OpenCheckpoint(cp->note, v);
  ASSERT_TRUE(body.ok()) << body.status().ToString();
  EXPECT_EQ(body->root, merkle::EmptyRoot());
  EXPECT_EQ(body->origin, "test.example/log");
}

TEST_F(TransparencyLogTest, IntegratedTreeMatchesAnIndependentTreeAndProofsVerify) {
  Open(/*max_batch=*/300);
  auto leaves = AppendMany(1000);
  merkle::MemoryTree reference;
  for (const auto& l : leaves) reference.Append(merkle::LeafHash(l));
  auto v = *crypto::ParseNoteVerifierKey(log_->verifier_key());
  std::vector<merkle::CheckpointBody> seen;
  for (int64_t expected : {300, 600, 900, 1000, 1000}) {
    auto cp = log_->Integrate();
    ASSERT_TRUE(cp.ok()) << cp.status().ToString();
    EXPECT_EQ(cp->size, expected);
    auto body = *merkle::OpenCheckpoint(cp->note, v);
    EXPECT_EQ(body.root, *merkle::RootHash(expected, reference.Reader())) << expected;
    seen.push_back(body);
  }
  // Tiles are the reference tree's nodes.
  auto tile = log_->Tile({0, 1, 256, false});
  ASSERT_TRUE(tile.ok());
  EXPECT_EQ(tile->substr(0, 32), merkle::ToBytes(reference.Level(0)[256]));
  auto bundle = merkle::DecodeEntryBundle(*log_->Tile({0, 3, 232, true}));
  ASSERT_TRUE(bundle.ok());
  EXPECT_EQ(bundle->back(), leaves[999]);
  EXPECT_EQ(log_->Tile({0, 3, 256, false}).status().code(), StatusCode::kNotFound)
      << "beyond the tree";
  EXPECT_EQ(*log_->Tile({1, 0, 3, false}), merkle::ToBytes(reference.Level(8)[0]) +
                                               merkle::ToBytes(reference.Level(8)[1]) +
                                               merkle::ToBytes(reference.Level(8)[2]));
  // Inclusion proofs against each checkpoint, consistency between them.
  for (int64_t index : {0, 255, 256, 299, 777, 999}) {
    for (const auto& body : seen) {
      if (static_cast<uint64_t>(index) >= body.size) continue;
      auto proof = log_->InclusionProof(index, body.size);
      ASSERT_TRUE(proof.ok()) << proof.status().ToString();
      EXPECT_TRUE(merkle::VerifyInclusion(index, body.size, merkle::LeafHash(leaves[index]), *proof,
                                          body.root)
                      .ok());
    }
  }
  for (size_t a = 0; a < seen.size(); ++a) {
    for (size_t b = a; b < seen.size(); ++b) {
      auto proof = log_->ConsistencyProof(seen[a].size, seen[b].size);
      ASSERT_TRUE(proof.ok());
      EXPECT_TRUE(
          merkle::VerifyConsistency(seen[a].size, seen[b].size, seen[a].root, seen[b].root, *proof)
              .ok());
    }
  }
  EXPECT_EQ(*log_->Entry(5), leaves[5]);
  EXPECT_EQ(log_->Entry(1000).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(log_->InclusionProof(0, 1001).status().field(), "tree_size");
  EXPECT_EQ(log_->ConsistencyProof(0, 10).status().field(), "first");
}

// Integration computes each checkpoint's root from the tiles' right edges: it must equal the
// independent tree's root at every size, across tile boundaries and odd batch sizes.
TEST_F(TransparencyLogTest, CheckpointRootsMatchTheReferenceAtEverySize) {
  Open(/*max_batch=*/7);
  auto leaves = AppendMany(600);
  merkle::MemoryTree reference;
  for (const auto& l : leaves) reference.Append(merkle::LeafHash(l));
  auto v = *crypto::ParseNoteVerifierKey(log_->verifier_key());
  int64_t size = 0;
  while (size < 600) {
    auto cp = log_->Integrate();
    ASSERT_TRUE(cp.ok()) << cp.status().ToString();
    ASSERT_EQ(cp->size, std::min<int64_t>(600, size + 7));
    size = cp->size;
    auto body = *merkle::OpenCheckpoint(cp->note, v);
    ASSERT_EQ(body.root, *merkle::RootHash(size, reference.Reader())) << "size " << size;
  }
}

TEST_F(TransparencyLogTest, RolledBackAppendsLeaveNoTrace) {
  AppendMany(3);
  EXPECT_FALSE(store_
                   ->Write([&](store::Transaction& tx) -> Status {
                     (void)log_->Append(tx, MakeEvent(99));
                     return InvalidArgumentError("refused");
                   })
                   .ok());
  auto leaves = AppendMany(1);
  EXPECT_EQ(log_->Integrate()->size, 4);
}

TEST_F(TransparencyLogTest, BackgroundIntegratorPublishesWithinASecond) {
  log_->Start();
  AppendMany(50);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  int64_t size = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    auto cp = log_->LatestCheckpoint();
    if (cp.ok() && (size = cp->size) == 50) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(size, 50);
  log_->Stop();
}

TEST_F(TransparencyLogTest, RefusesToContinueUnderAnotherOrigin) {
  AppendMany(3);
  ASSERT_TRUE(log_->Integrate().ok());
  TransparencyLog other(*store_, clock_, key_, LogOptions{.origin = "elsewhere.example/log"});
  AppendMany(1);
  EXPECT_EQ(other.Integrate().status().code(), StatusCode::kFailedPrecondition);
}

TEST_F(TransparencyLogTest, ReopenedLogContinuesConsistently) {
  auto leaves = AppendMany(400);
  auto first = *log_->Integrate();
  Open();
  auto more = AppendMany(300);
  leaves.insert(leaves.end(), more.begin(), more.end());
  auto second = *log_->Integrate();
  EXPECT_EQ(second.size, 700);
  auto v = *crypto::ParseNoteVerifierKey(log_->verifier_key());
  auto a = *merkle::OpenCheckpoint(first.note, v), b = *merkle::OpenCheckpoint(second.note, v);
  EXPECT_TRUE(
      merkle::VerifyConsistency(400, 700, a.root, b.root, *log_->ConsistencyProof(400, 700)).ok());
  merkle::MemoryTree reference;
  for (const auto& l : leaves) reference.Append(merkle::LeafHash(l));
  EXPECT_EQ(b.root, *merkle::RootHash(700, reference.Reader()));
}

}  // namespace
}  // namespace bourse::log
