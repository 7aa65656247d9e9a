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
      // 3: data products, revisions, datasets, uploads, assessments, rights registrations and
      // the catalogue's full-text index.
      R"sql(
CREATE TABLE products (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  seller_id TEXT NOT NULL REFERENCES organizations(id),
  status INTEGER NOT NULL,
  revision INTEGER NOT NULL,
  listed_revision INTEGER,
  title TEXT NOT NULL,
  category INTEGER NOT NULL,
  form INTEGER NOT NULL,
  sector INTEGER NOT NULL,
  source_type INTEGER NOT NULL,
  delivery_modes INTEGER NOT NULL,
  classification INTEGER NOT NULL,
  price_minor INTEGER NOT NULL,
  quality_score INTEGER,
  dataset_id TEXT,
  assessor_id TEXT,
  assessment_id TEXT,
  assessment_valid_until INTEGER,
  notice_ends_at INTEGER,
  status_reason TEXT NOT NULL,
  description TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX products_status ON products(status, seq);
CREATE INDEX products_seller ON products(seller_id, seq);
CREATE INDEX products_assessor ON products(assessor_id, seq);
CREATE INDEX products_notice ON products(notice_ends_at) WHERE notice_ends_at IS NOT NULL;

CREATE TABLE product_revisions (
  product_id TEXT NOT NULL REFERENCES products(id),
  number INTEGER NOT NULL,
  description TEXT NOT NULL,
  dataset_id TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (product_id, number)
) STRICT, WITHOUT ROWID;

CREATE TABLE product_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  product_id TEXT NOT NULL REFERENCES products(id),
  action INTEGER NOT NULL,
  actor_id TEXT,
  from_status INTEGER NOT NULL,
  to_status INTEGER NOT NULL,
  revision INTEGER NOT NULL,
  reason TEXT NOT NULL,
  at INTEGER NOT NULL
) STRICT;
CREATE INDEX product_events_product ON product_events(product_id, seq);

CREATE TABLE datasets (
  id TEXT PRIMARY KEY,
  product_id TEXT NOT NULL REFERENCES products(id),
  revision INTEGER NOT NULL,
  owner_id TEXT NOT NULL,
  file_name TEXT NOT NULL,
  format INTEGER NOT NULL,
  bytes INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  report TEXT NOT NULL,
  quality_score INTEGER,
  suggested_classification INTEGER NOT NULL,
  personal INTEGER NOT NULL,
  sensitive INTEGER NOT NULL,
  uploaded_at INTEGER NOT NULL
) STRICT;
CREATE INDEX datasets_owner ON datasets(owner_id);

CREATE TABLE uploads (
  id TEXT PRIMARY KEY,
  product_id TEXT NOT NULL REFERENCES products(id),
  owner_id TEXT NOT NULL,
  file_name TEXT NOT NULL,
  format INTEGER,
  size INTEGER NOT NULL,
  received INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX uploads_owner ON uploads(owner_id);

CREATE TABLE assessments (
  id TEXT PRIMARY KEY,
  product_id TEXT NOT NULL REFERENCES products(id),
  revision INTEGER NOT NULL,
  assessor_id TEXT NOT NULL,
  outcome INTEGER NOT NULL,
  subject TEXT NOT NULL,
  object TEXT NOT NULL,
  circulation TEXT NOT NULL,
  legal_opinion TEXT NOT NULL,
  conditions TEXT NOT NULL,
  pipia_reviewed INTEGER NOT NULL,
  decided_at INTEGER NOT NULL,
  valid_until INTEGER NOT NULL
) STRICT;
CREATE INDEX assessments_product ON assessments(product_id, decided_at);

CREATE TABLE registrations (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  number TEXT UNIQUE,
  product_id TEXT NOT NULL REFERENCES products(id),
  revision INTEGER NOT NULL,
  holder_id TEXT NOT NULL REFERENCES organizations(id),
  type INTEGER NOT NULL,
  rights INTEGER NOT NULL,
  status INTEGER NOT NULL,
  notice_ends_at INTEGER,
  certificate_id TEXT,
  document TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX registrations_product ON registrations(product_id, seq);

CREATE VIRTUAL TABLE products_fts USING fts5(
  title, description, tags, fields, prefix='2 3', tokenize='unicode61 remove_diacritics 2');
)sql",
  };
  return kMigrations;
}

}  // namespace bourse::store::sqlite
