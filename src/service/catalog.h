// The catalogue of listed products: full-text search (through the store's FTS5 index) combined
// with facet filters, exact facet counts and sorting over an in-memory index of every listed
// product's catalogue entry (about 60 bytes each: 100,000 products take 6 MB).
//
// Cost is bounded whatever the query: text matches are visited newest first and at most
// `scan_limit` of them are looked at, so a word every product contains costs what 5,000
// matches cost; counts and facets are then over those (total_exact is false). BM25 ranking,
// which costs per match, runs only when a query matches at most `rank_limit` products; beyond
// that, relevance order falls back to quality, then newest.
//
// The index follows this process's writes at once (ProductService calls Update after each
// commit) and is rebuilt from the store when older than `refresh`, which picks up other
// processes' writes. Thread-safe.
#ifndef BOURSE_SERVICE_CATALOG_H_
#define BOURSE_SERVICE_CATALOG_H_

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "base/clock.h"
#include "domain/product.h"
#include "store/store.h"

namespace bourse::service {

struct CatalogQuery {
  std::vector<std::string> terms;  // From AnalyzeQuery.
  std::optional<domain::ProductCategory> category;
  std::optional<domain::ProductForm> form;
  std::optional<domain::Sector> sector;
  std::optional<domain::SourceType> source_type;
  std::optional<domain::DeliveryMode> delivery_mode;
  std::optional<domain::DataClassification> classification;
  std::optional<int64_t> price_min;  // Minor units.
  std::optional<int64_t> price_max;
  std::optional<int> quality_min;
  enum class Sort {
    kRelevance,
    kNewest,
    kPriceAscending,
    kPriceDescending,
    kQuality
  } sort = Sort::kRelevance;
  int offset = 0;
  int limit = 20;
};

struct FacetCount {
  std::string value;
  int64_t count = 0;
};

struct CatalogPage {
  std::vector<domain::Product> items;
  int64_t total = 0;
  bool total_exact = true;  // False when the text matched more than the scan limit.
  bool ranked = false;      // Relevance order came from BM25 (not the quality/newest fallback).
  // Facet name → counts over all matches, most frequent first. Price and quality are buckets
  // keyed "lo-hi" (yuan; score).
  std::vector<std::pair<std::string, std::vector<FacetCount>>> facets;
};

class Catalog {
 public:
  Catalog(store::Store& store, const Clock& clock, absl::Duration refresh,
          int64_t scan_limit = 5000, int64_t rank_limit = 2000)
      : store_(store),
        clock_(clock),
        refresh_(refresh),
        scan_limit_(scan_limit),
        rank_limit_(rank_limit) {}

  StatusOr<CatalogPage> Search(const CatalogQuery& query);
  // Brings one product's entry up to date after a committed change.
  void Update(const domain::Product& product);

 private:
  struct Index {
    absl::flat_hash_map<int64_t, store::CatalogEntry> by_seq;
    absl::Time built;
  };
  // Rebuilds the index when it is missing or older than refresh_.
  Status Refresh() ABSL_LOCKS_EXCLUDED(mu_);

  store::Store& store_;
  const Clock& clock_;
  absl::Duration refresh_;
  int64_t scan_limit_;
  int64_t rank_limit_;
  absl::Mutex mu_;
  std::unique_ptr<Index> index_ ABSL_GUARDED_BY(mu_);
};

}  // namespace bourse::service

#endif  // BOURSE_SERVICE_CATALOG_H_
