// Names the calling thread, so that `top -H`, `ps -L`, perf and gdb show what each thread of
// the process is for ("bourse-writer", "bourse-http", ...). Linux keeps at most 15 bytes of a
// name; longer names are cut. Naming is best effort: a failure changes nothing else.
#ifndef BOURSE_BASE_THREAD_NAME_H_
#define BOURSE_BASE_THREAD_NAME_H_

#include <string>
#include <string_view>

namespace bourse {

void SetCurrentThreadName(std::string_view name);

// The calling thread's name as the kernel keeps it (empty if it cannot be read).
std::string CurrentThreadName();

}  // namespace bourse

#endif  // BOURSE_BASE_THREAD_NAME_H_
