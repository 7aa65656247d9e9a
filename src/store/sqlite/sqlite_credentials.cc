#include "store/sqlite/sqlite_credentials.h"

#include "base/errors.h"
#include "base/status_macros.h"

namespace bourse::store::sqlite {

Status SqliteCredentials::SetPassword(const domain::PasswordCredential& p) {
  Stmt s = c_.Prepare(
      "INSERT INTO passwords (organization_id, hash, updated_at) VALUES (?1,?2,?3) "
      "ON CONFLICT(organization_id) DO UPDATE SET hash=excluded.hash, "
      "updated_at=excluded.updated_at");
  s.Bind(1, std::string_view(p.organization.value()))
      .Bind(2, std::string_view(p.hash))
      .Bind(3, Micros(p.updated_at));
  return s.Run();
}

StatusOr<domain::PasswordCredential> SqliteCredentials::GetPassword(const OrganizationId& org) {
  Stmt s = c_.Prepare("SELECT hash, updated_at FROM passwords WHERE organization_id=?1");
  s.Bind(1, std::string_view(org.value()));
  BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return errors::NotFound("password");
  return domain::PasswordCredential{org, s.Text(0), FromMicros(s.Int(1))};
}

Status SqliteCredentials::InsertSession(const domain::Session& x) {
  Stmt s = c_.Prepare(
      "INSERT INTO sessions (secret_hash, organization_id, token_id, csrf_token, created_at, "
      "expires_at) VALUES (?1,?2,?3,?4,?5,?6)");
  s.Bind(1, std::string_view(x.secret_hash))
      .Bind(2, std::string_view(x.organization.value()))
      .Bind(3, x.token ? std::optional<std::string>(x.token->value()) : std::nullopt)
      .Bind(4, std::string_view(x.csrf_token))
      .Bind(5, Micros(x.created_at))
      .Bind(6, Micros(x.expires_at));
  return s.Run();
}

StatusOr<domain::Session> SqliteCredentials::FindSession(const std::string& secret_hash) {
  Stmt s = c_.Prepare(
      "SELECT organization_id, token_id, csrf_token, created_at, expires_at FROM sessions "
      "WHERE secret_hash=?1");
  s.Bind(1, std::string_view(secret_hash));
  BOURSE_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return errors::NotFound("session");
  domain::Session x;
  x.secret_hash = secret_hash;
  x.organization = OrganizationId(s.Text(0));
  if (!s.IsNull(1)) x.token = TokenId(s.Text(1));
  x.csrf_token = s.Text(2);
  x.created_at = FromMicros(s.Int(3));
  x.expires_at = FromMicros(s.Int(4));
  return x;
}

Status SqliteCredentials::DeleteSession(const std::string& secret_hash) {
  Stmt s = c_.Prepare("DELETE FROM sessions WHERE secret_hash=?1");
  s.Bind(1, std::string_view(secret_hash));
  return s.Run();
}

Status SqliteCredentials::DeletePasswordSessions(const OrganizationId& org) {
  Stmt s = c_.Prepare("DELETE FROM sessions WHERE organization_id=?1 AND token_id IS NULL");
  s.Bind(1, std::string_view(org.value()));
  return s.Run();
}

StatusOr<int64_t> SqliteCredentials::DeleteExpiredSessions(absl::Time now) {
  Stmt s = c_.Prepare("DELETE FROM sessions WHERE expires_at < ?1");
  s.Bind(1, Micros(now));
  BOURSE_RETURN_IF_ERROR(s.Run());
  return s.Changes();
}

}  // namespace bourse::store::sqlite
