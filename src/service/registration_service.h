// Data property-rights registration use cases (W2): holders submit claims; the operator, acting
// as registrar, checks them formally and substantively and publishes a public notice; any
// admitted participant may object during the notice; when it ends with no open objection the
// registration receives its number and a registration certificate (a VC-JWT). Holders cancel;
// participants may dispute a registered claim. Every step is logged. Thread-safe.
#ifndef BOURSE_SERVICE_REGISTRATION_SERVICE_H_
#define BOURSE_SERVICE_REGISTRATION_SERVICE_H_

#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/random.h"
#include "domain/principal.h"
#include "domain/registration.h"
#include "log/transparency_log.h"
#include "service/certificate_authority.h"
#include "store/store.h"

namespace bourse::service {

struct RegistrationView {
  domain::RightsRegistration registration;
  std::optional<domain::Certificate> certificate;
  int64_t log_index = -1;
};

class RegistrationService {
 public:
  RegistrationService(store::Store& store, const Clock& clock, Random& random,
                      log::TransparencyLog& log, CertificateAuthority& authority,
                      absl::Duration notice_period)
      : store_(store),
        clock_(clock),
        random_(random),
        log_(log),
        authority_(authority),
        notice_period_(notice_period) {}

  // `claim` carries product, type, rights, evidence, authorisation, report, previous, licensee.
  StatusOr<RegistrationView> Submit(const domain::Principal& caller,
                                    const domain::RightsRegistration& claim);
  // Registrations are public once in notice or registered; before that only the holder, the
  // operator and the regulator see them.
  StatusOr<RegistrationView> Get(const std::optional<domain::Principal>& caller,
                                 const RegistrationId& id);
  StatusOr<std::vector<domain::RightsRegistration>> ListByProduct(
      const std::optional<domain::Principal>& caller, const ProductId& product);
  StatusOr<RegistrationView> Act(const domain::Principal& caller, const RegistrationId& id,
                                 domain::RegistrationAction action, const std::string& reason);
  // Registers the claims whose notice ended with no open objection.
  StatusOr<int> Sweep();

 private:
  StatusOr<int64_t> Transition(store::Transaction& tx, domain::RightsRegistration& r,
                               domain::RegistrationAction action, domain::RegistrationStatus to,
                               const std::optional<OrganizationId>& actor,
                               const std::string& reason);
  // Numbers a registration and issues its certificate.
  Status Register(store::Transaction& tx, domain::RightsRegistration& r,
                  const OrganizationId& actor);

  store::Store& store_;
  const Clock& clock_;
  Random& random_;
  log::TransparencyLog& log_;
  CertificateAuthority& authority_;
  absl::Duration notice_period_;
};

}  // namespace bourse::service

#endif  // BOURSE_SERVICE_REGISTRATION_SERVICE_H_
