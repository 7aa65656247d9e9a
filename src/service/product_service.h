// Data-product use cases (W3 and the dataset pipeline): create and revise products, upload
// datasets in resumable chunks and scan them, move products through the listing pipeline,
// record compliance assessments and objections, search the catalogue, and the timer-driven
// steps (public notices ending, assessments expiring).
//
// Each use case is one store transaction that also appends its transparency-log entry, so a
// failed one changes nothing. Authorization: listed products are public; otherwise only the
// seller, the commissioned assessor, the operator and the regulator see a product, and everyone
// else gets NotFound exactly as for a missing one. The regulator never writes. Thread-safe.
#ifndef BOURSE_SERVICE_PRODUCT_SERVICE_H_
#define BOURSE_SERVICE_PRODUCT_SERVICE_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/synchronization/mutex.h"
#include "base/clock.h"
#include "base/random.h"
#include "delivery/blob_store.h"
#include "domain/listing.h"
#include "domain/money.h"
#include "domain/principal.h"
#include "domain/product.h"
#include "log/transparency_log.h"
#include "scan/dataset_scanner.h"
#include "service/catalog.h"
#include "store/store.h"

namespace bourse::service {

struct ProductOptions {
  absl::Duration notice_period = absl::Hours(72);
  absl::Duration max_assessment_validity = absl::Hours(24 * 365 * 3);
  int64_t upload_quota_bytes = int64_t{20} << 30;  // Per organisation, datasets + open uploads.
  int64_t max_upload_bytes = int64_t{16} << 30;
  // An upload not completed within this is discarded, with its bytes (tus's Upload-Expires).
  absl::Duration upload_expiry = absl::Hours(24);
  int scan_threads = 2;
  int64_t important_individuals = 1'000'000;
  int64_t important_sensitive_individuals = 100'000;
  bool resident_id_is_sensitive = true;
  scan::ExpansionLimits scan_limits;  // Against decompression bombs in archives and workbooks.
  // How long the in-memory catalogue index may miss other processes' writes.
  absl::Duration catalog_refresh = absl::Seconds(30);
  domain::MoneyBounds money;
};

struct ProductView {
  domain::Product product;
  std::vector<domain::ProductEvent> history;
  std::vector<domain::ComplianceAssessment> assessments;
  int64_t log_index = -1;  // The entry this call appended, if any.
};

struct ProductActionRequest {
  domain::ProductAction action = domain::ProductAction::kSubmit;
  std::string reason;
  std::optional<OrganizationId> assessor_id;  // commission_assessment.
};

struct AssessmentRequest {
  domain::AssessmentOutcome outcome = domain::AssessmentOutcome::kPass;
  std::string subject_opinion, object_opinion, circulation_opinion, legal_opinion, conditions;
  bool pipia_reviewed = false;
  bool content_reviewed = false;  // The attestation for a dataset the scanner could not read.
  std::string content_attestation;
  absl::Time valid_until;
};

struct UploadRequest {
  std::string file_name;
  int64_t size = 0;
  std::string sha256;  // Optional, hex. (The content decides the format.)
};

// Splits catalogue search text into the words every match must contain: runs of letters,
// digits and CJK characters (other characters separate words). A trailing '*' makes a word a
// prefix, which needs at least two characters; at most eight words.
StatusOr<std::vector<std::string>> AnalyzeQuery(std::string_view text);

class ProductService {
 public:
  ProductService(store::Store& store, const Clock& clock, Random& random, log::TransparencyLog& log,
                 delivery::BlobStore& blobs, std::shared_ptr<const scan::Detector> detector,
                 ProductOptions options);

  StatusOr<ProductView> Create(const domain::Principal& caller,
                               const domain::ProductDescription& description);
  // `caller` is empty for anonymous readers (who see listed products only).
  StatusOr<ProductView> Get(const std::optional<domain::Principal>& caller, const ProductId& id);
  // The caller's own products (seller), commissioned ones (assessor), or all (operator, regulator).
  StatusOr<store::ProductPage> List(const domain::Principal& caller, store::ProductFilter filter);
  StatusOr<ProductView> Revise(const domain::Principal& caller, const ProductId& id,
                               const domain::ProductDescription& description);
  StatusOr<std::vector<domain::Revision>> Revisions(const std::optional<domain::Principal>& caller,
                                                    const ProductId& id);
  StatusOr<domain::Revision> GetRevision(const std::optional<domain::Principal>& caller,
                                         const ProductId& id, int number);
  StatusOr<domain::Dataset> GetDataset(const std::optional<domain::Principal>& caller,
                                       const ProductId& id, const DatasetId& dataset);
  StatusOr<ProductView> Act(const domain::Principal& caller, const ProductId& id,
                            const ProductActionRequest& request);
  StatusOr<ProductView> Assess(const domain::Principal& caller, const ProductId& id,
                               const AssessmentRequest& request);
  StatusOr<ProductView> Object(const domain::Principal& caller, const ProductId& id,
                               const std::string& reason);
  StatusOr<CatalogPage> Search(const CatalogQuery& query);

  StatusOr<store::Upload> StartUpload(const domain::Principal& caller, const ProductId& id,
                                      const UploadRequest& request);
  StatusOr<store::Upload> GetUpload(const domain::Principal& caller, const UploadId& id);
  // Appends `bytes` at `offset`, which must be the upload's current length. Returns the new one.
  StatusOr<int64_t> Append(const domain::Principal& caller, const UploadId& id, int64_t offset,
                           std::string_view bytes);
  // Checks the length and digest, scans, seals the bytes and attaches the dataset to the
  // product's current revision. Any failure discards the upload: nothing half-stored remains.
  StatusOr<domain::Dataset> Complete(const domain::Principal& caller, const UploadId& id);
  // When the sweep discards `upload` if it is not completed by then.
  absl::Time UploadExpiresAt(const store::Upload& upload) const;
  Status Abort(const domain::Principal& caller, const UploadId& id);

  // The timer-driven steps due at the clock's now: notices that ended list their products,
  // expired assessments suspend listed ones, expired uploads are discarded with their bytes.
  // Returns how many products moved plus how many uploads were discarded.
  StatusOr<int> Sweep();

  const ProductOptions& options() const { return options_; }

 private:
  StatusOr<domain::Product> Visible(store::Transaction& tx,
                                    const std::optional<domain::Principal>& caller,
                                    const ProductId& id);
  StatusOr<ProductView> View(store::Transaction& tx, domain::Product product, int64_t log_index);
  // Moves `product` by `action` to `to`, recording the event and the log entry.
  StatusOr<int64_t> Transition(store::Transaction& tx, domain::Product& product,
                               domain::ProductAction action, domain::ProductStatus to,
                               const std::optional<OrganizationId>& actor,
                               const std::string& reason);
  StatusOr<domain::ListingFacts> ListingFactsFor(store::Transaction& tx,
                                                 const domain::Product& product);
  Status FinishUpload(const store::Upload& upload);
  // Discards uploads older than options_.upload_expiry; returns how many.
  StatusOr<int> ExpireUploads();

  store::Store& store_;
  const Clock& clock_;
  Random& random_;
  log::TransparencyLog& log_;
  delivery::BlobStore& blobs_;
  std::shared_ptr<const scan::Detector> detector_;
  ProductOptions options_;
  Catalog catalog_;
  absl::Mutex busy_mu_;
  absl::flat_hash_set<std::string> busy_uploads_ ABSL_GUARDED_BY(busy_mu_);
};

}  // namespace bourse::service

#endif  // BOURSE_SERVICE_PRODUCT_SERVICE_H_
