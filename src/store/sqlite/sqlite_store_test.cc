#include "store/sqlite/sqlite_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <filesystem>

#include "base/status_macros.h"
#include "store/store_conformance.h"

namespace bourse::store::testing {
namespace {

StatusOr<std::unique_ptr<Store>> OpenSqliteIn(const std::string& dir) {
  return sqlite::OpenSqliteStore({.path = dir + "/bourse.db", .readers = 2});
}

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformanceTest,
                         ::testing::Values(StoreOpener(&OpenSqliteIn)),
                         [](const ::testing::TestParamInfo<StoreOpener>&) {
                           return std::string("sqlite");
                         });

TEST(SqliteStore, RefusesANewerSchema) {
  std::string dir = ::testing::TempDir() + "/bourse_newer_schema";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  {
    auto store = OpenSqliteIn(dir);
    ASSERT_TRUE(store.ok());
    EXPECT_EQ((*store)->SchemaVersion(), 7);
  }
  // Simulate a database written by a later release.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir + "/bourse.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(
      sqlite3_exec(db, "INSERT INTO schema_migrations VALUES (99, 0)", nullptr, nullptr, nullptr),
      SQLITE_OK);
  sqlite3_close(db);
  auto store = OpenSqliteIn(dir);
  EXPECT_EQ(store.status().code(), StatusCode::kFailedPrecondition);
  std::filesystem::remove_all(dir);
}

// Commits never copy the write-ahead log back themselves; the background checkpointer does, so
// the log file is reused from its start instead of growing with everything ever written.
TEST(SqliteStore, CheckpointsKeepTheWriteAheadLogBounded) {
  std::string dir = ::testing::TempDir() + "/bourse_checkpoints";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto store = OpenSqliteIn(dir);
  ASSERT_TRUE(store.ok());
  const std::string leaf(60'000, 'x');
  uintmax_t largest = 0;
  for (int i = 0; i < 800; ++i) {  // About 48 MB in all.
    ASSERT_TRUE(
        (*store)->Write([&](Transaction& tx) { return tx.log().Append(leaf).status(); }).ok());
    largest = std::max(largest, std::filesystem::file_size(dir + "/bourse.db-wal"));
  }
  EXPECT_LT(largest, uintmax_t{24} << 20) << "the log grew to " << largest << " bytes";
  int64_t size = 0;
  ASSERT_TRUE((*store)
                  ->Read([&](Transaction& tx) -> Status {
                    BOURSE_ASSIGN_OR_RETURN(size, tx.log().Size());
                    return OkStatus();
                  })
                  .ok());
  EXPECT_EQ(size, 800);
  store->reset();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace bourse::store::testing
