#include "service/registration_service.h"

#include <cstdio>

#include "base/errors.h"
#include "base/status_macros.h"
#include "base/strings.h"

namespace bourse::service {
namespace {

using domain::RegistrationAction;
using domain::RegistrationStatus;
using RA = RegistrationAction;
using RS = RegistrationStatus;

bool IsPublic(RS s) {
  return s == RS::kPublicNotice || s == RS::kRegistered || s == RS::kDisputed ||
         s == RS::kCancelled;
}

}  // namespace

StatusOr<int64_t> RegistrationService::Transition(store::Transaction& tx,
                                                  domain::RightsRegistration& r, RA action, RS to,
                                                  const std::optional<OrganizationId>& actor,
                                                  const std::string& reason) {
  const RS from = r.status;
  r.status = to;
  r.updated_at = clock_.Now();
  if (!reason.empty()) r.status_reason = reason;
  BOURSE_RETURN_IF_ERROR(tx.registrations().Update(r));
  log::Event entry;
  entry.type = "registration.transition";
  entry.time = r.updated_at;
  if (actor) entry.actor = actor->value();
  entry.subjects = {{"registration", r.id.value()},
                    {"product", r.product_id.value()},
                    {"holder", r.holder_id.value()}};
  entry.fields = {
      {"action", domain::Name(action)}, {"from", domain::Name(from)}, {"to", domain::Name(to)}};
  if (!r.number.empty()) entry.fields["number"] = r.number;
  if (!reason.empty()) entry.Document("reason", reason);
  return log_.Append(tx, entry);
}

StatusOr<RegistrationView> RegistrationService::Submit(const domain::Principal& caller,
                                                       const domain::RightsRegistration& claim) {
  if (caller.IsRegulator()) return errors::Forbidden("the regulator reads but never writes");
  BOURSE_RETURN_IF_ERROR(domain::ValidateRegistration(claim));
  RegistrationView out;
  BOURSE_RETURN_IF_ERROR(store_.Write([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(domain::Product product, tx.products().Get(claim.product_id));
    if (!caller.Owns(product.seller_id) && product.status != domain::ProductStatus::kListed)
      return errors::NotFound("product");
    if (claim.type == domain::RegistrationType::kInitial && !caller.Owns(product.seller_id))
      return errors::Forbidden("an initial registration is made by the product's holder");
    if (claim.previous) {
      auto previous = tx.registrations().Get(*claim.previous);
      if (!previous.ok() || previous->product_id != claim.product_id)
        return errors::InvalidField("previous", "no registration of this product has that id");
      if (!caller.Owns(previous->holder_id))
        return errors::Forbidden("only the holder of the previous registration may build on it");
      if (previous->status != RS::kRegistered)
        return errors::RuleViolation("the previous registration is not registered", "previous");
    }
    domain::RightsRegistration r = claim;
    r.id = RegistrationId(NewId("reg", clock_.Now(), random_));
    r.number.clear();
    r.revision = product.revision;
    r.holder_id = caller.organization;
    r.status = RS::kSubmitted;
    r.objections.clear();
    r.notice_ends_at.reset();
    r.certificate_id.reset();
    r.created_at = r.updated_at = clock_.Now();
    BOURSE_RETURN_IF_ERROR(tx.registrations().Insert(&r));
    log::Event entry;
    entry.type = "registration.submitted";
    entry.time = r.created_at;
    entry.actor = caller.organization.value();
    entry.subjects = {{"registration", r.id.value()}, {"product", r.product_id.value()}};
    boost::json::array rights;
    for (auto right : r.rights.values()) rights.emplace_back(domain::Name(right));
    entry.fields = {
        {"type", domain::Name(r.type)}, {"rights", std::move(rights)}, {"revision", r.revision}};
    for (const auto& [right, evidence] : r.evidence)
      entry.Document(StrCat("evidence_", domain::Name(right)), evidence);
    entry.Document("review_report", r.review_report);
    BOURSE_ASSIGN_OR_RETURN(int64_t index, log_.Append(tx, entry));
    out = RegistrationView{r, std::nullopt, index};
    return OkStatus();
  }));
  return out;
}

StatusOr<RegistrationView> RegistrationService::Get(const std::optional<domain::Principal>& caller,
                                                    const RegistrationId& id) {
  RegistrationView out;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(domain::RightsRegistration r, tx.registrations().Get(id));
    const bool sees =
        IsPublic(r.status) || (caller && (caller->SeesEverything() || caller->Owns(r.holder_id)));
    if (!sees) return errors::NotFound("registration");
    RegistrationView view{r, std::nullopt, -1};
    if (r.certificate_id) {
      BOURSE_ASSIGN_OR_RETURN(view.certificate, tx.certificates().Get(*r.certificate_id));
    }
    out = std::move(view);
    return OkStatus();
  }));
  return out;
}

StatusOr<std::vector<domain::RightsRegistration>> RegistrationService::ListByProduct(
    const std::optional<domain::Principal>& caller, const ProductId& product) {
  std::vector<domain::RightsRegistration> out;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(auto all, tx.registrations().ListByProduct(product));
    for (auto& r : all)
      if (IsPublic(r.status) || (caller && (caller->SeesEverything() || caller->Owns(r.holder_id))))
        out.push_back(std::move(r));
    return OkStatus();
  }));
  return out;
}

Status RegistrationService::Register(store::Transaction& tx, domain::RightsRegistration& r,
                                     const OrganizationId& actor) {
  BOURSE_ASSIGN_OR_RETURN(int64_t numbered, tx.registrations().CountNumbered());
  const absl::CivilYear year = absl::ToCivilYear(clock_.Now(), absl::FixedTimeZone(8 * 3600));
  char number[40];
  std::snprintf(number, sizeof number, "BRS-%04d-%06lld", static_cast<int>(year.year()),
                static_cast<long long>(numbered + 1));
  r.number = number;
  r.notice_ends_at.reset();
  BOURSE_ASSIGN_OR_RETURN(domain::Product product, tx.products().Get(r.product_id));
  BOURSE_ASSIGN_OR_RETURN(domain::Organization holder, tx.organizations().Get(r.holder_id));
  BOURSE_ASSIGN_OR_RETURN(domain::Certificate cert,
                          authority_.IssueRegistrationCertificate(tx, r, product, holder, actor));
  r.certificate_id = cert.id;
  return OkStatus();
}

StatusOr<RegistrationView> RegistrationService::Act(const domain::Principal& caller,
                                                    const RegistrationId& id, RA action,
                                                    const std::string& reason) {
  if (caller.IsRegulator()) return errors::Forbidden("the regulator reads but never writes");
  if (reason.size() > 2000) return errors::InvalidField("reason", "at most 2000 characters");
  const domain::RegistrationActor actor = domain::ActorOf(action);
  if (actor == domain::RegistrationActor::kSystem)
    return errors::Forbidden("the notice ends by itself when its time is up");
  RegistrationView out;
  BOURSE_RETURN_IF_ERROR(store_.Write([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(domain::RightsRegistration r, tx.registrations().Get(id));
    const bool sees = IsPublic(r.status) || caller.SeesEverything() || caller.Owns(r.holder_id);
    if (!sees) return errors::NotFound("registration");
    if (actor == domain::RegistrationActor::kRegistrar && !caller.IsOperator())
      return errors::Forbidden("only the registrar (the operator) takes this action");
    if (actor == domain::RegistrationActor::kHolder && !caller.Owns(r.holder_id))
      return errors::Forbidden("only the holder takes this action");
    if (actor == domain::RegistrationActor::kParticipant) {
      if (caller.Owns(r.holder_id)) return errors::Forbidden("a holder cannot object to itself");
      if (caller.status != domain::AdmissionStatus::kApproved)
        return errors::Forbidden("only admitted participants object");
    }
    BOURSE_ASSIGN_OR_RETURN(RS next, domain::NextRegistrationStatus(r.status, action));
    switch (action) {
      case RA::kPassFormalCheck: {
        BOURSE_ASSIGN_OR_RETURN(domain::Product product, tx.products().Get(r.product_id));
        std::vector<domain::EnumSet<domain::RightType>> grants;
        for (const auto& source : product.description.derived_from) {
          BOURSE_ASSIGN_OR_RETURN(auto g, tx.registrations().RegisteredRights(source, r.holder_id));
          grants.push_back(g);
        }
        auto problems = domain::FormalCheckProblems(r, product.description, grants);
        if (!problems.empty())
          return errors::RuleViolation(StrCat("the formal check fails: ", StrJoin(problems, "; ")));
        break;
      }
      case RA::kPublishNotice: {
        BOURSE_ASSIGN_OR_RETURN(domain::Product product, tx.products().Get(r.product_id));
        BOURSE_RETURN_IF_ERROR(domain::CheckRefusalGrounds(r, product.description));
        r.notice_ends_at = clock_.Now() + notice_period_;
        break;
      }
      case RA::kFailFormalCheck:
      case RA::kRefuse:
      case RA::kUpholdObjection:
      case RA::kObject:
      case RA::kDispute:
        if (reason.empty()) return errors::MissingField("reason");
        if (action == RA::kObject || action == RA::kDispute)
          r.objections.push_back({caller.organization, reason, clock_.Now(), true});
        if (action == RA::kUpholdObjection || action == RA::kRefuse) r.notice_ends_at.reset();
        break;
      case RA::kDismissObjection:
      case RA::kResolveDispute:
        for (auto& o : r.objections) o.open = false;
        break;
      case RA::kCancel:
        if (r.certificate_id)
          BOURSE_RETURN_IF_ERROR(authority_.Revoke(tx, *r.certificate_id, caller.organization));
        break;
      default:
        break;
    }
    BOURSE_ASSIGN_OR_RETURN(int64_t index,
                            Transition(tx, r, action, next, caller.organization, reason));
    out = RegistrationView{r, std::nullopt, index};
    return OkStatus();
  }));
  return out;
}

StatusOr<int> RegistrationService::Sweep() {
  int moved = 0;
  BOURSE_RETURN_IF_ERROR(store_.Write([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(auto due, tx.registrations().NoticesDue(clock_.Now()));
    for (const auto& id : due) {
      BOURSE_ASSIGN_OR_RETURN(domain::RightsRegistration r, tx.registrations().Get(id));
      bool open = false;
      for (const auto& o : r.objections) open |= o.open;
      if (open) continue;  // The registrar must decide the objection first.
      // The registrar is the venue: its certificate is issued on the system's behalf.
      BOURSE_RETURN_IF_ERROR(Register(tx, r, r.holder_id));
      BOURSE_RETURN_IF_ERROR(Transition(tx, r, RA::kNoticeExpires, RS::kRegistered, std::nullopt,
                                        "public notice ended without an open objection")
                                 .status());
      ++moved;
    }
    return OkStatus();
  }));
  return moved;
}

}  // namespace bourse::service
