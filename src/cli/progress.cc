#include "cli/progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace bourse::cli {

ProgressBar::ProgressBar(std::string label)
    : label_(std::move(label)), tty_(isatty(STDERR_FILENO) != 0) {}

void ProgressBar::Update(long done, long total) {
  if (total <= 0) return;
  constexpr int kWidth = 40;
  int filled = static_cast<int>(kWidth * done / total);
  if (tty_) {
    if (filled == last_width_ && done != total) return;
    last_width_ = filled;
    std::fprintf(stderr, "\r%s [%s%s] %ld/%ld (%ld%%)", label_.c_str(),
                 std::string(filled, '#').c_str(), std::string(kWidth - filled, '-').c_str(), done,
                 total, done * 100 / total);
  } else {
    int tenth = static_cast<int>(10 * done / total);
    if (tenth == last_tenth_) return;
    last_tenth_ = tenth;
    std::fprintf(stderr, "%s %ld/%ld (%ld%%)\n", label_.c_str(), done, total, done * 100 / total);
  }
  std::fflush(stderr);
}

void ProgressBar::Finish() {
  if (tty_) std::fputc('\n', stderr);
}

}  // namespace bourse::cli
