#include "store/sqlite/sqlite_store.h"

#include <sqlite3.h>

#include <filesystem>

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
    EXPECT_EQ((*store)->SchemaVersion(), 6);
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

}  // namespace
}  // namespace bourse::store::testing
