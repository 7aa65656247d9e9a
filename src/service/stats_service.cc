#include "service/stats_service.h"

#include "base/status_macros.h"
#include "domain/enum_set.h"

namespace bourse::service {

StatusOr<MarketStats> StatsService::Get() {
  std::vector<store::RoleStatusCount> counts;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(counts, tx.organizations().CountByRolesAndStatus());
    return OkStatus();
  }));
  MarketStats out;
  for (const auto& c : counts) {
    out.organizations += c.count;
    out.by_status[c.status] += c.count;
    for (auto role : domain::EnumSet<domain::Role>::FromMask(c.roles_mask).values()) {
      out.by_role[role][c.status] += c.count;
    }
  }
  return out;
}

}  // namespace bourse::service
