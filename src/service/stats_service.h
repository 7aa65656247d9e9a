// Market statistics for the public front page and the operator: organisations by role and by
// admission status. An organisation holding several roles counts once under each role.
#ifndef BOURSE_SERVICE_STATS_SERVICE_H_
#define BOURSE_SERVICE_STATS_SERVICE_H_

#include <map>
#include <string>

#include "base/status.h"
#include "domain/enums.h"
#include "store/store.h"

namespace bourse::service {

struct MarketStats {
  int64_t organizations = 0;
  std::map<domain::Role, std::map<domain::AdmissionStatus, int64_t>> by_role;
  std::map<domain::AdmissionStatus, int64_t> by_status;
};

class StatsService {
 public:
  explicit StatsService(store::Store& store) : store_(store) {}
  StatusOr<MarketStats> Get();

 private:
  store::Store& store_;
};

}  // namespace bourse::service

#endif  // BOURSE_SERVICE_STATS_SERVICE_H_
