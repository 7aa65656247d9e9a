// Producing the next piece of a sequential read while the reader is busy with the current one.
//
// A ReadAhead belongs to one reader (one download, say) and holds at most one piece in
// preparation: Start(index, fill) queues `fill` on a small pool shared by the process (one
// thread per core, at most two), and Take(index) later collects the piece. A piece whose
// fill the pool has not begun when it is asked for is filled by the reader itself, there and
// then: a busy pool makes reading no slower than without read-ahead. A fill already running is
// waited for. Filling runs on a pool thread, so `fill` must own (or share) everything it
// touches; the ReadAhead may be destroyed while a fill is running.
#ifndef BOURSE_BASE_READ_AHEAD_H_
#define BOURSE_BASE_READ_AHEAD_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "base/status.h"

namespace bourse {

class ReadAhead {
 public:
  // Fills `out` with piece `index` (resizing it to the piece's length).
  using Fill = std::function<Status(uint64_t index, std::string& out)>;

  ReadAhead();
  ~ReadAhead();
  ReadAhead(const ReadAhead&) = delete;
  ReadAhead& operator=(const ReadAhead&) = delete;

  // Begins preparing piece `index`, replacing (cancelling, or abandoning if running) any other.
  void Start(uint64_t index, Fill fill);

  // If piece `index` was started: fills it here if the pool has not begun, waits for it if the
  // pool is filling it, and returns it (valid until the next Take), or the fill's error.
  // nullptr when piece `index` was not started or was taken. Buffers are reused, across
  // readers too: a fresh megabyte costs a page fault per page, as much as decrypting it.
  StatusOr<const std::string*> Take(uint64_t index);

  // Pieces the pool filled, and pieces their readers filled themselves because the pool had not
  // begun them (for tests and benchmarks; counted across the process).
  static uint64_t PreparedCount();
  static uint64_t StolenCount();

 private:
  struct Slot;
  std::shared_ptr<Slot> slot_;
  std::string taken_;  // The piece last taken.
};

}  // namespace bourse

#endif  // BOURSE_BASE_READ_AHEAD_H_
