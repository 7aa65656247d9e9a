// The embedded default backend: SQLite 3 in WAL mode.
//
// One writer thread, with its own connection, runs every Store::Write, batched into group
// commits; a pool of read-only connections serves Store::Read concurrently with it (WAL
// snapshots). Migrations run at Open. With synchronous=FULL (the default) a committed write
// survives power loss; with NORMAL it survives a process crash (kill -9) but the last commits
// may roll back after a power loss.
#ifndef BOURSE_STORE_SQLITE_SQLITE_STORE_H_
#define BOURSE_STORE_SQLITE_SQLITE_STORE_H_

#include <memory>
#include <string>

#include "base/status.h"
#include "store/store.h"

namespace bourse::store::sqlite {

struct SqliteOptions {
  std::string path;              // Database file; created if missing.
  bool synchronous_full = true;  // FULL (fsync per commit) or NORMAL.
  int readers = 4;               // Read-only connections in the pool.
  int busy_timeout_ms = 5000;
};

StatusOr<std::unique_ptr<Store>> OpenSqliteStore(const SqliteOptions& options);

}  // namespace bourse::store::sqlite

#endif  // BOURSE_STORE_SQLITE_SQLITE_STORE_H_
