#include "domain/ledger.h"

#include <algorithm>
#include <map>

#include "base/errors.h"
#include "base/strings.h"
#include "domain/product.h"

namespace bourse::domain {

std::string AccountRef::Key() const { return StrCat(Name(kind), "/", owner, "/", currency); }

AccountRef AvailableAccount(const OrganizationId& org, const std::string& currency) {
  return {AccountKind::kAvailable, org.value(), currency};
}
AccountRef EscrowAccount(const ContractId& contract, const std::string& currency) {
  return {AccountKind::kEscrow, contract.value(), currency};
}
AccountRef FeeAccount(const std::string& currency) {
  return {AccountKind::kFees, "exchange", currency};
}
AccountRef BankAccount(const std::string& currency) {
  return {AccountKind::kBank, "exchange", currency};
}

bool MayGoNegative(AccountKind kind) { return kind == AccountKind::kBank; }

Status CheckBalanced(const JournalEntry& entry) {
  if (entry.postings.size() < 2) return errors::Internal("a journal entry needs two postings");
  std::map<std::string, __int128> sums;
  for (const Posting& p : entry.postings) {
    if (p.amount == 0) return errors::Internal("a posting of zero");
    const std::string& c = p.account.currency;
    if (!IsCurrencyCode(c)) return errors::Internal(StrCat("not a currency code: ", c));
    sums[c] += p.amount;
  }
  for (const auto& [currency, sum] : sums)
    if (sum != 0) return errors::Internal(StrCat("the postings in ", currency, " do not balance"));
  return OkStatus();
}

ClearingSplit SplitProceeds(int64_t total, int fee_basis_points, int commission_basis_points) {
  auto share = [total](int basis_points) {
    const __int128 scaled = static_cast<__int128>(total) * basis_points;
    return static_cast<int64_t>((scaled + 5000) / 10000);
  };
  ClearingSplit split;
  split.fee = std::min(share(fee_basis_points), total);
  split.commission = std::min(share(commission_basis_points), total - split.fee);
  split.seller = total - split.fee - split.commission;
  return split;
}

std::vector<Posting> DepositPostings(const OrganizationId& org, int64_t amount,
                                     const std::string& currency) {
  return {{BankAccount(currency), -amount}, {AvailableAccount(org, currency), amount}};
}

std::vector<Posting> WithdrawalPostings(const OrganizationId& org, int64_t amount,
                                        const std::string& currency) {
  return {{AvailableAccount(org, currency), -amount}, {BankAccount(currency), amount}};
}

std::vector<Posting> EscrowPostings(const OrganizationId& buyer, const ContractId& contract,
                                    int64_t amount, const std::string& currency) {
  return {{AvailableAccount(buyer, currency), -amount},
          {EscrowAccount(contract, currency), amount}};
}

std::vector<Posting> ClearingPostings(const ContractId& contract, const OrganizationId& seller,
                                      const ClearingSplit& split, const std::string& currency,
                                      const std::optional<OrganizationId>& agent,
                                      const std::optional<OrganizationId>& buyer_agent) {
  std::vector<Posting> out = {
      {EscrowAccount(contract, currency), -(split.seller + split.fee + split.commission +
                                            (buyer_agent ? split.buyer_commission : 0))}};
  if (split.seller) out.push_back({AvailableAccount(seller, currency), split.seller});
  if (split.fee) out.push_back({FeeAccount(currency), split.fee});
  if (split.commission && agent)
    out.push_back({AvailableAccount(*agent, currency), split.commission});
  if (split.buyer_commission && buyer_agent)
    out.push_back({AvailableAccount(*buyer_agent, currency), split.buyer_commission});
  return out;
}

std::vector<Posting> RefundPostings(const ContractId& contract, const OrganizationId& buyer,
                                    int64_t amount, const std::string& currency) {
  return {{EscrowAccount(contract, currency), -amount},
          {AvailableAccount(buyer, currency), amount}};
}

}  // namespace bourse::domain
