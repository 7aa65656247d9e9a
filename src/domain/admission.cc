#include "domain/admission.h"

#include "base/encoding.h"
#include "base/errors.h"
#include "base/strings.h"
#include "domain/certificate.h"
#include "domain/uscc.h"

namespace bourse::domain {
namespace {

using S = AdmissionStatus;
using A = AdmissionAction;

Status CheckText(std::string_view field, const std::string& value, size_t max_len, bool required) {
  if (required && value.empty()) return errors::MissingField(field);
  if (!IsValidUtf8(value)) return errors::InvalidField(field, "must be valid UTF-8");
  if (Utf8Length(value) > max_len) {
    return errors::InvalidField(field, StrCat("must be at most ", max_len, " characters"));
  }
  for (unsigned char c : value) {
    if (c < 0x20 || c == 0x7f)
      return errors::InvalidField(field, "must not contain control characters");
  }
  return OkStatus();
}

bool LooksLikeEmail(const std::string& s) {
  size_t at = s.find('@');
  return at != std::string::npos && at > 0 && at + 1 < s.size() &&
         s.find('@', at + 1) == std::string::npos && s.find('.', at) != std::string::npos &&
         s.find(' ') == std::string::npos;
}

}  // namespace

Status ValidateApplication(const Application& app) {
  if (auto st = CheckText("name", app.name, kMaxNameLength, true); !st.ok()) return st;
  if (app.uscc.empty()) return errors::MissingField("uscc");
  if (auto st = ValidateUscc(app.uscc); !st.ok()) return errors::InvalidField("uscc", st.message());
  if (app.roles.empty()) return errors::InvalidField("roles", "at least one role is required");
  if (app.roles.Has(Role::kOperator) || app.roles.Has(Role::kRegulator)) {
    return errors::InvalidField("roles", "operator and regulator are not roles one can apply for");
  }
  if (app.roles.Has(Role::kServiceProvider) && app.service_types.empty()) {
    return errors::InvalidField("service_types",
                                "a service provider names at least one service type");
  }
  if (!app.roles.Has(Role::kServiceProvider) && !app.service_types.empty()) {
    return errors::InvalidField("service_types", "only a service provider has service types");
  }
  if (app.sponsor_id && !app.roles.Has(Role::kSeller)) {
    return errors::InvalidField("sponsor_id", "only a seller has a sponsor");
  }
  if (app.sponsor_id && app.roles.Has(Role::kDataMerchant)) {
    return errors::InvalidField("sponsor_id", "a data merchant needs no sponsor");
  }
  if (auto st = CheckText("contact.name", app.contact.name, kMaxContactFieldLength, true);
      !st.ok()) {
    return st;
  }
  if (auto st = CheckText("contact.email", app.contact.email, kMaxContactFieldLength, true);
      !st.ok()) {
    return st;
  }
  if (!LooksLikeEmail(app.contact.email)) {
    return errors::InvalidField("contact.email", "must be an e-mail address");
  }
  if (auto st = CheckText("contact.phone", app.contact.phone, 40, false); !st.ok()) return st;
  return OkStatus();
}

std::optional<std::string> AutomaticCheckFailure(const Application& app, const MarketFacts& facts) {
  if (facts.uscc_in_use) return "uscc: another admitted or pending organisation holds this USCC";
  if (app.roles.Has(Role::kDataMerchant) && app.legal_form != LegalForm::kEnterpriseLegalPerson) {
    return "legal_form: a data merchant must be an enterprise legal person";
  }
  if (app.roles.Has(Role::kSeller) && !app.roles.Has(Role::kDataMerchant)) {
    if (!app.sponsor_id)
      return "sponsor_id: a seller that is not a data merchant needs a sponsoring merchant";
    if (!facts.sponsor) return "sponsor_id: the sponsor does not exist";
    if (!facts.sponsor->IsApprovedMerchant())
      return "sponsor_id: the sponsor is not an approved data merchant";
  }
  return std::nullopt;
}

Actor ActorOf(AdmissionAction action) {
  switch (action) {
    case A::kPassChecks:
    case A::kFailChecks:
      return Actor::kSystem;
    case A::kSupplement:
    case A::kExit:
      return Actor::kApplicant;
    default:
      return Actor::kOperator;
  }
}

const std::vector<AdmissionTransition>& AdmissionTable() {
  static const std::vector<AdmissionTransition> kTable = {
      {S::kSubmitted, A::kPassChecks, S::kUnderReview},
      {S::kSubmitted, A::kFailChecks, S::kReturned},
      {S::kReturned, A::kSupplement, S::kSubmitted},
      {S::kUnderReview, A::kRequestSupplement, S::kNeedsSupplement},
      {S::kNeedsSupplement, A::kSupplement, S::kUnderReview},
      {S::kUnderReview, A::kApprove, S::kApproved},
      {S::kUnderReview, A::kReject, S::kRejected},
      {S::kApproved, A::kSuspend, S::kSuspended},
      {S::kSuspended, A::kReinstate, S::kApproved},
      {S::kSuspended, A::kRevoke, S::kRevoked},
      {S::kApproved, A::kExit, S::kExited},
  };
  return kTable;
}

StatusOr<AdmissionStatus> NextAdmissionStatus(AdmissionStatus from, AdmissionAction action) {
  for (const auto& t : AdmissionTable()) {
    if (t.from == from && t.action == action) return t.to;
  }
  return errors::IllegalTransition(
      StrCat("cannot ", Name(action), " an organisation whose status is ", Name(from)));
}

Status ValidateDecision(const Decision& d) {
  if (ActorOf(d.action) == Actor::kSystem) {
    return errors::InvalidField("action", "automatic checks are run by the exchange itself");
  }
  if (auto st = CheckText("reason", d.reason, kMaxReasonLength, false); !st.ok()) return st;
  bool needs_reason = d.action == A::kReject || d.action == A::kRequestSupplement ||
                      d.action == A::kSuspend || d.action == A::kRevoke;
  if (needs_reason && d.reason.empty()) return errors::MissingField("reason");
  if (d.grade && d.action != A::kApprove) {
    return errors::InvalidField("tier", "a grade is only given on approval");
  }
  if (d.grade) {
    if (d.grade->types.empty())
      return errors::InvalidField("types", "name at least one merchant type");
    if (d.grade->risk_level < 1 || d.grade->risk_level > 4) {
      return errors::InvalidField("risk_level", "must be 1, 2, 3 or 4");
    }
  }
  if (d.changes && d.action != A::kSupplement) {
    return errors::InvalidField("changes", "only a supplement carries changes");
  }
  if (d.changes) {
    if (auto st = ValidateApplication(*d.changes); !st.ok()) {
      return st.WithFieldPrefix("changes");
    }
  }
  return OkStatus();
}

Status CheckApproval(const Organization& org, const Decision& d,
                     const std::optional<Organization>& sponsor) {
  if (org.Has(Role::kDataMerchant)) {
    if (org.profile.legal_form != LegalForm::kEnterpriseLegalPerson) {
      return errors::RuleViolation("a data merchant must be an enterprise legal person",
                                   "legal_form");
    }
    if (!d.grade) return errors::MissingField("tier");
  } else if (d.grade) {
    return errors::InvalidField("tier", "only a data merchant is graded");
  }
  if (org.Has(Role::kSeller) && !org.Has(Role::kDataMerchant)) {
    if (!sponsor || !sponsor->IsApprovedMerchant()) {
      return errors::RuleViolation("a seller needs an approved data merchant as sponsor",
                                   "sponsor_id");
    }
  }
  return OkStatus();
}

StatusOr<CertificateStatus> NextCertificateStatus(CertificateStatus from, CertificateStatus to) {
  if (from == to) return to;
  if (from == CertificateStatus::kRevoked) {
    return errors::IllegalTransition("a revoked certificate stays revoked");
  }
  return to;
}

}  // namespace bourse::domain
