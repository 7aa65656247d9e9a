// Internal to the SQLite backend: exporters' verified facts and their cross-border evidence.
#ifndef BOURSE_STORE_SQLITE_SQLITE_COMPLIANCE_H_
#define BOURSE_STORE_SQLITE_SQLITE_COMPLIANCE_H_

#include "store/sqlite/connection.h"
#include "store/store.h"

namespace bourse::store::sqlite {

class SqliteCompliance final : public ComplianceRepository {
 public:
  explicit SqliteCompliance(Connection& c) : c_(c) {}
  StatusOr<domain::ExporterProfile> GetProfile(const OrganizationId& org) override;
  Status PutProfile(const domain::ExporterProfile& profile) override;
  Status InsertEvidence(domain::Evidence* e) override;
  Status UpdateEvidence(const domain::Evidence& e) override;
  StatusOr<domain::Evidence> GetEvidence(const EvidenceId& id) override;
  StatusOr<std::vector<domain::Evidence>> ApprovedEvidence(const OrganizationId& exporter,
                                                           absl::Time at) override;
  StatusOr<std::vector<domain::Evidence>> ListEvidence(const EvidenceFilter& f) override;
  StatusOr<std::vector<domain::Evidence>> ExpiringEvidence(absl::Time before, int limit) override;

 private:
  Connection& c_;
};

}  // namespace bourse::store::sqlite

#endif  // BOURSE_STORE_SQLITE_SQLITE_COMPLIANCE_H_
