#include "domain/uscc.h"

#include <cctype>

namespace bourse::domain {
namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr int kWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

// Each byte's value in kAlphabet, -1 for bytes outside it: one load instead of a search.
struct AlphabetIndex {
  signed char value[256];
  constexpr AlphabetIndex() : value() {
    for (int c = 0; c < 256; ++c) value[c] = -1;
    for (size_t i = 0; i < kAlphabet.size(); ++i)
      value[static_cast<unsigned char>(kAlphabet[i])] = static_cast<signed char>(i);
  }
};
constexpr AlphabetIndex kIndex;

}  // namespace

std::string NormalizeUscc(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (c == ' ' || c == '-') continue;
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

char UsccCheckCharacter(std::string_view first17) {
  int sum = 0;
  for (int i = 0; i < 17; ++i)
    sum += kIndex.value[static_cast<unsigned char>(first17[i])] * kWeights[i];
  return kAlphabet[(31 - sum % 31) % 31];
}

Status ValidateUscc(std::string_view code) {
  if (code.size() != 18) return InvalidArgumentError("a USCC has 18 characters");
  for (int i = 0; i < 8; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(code[i]))) {
      return InvalidArgumentError("the first 8 characters of a USCC are digits");
    }
  }
  for (char c : code) {
    if (kAlphabet.find(c) == std::string_view::npos) {
      return InvalidArgumentError("a USCC uses only 0-9 and the capitals A-H J-N P Q R T U W X Y");
    }
  }
  if (UsccCheckCharacter(code.substr(0, 17)) != code[17]) {
    return InvalidArgumentError("the USCC check character does not match (GB 32100)");
  }
  return OkStatus();
}

}  // namespace bourse::domain
