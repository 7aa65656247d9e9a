#include "store/sqlite/wal_buffer_vfs.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

namespace bourse::store::sqlite {
namespace {

constexpr size_t kMaxHeld = 32 << 20;  // Past this, appends are written out early.
// The unix VFS writes at most 128 KiB - 1 bytes per call (it masks larger counts), so what is
// held goes out in pieces of this size: 31 pages and their frame headers a call.
constexpr size_t kMaxWrite = 124 << 10;

// Our file: the SQLite-visible header, then the wrapped file's own structure.
struct File {
  sqlite3_file base;
  sqlite3_file* real;
  bool wal;
  sqlite3_int64 held_at;  // File offset of held[0].
  std::string* held;      // Appends not yet written (WAL files only).
};

sqlite3_vfs* Real() { return sqlite3_vfs_find(nullptr); }

File* Of(sqlite3_file* f) { return reinterpret_cast<File*>(f); }

int Flush(File* f) {
  if (!f->wal || f->held->empty()) return SQLITE_OK;
  const std::string& held = *f->held;
  int rc = SQLITE_OK;
  for (size_t done = 0; done < held.size() && rc == SQLITE_OK; done += kMaxWrite) {
    const size_t n = std::min(kMaxWrite, held.size() - done);
    rc = f->real->pMethods->xWrite(f->real, held.data() + done, static_cast<int>(n),
                                   f->held_at + static_cast<sqlite3_int64>(done));
  }
  f->held->clear();
  return rc;
}

int Close(sqlite3_file* p) {
  File* f = Of(p);
  int rc = Flush(f);
  const int closed = f->real->pMethods ? f->real->pMethods->xClose(f->real) : SQLITE_OK;
  delete f->held;
  f->held = nullptr;
  return rc != SQLITE_OK ? rc : closed;
}

int Read(sqlite3_file* p, void* out, int n, sqlite3_int64 off) {
  File* f = Of(p);
  if (int rc = Flush(f); rc != SQLITE_OK) return rc;
  return f->real->pMethods->xRead(f->real, out, n, off);
}

int Write(sqlite3_file* p, const void* data, int n, sqlite3_int64 off) {
  File* f = Of(p);
  if (!f->wal) return f->real->pMethods->xWrite(f->real, data, n, off);
  std::string& held = *f->held;
  const sqlite3_int64 end = f->held_at + static_cast<sqlite3_int64>(held.size());
  if (!held.empty() && off >= f->held_at && off + n <= end) {
    // A rewrite of a frame still held (SQLite rewrites a frame a transaction wrote twice).
    std::memcpy(held.data() + (off - f->held_at), data, static_cast<size_t>(n));
    return SQLITE_OK;
  }
  if (held.empty() || off != end) {
    if (int rc = Flush(f); rc != SQLITE_OK) return rc;
    f->held_at = off;
  }
  held.append(static_cast<const char*>(data), static_cast<size_t>(n));
  return held.size() >= kMaxHeld ? Flush(f) : SQLITE_OK;
}

int Truncate(sqlite3_file* p, sqlite3_int64 size) {
  File* f = Of(p);
  if (int rc = Flush(f); rc != SQLITE_OK) return rc;
  return f->real->pMethods->xTruncate(f->real, size);
}

int Sync(sqlite3_file* p, int flags) {
  File* f = Of(p);
  if (int rc = Flush(f); rc != SQLITE_OK) return rc;
  return f->real->pMethods->xSync(f->real, flags);
}

int FileSize(sqlite3_file* p, sqlite3_int64* size) {
  File* f = Of(p);
  if (int rc = Flush(f); rc != SQLITE_OK) return rc;
  return f->real->pMethods->xFileSize(f->real, size);
}

int Lock(sqlite3_file* p, int level) { return Of(p)->real->pMethods->xLock(Of(p)->real, level); }
int Unlock(sqlite3_file* p, int level) {
  return Of(p)->real->pMethods->xUnlock(Of(p)->real, level);
}
int CheckReservedLock(sqlite3_file* p, int* out) {
  return Of(p)->real->pMethods->xCheckReservedLock(Of(p)->real, out);
}
int FileControl(sqlite3_file* p, int op, void* arg) {
  File* f = Of(p);
  if (int rc = Flush(f); rc != SQLITE_OK) return rc;
  return f->real->pMethods->xFileControl(f->real, op, arg);
}
int SectorSize(sqlite3_file* p) { return Of(p)->real->pMethods->xSectorSize(Of(p)->real); }
int DeviceCharacteristics(sqlite3_file* p) {
  return Of(p)->real->pMethods->xDeviceCharacteristics(Of(p)->real);
}
int ShmMap(sqlite3_file* p, int region, int size, int extend, void volatile** out) {
  return Of(p)->real->pMethods->xShmMap(Of(p)->real, region, size, extend, out);
}
int ShmLock(sqlite3_file* p, int offset, int n, int flags) {
  return Of(p)->real->pMethods->xShmLock(Of(p)->real, offset, n, flags);
}
void ShmBarrier(sqlite3_file* p) { Of(p)->real->pMethods->xShmBarrier(Of(p)->real); }
int ShmUnmap(sqlite3_file* p, int del) {
  return Of(p)->real->pMethods->xShmUnmap(Of(p)->real, del);
}
int Fetch(sqlite3_file* p, sqlite3_int64 off, int n, void** out) {
  File* f = Of(p);
  if (int rc = Flush(f); rc != SQLITE_OK) return rc;
  return f->real->pMethods->xFetch(f->real, off, n, out);
}
int Unfetch(sqlite3_file* p, sqlite3_int64 off, void* page) {
  return Of(p)->real->pMethods->xUnfetch(Of(p)->real, off, page);
}

constexpr sqlite3_io_methods kMethods = {
    3,
    Close,
    Read,
    Write,
    Truncate,
    Sync,
    FileSize,
    Lock,
    Unlock,
    CheckReservedLock,
    FileControl,
    SectorSize,
    DeviceCharacteristics,
    ShmMap,
    ShmLock,
    ShmBarrier,
    ShmUnmap,
    Fetch,
    Unfetch,
};

int Open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* p, int flags, int* out_flags) {
  File* f = Of(p);
  f->base.pMethods = nullptr;
  f->real = reinterpret_cast<sqlite3_file*>(f + 1);
  f->wal = (flags & SQLITE_OPEN_WAL) != 0;
  f->held_at = 0;
  f->held = nullptr;
  const int rc = Real()->xOpen(Real(), name, f->real, flags, out_flags);
  if (rc != SQLITE_OK) return rc;
  if (f->real->pMethods->iVersion < 3) {
    f->real->pMethods->xClose(f->real);
    return SQLITE_CANTOPEN;
  }
  f->held = new (std::nothrow) std::string();
  if (f->held == nullptr) {
    f->real->pMethods->xClose(f->real);
    return SQLITE_NOMEM;
  }
  f->base.pMethods = &kMethods;
  return SQLITE_OK;
}

// Everything else is the default VFS's.
int Delete(sqlite3_vfs*, const char* name, int sync_dir) {
  return Real()->xDelete(Real(), name, sync_dir);
}
int Access(sqlite3_vfs*, const char* name, int flags, int* out) {
  return Real()->xAccess(Real(), name, flags, out);
}
int FullPathname(sqlite3_vfs*, const char* name, int n, char* out) {
  return Real()->xFullPathname(Real(), name, n, out);
}
void* DlOpen(sqlite3_vfs*, const char* name) { return Real()->xDlOpen(Real(), name); }
void DlError(sqlite3_vfs*, int n, char* out) { Real()->xDlError(Real(), n, out); }
void (*DlSym(sqlite3_vfs*, void* h, const char* sym))(void) {
  return Real()->xDlSym(Real(), h, sym);
}
void DlClose(sqlite3_vfs*, void* h) { Real()->xDlClose(Real(), h); }
int Randomness(sqlite3_vfs*, int n, char* out) { return Real()->xRandomness(Real(), n, out); }
int Sleep(sqlite3_vfs*, int micros) { return Real()->xSleep(Real(), micros); }
int CurrentTime(sqlite3_vfs*, double* out) { return Real()->xCurrentTime(Real(), out); }
int GetLastError(sqlite3_vfs*, int n, char* out) { return Real()->xGetLastError(Real(), n, out); }
int CurrentTimeInt64(sqlite3_vfs*, sqlite3_int64* out) {
  return Real()->xCurrentTimeInt64(Real(), out);
}

sqlite3_vfs* Register() {
  sqlite3_initialize();
  auto* vfs = new sqlite3_vfs{};
  vfs->iVersion = 2;
  vfs->szOsFile = static_cast<int>(sizeof(File)) + Real()->szOsFile;
  vfs->mxPathname = Real()->mxPathname;
  vfs->zName = "bourse-wal-buffer";
  vfs->xOpen = Open;
  vfs->xDelete = Delete;
  vfs->xAccess = Access;
  vfs->xFullPathname = FullPathname;
  vfs->xDlOpen = DlOpen;
  vfs->xDlError = DlError;
  vfs->xDlSym = DlSym;
  vfs->xDlClose = DlClose;
  vfs->xRandomness = Randomness;
  vfs->xSleep = Sleep;
  vfs->xCurrentTime = CurrentTime;
  vfs->xGetLastError = GetLastError;
  vfs->xCurrentTimeInt64 = CurrentTimeInt64;
  if (sqlite3_vfs_register(vfs, 0) != SQLITE_OK) std::abort();
  return vfs;
}

}  // namespace

const char* WalBufferVfsName() {
  static sqlite3_vfs* vfs = Register();
  return vfs->zName;
}

}  // namespace bourse::store::sqlite
