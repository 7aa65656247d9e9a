#include "store/sqlite/sqlite_store.h"

#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "base/encoding.h"
#include "base/errors.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "store/sqlite/wal_buffer_vfs.h"
#include "store/store_conformance.h"

namespace bourse::store::testing {
namespace {

// An empty directory under the test's temporary folder, removed with everything in it when the
// test ends (declare it before anything that keeps files open in it).
// A directory of its own for one test in one process: two test runs on one machine (a CI job
// beside a developer's build, say) must not share one.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& name)
      : path_(::testing::TempDir() + "/" + name + "_" + std::to_string(getpid())) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

StatusOr<std::unique_ptr<Store>> OpenSqliteIn(const std::string& dir) {
  return sqlite::OpenSqliteStore({.path = dir + "/bourse.db", .readers = 2});
}

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformanceTest,
                         ::testing::Values(StoreOpener(&OpenSqliteIn)),
                         [](const ::testing::TestParamInfo<StoreOpener>&) {
                           return std::string("sqlite");
                         });

TEST(SqliteStore, RefusesANewerSchema) {
  const ScratchDir scratch("bourse_newer_schema");
  const std::string& dir = scratch.path();
  {
    auto store = OpenSqliteIn(dir);
    ASSERT_TRUE(store.ok());
    EXPECT_EQ((*store)->SchemaVersion(), 13);
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
}

// Commits never copy the write-ahead log back themselves; the background checkpointer does, so
// the log file is reused from its start instead of growing with everything ever written.
TEST(SqliteStore, CheckpointsKeepTheWriteAheadLogBounded) {
  const ScratchDir scratch("bourse_checkpoints");
  const std::string& dir = scratch.path();
  auto store = OpenSqliteIn(dir);
  ASSERT_TRUE(store.ok());
  const std::string leaf(60'000, 'x');
  uintmax_t largest = 0;
  for (int i = 0; i < 3200; ++i) {  // About 190 MB in all.
    ASSERT_TRUE(
        (*store)->Write([&](Transaction& tx) { return tx.log().Append(leaf).status(); }).ok());
    largest = std::max(largest, std::filesystem::file_size(dir + "/bourse.db-wal"));
  }
  // The writer finishes a checkpoint itself past 16,000 pages (64 MiB of pages).
  EXPECT_LT(largest, uintmax_t{80} << 20) << "the log grew to " << largest << " bytes";
  int64_t size = 0;
  ASSERT_TRUE((*store)
                  ->Read([&](Transaction& tx) -> Status {
                    BOURSE_ASSIGN_OR_RETURN(size, tx.log().Size());
                    return OkStatus();
                  })
                  .ok());
  EXPECT_EQ(size, 3200);
  store->reset();
}

// A certificate's JWT is kept decoded: a quarter smaller than its text.
TEST(SqliteStore, KeepsCertificateJwtsDecoded) {
  const ScratchDir scratch("bourse_packed_jwts");
  const std::string& dir = scratch.path();
  const std::string payload(1700, 'p');
  const std::string jws =
      StrCat(Base64UrlEncode(R"({"alg":"EdDSA"})"), ".", Base64UrlEncode(payload), ".",
             Base64UrlEncode(std::string(64, 's')));
  {
    auto store = OpenSqliteIn(dir);
    ASSERT_TRUE(store.ok());
    domain::Organization org;
    org.id = OrganizationId("org_a");
    org.profile.uscc = "U";
    domain::Certificate c{CertificateId("cert_1"),
                          domain::CertificateType::kTrade,
                          org.id,
                          jws,
                          domain::CertificateStatus::kActive,
                          5,
                          absl::FromUnixSeconds(1),
                          absl::FromUnixSeconds(2),
                          3};
    ASSERT_TRUE((*store)
                    ->Write([&](Transaction& tx) -> Status {
                      BOURSE_RETURN_IF_ERROR(tx.organizations().Insert(&org));
                      return tx.certificates().Insert(c);
                    })
                    .ok());
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir + "/bourse.db").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT length(jwt), length(packed) FROM certificates", -1, &s,
                               nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(s, 0), 0);
  EXPECT_EQ(sqlite3_column_int(s, 1), 8 + 15 + 1700 + 64);
  EXPECT_LT(sqlite3_column_int(s, 1) * 4, static_cast<int>(jws.size()) * 3 + 40);
  sqlite3_finalize(s);
  sqlite3_close(db);
}

// The writer keeps the products, revisions and datasets it reads; it must never answer from
// that with anything the database does not hold: not after a rolled-back change, not after
// another connection's commit.
TEST(SqliteStore, WritesReadProductsAsTheDatabaseHoldsThem) {
  const ScratchDir scratch("bourse_writer_products");
  const std::string& dir = scratch.path();
  auto store = OpenSqliteIn(dir);
  ASSERT_TRUE(store.ok());
  domain::Organization seller;
  seller.id = OrganizationId("org_seller");
  seller.profile.name = "Seller";
  seller.profile.uscc = "91110000600037341L";
  domain::Product product;
  product.id = ProductId("prd_p");
  product.seller_id = seller.id;
  product.description.title = "Before";
  ASSERT_TRUE((*store)
                  ->Write([&](Transaction& tx) -> Status {
                    BOURSE_RETURN_IF_ERROR(tx.organizations().Insert(&seller));
                    return tx.products().Insert(&product);
                  })
                  .ok());
  auto read_in_write = [&]() -> domain::Product {
    domain::Product out;
    EXPECT_TRUE((*store)
                    ->Write([&](Transaction& tx) -> Status {
                      BOURSE_ASSIGN_OR_RETURN(out, tx.products().Get(product.id));
                      return OkStatus();
                    })
                    .ok());
    return out;
  };
  EXPECT_EQ(read_in_write().description.title, "Before");
  EXPECT_EQ(read_in_write().description.title, "Before");
  // A work that changes the product and reads the change back, then fails.
  Status failed = (*store)->Write([&](Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(domain::Product p, tx.products().Get(product.id));
    p.description.title = "Rolled back";
    BOURSE_RETURN_IF_ERROR(tx.products().Update(p));
    BOURSE_ASSIGN_OR_RETURN(domain::Product again, tx.products().Get(product.id));
    EXPECT_EQ(again.description.title, "Rolled back");
    return errors::RuleViolation("refused after the change");
  });
  EXPECT_EQ(failed.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(read_in_write().description.title, "Before");
  // Another connection (another process, say) changes the row directly.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir + "/bourse.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE products SET status_reason='changed elsewhere'", nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  EXPECT_EQ(read_in_write().status_reason, "changed elsewhere");
  store->reset();
}

}  // namespace
}  // namespace bourse::store::testing

namespace bourse::store::testing {
namespace {

namespace wal_buffer {

// The row for `i`: its number spelled across `size` bytes, so that any torn or misplaced write
// shows.
std::string Row(int i, size_t size) {
  std::string out;
  while (out.size() < size) out += std::to_string(i) + ";";
  out.resize(size);
  return out;
}

sqlite3* OpenWithBuffer(const std::string& path) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                            sqlite::WalBufferVfsName()),
            SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(db,
                         "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                         "CREATE TABLE IF NOT EXISTS t (i INTEGER PRIMARY KEY, v BLOB NOT NULL)",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  return db;
}

// The number of rows, having checked that the newest is whole.
int NewestWhole(sqlite3* db, size_t size) {
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db, "SELECT i, v, (SELECT count(*) FROM t) FROM t ORDER BY i DESC LIMIT 1", -1,
                     &s, nullptr);
  int n = -1;
  if (sqlite3_step(s) == SQLITE_ROW) {
    const std::string v(static_cast<const char*>(sqlite3_column_blob(s, 1)),
                        static_cast<size_t>(sqlite3_column_bytes(s, 1)));
    if (v == Row(sqlite3_column_int(s, 0), size)) n = sqlite3_column_int(s, 2);
  }
  sqlite3_finalize(s);
  return n;
}

int CheckRows(sqlite3* db, size_t size) {
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db, "SELECT i, v FROM t ORDER BY i", -1, &s, nullptr);
  int n = 0;
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    const int i = sqlite3_column_int(s, 0);
    EXPECT_EQ(i, n);
    const std::string v(static_cast<const char*>(sqlite3_column_blob(s, 1)),
                        static_cast<size_t>(sqlite3_column_bytes(s, 1)));
    EXPECT_EQ(v, Row(i, size)) << "row " << i;
    ++n;
  }
  EXPECT_EQ(rc, SQLITE_DONE) << "after " << n << " rows: " << sqlite3_errmsg(db);
  sqlite3_finalize(s);
  return n;
}

}  // namespace wal_buffer

// The log-buffering VFS: commits larger than one write (and than the buffer's bound) read back
// whole from another connection while they are being made, and every acknowledged commit
// survives a process killed without closing anything.
TEST(SqliteStore, BufferedLogWritesAreVisibleOnlyWholeAndSurviveAKill) {
  const ScratchDir scratch("bourse_wal_buffer");
  const std::string& dir = scratch.path();
  const std::string path = dir + "/t.db";
  constexpr size_t kSize = 300'000;  // Several platform writes per commit.
  int acknowledged[2];
  ASSERT_EQ(pipe(acknowledged), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(acknowledged[0]);
    sqlite3* db = wal_buffer::OpenWithBuffer(path);
    sqlite3* reader = wal_buffer::OpenWithBuffer(path);
    for (int i = 0; i < 60; ++i) {
      sqlite3_stmt* s = nullptr;
      sqlite3_prepare_v2(db, "INSERT INTO t (i, v) VALUES (?1, ?2)", -1, &s, nullptr);
      const std::string v = wal_buffer::Row(i, kSize);
      sqlite3_bind_int(s, 1, i);
      sqlite3_bind_blob(s, 2, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
      // Once, one transaction of 120 rows' worth (36 MB), past the buffer's bound.
      if (i == 30) {
        sqlite3_exec(db, "BEGIN IMMEDIATE; CREATE TABLE IF NOT EXISTS big (v BLOB)", nullptr,
                     nullptr, nullptr);
        for (int k = 0; k < 120; ++k)
          sqlite3_exec(db, "INSERT INTO big VALUES (randomblob(300000))", nullptr, nullptr,
                       nullptr);
        if (sqlite3_step(s) != SQLITE_DONE) _exit(3);
        if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) _exit(4);
      } else if (sqlite3_step(s) != SQLITE_DONE) {
        _exit(2);
      }
      sqlite3_finalize(s);
      if (wal_buffer::NewestWhole(reader, kSize) != i + 1) _exit(5);
      if (write(acknowledged[1], &i, sizeof i) != sizeof i) _exit(6);
    }
    raise(SIGKILL);  // Nothing is closed, flushed or checkpointed.
  }
  close(acknowledged[1]);
  int last = -1, got = 0;
  while (read(acknowledged[0], &got, sizeof got) == sizeof got) last = got;
  close(acknowledged[0]);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "child exited with " << WEXITSTATUS(status);
  ASSERT_EQ(last, 59);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);  // The platform VFS reads it back.
  EXPECT_EQ(wal_buffer::CheckRows(db, kSize), last + 1);
  sqlite3_close(db);
}

}  // namespace
}  // namespace bourse::store::testing
