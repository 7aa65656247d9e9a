// Finds personal identifiers in text: Vectorscan matches candidate shapes for every kind in one
// pass over a block, then each candidate must sit on token boundaries and pass its exact
// validator (domain/pii.h, domain/uscc.h) before it counts (domain-rules.md §6.3).
//
// A Detector is immutable after Create() and shared between threads; each thread scans with its
// own Detector::Scratch.
#ifndef BOURSE_SCAN_DETECTOR_H_
#define BOURSE_SCAN_DETECTOR_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/civil_time.h"
#include "base/status.h"
#include "scan/report.h"

namespace bourse::scan {

// One validated identifier: [begin, end) in the scanned block's coordinates.
struct Hit {
  uint64_t begin = 0;
  uint64_t end = 0;
  PiKind kind = PiKind::kMobile;
  bool minor = false;  // Resident ID of a person under 14 on the scan date.
  uint64_t hash = 0;   // Of the identifier, for distinct counts.
};

class Detector {
 public:
  // Per-thread working memory for Scan().
  class Scratch {
   public:
    Scratch() = default;
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;
    ~Scratch();

   private:
    friend class Detector;
    void* scratch_ = nullptr;
  };

  // Compiles the pattern database. Fails only if Vectorscan refuses the patterns.
  static StatusOr<std::shared_ptr<const Detector>> Create();
  ~Detector();

  StatusOr<std::unique_ptr<Scratch>> NewScratch() const;

  // Appends the identifiers found in `block` to `hits`, in increasing order of end offset, with
  // offsets relative to `block` plus `base`. `as_of` decides who is a minor.
  Status Scan(std::string_view block, uint64_t base, absl::CivilDay as_of, Scratch& scratch,
              std::vector<Hit>& hits) const;

  // The identifier that `token` is when the whole token has an identifier's shape (digits, or
  // the USCC alphabet, of a fixed length): what Scan() would report for it, without a pattern
  // pass. Tabular cells holding one value take this path; free text goes through Scan().
  static std::optional<Hit> MatchToken(std::string_view token, absl::CivilDay as_of);

  // For a cell that is exactly one IPv4 address or one plain e-mail address: appends to `hits`
  // what Scan() would find in it and returns true. Returns false, touching nothing, for any
  // other cell, which then needs Scan().
  static bool MatchAddressCell(std::string_view cell, absl::CivilDay as_of, std::vector<Hit>& hits);

 private:
  Detector() = default;
  struct Database;
  std::unique_ptr<Database> db_;
};

// `value` with the identifier in [begin, end) masked as its kind is usually shown
// (138****5678, 110101********1234, 622202******1234, z***@example.com, 10.1.*.*).
std::string MaskIdentifier(std::string_view value, size_t begin, size_t end, PiKind kind);

}  // namespace bourse::scan

#endif  // BOURSE_SCAN_DETECTOR_H_
