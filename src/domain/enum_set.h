// EnumSet<E>: a small set of enumerators stored as a bitmask (bit = enumerator value), the form in
// which multi-valued fields such as an organisation's roles are kept. Enumerator values must be in
// 1..31.
#ifndef BOURSE_DOMAIN_ENUM_SET_H_
#define BOURSE_DOMAIN_ENUM_SET_H_

#include <cstdint>
#include <initializer_list>
#include <vector>

namespace bourse::domain {

template <typename E>
class EnumSet {
 public:
  EnumSet() = default;
  EnumSet(std::initializer_list<E> items) {
    for (E e : items) Add(e);
  }
  static EnumSet FromMask(uint32_t mask) {
    EnumSet s;
    s.mask_ = mask;
    return s;
  }
  void Add(E e) { mask_ |= Bit(e); }
  void Remove(E e) { mask_ &= ~Bit(e); }
  bool Has(E e) const { return (mask_ & Bit(e)) != 0; }
  bool empty() const { return mask_ == 0; }
  uint32_t mask() const { return mask_; }
  // Members in ascending enumerator order.
  std::vector<E> values() const {
    std::vector<E> out;
    for (int i = 1; i < 32; ++i)
      if (mask_ & (1u << i)) out.push_back(static_cast<E>(i));
    return out;
  }
  friend bool operator==(const EnumSet&, const EnumSet&) = default;

 private:
  static uint32_t Bit(E e) { return 1u << static_cast<int>(e); }
  uint32_t mask_ = 0;
};

}  // namespace bourse::domain

#endif  // BOURSE_DOMAIN_ENUM_SET_H_
