#include "service/admission_service.h"

#include <boost/json.hpp>

#include "base/errors.h"
#include "base/ids.h"
#include "base/status_macros.h"
#include "base/strings.h"

namespace bourse::service {

using domain::AdmissionAction;
using domain::AdmissionStatus;
using domain::Role;

namespace {

StatusOr<std::optional<domain::Organization>> FindOrg(store::Transaction& tx,
                                                      const std::optional<OrganizationId>& id) {
  if (!id) return std::optional<domain::Organization>();
  auto org = tx.organizations().Get(*id);
  if (org.status().code() == StatusCode::kNotFound) return std::optional<domain::Organization>();
  if (!org.ok()) return org.status();
  return std::optional<domain::Organization>(*org);
}

// The application as text for its digest in the log (its contact details are personal data and
// never appear in a leaf).
std::string ApplicationText(const domain::Application& a) {
  std::vector<std::string> roles, types;
  for (auto r : a.roles.values()) roles.emplace_back(domain::Name(r));
  for (auto t : a.service_types.values()) types.emplace_back(domain::Name(t));
  return StrCat("name=", a.name, "\nuscc=", a.uscc, "\nlegal_form=", domain::Name(a.legal_form),
                "\nroles=", StrJoin(roles, ","), "\nservice_types=", StrJoin(types, ","),
                "\nsponsor_id=", a.sponsor_id ? a.sponsor_id->value() : "",
                "\nciio=", a.ciio ? "true" : "false", "\ncontact_name=", a.contact.name,
                "\ncontact_email=", a.contact.email, "\ncontact_phone=", a.contact.phone, "\n");
}

boost::json::array Names(const std::vector<std::string_view>& names) {
  boost::json::array out;
  for (auto n : names) out.emplace_back(n);
  return out;
}

template <typename E>
boost::json::array EnumNames(domain::EnumSet<E> set) {
  std::vector<std::string_view> names;
  for (E e : set.values()) names.push_back(domain::Name(e));
  return Names(names);
}

}  // namespace

Status AdmissionService::RunAutomaticChecks(store::Transaction& tx, domain::Organization& org) {
  domain::MarketFacts facts;
  BOURSE_ASSIGN_OR_RETURN(auto holders,
                          tx.organizations().FindLiveByUscc(org.profile.uscc, org.id));
  facts.uscc_in_use = !holders.empty();
  BOURSE_ASSIGN_OR_RETURN(facts.sponsor, FindOrg(tx, org.profile.sponsor_id));
  std::optional<std::string> failure = domain::AutomaticCheckFailure(org.profile, facts);
  AdmissionAction action = failure ? AdmissionAction::kFailChecks : AdmissionAction::kPassChecks;
  BOURSE_ASSIGN_OR_RETURN(AdmissionStatus next, domain::NextAdmissionStatus(org.status, action));
  domain::AdmissionEvent event{
      org.id, action, std::nullopt, org.status, next, failure.value_or(""), clock_.Now()};
  org.status = next;
  org.status_reason = failure.value_or("");
  org.updated_at = event.at;
  BOURSE_RETURN_IF_ERROR(tx.organizations().Update(org));
  BOURSE_RETURN_IF_ERROR(tx.organizations().AppendEvent(event));
  log::Event entry;
  entry.type = "organization.checked";
  entry.time = event.at;
  entry.subjects = {{"organization", org.id.value()}};
  entry.fields = {{"result", failure ? "failed" : "passed"},
                  {"from", domain::Name(event.from)},
                  {"to", domain::Name(next)}};
  if (failure) entry.Document("reason", *failure);
  return log_.Append(tx, entry).status();
}

StatusOr<ApplyResult> AdmissionService::Create(const domain::Application& application,
                                               AdmissionStatus initial,
                                               const std::string& token_name) {
  ApplyResult out;
  BOURSE_RETURN_IF_ERROR(store_.Write([&](store::Transaction& tx) -> Status {
    domain::Organization org;
    org.id = OrganizationId(NewId("org", clock_.Now(), random_));
    org.profile = application;
    org.status = initial;
    org.created_at = org.updated_at = clock_.Now();
    BOURSE_RETURN_IF_ERROR(tx.organizations().Insert(&org));
    log::Event entry;
    entry.time = org.created_at;
    entry.actor = org.id.value();
    entry.subjects = {{"organization", org.id.value()}};
    entry.fields = {
        {"roles", EnumNames(application.roles)},
        {"legal_form", domain::Name(application.legal_form)},
        {"service_types", EnumNames(application.service_types)},
        {"sponsor", application.sponsor_id ? boost::json::value(application.sponsor_id->value())
                                           : boost::json::value(nullptr)},
        {"ciio", application.ciio}};
    entry.type =
        initial == AdmissionStatus::kSubmitted ? "organization.applied" : "organization.created";
    entry.Document("application", ApplicationText(application));
    BOURSE_ASSIGN_OR_RETURN(out.log_index, log_.Append(tx, entry));
    if (initial == AdmissionStatus::kSubmitted) BOURSE_RETURN_IF_ERROR(RunAutomaticChecks(tx, org));
    BOURSE_ASSIGN_OR_RETURN(out.applicant_token, tokens_.IssueIn(tx, org.id, token_name));
    out.organization = std::move(org);
    return OkStatus();
  }));
  return out;
}

StatusOr<ApplyResult> AdmissionService::Apply(const domain::Application& application) {
  BOURSE_RETURN_IF_ERROR(domain::ValidateApplication(application));
  return Create(application, AdmissionStatus::kSubmitted, "applicant");
}

StatusOr<ApplyResult> AdmissionService::Bootstrap(Role role,
                                                  const domain::Application& application) {
  if (role != Role::kOperator && role != Role::kRegulator) {
    return errors::InvalidField("roles", "bootstrap creates only the operator or the regulator");
  }
  domain::Application app = application;
  app.roles = {Role::kBuyer};  // Validate the shape with an applicable role, then set the real one.
  BOURSE_RETURN_IF_ERROR(domain::ValidateApplication(app));
  app.roles = {role};
  return Create(app, AdmissionStatus::kApproved, std::string(domain::Name(role)));
}

StatusOr<OrganizationView> AdmissionService::Get(const domain::Principal& caller,
                                                 const OrganizationId& id) {
  if (!caller.SeesEverything() && !caller.Owns(id)) return errors::NotFound("organization");
  if (auto cached = views_.Get(id)) return *std::move(cached);
  const uint64_t generation = views_.generation();
  OrganizationView out;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(out.organization, tx.organizations().Get(id));
    BOURSE_ASSIGN_OR_RETURN(out.history, tx.organizations().Events(id));
    return OkStatus();
  }));
  views_.Put(id, out, generation);
  return out;
}

StatusOr<store::OrganizationPage> AdmissionService::List(const domain::Principal& caller,
                                                         const ListQuery& query) {
  store::OrganizationFilter filter{query.role, query.status, std::nullopt, query.after_seq,
                                   query.limit};
  if (!caller.SeesEverything()) filter.only = caller.organization;
  store::OrganizationPage out;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(out, tx.organizations().List(filter));
    return OkStatus();
  }));
  return out;
}

StatusOr<DecisionResult> AdmissionService::Decide(const domain::Principal& caller,
                                                  const OrganizationId& id,
                                                  const domain::Decision& decision) {
  BOURSE_RETURN_IF_ERROR(domain::ValidateDecision(decision));
  if (!caller.SeesEverything() && !caller.Owns(id)) return errors::NotFound("organization");
  if (caller.IsRegulator()) return errors::Forbidden("the regulator reads and never writes");
  const domain::Actor actor = domain::ActorOf(decision.action);
  if (actor == domain::Actor::kOperator && !caller.IsOperator()) {
    return errors::Forbidden(StrCat("only the operator may ", domain::Name(decision.action)));
  }
  if (actor == domain::Actor::kApplicant && !caller.Owns(id)) {
    return errors::Forbidden(
        StrCat("only the organisation itself may ", domain::Name(decision.action)));
  }

  DecisionResult out;
  BOURSE_RETURN_IF_ERROR(store_.Write([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(domain::Organization org, tx.organizations().Get(id));
    if (org.Has(Role::kOperator) || org.Has(Role::kRegulator)) {
      return errors::Forbidden("the venue's own organisations are not subject to admission");
    }
    BOURSE_ASSIGN_OR_RETURN(AdmissionStatus next,
                            domain::NextAdmissionStatus(org.status, decision.action));
    const AdmissionStatus from = org.status;

    if (decision.action == AdmissionAction::kApprove) {
      BOURSE_ASSIGN_OR_RETURN(auto sponsor, FindOrg(tx, org.profile.sponsor_id));
      BOURSE_RETURN_IF_ERROR(domain::CheckApproval(org, decision, sponsor));
      org.grade = decision.grade;
    }
    if (decision.action == AdmissionAction::kSupplement && decision.changes) {
      org.profile = *decision.changes;
    }
    org.status = next;
    org.status_reason = decision.reason;
    org.updated_at = clock_.Now();
    BOURSE_RETURN_IF_ERROR(tx.organizations().Update(org));
    BOURSE_RETURN_IF_ERROR(
        tx.organizations().AppendEvent({org.id, decision.action, caller.organization, from, next,
                                        decision.reason, org.updated_at}));
    log::Event entry;
    entry.type = "organization.decided";
    entry.time = org.updated_at;
    entry.actor = caller.organization.value();
    entry.subjects = {{"organization", org.id.value()}};
    entry.fields = {{"action", domain::Name(decision.action)},
                    {"from", domain::Name(from)},
                    {"to", domain::Name(next)}};
    if (decision.action == AdmissionAction::kApprove && org.grade) {
      entry.fields["grade"] = {{"tier", domain::Name(org.grade->tier)},
                               {"types", EnumNames(org.grade->types)},
                               {"risk_level", org.grade->risk_level}};
    }
    if (!decision.reason.empty()) entry.Document("reason", decision.reason);
    if (decision.changes) entry.Document("application", ApplicationText(*decision.changes));
    BOURSE_ASSIGN_OR_RETURN(out.log_index, log_.Append(tx, entry));

    // A corrected application goes through the automatic checks again.
    if (next == AdmissionStatus::kSubmitted) BOURSE_RETURN_IF_ERROR(RunAutomaticChecks(tx, org));

    switch (decision.action) {
      case AdmissionAction::kApprove:
        if (org.Has(Role::kDataMerchant)) {
          BOURSE_ASSIGN_OR_RETURN(
              out.certificate, authority_.IssueMerchantCertificate(tx, org, caller.organization));
        }
        break;
      case AdmissionAction::kSuspend:
        BOURSE_RETURN_IF_ERROR(authority_.SetSubjectStatus(
            tx, org.id, domain::CertificateStatus::kSuspended, caller.organization));
        break;
      case AdmissionAction::kReinstate:
        BOURSE_RETURN_IF_ERROR(authority_.SetSubjectStatus(
            tx, org.id, domain::CertificateStatus::kActive, caller.organization));
        break;
      case AdmissionAction::kRevoke:
      case AdmissionAction::kExit:
        BOURSE_RETURN_IF_ERROR(authority_.SetSubjectStatus(
            tx, org.id, domain::CertificateStatus::kRevoked, caller.organization));
        break;
      default:
        break;
    }
    out.organization = std::move(org);
    return OkStatus();
  }));
  tokens_.ForgetOrganization(id);
  views_.Invalidate(id);
  return out;
}

}  // namespace bourse::service
