// The demo market: a market at the scale of the Shenzhen Data Exchange's launch — 91 data
// merchants, 98 data providers (sellers sponsored by merchants), 295 buyers and 12 service
// providers across government, power and utilities, finance, industry, trade, media and
// logistics — built through the service layer only, with valid USCCs and a realistic mix of
// admission statuses. The content (names, codes, roles, statuses, grades) is deterministic from
// the seed; ids and tokens come from the exchange's own randomness.
#ifndef BOURSE_APP_DEMO_H_
#define BOURSE_APP_DEMO_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "app/exchange.h"
#include "domain/principal.h"

namespace bourse::app {

struct DemoAccount {
  std::string id, name, roles, status, token;
};

struct DemoSummary {
  int organizations = 0;
  int certificates = 0;
  int products = 0;
  int trades = 0;
  std::vector<DemoAccount> accounts;
};

using Progress = std::function<void(int done, int total)>;

// Fails with FailedPrecondition if the market already has participants besides the venue.
// Builds the market through the service layer. With `clock` (the exchange's own clock), time
// is moved forward so that public notices end and some assessments expire; start it a few weeks
// in the past.
StatusOr<DemoSummary> BuildDemoMarket(Exchange& exchange,
                                      const domain::Principal& operator_principal, uint64_t seed,
                                      const Progress& progress, FakeClock* clock = nullptr);

struct DemoProducts {
  int count = 0;
  // Waiting for the operator's approval, which starts their public notice: given at about the
  // real time (OpenDemoNotices), so that the notices are still running when the market opens.
  std::vector<ProductId> awaiting_notice;
};

// The products part of the demo: about 600 products from the given sellers (see
// demo_products.cc).
StatusOr<DemoProducts> BuildDemoProducts(Exchange& exchange,
                                         const domain::Principal& operator_principal,
                                         const std::vector<domain::Principal>& sellers,
                                         const std::vector<domain::Principal>& assessors,
                                         FakeClock* clock, uint64_t seed,
                                         const std::function<void(int, int)>& progress);
Status OpenDemoNotices(Exchange& exchange, const domain::Principal& operator_principal,
                       const std::vector<ProductId>& products);

// The trading part (demo_trades.cc): about 400 trades between `buyers` and the sellers of listed
// products, spread until `until` on `clock`. Returns how many contracts were signed.
StatusOr<int> BuildDemoTrades(Exchange& exchange, const domain::Principal& operator_principal,
                              const std::vector<domain::Principal>& buyers,
                              const std::vector<domain::Principal>& sellers, FakeClock* clock,
                              absl::Time until, uint64_t seed,
                              const std::function<void(int, int)>& progress);

// A valid USCC built from `random`: 91 (enterprise) + region + "MA" organisation code.
std::string DemoUscc(Random& random, std::string_view region);

}  // namespace bourse::app

#endif  // BOURSE_APP_DEMO_H_
