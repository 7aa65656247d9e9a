// A progress bar on stderr for long CLI work (seeding, uploads, scans). On a terminal it redraws
// one line; otherwise it prints a line every tenth of the way.
#ifndef BOURSE_CLI_PROGRESS_H_
#define BOURSE_CLI_PROGRESS_H_

#include <string>

namespace bourse::cli {

class ProgressBar {
 public:
  explicit ProgressBar(std::string label);
  void Update(long done, long total);
  void Finish();

 private:
  std::string label_;
  bool tty_;
  int last_tenth_ = -1;
  int last_width_ = -1;
};

}  // namespace bourse::cli

#endif  // BOURSE_CLI_PROGRESS_H_
