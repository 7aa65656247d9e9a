// The authenticated caller of a use case: an organisation acting through one of its tokens.
#ifndef BOURSE_DOMAIN_PRINCIPAL_H_
#define BOURSE_DOMAIN_PRINCIPAL_H_

#include "base/ids.h"
#include "domain/enum_set.h"
#include "domain/enums.h"

namespace bourse::domain {

struct Principal {
  OrganizationId organization;
  TokenId token;
  EnumSet<Role> roles;
  AdmissionStatus status = AdmissionStatus::kSubmitted;

  bool IsOperator() const { return roles.Has(Role::kOperator); }
  bool IsRegulator() const { return roles.Has(Role::kRegulator); }
  // The operator and the regulator may read every organisation's records.
  bool SeesEverything() const { return IsOperator() || IsRegulator(); }
  bool Owns(const OrganizationId& id) const { return organization == id; }
};

}  // namespace bourse::domain

#endif  // BOURSE_DOMAIN_PRINCIPAL_H_
