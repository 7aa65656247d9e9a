#include "domain/status_list.h"

namespace bourse::domain {

bool Bitstring::Get(int64_t i) const {
  if (i < 0 || i >= bits_) return false;
  return (static_cast<uint8_t>(bytes_[i / 8]) & (0x80 >> (i % 8))) != 0;
}

void Bitstring::Set(int64_t i, bool value) {
  if (i < 0 || i >= bits_) return;
  uint8_t byte = static_cast<uint8_t>(bytes_[i / 8]);
  uint8_t mask = static_cast<uint8_t>(0x80 >> (i % 8));
  bytes_[i / 8] = static_cast<char>(value ? (byte | mask) : (byte & ~mask));
}

}  // namespace bourse::domain
