// The one place that decides whether a contract may circulate now: every path that delivers,
// settles, renews or certifies asks it, within the same transaction as the change it guards —
// a download, the seller's delivery in any mode, acceptance, the lapse of the acceptance
// window, the operator's release of disputed escrow, a renewal, and the API and compute
// channels. For an outbound contract it reads the route decided at signing (the contract's
// cross-border case) and the exporter's evidence, and asks domain::CheckCirculation; a contract
// that stays in the mainland always may.
#ifndef BOURSE_SERVICE_CIRCULATION_GATE_H_
#define BOURSE_SERVICE_CIRCULATION_GATE_H_

#include <vector>

#include "domain/evidence.h"
#include "domain/trade.h"
#include "store/store.h"

namespace bourse::service {

// What the gate found for one contract.
struct CirculationVerdict {
  domain::CirculationRequirement requirement;
  domain::CirculationCheck check;
};

// The requirement and the check for `c` at `now` (an empty check for a domestic contract).
StatusOr<CirculationVerdict> JudgeCirculation(store::Transaction& tx, const domain::Contract& c,
                                              absl::Time now);
// OK with the evidence relied on, or FailedPrecondition "evidence-required" naming what is
// missing (domain/evidence.h).
StatusOr<std::vector<EvidenceId>> CheckCirculation(store::Transaction& tx,
                                                   const domain::Contract& c, absl::Time now);

}  // namespace bourse::service

#endif  // BOURSE_SERVICE_CIRCULATION_GATE_H_
