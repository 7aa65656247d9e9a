#include "service/circulation_gate.h"

#include "base/status_macros.h"

namespace bourse::service {

StatusOr<CirculationVerdict> JudgeCirculation(store::Transaction& tx, const domain::Contract& c,
                                              absl::Time now) {
  CirculationVerdict out;
  if (!c.cross_border) return out;
  BOURSE_ASSIGN_OR_RETURN(store::CrossBorderCase k, tx.cross_border().Get(c.id));
  BOURSE_ASSIGN_OR_RETURN(domain::Revision rev,
                          tx.products().GetRevision(c.product_id, c.revision));
  out.requirement.row = k.row;
  out.requirement.destination = k.destination;
  out.requirement.sector = rev.description.sector;
  out.requirement.any_of = k.any_of;
  out.requirement.all_of = k.all_of;
  if (k.any_of.empty() && k.all_of.empty()) return out;
  BOURSE_ASSIGN_OR_RETURN(auto evidence, tx.compliance().ApprovedEvidence(k.exporter, now));
  out.check = domain::MayCirculate(out.requirement, evidence, now);
  return out;
}

StatusOr<std::vector<EvidenceId>> CheckCirculation(store::Transaction& tx,
                                                   const domain::Contract& c, absl::Time now) {
  BOURSE_ASSIGN_OR_RETURN(CirculationVerdict v, JudgeCirculation(tx, c, now));
  BOURSE_RETURN_IF_ERROR(domain::RefusalOf(v.requirement, v.check));
  return v.check.relied_on;
}

}  // namespace bourse::service
