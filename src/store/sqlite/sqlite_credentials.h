// Internal to the SQLite backend: console passwords and sessions.
#ifndef BOURSE_STORE_SQLITE_SQLITE_CREDENTIALS_H_
#define BOURSE_STORE_SQLITE_SQLITE_CREDENTIALS_H_

#include "store/sqlite/connection.h"
#include "store/store.h"

namespace bourse::store::sqlite {

class SqliteCredentials final : public CredentialRepository {
 public:
  explicit SqliteCredentials(Connection& c) : c_(c) {}
  Status SetPassword(const domain::PasswordCredential& credential) override;
  StatusOr<domain::PasswordCredential> GetPassword(const OrganizationId& org) override;
  Status InsertSession(const domain::Session& session) override;
  StatusOr<domain::Session> FindSession(const std::string& secret_hash) override;
  Status DeleteSession(const std::string& secret_hash) override;
  Status DeletePasswordSessions(const OrganizationId& org) override;
  StatusOr<int64_t> DeleteExpiredSessions(absl::Time now) override;

 private:
  Connection& c_;
};

}  // namespace bourse::store::sqlite

#endif  // BOURSE_STORE_SQLITE_SQLITE_CREDENTIALS_H_
