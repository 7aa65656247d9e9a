// The dataset readers the scanner runs on an upload: the first byte picks the format (CSV,
// JSON Lines, xlsx, zip), the rest is the file. The expansion limits against archive and
// workbook bombs are those of the default configuration.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "fuzz/fuzz_target.h"
#include "scan/dataset_scanner.h"
#include "scan/detector.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const auto detector = *bourse::scan::Detector::Create();
  static const std::string dir = [] {
    auto d = std::filesystem::temp_directory_path() / ("bourse_fuzz_" + std::to_string(getpid()));
    std::filesystem::create_directories(d);
    return d.string();
  }();
  static const char* kExtensions[] = {".csv", ".jsonl", ".xlsx", ".zip"};
  const std::string path = dir + "/input" + kExtensions[data[0] % 4];
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data + 1), static_cast<std::streamsize>(size - 1));
  }
  bourse::scan::ScanOptions options;
  options.threads = 1;
  options.scratch_dir = dir;
  (void)bourse::scan::ScanFile(path, *detector, options);
  return 0;
}
