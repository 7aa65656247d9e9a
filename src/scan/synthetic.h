// Deterministic synthetic identifiers and tables, for tests, benchmarks and the demo market:
// valid resident IDs (optionally of minors), mobile numbers, UnionPay cards, USCCs, e-mail and
// IP addresses, plus near-miss decoys that look the same but fail the exact validators. Never a
// real person's data: every value comes from a seeded SplitMix64 stream.
#ifndef BOURSE_SCAN_SYNTHETIC_H_
#define BOURSE_SCAN_SYNTHETIC_H_

#include <cstdint>
#include <string>

#include "absl/time/civil_time.h"

namespace bourse::scan {

class Synthetic {
 public:
  explicit Synthetic(uint64_t seed) : state_(seed) {}

  uint64_t Next();
  uint64_t Uniform(uint64_t bound) { return Next() % bound; }
  std::string Digits(int n);

  // A valid resident ID of someone born between 1950 and `as_of` minus 18 years, or, for a
  // minor, within the 13 years before `as_of`.
  std::string ResidentId(absl::CivilDay as_of, bool minor = false);
  // An 18-character string shaped like a resident ID whose check character is wrong.
  std::string BadResidentId(absl::CivilDay as_of);
  std::string Mobile();       // A number in an assigned carrier segment.
  std::string BankCard();     // A 16- or 19-digit UnionPay number passing Luhn.
  std::string BadBankCard();  // Same shape, failing Luhn.
  std::string Uscc();         // A valid unified social credit code.
  std::string Email();
  std::string Ipv4();
  std::string Word();  // A pronounceable lowercase word.

 private:
  uint64_t state_;
};

// How a synthetic CSV table is laid out.
struct TableSpec {
  int64_t rows = 1000;
  double pi_share = 0.05;    // Share of rows carrying planted personal identifiers.
  double minor_share = 0.1;  // Share of planted resident IDs that belong to minors.
  absl::CivilDay as_of = absl::CivilDay(2026, 11, 25);
  uint64_t seed = 1;
};

// Counts of what was planted, to compute precision and recall against.
struct Planted {
  int64_t resident_ids = 0, minors = 0, mobiles = 0, bank_cards = 0, emails = 0, ips = 0, usccs = 0,
          notes_with_mobile = 0;
};

// Writes a customer-transactions CSV (header + rows) by calling `sink` with chunks of text.
// Columns: txn_id, customer, id_number, phone, email, card_no, merchant_uscc, client_ip, city,
// amount, txn_date, note, order_no. Rows not carrying PI hold decoys (bad check digits, Luhn
// failures, 13-digit timestamps) in the same columns.
template <typename Sink>
Planted WriteCustomerCsv(const TableSpec& spec, Sink&& sink);

// Implementation detail of WriteCustomerCsv, with a type-erased sink.
Planted WriteCustomerCsvImpl(const TableSpec& spec, void (*sink)(void*, const std::string&),
                             void* ctx);

template <typename Sink>
Planted WriteCustomerCsv(const TableSpec& spec, Sink&& sink) {
  return WriteCustomerCsvImpl(
      spec, [](void* ctx, const std::string& s) { (*static_cast<Sink*>(ctx))(s); },
      const_cast<void*>(static_cast<const void*>(&sink)));
}

}  // namespace bourse::scan

#endif  // BOURSE_SCAN_SYNTHETIC_H_
