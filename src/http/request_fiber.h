// Request handlers as fibers on the server's event-loop threads.
//
// A handler that waits for the store's writer (every write does, until its group commit is
// durable) would otherwise hold its thread for the whole wait, so the server would need a thread
// per concurrent write and pay a context switch for each. Run as a fiber, the handler suspends
// instead (base/completion.h), its event-loop thread serves other connections meanwhile, and the
// writer's signal resumes it on the same thread. A fiber runs on a stack of its own (with a guard
// page), taken from a per-thread pool.
#ifndef BOURSE_HTTP_REQUEST_FIBER_H_
#define BOURSE_HTTP_REQUEST_FIBER_H_

#include <boost/asio/any_io_executor.hpp>
#include <cstddef>
#include <functional>

namespace bourse::http {

// The stack each fiber gets. Pages are committed only when touched.
inline constexpr size_t kFiberStackBytes = 2 << 20;

// Starts `body` as a fiber at once, on the calling thread, which must be the only one running
// `loop` (the server gives each thread an io_context of its own).
// When `body` returns, `done` runs on that thread, outside the fiber. `body` must not throw (the
// dispatcher turns exceptions into problem responses); one that escapes ends the process.
void StartRequestFiber(const boost::asio::any_io_executor& loop, std::function<void()> body,
                       std::function<void()> done);

// Fibers currently alive on this thread (started and not yet finished).
int LiveRequestFibers();

}  // namespace bourse::http

#endif  // BOURSE_HTTP_REQUEST_FIBER_H_
