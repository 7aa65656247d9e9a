// Each fuzz target defines LLVMFuzzerTestOneInput. Built with clang's -fsanitize=fuzzer it is a
// libFuzzer binary (`make fuzz`); built with replay_main.cc it replays a seed corpus directory,
// which is how `make test` runs every target on every commit.
#ifndef BOURSE_FUZZ_FUZZ_TARGET_H_
#define BOURSE_FUZZ_FUZZ_TARGET_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

inline std::string_view AsText(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

#endif  // BOURSE_FUZZ_FUZZ_TARGET_H_
