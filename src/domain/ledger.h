// The exchange's books (domain-rules.md W4; DESIGN.md invariant 2): double-entry bookkeeping in
// integer minor units of ISO 4217 currencies. Every journal entry's postings sum to zero in each
// currency; accounts of kinds other than the settlement bank never go below zero. Pure values
// and rules: no I/O. The store applies entries atomically and refuses any that would overdraw.
#ifndef BOURSE_DOMAIN_LEDGER_H_
#define BOURSE_DOMAIN_LEDGER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "base/ids.h"
#include "base/status.h"
#include "domain/enums.h"

namespace bourse::domain {

// An account: the organisation's available money, one contract's escrow, the exchange's fees,
// or the settlement bank, in one currency.
struct AccountRef {
  AccountKind kind = AccountKind::kAvailable;
  std::string owner;  // Organisation id (available), contract id (escrow), "exchange" otherwise.
  std::string currency;
  // "available/org_…/CNY": the account's stable key.
  std::string Key() const;
  friend bool operator==(const AccountRef&, const AccountRef&) = default;
};

AccountRef AvailableAccount(const OrganizationId& org, const std::string& currency);
AccountRef EscrowAccount(const ContractId& contract, const std::string& currency);
AccountRef FeeAccount(const std::string& currency);
AccountRef BankAccount(const std::string& currency);

// Whether an account of this kind may hold a negative balance (only the bank's side may).
bool MayGoNegative(AccountKind kind);

// One line of an entry: `amount` is added to the account's balance (negative takes money out).
struct Posting {
  AccountRef account;
  int64_t amount = 0;
  friend bool operator==(const Posting&, const Posting&) = default;
};

struct JournalEntry {
  JournalId id;
  int64_t seq = 0;
  JournalKind kind = JournalKind::kDeposit;
  std::string reference;                       // The bank reference, or the contract id.
  std::optional<OrganizationId> organization;  // Whose deposit or withdrawal.
  std::optional<ContractId> contract;
  std::vector<Posting> postings;
  absl::Time at;
  friend bool operator==(const JournalEntry&, const JournalEntry&) = default;
};

// At least two postings, none zero, currency codes well formed, and the postings of each
// currency sum to zero (Internal otherwise: entries are built by the exchange, not by callers).
Status CheckBalanced(const JournalEntry& entry);

// How clearing splits the escrow of one contract: the exchange's fee and the commission of a
// merchant selling under mandate are taken from the supplier's side (basis points of the total,
// each rounded half up), the rest goes to the seller.
struct ClearingSplit {
  int64_t seller = 0;
  int64_t fee = 0;
  int64_t commission = 0;        // The seller-side merchant's, from the proceeds.
  int64_t buyer_commission = 0;  // The buyer-side merchant's, paid by the buyer on top.
};
ClearingSplit SplitProceeds(int64_t total, int fee_basis_points, int commission_basis_points = 0);

// The postings of each kind of entry.
std::vector<Posting> DepositPostings(const OrganizationId& org, int64_t amount,
                                     const std::string& currency);
std::vector<Posting> WithdrawalPostings(const OrganizationId& org, int64_t amount,
                                        const std::string& currency);
std::vector<Posting> EscrowPostings(const OrganizationId& buyer, const ContractId& contract,
                                    int64_t amount, const std::string& currency);
// `agent` receives the commission and `buyer_agent` the buyer's commission (each required when
// the split has it).
std::vector<Posting> ClearingPostings(
    const ContractId& contract, const OrganizationId& seller, const ClearingSplit& split,
    const std::string& currency, const std::optional<OrganizationId>& agent = std::nullopt,
    const std::optional<OrganizationId>& buyer_agent = std::nullopt);
std::vector<Posting> RefundPostings(const ContractId& contract, const OrganizationId& buyer,
                                    int64_t amount, const std::string& currency);

}  // namespace bourse::domain

#endif  // BOURSE_DOMAIN_LEDGER_H_
