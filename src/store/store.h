// Storage interfaces: one repository per aggregate, reached only through a transaction.
//
// Use cases run inside Store::Write (one serialisable read-write transaction; committed when the
// function returns OK, rolled back otherwise, so a failed use case changes nothing) or Store::Read
// (a consistent read-only snapshot). Repository references are valid only inside that function.
// Backends map their own constraint errors to AlreadyExists so that every backend behaves alike;
// the conformance suite (store_conformance.h) pins that behaviour down. Store is thread-safe;
// a Transaction belongs to one thread.
#ifndef BOURSE_STORE_STORE_H_
#define BOURSE_STORE_STORE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "domain/api_token.h"
#include "domain/certificate.h"
#include "domain/demand.h"
#include "domain/evidence.h"
#include "domain/ledger.h"
#include "domain/organization.h"
#include "domain/product.h"
#include "domain/registration.h"
#include "domain/session.h"
#include "domain/trade.h"

namespace bourse::store {

struct OrganizationFilter {
  std::optional<domain::Role> role;
  std::optional<domain::AdmissionStatus> status;
  std::optional<OrganizationId> only;  // Restrict to one organisation (a participant's own view).
  int64_t after_seq = 0;               // Cursor: return organisations with seq > after_seq.
  int limit = 50;
};

struct OrganizationPage {
  std::vector<domain::Organization> items;
  std::optional<int64_t> next_after_seq;  // Set when more may follow.
};

// Number of organisations holding `roles_mask` exactly, in `status`.
struct RoleStatusCount {
  uint32_t roles_mask = 0;
  domain::AdmissionStatus status = domain::AdmissionStatus::kSubmitted;
  int64_t count = 0;
};

class OrganizationRepository {
 public:
  virtual ~OrganizationRepository() = default;
  // Inserts `org` and sets org->seq. AlreadyExists if the id is taken.
  virtual Status Insert(domain::Organization* org) = 0;
  // Replaces the stored organisation with the same id. NotFound if absent.
  virtual Status Update(const domain::Organization& org) = 0;
  virtual StatusOr<domain::Organization> Get(const OrganizationId& id) = 0;
  // Ids of organisations other than `except` holding `uscc` whose status is not final
  // (returned, rejected, revoked and exited codes may be reused).
  virtual StatusOr<std::vector<OrganizationId>> FindLiveByUscc(const std::string& uscc,
                                                               const OrganizationId& except) = 0;
  virtual StatusOr<OrganizationPage> List(const OrganizationFilter& filter) = 0;
  virtual StatusOr<std::vector<RoleStatusCount>> CountByRolesAndStatus() = 0;
  virtual Status AppendEvent(const domain::AdmissionEvent& event) = 0;
  // The organisation's admission history, oldest first.
  virtual StatusOr<std::vector<domain::AdmissionEvent>> Events(const OrganizationId& id) = 0;
};

class CertificateRepository {
 public:
  virtual ~CertificateRepository() = default;
  // AlreadyExists if the id or the status index is taken.
  virtual Status Insert(const domain::Certificate& cert) = 0;
  virtual StatusOr<domain::Certificate> Get(const CertificateId& id) = 0;
  // Newest first.
  virtual StatusOr<std::vector<domain::Certificate>> ListBySubject(
      const OrganizationId& subject) = 0;
  virtual Status UpdateStatus(const CertificateId& id, domain::CertificateStatus status) = 0;
  virtual StatusOr<bool> IsStatusIndexUsed(int64_t index) = 0;
  // How many certificates have ever been issued.
  virtual StatusOr<int64_t> IssuedCount() = 0;
};

// The set bits of each Bitstring Status List.
class StatusListRepository {
 public:
  virtual ~StatusListRepository() = default;
  virtual Status SetBit(domain::StatusPurpose purpose, int64_t index, bool value) = 0;
  // Indices whose bit is set, ascending.
  virtual StatusOr<std::vector<int64_t>> SetBits(domain::StatusPurpose purpose) = 0;
};

class TokenRepository {
 public:
  virtual ~TokenRepository() = default;
  // AlreadyExists if the id or secret hash is taken.
  virtual Status Insert(const domain::ApiToken& token) = 0;
  virtual StatusOr<domain::ApiToken> Get(const TokenId& id) = 0;
  // NotFound when no token (active or not) has this hash.
  virtual StatusOr<domain::ApiToken> FindBySecretHash(const std::string& secret_hash) = 0;
  // Oldest first.
  virtual StatusOr<std::vector<domain::ApiToken>> ListByOrganization(const OrganizationId& org) = 0;
  virtual Status MarkRevoked(const TokenId& id, absl::Time at) = 0;
};

// Console passwords and sessions (domain/session.h).
class CredentialRepository {
 public:
  virtual ~CredentialRepository() = default;
  // Sets or replaces the organisation's password hash.
  virtual Status SetPassword(const domain::PasswordCredential& credential) = 0;
  // NotFound when the organisation has no password.
  virtual StatusOr<domain::PasswordCredential> GetPassword(const OrganizationId& org) = 0;
  virtual Status InsertSession(const domain::Session& session) = 0;
  // NotFound when no session has this hash.
  virtual StatusOr<domain::Session> FindSession(const std::string& secret_hash) = 0;
  virtual Status DeleteSession(const std::string& secret_hash) = 0;
  // Ends every session of `org` signed in with a password (after a password change).
  virtual Status DeletePasswordSessions(const OrganizationId& org) = 0;
  // Drops sessions that expired before `now`; returns how many.
  virtual StatusOr<int64_t> DeleteExpiredSessions(absl::Time now) = 0;
};

// A stored response to a request made with an Idempotency-Key. Status 0 marks a key reserved
// by a request that has not finished (or whose outcome was lost in a crash). The body never holds
// a secret: those are withheld before it is stored.
struct IdempotentResponse {
  std::string request_digest;  // SHA-256 of method, path and body, hex.
  int status = 0;
  std::string body;
  std::string instance;  // The server process that reserved the key.
  absl::Time created_at;
};

class IdempotencyRepository {
 public:
  virtual ~IdempotencyRepository() = default;
  // NotFound when (caller, key) was never used.
  virtual StatusOr<IdempotentResponse> Get(const std::string& caller, const std::string& key) = 0;
  virtual Status Put(const std::string& caller, const std::string& key,
                     const IdempotentResponse& response, absl::Time at) = 0;
  // Records the response of a reserved key; NotFound unless (caller, key) is reserved.
  virtual Status Complete(const std::string& caller, const std::string& key, int status,
                          const std::string& body) = 0;
  // Forgets a key (a request that failed may be retried under it).
  virtual Status Delete(const std::string& caller, const std::string& key) = 0;
  // Forgets every key used before `before`; returns how many.
  virtual StatusOr<int64_t> DeleteOlderThan(absl::Time before) = 0;
};

// A published checkpoint: the signed note for a tree size.
struct LogCheckpoint {
  int64_t size = 0;
  std::string root;  // 32 bytes.
  std::string note;  // The C2SP signed note.
  absl::Time at;
};

// The transparency log's storage: entries appended inside use-case transactions, and the
// integrator's output — node hashes at tile levels (tree level 8·L) and signed checkpoints.
// Everything here is append-only: nothing is ever updated or deleted.
class LogRepository {
 public:
  virtual ~LogRepository() = default;
  // Appends a leaf and returns its index (0, 1, 2, … in commit order).
  virtual StatusOr<int64_t> Append(const std::string& leaf) = 0;
  virtual StatusOr<int64_t> Size() = 0;
  // Leaves [begin, end); fewer when the log is shorter.
  virtual StatusOr<std::vector<std::string>> Entries(int64_t begin, int64_t end) = 0;
  // Stores hashes of tile level `tile_level` from node index `first` on; AlreadyExists if any is
  // present.
  virtual Status PutHashes(int tile_level, int64_t first,
                           const std::vector<std::string>& hashes) = 0;
  // Hashes of tile level `tile_level`, node indices [begin, end); fewer when not yet stored.
  virtual StatusOr<std::vector<std::string>> Hashes(int tile_level, int64_t begin, int64_t end) = 0;
  // AlreadyExists if a checkpoint for that size exists.
  virtual Status PutCheckpoint(const LogCheckpoint& checkpoint) = 0;
  // NotFound before the first checkpoint.
  virtual StatusOr<LogCheckpoint> LatestCheckpoint() = 0;
};

struct ProductFilter {
  std::optional<OrganizationId> seller;
  std::optional<domain::ProductStatus> status;
  std::optional<OrganizationId> assessor;  // Products that commissioned this assessor.
  int64_t after_seq = 0;
  int limit = 50;
};

struct ProductPage {
  std::vector<domain::Product> items;
  std::optional<int64_t> next_after_seq;
};

// What the catalogue filters, counts and sorts on, for one listed product.
struct CatalogEntry {
  int64_t seq = 0;
  ProductId id;
  domain::ProductCategory category = domain::ProductCategory::kDataProduct;
  domain::ProductForm form = domain::ProductForm::kDataset;
  domain::Sector sector = domain::Sector::kOther;
  domain::SourceType source_type = domain::SourceType::kOther;
  uint32_t delivery_modes = 0;  // EnumSet<DeliveryMode> mask.
  domain::DataClassification classification = domain::DataClassification::kGeneral;
  int64_t price_minor = 0;
  int quality = -1;  // -1 when no dataset has been scored.
};

class ProductRepository {
 public:
  virtual ~ProductRepository() = default;
  // Inserts the product and sets seq. AlreadyExists if the id is taken.
  virtual Status Insert(domain::Product* product) = 0;
  virtual Status Update(const domain::Product& product) = 0;
  virtual StatusOr<domain::Product> Get(const ProductId& id) = 0;
  virtual StatusOr<ProductPage> List(const ProductFilter& filter) = 0;
  virtual Status InsertRevision(const domain::Revision& revision) = 0;
  virtual StatusOr<domain::Revision> GetRevision(const ProductId& id, int number) = 0;
  virtual Status SetRevisionDataset(const ProductId& id, int number, const DatasetId& dataset) = 0;
  virtual StatusOr<std::vector<domain::Revision>> Revisions(const ProductId& id) = 0;
  virtual Status AppendEvent(const domain::ProductEvent& event) = 0;
  virtual StatusOr<std::vector<domain::ProductEvent>> Events(const ProductId& id) = 0;
  virtual Status InsertDataset(const domain::Dataset& dataset, const OrganizationId& owner) = 0;
  virtual StatusOr<domain::Dataset> GetDataset(const DatasetId& id) = 0;
  // Bytes of datasets stored for `owner`.
  virtual StatusOr<int64_t> DatasetBytes(const OrganizationId& owner) = 0;
  virtual Status InsertAssessment(const domain::ComplianceAssessment& assessment) = 0;
  virtual StatusOr<domain::ComplianceAssessment> GetAssessment(const AssessmentId& id) = 0;
  // Newest first.
  virtual StatusOr<std::vector<domain::ComplianceAssessment>> Assessments(const ProductId& id) = 0;
  // Products whose public notice ended at or before `now`.
  virtual StatusOr<std::vector<ProductId>> NoticesDue(absl::Time now) = 0;
  // Listed products whose assessment is no longer valid at `now`.
  virtual StatusOr<std::vector<ProductId>> AssessmentsExpired(absl::Time now) = 0;
  // Every listed product's catalogue entry (to build an in-memory catalogue index).
  virtual StatusOr<std::vector<CatalogEntry>> ListedEntries() = 0;
  virtual StatusOr<CatalogEntry> Entry(const ProductId& id) = 0;
  // Calls `visit` with the seq of each product (of any status) whose title, description, tags
  // or field names contain every term — a term ending in '*' is a prefix — newest first, until
  // `visit` returns false. Cost is proportional to the matches visited.
  virtual Status ForEachTextMatch(const std::vector<std::string>& terms,
                                  const std::function<bool(int64_t seq)>& visit) = 0;
  // Every match with its BM25 score (lower is more relevant). Costs per match: call it only
  // when the matches are known to be few.
  virtual StatusOr<std::vector<std::pair<int64_t, double>>> RankText(
      const std::vector<std::string>& terms) = 0;
  virtual StatusOr<int64_t> CountListed() = 0;
};

// An upload in progress: bytes [0, received) are on disk.
struct Upload {
  UploadId id;
  ProductId product_id;
  OrganizationId owner;
  std::string file_name;
  std::optional<domain::DatasetFormat> format;
  int64_t size = 0;  // Declared length.
  int64_t received = 0;
  std::string sha256;  // Declared digest (hex), optional.
  absl::Time created_at;
};

class UploadRepository {
 public:
  virtual ~UploadRepository() = default;
  virtual Status Insert(const Upload& upload) = 0;
  virtual StatusOr<Upload> Get(const UploadId& id) = 0;
  // Sets `received`; FailedPrecondition (conflict) unless the stored value is `expected`.
  virtual Status Advance(const UploadId& id, int64_t expected, int64_t received) = 0;
  virtual Status Delete(const UploadId& id) = 0;
  // Declared bytes of `owner`'s open uploads.
  virtual StatusOr<int64_t> OpenBytes(const OrganizationId& owner) = 0;
  // Up to `limit` uploads started before `cutoff`, oldest first.
  virtual StatusOr<std::vector<Upload>> StartedBefore(absl::Time cutoff, int limit) = 0;
};

class RegistrationRepository {
 public:
  virtual ~RegistrationRepository() = default;
  virtual Status Insert(domain::RightsRegistration* registration) = 0;
  virtual Status Update(const domain::RightsRegistration& registration) = 0;
  virtual StatusOr<domain::RightsRegistration> Get(const RegistrationId& id) = 0;
  // Oldest first.
  virtual StatusOr<std::vector<domain::RightsRegistration>> ListByProduct(const ProductId& id) = 0;
  // The rights registered (status registered) on `product` to `holder`, directly or as licensee.
  virtual StatusOr<domain::EnumSet<domain::RightType>> RegisteredRights(
      const ProductId& product, const OrganizationId& holder) = 0;
  virtual StatusOr<std::vector<RegistrationId>> NoticesDue(absl::Time now) = 0;
  // How many registrations have a number (for numbering the next).
  virtual StatusOr<int64_t> CountNumbered() = 0;
};

struct TradeFilter {
  std::optional<OrganizationId> party;  // Negotiations or contracts where it buys or sells.
  int64_t after_seq = 0;
  int limit = 50;
};

struct NegotiationPage {
  std::vector<domain::Negotiation> items;
  std::optional<int64_t> next_after_seq;
};

class NegotiationRepository {
 public:
  virtual ~NegotiationRepository() = default;
  // Sets n->seq.
  virtual Status Insert(domain::Negotiation* n) = 0;
  // Stores the negotiation's state, documents and contract; its product, revision, parties and
  // creation time are fixed at Insert and left as they are.
  virtual Status Update(const domain::Negotiation& n) = 0;
  virtual StatusOr<domain::Negotiation> Get(const NegotiationId& id) = 0;
  virtual StatusOr<NegotiationPage> List(const TradeFilter& filter) = 0;
  virtual Status InsertMandate(const domain::Mandate& m) = 0;
  virtual Status UpdateMandate(const domain::Mandate& m) = 0;
  virtual StatusOr<domain::Mandate> GetMandate(const MandateId& id) = 0;
  // The active mandate from `principal` to `agent` for `side`; NotFound when there is none.
  virtual StatusOr<domain::Mandate> ActiveMandate(const OrganizationId& principal,
                                                  const OrganizationId& agent,
                                                  domain::MandateSide side) = 0;
  // Mandates where `org` is the principal or the agent, newest first.
  virtual StatusOr<std::vector<domain::Mandate>> Mandates(const OrganizationId& org) = 0;
};

struct ContractPage {
  std::vector<domain::Contract> items;
  std::optional<int64_t> next_after_seq;
};

// Trade figures over every contract that was signed (cancelled and refunded ones excluded from
// the value).
struct TradeTotals {
  int64_t count = 0;
  std::map<std::string, int64_t> value;  // Currency → minor units.
  struct Group {
    std::string key;  // A sector name, or a month "2026-11".
    std::string currency;
    int64_t count = 0;
    int64_t value = 0;
  };
  std::vector<Group> by_sector;
  std::vector<Group> by_month;
  int64_t cross_border = 0;
  int64_t disputed = 0;
};

class ContractRepository {
 public:
  virtual ~ContractRepository() = default;
  virtual Status Insert(domain::Contract* c) = 0;
  // Stores what may change over a contract's life (statuses, fee, dates, usage, its document);
  // what was signed — negotiation, product, revision, parties, currency, total, signing time,
  // digest, log index, cross-border flag — is fixed at Insert and left as it is.
  virtual Status Update(const domain::Contract& c) = 0;
  virtual StatusOr<domain::Contract> Get(const ContractId& id) = 0;
  virtual StatusOr<ContractPage> List(const TradeFilter& filter) = 0;
  // Delivered contracts whose acceptance window ended at or before `now`.
  virtual StatusOr<std::vector<ContractId>> AcceptanceDue(absl::Time now) = 0;
  // Renewing contracts whose term ended at or before `now` (at most 500, earliest first).
  virtual StatusOr<std::vector<ContractId>> RenewalsDue(absl::Time now) = 0;
  virtual StatusOr<TradeTotals> Totals() = 0;
};

// A cross-border trade's case: the §8 decision taken at signing on the exporter's verified
// facts and this year's volumes. The evidence that satisfies it is the exporter's
// (ComplianceRepository), checked each time the contract circulates.
struct CrossBorderCase {
  int64_t seq = 0;
  ContractId contract_id;
  OrganizationId exporter;  // The seller.
  OrganizationId recipient;
  std::string destination;  // The region outside the mainland.
  int year = 0;             // The calendar year the individuals count towards.
  int64_t individuals = 0;  // In this trade.
  int64_t sensitive_individuals = 0;
  int row = 0;
  domain::CrossBorderRoute route = domain::CrossBorderRoute::kExempt;
  std::string reason;
  domain::EnumSet<domain::EvidenceKind> any_of;
  domain::EnumSet<domain::EvidenceKind> all_of;
  absl::Time created_at;
};

class CrossBorderRepository {
 public:
  virtual ~CrossBorderRepository() = default;
  virtual Status Insert(CrossBorderCase* c) = 0;
  virtual StatusOr<CrossBorderCase> Get(const ContractId& contract) = 0;
  // Individuals (all, sensitive) that `exporter`'s cases count in `year`.
  virtual StatusOr<std::pair<int64_t, int64_t>> Exported(const OrganizationId& exporter,
                                                         int year) = 0;
  // The register, oldest first.
  virtual StatusOr<std::vector<CrossBorderCase>> List(int64_t after_seq, int limit) = 0;
};

// The exporter's side of the cross-border gate (domain/evidence.h): its verified facts and the
// evidence it files for the operator's review.
struct EvidenceFilter {
  std::optional<OrganizationId> exporter;
  std::optional<domain::EvidenceStatus> status;
  int64_t after_seq = 0;
  int limit = 100;
};

class ComplianceRepository {
 public:
  virtual ~ComplianceRepository() = default;
  // NotFound when the operator has decided no facts for `org`.
  virtual StatusOr<domain::ExporterProfile> GetProfile(const OrganizationId& org) = 0;
  // Inserts or replaces the organisation's profile.
  virtual Status PutProfile(const domain::ExporterProfile& profile) = 0;
  // Sets e->seq.
  virtual Status InsertEvidence(domain::Evidence* e) = 0;
  virtual Status UpdateEvidence(const domain::Evidence& e) = 0;
  virtual StatusOr<domain::Evidence> GetEvidence(const EvidenceId& id) = 0;
  // `exporter`'s approved evidence whose validity has not ended at `at`, oldest first.
  virtual StatusOr<std::vector<domain::Evidence>> ApprovedEvidence(const OrganizationId& exporter,
                                                                   absl::Time at) = 0;
  // Oldest first, after `after_seq`.
  virtual StatusOr<std::vector<domain::Evidence>> ListEvidence(const EvidenceFilter& f) = 0;
  // Approved evidence whose validity ends before `before` and whose exporter has not been told.
  virtual StatusOr<std::vector<domain::Evidence>> ExpiringEvidence(absl::Time before,
                                                                   int limit) = 0;
};

struct AccountBalance {
  domain::AccountRef account;
  int64_t balance = 0;
};

class LedgerRepository {
 public:
  virtual ~LedgerRepository() = default;
  // Records a balanced entry (sets entry->seq) and moves the balances of its accounts.
  // InsufficientFunds, with nothing recorded, if an account of a kind that may not go
  // negative would.
  virtual Status Apply(domain::JournalEntry* entry) = 0;
  virtual StatusOr<int64_t> Balance(const domain::AccountRef& account) = 0;
  // Every account of `owner` (an organisation or a contract id), by key.
  virtual StatusOr<std::vector<AccountBalance>> BalancesOf(const std::string& owner) = 0;
  // Entries touching `owner`'s accounts (every entry when empty), newest first.
  virtual StatusOr<std::vector<domain::JournalEntry>> Entries(const std::string& owner,
                                                              int64_t before_seq, int limit) = 0;
  // The sum of every account's balance per currency (zero when the books balance) and the
  // lowest balance among accounts that may not go negative.
  virtual StatusOr<std::map<std::string, int64_t>> TrialBalance() = 0;
  virtual StatusOr<int64_t> LowestNonNegativeBalance() = 0;
};

struct DemandFilter {
  std::optional<domain::DemandStatus> status;
  std::optional<OrganizationId> buyer;
  int64_t after_seq = 0;
  int limit = 50;
};

class DemandRepository {
 public:
  virtual ~DemandRepository() = default;
  virtual Status Insert(domain::Demand* d) = 0;
  virtual Status Update(const domain::Demand& d) = 0;
  virtual StatusOr<domain::Demand> Get(const DemandId& id) = 0;
  // Oldest first; at most `limit`.
  virtual StatusOr<std::vector<domain::Demand>> List(const DemandFilter& filter) = 0;
  // Open demands whose deadline is at or before `now`.
  virtual StatusOr<std::vector<DemandId>> Expired(absl::Time now) = 0;
  virtual Status InsertOffer(domain::DemandOffer* o) = 0;
  virtual Status UpdateOffer(const domain::DemandOffer& o) = 0;
  virtual StatusOr<domain::DemandOffer> GetOffer(const DemandOfferId& id) = 0;
  // Oldest first.
  virtual StatusOr<std::vector<domain::DemandOffer>> Offers(const DemandId& demand) = 0;
};

// Notifications, the webhooks they are posted to, and the delivery of each (an outbox: a
// delivery is queued in the same transaction as its notification).
class NotificationRepository {
 public:
  virtual ~NotificationRepository() = default;
  // Sets n->seq, and queues a delivery to each active webhook of the organisation.
  virtual Status Insert(domain::Notification* n) = 0;
  virtual StatusOr<domain::Notification> Get(int64_t seq) = 0;
  // Newest first, seq < before_seq (0: from the newest).
  virtual StatusOr<std::vector<domain::Notification>> ListFor(const OrganizationId& org,
                                                              int64_t before_seq, int limit) = 0;
  virtual Status InsertWebhook(const domain::Webhook& w) = 0;
  virtual StatusOr<domain::Webhook> GetWebhook(const WebhookId& id) = 0;
  virtual StatusOr<std::vector<domain::Webhook>> Webhooks(const OrganizationId& org) = 0;
  // Every webhook of every organisation (for resealing secrets under a new key).
  virtual StatusOr<std::vector<domain::Webhook>> AllWebhooks() = 0;
  virtual Status UpdateWebhookSecret(const WebhookId& id, const std::string& secret) = 0;
  virtual Status DeactivateWebhook(const WebhookId& id) = 0;
  // Pending deliveries due at `now`, oldest first.
  virtual StatusOr<std::vector<domain::WebhookDelivery>> DueDeliveries(absl::Time now,
                                                                       int limit) = 0;
  virtual Status UpdateDelivery(const domain::WebhookDelivery& d) = 0;
  // Newest first.
  virtual StatusOr<std::vector<domain::WebhookDelivery>> Deliveries(const WebhookId& id,
                                                                    int limit) = 0;
};

class Transaction {
 public:
  virtual ~Transaction() = default;
  virtual OrganizationRepository& organizations() = 0;
  virtual CertificateRepository& certificates() = 0;
  virtual StatusListRepository& status_lists() = 0;
  virtual TokenRepository& tokens() = 0;
  virtual CredentialRepository& credentials() = 0;
  virtual IdempotencyRepository& idempotency() = 0;
  virtual LogRepository& log() = 0;
  virtual ProductRepository& products() = 0;
  virtual UploadRepository& uploads() = 0;
  virtual RegistrationRepository& registrations() = 0;
  virtual NegotiationRepository& negotiations() = 0;
  virtual ContractRepository& contracts() = 0;
  virtual CrossBorderRepository& cross_border() = 0;
  virtual ComplianceRepository& compliance() = 0;
  virtual LedgerRepository& ledger() = 0;
  virtual DemandRepository& demands() = 0;
  virtual NotificationRepository& notifications() = 0;
};

class Store {
 public:
  virtual ~Store() = default;
  using Work = std::function<Status(Transaction&)>;
  // Runs `work` in a read-write transaction; commits iff it returns OK. Durable on return
  // (per the backend's configured synchronous mode). Returns the work's status, or the
  // commit failure.
  virtual Status Write(const Work& work) = 0;
  // Runs `work` against a consistent read-only snapshot; writes fail with FailedPrecondition.
  virtual Status Read(const Work& work) = 0;
  // Schema version after migrations.
  virtual int SchemaVersion() const = 0;
};

}  // namespace bourse::store

#endif  // BOURSE_STORE_STORE_H_
