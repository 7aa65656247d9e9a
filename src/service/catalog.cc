#include "service/catalog.h"

#include <algorithm>
#include <array>

#include "base/errors.h"
#include "base/status_macros.h"

namespace bourse::service {
namespace {

using store::CatalogEntry;

bool Matches(const CatalogEntry& e, const CatalogQuery& q) {
  if (q.category && e.category != *q.category) return false;
  if (q.form && e.form != *q.form) return false;
  if (q.sector && e.sector != *q.sector) return false;
  if (q.source_type && e.source_type != *q.source_type) return false;
  if (q.delivery_mode && !(e.delivery_modes & (1u << static_cast<int>(*q.delivery_mode))))
    return false;
  if (q.classification && e.classification != *q.classification) return false;
  if (q.price_min && e.price_minor < *q.price_min) return false;
  if (q.price_max && e.price_minor > *q.price_max) return false;
  if (q.quality_min && e.quality < *q.quality_min) return false;
  return true;
}

int PriceBucket(int64_t minor) {
  const int64_t yuan = minor / 100;
  return yuan < 1000 ? 0 : yuan < 10000 ? 1 : yuan < 100000 ? 2 : 3;
}
constexpr const char* kPriceBuckets[] = {"0-1000", "1000-10000", "10000-100000", "100000-"};
int QualityBucket(int q) { return q < 0 ? -1 : q < 60 ? 0 : q < 80 ? 1 : 2; }
constexpr const char* kQualityBuckets[] = {"0-59", "60-79", "80-100"};

// Counts per enumerator (indexed by its number) for each facet.
struct FacetCounter {
  std::array<int64_t, 8> category{}, form{}, classification{}, price{}, quality{};
  std::array<int64_t, 16> sector{}, source_type{}, delivery{};

  void Add(const CatalogEntry& e) {
    ++category[static_cast<int>(e.category) & 7];
    ++form[static_cast<int>(e.form) & 7];
    ++classification[static_cast<int>(e.classification) & 7];
    ++sector[static_cast<int>(e.sector) & 15];
    ++source_type[static_cast<int>(e.source_type) & 15];
    for (int m = 1; m < 16; ++m)
      if (e.delivery_modes & (1u << m)) ++delivery[m];
    ++price[PriceBucket(e.price_minor)];
    if (int b = QualityBucket(e.quality); b >= 0) ++quality[b];
  }

  template <typename E, size_t N>
  static std::vector<FacetCount> Named(const std::array<int64_t, N>& counts) {
    std::vector<FacetCount> out;
    for (size_t i = 1; i < N; ++i)
      if (counts[i]) out.push_back({std::string(domain::Name(static_cast<E>(i))), counts[i]});
    std::stable_sort(out.begin(), out.end(),
                     [](const FacetCount& a, const FacetCount& b) { return a.count > b.count; });
    return out;
  }

  std::vector<std::pair<std::string, std::vector<FacetCount>>> Render() const {
    std::vector<std::pair<std::string, std::vector<FacetCount>>> out;
    out.emplace_back("category", Named<domain::ProductCategory>(category));
    out.emplace_back("form", Named<domain::ProductForm>(form));
    out.emplace_back("sector", Named<domain::Sector>(sector));
    out.emplace_back("source_type", Named<domain::SourceType>(source_type));
    out.emplace_back("delivery_mode", Named<domain::DeliveryMode>(delivery));
    out.emplace_back("classification", Named<domain::DataClassification>(classification));
    std::vector<FacetCount> prices, qualities;
    for (int i = 0; i < 4; ++i)
      if (price[i]) prices.push_back({kPriceBuckets[i], price[i]});
    for (int i = 0; i < 3; ++i)
      if (quality[i]) qualities.push_back({kQualityBuckets[i], quality[i]});
    out.emplace_back("price", std::move(prices));
    out.emplace_back("quality", std::move(qualities));
    return out;
  }
};

}  // namespace

Status Catalog::Refresh() {
  {
    absl::ReaderMutexLock lock(&mu_);
    if (index_ && clock_.Now() - index_->built < refresh_) return OkStatus();
  }
  // Built outside the lock: searches meanwhile use the previous index.
  auto fresh = std::make_unique<Index>();
  fresh->built = clock_.Now();
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(auto entries, tx.products().ListedEntries());
    fresh->by_seq.reserve(entries.size());
    for (auto& e : entries) fresh->by_seq.emplace(e.seq, std::move(e));
    return OkStatus();
  }));
  absl::MutexLock lock(&mu_);
  index_ = std::move(fresh);
  return OkStatus();
}

void Catalog::Update(const domain::Product& p) {
  absl::MutexLock lock(&mu_);
  if (!index_) return;  // Built on the next search.
  if (p.status != domain::ProductStatus::kListed) {
    index_->by_seq.erase(p.seq);
    return;
  }
  CatalogEntry e;
  e.seq = p.seq;
  e.id = p.id;
  e.category = p.description.category;
  e.form = p.description.form;
  e.sector = p.description.sector;
  e.source_type = p.description.source_type;
  e.delivery_modes = p.description.delivery_modes.mask();
  e.classification = p.description.classification;
  e.price_minor = p.description.price.amount.minor;
  e.quality = p.dataset && p.dataset->quality_score ? *p.dataset->quality_score : -1;
  index_->by_seq[p.seq] = std::move(e);
}

StatusOr<CatalogPage> Catalog::Search(const CatalogQuery& q) {
  BOURSE_RETURN_IF_ERROR(Refresh());
  struct Hit {
    const CatalogEntry* entry;
    double rank;
  };
  std::vector<Hit> hits;
  FacetCounter facets;
  CatalogPage page;
  std::vector<ProductId> ids;
  {
    absl::ReaderMutexLock lock(&mu_);
    const Index* index = index_.get();
    if (index == nullptr) return errors::Internal("catalogue index missing");
    if (!q.terms.empty()) {
      int64_t visited = 0;
      BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
        BOURSE_RETURN_IF_ERROR(tx.products().ForEachTextMatch(q.terms, [&](int64_t seq) {
          if (++visited > scan_limit_) {
            page.total_exact = false;
            return false;
          }
          auto it = index->by_seq.find(seq);
          if (it != index->by_seq.end() && Matches(it->second, q)) {
            hits.push_back({&it->second, 0.0});
            facets.Add(it->second);
          }
          return true;
        }));
        if (visited > rank_limit_ || hits.empty()) return OkStatus();
        BOURSE_ASSIGN_OR_RETURN(auto ranks, tx.products().RankText(q.terms));
        absl::flat_hash_map<int64_t, double> by_seq(ranks.begin(), ranks.end());
        for (auto& h : hits) {
          auto r = by_seq.find(h.entry->seq);
          if (r != by_seq.end()) h.rank = r->second;
        }
        page.ranked = true;
        return OkStatus();
      }));
    } else {
      hits.reserve(index->by_seq.size());
      for (const auto& [seq, entry] : index->by_seq) {
        if (!Matches(entry, q)) continue;
        hits.push_back({&entry, 0.0});
        facets.Add(entry);
      }
    }
    page.total = static_cast<int64_t>(hits.size());
    page.facets = facets.Render();
    using Sort = CatalogQuery::Sort;
    const bool by_rank = q.sort == Sort::kRelevance && page.ranked;
    auto cmp = [&](const Hit& a, const Hit& b) {
      const CatalogEntry& x = *a.entry;
      const CatalogEntry& y = *b.entry;
      switch (q.sort) {
        case Sort::kRelevance:
          if (by_rank && a.rank != b.rank) return a.rank < b.rank;
          if (!by_rank && x.quality != y.quality) return x.quality > y.quality;
          return x.seq > y.seq;
        case Sort::kNewest:
          return x.seq > y.seq;
        case Sort::kPriceAscending:
          return x.price_minor != y.price_minor ? x.price_minor < y.price_minor : x.seq > y.seq;
        case Sort::kPriceDescending:
          return x.price_minor != y.price_minor ? x.price_minor > y.price_minor : x.seq > y.seq;
        case Sort::kQuality:
          return x.quality != y.quality ? x.quality > y.quality : x.seq > y.seq;
      }
      return x.seq > y.seq;
    };
    const size_t begin = std::min(hits.size(), static_cast<size_t>(q.offset));
    const size_t end = std::min(hits.size(), begin + static_cast<size_t>(q.limit));
    if (begin < end) {
      std::partial_sort(hits.begin(), hits.begin() + static_cast<ptrdiff_t>(end), hits.end(), cmp);
      for (size_t i = begin; i < end; ++i) ids.push_back(hits[i].entry->id);
    }
  }  // The index is not needed to load the page.
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    for (const auto& id : ids) {
      BOURSE_ASSIGN_OR_RETURN(domain::Product p, tx.products().Get(id));
      page.items.push_back(std::move(p));
    }
    return OkStatus();
  }));
  return page;
}

}  // namespace bourse::service
