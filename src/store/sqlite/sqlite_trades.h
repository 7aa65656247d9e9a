// Internal to the SQLite backend: the trading repositories (negotiations, contracts,
// cross-border cases) and the ledger, over one connection inside the current transaction.
#ifndef BOURSE_STORE_SQLITE_SQLITE_TRADES_H_
#define BOURSE_STORE_SQLITE_SQLITE_TRADES_H_

#include "store/sqlite/connection.h"
#include "store/store.h"

namespace bourse::store::sqlite {

class SqliteNegotiations final : public NegotiationRepository {
 public:
  explicit SqliteNegotiations(Connection& c) : c_(c) {}
  Status Insert(domain::Negotiation* n) override;
  Status Update(const domain::Negotiation& n) override;
  StatusOr<domain::Negotiation> Get(const NegotiationId& id) override;
  StatusOr<NegotiationPage> List(const TradeFilter& filter) override;
  Status InsertMandate(const domain::Mandate& m) override;
  Status UpdateMandate(const domain::Mandate& m) override;
  StatusOr<domain::Mandate> GetMandate(const MandateId& id) override;
  StatusOr<domain::Mandate> ActiveMandate(const OrganizationId& principal,
                                          const OrganizationId& agent,
                                          domain::MandateSide side) override;
  StatusOr<std::vector<domain::Mandate>> Mandates(const OrganizationId& org) override;

 private:
  Connection& c_;
};

class SqliteContracts final : public ContractRepository {
 public:
  explicit SqliteContracts(Connection& c) : c_(c) {}
  Status Insert(domain::Contract* c) override;
  Status Update(const domain::Contract& c) override;
  StatusOr<domain::Contract> Get(const ContractId& id) override;
  StatusOr<ContractPage> List(const TradeFilter& filter) override;
  StatusOr<std::vector<ContractId>> AcceptanceDue(absl::Time now) override;
  StatusOr<std::vector<ContractId>> RenewalsDue(absl::Time now) override;
  StatusOr<TradeTotals> Totals() override;

 private:
  Connection& c_;
};

class SqliteCrossBorder final : public CrossBorderRepository {
 public:
  explicit SqliteCrossBorder(Connection& c) : c_(c) {}
  Status Insert(CrossBorderCase* c) override;
  StatusOr<CrossBorderCase> Get(const ContractId& contract) override;
  StatusOr<std::pair<int64_t, int64_t>> Exported(const OrganizationId& exporter, int year) override;
  StatusOr<std::vector<CrossBorderCase>> List(int64_t after_seq, int limit) override;

 private:
  Connection& c_;
};

class SqliteLedger final : public LedgerRepository {
 public:
  explicit SqliteLedger(Connection& c) : c_(c) {}
  Status Apply(domain::JournalEntry* entry) override;
  StatusOr<int64_t> Balance(const domain::AccountRef& account) override;
  StatusOr<std::vector<AccountBalance>> BalancesOf(const std::string& owner) override;
  StatusOr<std::vector<domain::JournalEntry>> Entries(const std::string& owner, int64_t before_seq,
                                                      int limit) override;
  StatusOr<std::map<std::string, int64_t>> TrialBalance() override;
  StatusOr<int64_t> LowestNonNegativeBalance() override;

 private:
  Status LoadPostings(domain::JournalEntry& e);
  Connection& c_;
};

}  // namespace bourse::store::sqlite

#endif  // BOURSE_STORE_SQLITE_SQLITE_TRADES_H_
