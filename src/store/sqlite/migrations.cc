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
      // 4: trading — negotiations, contracts, the ledger, cross-border cases.
      R"sql(
CREATE TABLE negotiations (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  product_id TEXT NOT NULL REFERENCES products(id),
  revision INTEGER NOT NULL,
  buyer_id TEXT NOT NULL REFERENCES organizations(id),
  seller_id TEXT NOT NULL REFERENCES organizations(id),
  state INTEGER NOT NULL,
  cross_border INTEGER NOT NULL,
  contract_id TEXT,
  document TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX negotiations_buyer ON negotiations(buyer_id, seq);
CREATE INDEX negotiations_seller ON negotiations(seller_id, seq);

CREATE TABLE contracts (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  negotiation_id TEXT NOT NULL UNIQUE REFERENCES negotiations(id),
  product_id TEXT NOT NULL REFERENCES products(id),
  revision INTEGER NOT NULL,
  buyer_id TEXT NOT NULL REFERENCES organizations(id),
  seller_id TEXT NOT NULL REFERENCES organizations(id),
  currency TEXT NOT NULL,
  total_minor INTEGER NOT NULL,
  fee_minor INTEGER NOT NULL,
  status INTEGER NOT NULL,
  trade_status INTEGER NOT NULL,
  signed_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  delivered_at INTEGER,
  acceptance_due INTEGER,
  settled_at INTEGER,
  digest TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  downloads INTEGER NOT NULL,
  bytes_delivered INTEGER NOT NULL,
  cross_border INTEGER NOT NULL,
  status_reason TEXT NOT NULL,
  document TEXT NOT NULL
) STRICT;
CREATE INDEX contracts_buyer ON contracts(buyer_id, seq);
CREATE INDEX contracts_seller ON contracts(seller_id, seq);
CREATE INDEX contracts_acceptance ON contracts(trade_status, acceptance_due);

CREATE TABLE accounts (
  key TEXT PRIMARY KEY,
  kind INTEGER NOT NULL,
  owner TEXT NOT NULL,
  currency TEXT NOT NULL,
  balance INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX accounts_owner ON accounts(owner);

CREATE TABLE journal (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  kind INTEGER NOT NULL,
  reference TEXT NOT NULL,
  organization_id TEXT,
  contract_id TEXT,
  at INTEGER NOT NULL
) STRICT;

CREATE TABLE postings (
  journal_seq INTEGER NOT NULL REFERENCES journal(seq),
  account_key TEXT NOT NULL REFERENCES accounts(key),
  amount INTEGER NOT NULL
) STRICT;
CREATE INDEX postings_journal ON postings(journal_seq);
CREATE INDEX postings_account ON postings(account_key, journal_seq);

CREATE TABLE cross_border_cases (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  contract_id TEXT NOT NULL UNIQUE REFERENCES contracts(id),
  exporter_id TEXT NOT NULL,
  recipient_id TEXT NOT NULL,
  destination TEXT NOT NULL,
  year INTEGER NOT NULL,
  individuals INTEGER NOT NULL,
  sensitive_individuals INTEGER NOT NULL,
  row INTEGER NOT NULL,
  route INTEGER NOT NULL,
  reason TEXT NOT NULL,
  any_of INTEGER NOT NULL,
  all_of INTEGER NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX cross_border_exporter ON cross_border_cases(exporter_id, year);

CREATE TABLE cross_border_evidence (
  contract_id TEXT NOT NULL REFERENCES cross_border_cases(contract_id),
  kind INTEGER NOT NULL,
  reference TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  at INTEGER NOT NULL
) STRICT;
CREATE INDEX cross_border_evidence_contract ON cross_border_evidence(contract_id);
)sql",
      // 5: the supply-and-demand board, notifications and webhooks.
      R"sql(
CREATE TABLE demands (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  buyer_id TEXT NOT NULL REFERENCES organizations(id),
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  fields TEXT NOT NULL,
  coverage TEXT NOT NULL,
  purpose TEXT NOT NULL,
  scenario TEXT NOT NULL,
  region TEXT NOT NULL,
  sector INTEGER,
  budget_minor INTEGER NOT NULL,
  currency TEXT NOT NULL,
  deadline INTEGER NOT NULL,
  status INTEGER NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX demands_status ON demands(status, deadline);

CREATE TABLE demand_offers (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  demand_id TEXT NOT NULL REFERENCES demands(id),
  merchant_id TEXT NOT NULL REFERENCES organizations(id),
  product_id TEXT NOT NULL REFERENCES products(id),
  model INTEGER NOT NULL,
  amount INTEGER NOT NULL,
  currency TEXT NOT NULL,
  quantity INTEGER NOT NULL,
  delivery_mode INTEGER NOT NULL,
  message TEXT NOT NULL,
  status INTEGER NOT NULL,
  negotiation_id TEXT,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX demand_offers_demand ON demand_offers(demand_id, seq);

CREATE TABLE notifications (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  organization_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  subject TEXT NOT NULL,
  text TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX notifications_org ON notifications(organization_id, seq);

CREATE TABLE webhooks (
  id TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations(id),
  url TEXT NOT NULL,
  secret TEXT NOT NULL,
  active INTEGER NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX webhooks_org ON webhooks(organization_id);

CREATE TABLE webhook_deliveries (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  webhook_id TEXT NOT NULL REFERENCES webhooks(id),
  notification_seq INTEGER NOT NULL REFERENCES notifications(seq),
  attempts INTEGER NOT NULL,
  last_status INTEGER NOT NULL,
  last_error TEXT NOT NULL,
  delivered INTEGER NOT NULL,
  abandoned INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(delivered, abandoned, next_attempt_at);
CREATE INDEX webhook_deliveries_hook ON webhook_deliveries(webhook_id, seq);
)sql",
      // 6: sellers' mandates to data merchants.
      R"sql(
CREATE TABLE mandates (
  id TEXT PRIMARY KEY,
  principal_id TEXT NOT NULL REFERENCES organizations(id),
  agent_id TEXT NOT NULL REFERENCES organizations(id),
  commission_basis_points INTEGER NOT NULL,
  active INTEGER NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX mandates_principal ON mandates(principal_id, agent_id);
CREATE INDEX mandates_agent ON mandates(agent_id);
)sql",
      // 7: subscription renewals; mandates for buyers as well as sellers.
      R"sql(
ALTER TABLE contracts ADD COLUMN renews INTEGER NOT NULL DEFAULT 0;
CREATE INDEX contracts_renewal ON contracts(ends_at) WHERE renews = 1;
ALTER TABLE mandates ADD COLUMN side INTEGER NOT NULL DEFAULT 1;
)sql",
      // 8: console sign-in: organisations' passwords and browser sessions.
      R"sql(
CREATE TABLE passwords (
  organization_id TEXT PRIMARY KEY REFERENCES organizations(id),
  hash TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE TABLE sessions (
  secret_hash TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations(id),
  token_id TEXT REFERENCES tokens(id),
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_org ON sessions(organization_id);
CREATE INDEX sessions_expiry ON sessions(expires_at);
)sql",
      // 9: a party's contracts are found through its negotiations (each contract has exactly
      // one, with the same buyer and seller): the contracts' own party indexes cost every trade
      // two index pages per commit and served no query.
      R"sql(
DROP INDEX contracts_buyer;
DROP INDEX contracts_seller;
)sql",
      // 10: certificates' JWTs kept decoded (store/jws_codec.h): a quarter smaller, two trade
      // certificates to a page rather than one. Rows written before keep their text in `jwt`.
      R"sql(
ALTER TABLE certificates ADD COLUMN packed BLOB;
)sql",
      // 11: every upload read or kept from listing: whether the scanner could read a dataset,
      // and the assessor's attestation for one it could not. The exporter's side of the
      // cross-border gate: the facts the operator verified and
      // the evidence the exporter files for review, kept per exporter and reused by its
      // contracts within scope and validity. Per-contract records of earlier versions stay in
      // cross_border_evidence for the record; they no longer satisfy the gate.
      R"sql(
CREATE TABLE exporter_profiles (
  organization_id TEXT PRIMARY KEY REFERENCES organizations(id),
  facts INTEGER NOT NULL,
  ftz TEXT NOT NULL,
  decided_by TEXT,
  reason TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE TABLE evidence (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  exporter_id TEXT NOT NULL REFERENCES organizations(id),
  kind INTEGER NOT NULL,
  reference TEXT NOT NULL,
  authority TEXT NOT NULL,
  destinations TEXT NOT NULL,
  sectors INTEGER NOT NULL,
  valid_from INTEGER NOT NULL,
  valid_until INTEGER NOT NULL,
  document_name TEXT NOT NULL,
  document_sha256 TEXT NOT NULL,
  document_bytes INTEGER NOT NULL,
  status INTEGER NOT NULL,
  decision_reason TEXT NOT NULL,
  decided_by TEXT,
  decided_at INTEGER,
  filed_at INTEGER NOT NULL,
  expiry_notified INTEGER NOT NULL
) STRICT;
CREATE INDEX evidence_exporter ON evidence(exporter_id, status, valid_until);
CREATE INDEX evidence_status ON evidence(status, seq);
CREATE INDEX evidence_expiry ON evidence(valid_until) WHERE status = 2 AND expiry_notified = 0;
ALTER TABLE datasets ADD COLUMN readable INTEGER NOT NULL DEFAULT 1;
ALTER TABLE assessments ADD COLUMN content_reviewed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE assessments ADD COLUMN content_attestation TEXT NOT NULL DEFAULT '';
)sql",
      // 12: idempotency records without secrets. Records written before may hold secrets shown
      // once (applicant and API tokens, webhook secrets), so they are dropped; the process that
      // reserves a key is recorded, and records expire by age.
      R"sql(
DELETE FROM idempotency_keys;
ALTER TABLE idempotency_keys ADD COLUMN instance TEXT NOT NULL DEFAULT '';
CREATE INDEX idempotency_keys_age ON idempotency_keys(created_at);
)sql",
      // 13: open uploads expire by age.
      R"sql(
CREATE INDEX uploads_started ON uploads(created_at);
)sql",
  };
  return kMigrations;
}

}  // namespace bourse::store::sqlite
