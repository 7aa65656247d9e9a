#include "store/sqlite/migrations.h"

namespace bourse::store::sqlite {

const std::vector<const char*>& Migrations() {
  static const std::vector<const char*> kMigrations = {
      // 1: organisations, admission history, certificates, status lists, tokens, idempotency.
      R"sql(
CREATE TABLE organizations (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  uscc TEXT NOT NULL,
  legal_form INTEGER NOT NULL,
  roles INTEGER NOT NULL,
  service_types INTEGER NOT NULL,
  sponsor_id TEXT,
  ciio INTEGER NOT NULL,
  contact_name TEXT NOT NULL,
  contact_email TEXT NOT NULL,
  contact_phone TEXT NOT NULL,
  status INTEGER NOT NULL,
  tier INTEGER,
  merchant_types INTEGER,
  risk_level INTEGER,
  status_reason TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX organizations_uscc ON organizations(uscc);
CREATE INDEX organizations_status ON organizations(status, seq);

CREATE TABLE admission_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  organization_id TEXT NOT NULL REFERENCES organizations(id),
  action INTEGER NOT NULL,
  actor_id TEXT,
  from_status INTEGER NOT NULL,
  to_status INTEGER NOT NULL,
  reason TEXT NOT NULL,
  at INTEGER NOT NULL
) STRICT;
CREATE INDEX admission_events_org ON admission_events(organization_id, seq);

CREATE TABLE certificates (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  type INTEGER NOT NULL,
  subject_id TEXT NOT NULL REFERENCES organizations(id),
  jwt TEXT NOT NULL,
  status INTEGER NOT NULL,
  status_index INTEGER NOT NULL UNIQUE,
  issued_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX certificates_subject ON certificates(subject_id, seq);

CREATE TABLE status_list_bits (
  purpose INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  PRIMARY KEY (purpose, idx)
) STRICT, WITHOUT ROWID;

CREATE TABLE tokens (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  organization_id TEXT NOT NULL REFERENCES organizations(id),
  name TEXT NOT NULL,
  secret_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
) STRICT;
CREATE INDEX tokens_org ON tokens(organization_id, seq);

CREATE TABLE idempotency_keys (
  caller TEXT NOT NULL,
  key TEXT NOT NULL,
  request_digest TEXT NOT NULL,
  status INTEGER NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (caller, key)
) STRICT, WITHOUT ROWID;
)sql",
      // 2: the transparency log.
      R"sql(
CREATE TABLE log_entries (
  idx INTEGER PRIMARY KEY,
  leaf BLOB NOT NULL
) STRICT;

CREATE TABLE log_hashes (
  level INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  hash BLOB NOT NULL,
  PRIMARY KEY (level, idx)
) STRICT, WITHOUT ROWID;

CREATE TABLE log_checkpoints (
  size INTEGER PRIMARY KEY,
  root BLOB NOT NULL,
  note TEXT NOT NULL,
  at INTEGER NOT NULL
) STRICT;

ALTER TABLE certificates ADD COLUMN log_index INTEGER;
)sql",
  };
  return kMigrations;
}

}  // namespace bourse::store::sqlite
