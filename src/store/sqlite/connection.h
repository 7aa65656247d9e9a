// Internal to the SQLite backend: a connection with a cache of prepared statements, a statement
// wrapper that binds and reads columns, and the mapping of SQLite errors onto the store's
// status kinds (constraint violations become Conflict, as every backend must report them).
// A Connection is used by one thread at a time.
#ifndef BOURSE_STORE_SQLITE_CONNECTION_H_
#define BOURSE_STORE_SQLITE_CONNECTION_H_

#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "absl/time/time.h"
#include "base/errors.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "store/sqlite/sqlite_store.h"
#include "store/sqlite/wal_buffer_vfs.h"

namespace bourse::store::sqlite {

inline int64_t Micros(absl::Time t) { return absl::ToUnixMicros(t); }
inline absl::Time FromMicros(int64_t v) { return absl::FromUnixMicros(v); }

inline Status FromSqlite(sqlite3* db, int rc, std::string_view what) {
  int ext = sqlite3_extended_errcode(db);
  std::string msg = StrCat(what, ": ", sqlite3_errmsg(db));
  switch (ext) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return errors::Conflict(msg);
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return errors::Make(StatusCode::kFailedPrecondition, errors::kRuleViolation, msg);
    default:
      break;
  }
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return UnavailableError(msg);
    case SQLITE_READONLY:
      return FailedPreconditionError(StrCat("read-only transaction: ", msg));
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return DataLossError(msg);
    default:
      return InternalError(msg);
  }
}

// A prepared statement borrowed from a connection's cache; reset and unbound on destruction.
class Stmt {
 public:
  Stmt(sqlite3* db, sqlite3_stmt* s) : db_(db), s_(s) {}
  ~Stmt() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Stmt& Bind(int i, int64_t v) {
    sqlite3_bind_int64(s_, i, v);
    return *this;
  }
  Stmt& Bind(int i, std::string_view v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& BindBlob(int i, std::string_view v) {
    sqlite3_bind_blob(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  std::string Blob(int c) const {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(s_, c));
    return p ? std::string(p, sqlite3_column_bytes(s_, c)) : std::string();
  }
  Stmt& Bind(int i, const std::optional<std::string>& v) {
    if (v) return Bind(i, std::string_view(*v));
    sqlite3_bind_null(s_, i);
    return *this;
  }
  Stmt& Bind(int i, const std::optional<int64_t>& v) {
    if (v) return Bind(i, *v);
    sqlite3_bind_null(s_, i);
    return *this;
  }
  // True when a row is available, false when done.
  StatusOr<bool> Step() {
    int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return FromSqlite(db_, rc, "step");
  }
  // Runs a statement that returns no rows.
  Status Run() {
    BOURSE_ASSIGN_OR_RETURN(bool row, Step());
    (void)row;
    return OkStatus();
  }
  int Changes() const { return sqlite3_changes(db_); }
  // The rowid of the connection's latest successful INSERT (cheaper than RETURNING).
  int64_t LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }
  int64_t Int(int c) const { return sqlite3_column_int64(s_, c); }
  bool IsNull(int c) const { return sqlite3_column_type(s_, c) == SQLITE_NULL; }
  double Double(int c) const { return sqlite3_column_double(s_, c); }
  std::string Text(int c) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, c));
    return p ? std::string(p, sqlite3_column_bytes(s_, c)) : std::string();
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* s_;
};

class Connection {
 public:
  ~Connection() {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  static StatusOr<std::unique_ptr<Connection>> Open(const SqliteOptions& o, bool read_only) {
    sqlite3* db = nullptr;
    int flags = SQLITE_OPEN_NOMUTEX |
                (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    // Each commit's log appends reach the file in a few large writes (see wal_buffer_vfs.h);
    // that needs every commit to sync the log, as synchronous=FULL does.
    int rc = sqlite3_open_v2(o.path.c_str(), &db, flags,
                             o.synchronous_full ? WalBufferVfsName() : nullptr);
    auto conn = std::unique_ptr<Connection>(new Connection(db));
    if (rc != SQLITE_OK) return FromSqlite(db, rc, StrCat("open ", o.path));
    sqlite3_extended_result_codes(db, 1);
    BOURSE_RETURN_IF_ERROR(conn->Exec("PRAGMA foreign_keys=ON"));
    // The writer reads pages through a memory map rather than a read() each, so its page cache
    // mostly holds pages changed since the last checkpoint. Readers do not: SQLite drops a
    // connection's whole map whenever it starts a read after another connection's commit, so
    // under a stream of writes each read paid for an munmap (with a TLB flush on every core)
    // and fresh page faults. They read into their own cache instead, which survives as long as
    // nothing is written.
    //
    // The writer's cache is kept small on purpose. When an insert splits a b-tree page, SQLite
    // renumbers pages through a temporary number past the 1 GiB mark, and the commit that
    // follows then walks the whole page cache to drop pages beyond the end of the file. With
    // 128 MiB that walk took 14 % of the writer's time; with 4 MiB (1,024 pages, several
    // batches' worth of changed pages) it is negligible.
    BOURSE_RETURN_IF_ERROR(
        conn->Exec(read_only ? "PRAGMA mmap_size=0" : "PRAGMA mmap_size=1073741824"));
    BOURSE_RETURN_IF_ERROR(
        conn->Exec(read_only ? "PRAGMA cache_size=-16384" : "PRAGMA cache_size=-4096"));
    // Savepoint and statement journals (each work in a group commit runs in a savepoint) and
    // temporary b-trees stay in memory: on disk each first change to a page in a savepoint
    // would cost a write() to a temporary file.
    BOURSE_RETURN_IF_ERROR(conn->Exec("PRAGMA temp_store=MEMORY"));
    // Debian builds SQLite with secure deletion on by default: freed space is overwritten with
    // zeros, which costs every update a rewrite of the space it frees. Deleted content here is
    // never secret (the log keeps every consequential act anyway).
    BOURSE_RETURN_IF_ERROR(conn->Exec("PRAGMA secure_delete=OFF"));
    if (!read_only) {
      BOURSE_RETURN_IF_ERROR(conn->Exec("PRAGMA journal_mode=WAL"));
      BOURSE_RETURN_IF_ERROR(
          conn->Exec(o.synchronous_full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL"));
    }
    return conn;
  }

  Status Exec(const char* sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      Status st = FromSqlite(db_, rc, err ? err : "exec");
      sqlite3_free(err);
      return st;
    }
    return OkStatus();
  }

  sqlite3* handle() { return db_; }

  // `sql` must be a string literal: its address keys the cache.
  Stmt Prepare(const char* sql) {
    auto it = cache_.find(sql);
    if (it == cache_.end()) {
      sqlite3_stmt* s = nullptr;
      int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr);
      if (rc != SQLITE_OK) {
        // Programming error in a literal: fail loudly in every build.
        std::fprintf(stderr, "sqlite prepare failed: %s\n%s\n", sqlite3_errmsg(db_), sql);
        std::abort();
      }
      it = cache_.emplace(sql, s).first;
    }
    return Stmt(db_, it->second);
  }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<const char*, sqlite3_stmt*> cache_;
};

inline std::optional<int64_t> OptMicros(const std::optional<absl::Time>& t) {
  if (!t) return std::nullopt;
  return Micros(*t);
}
inline std::optional<absl::Time> OptTime(const Stmt& s, int c) {
  if (s.IsNull(c)) return std::nullopt;
  return FromMicros(s.Int(c));
}

}  // namespace bourse::store::sqlite

#endif  // BOURSE_STORE_SQLITE_CONNECTION_H_
