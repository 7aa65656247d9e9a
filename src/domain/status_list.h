// A W3C Bitstring Status List: bit i (counted from the left-most bit of byte 0) is set when the
// credential at status index i has the list's purpose (revoked, or suspended).
#ifndef BOURSE_DOMAIN_STATUS_LIST_H_
#define BOURSE_DOMAIN_STATUS_LIST_H_

#include <cstdint>
#include <string>

namespace bourse::domain {

class Bitstring {
 public:
  explicit Bitstring(int64_t bits) : bytes_((bits + 7) / 8, '\0'), bits_(bits) {}
  static Bitstring FromBytes(std::string bytes) {
    Bitstring b(0);
    b.bits_ = static_cast<int64_t>(bytes.size()) * 8;
    b.bytes_ = std::move(bytes);
    return b;
  }
  int64_t size() const { return bits_; }
  // Out-of-range indices read as false and are ignored on write.
  bool Get(int64_t i) const;
  void Set(int64_t i, bool value);
  const std::string& bytes() const { return bytes_; }

 private:
  std::string bytes_;
  int64_t bits_;
};

}  // namespace bourse::domain

#endif  // BOURSE_DOMAIN_STATUS_LIST_H_
