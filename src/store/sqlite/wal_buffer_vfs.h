// A SQLite VFS that coalesces each transaction's write-ahead-log writes into one write.
//
// SQLite appends a commit to the WAL as two write() calls per page (frame header, then page),
// then syncs. This VFS wraps the platform's default VFS and, for WAL files only, keeps
// consecutive appends in memory until the next sync (or any read, truncate, size query or
// close), then writes them with as few calls as the platform VFS allows. Durability and
// visibility are unchanged provided every commit syncs the log (PRAGMA synchronous=FULL or
// EXTRA): SQLite then makes a commit's frames visible to other connections only after that sync,
// and every path that could read the file first writes out what is held. With synchronous=NORMAL
// a commit is visible without a sync, so such connections must not use this VFS. Other files
// pass straight through.
#ifndef BOURSE_STORE_SQLITE_WAL_BUFFER_VFS_H_
#define BOURSE_STORE_SQLITE_WAL_BUFFER_VFS_H_

namespace bourse::store::sqlite {

// The VFS's name, registered on first call (thread-safe); pass it to sqlite3_open_v2.
const char* WalBufferVfsName();

}  // namespace bourse::store::sqlite

#endif  // BOURSE_STORE_SQLITE_WAL_BUFFER_VFS_H_
