#include "domain/registration.h"

#include "base/errors.h"
#include "base/strings.h"

namespace bourse::domain {
namespace {

using RS = RegistrationStatus;
using RA = RegistrationAction;

const std::vector<RegistrationTransition> kTable = {
    {RS::kSubmitted, RA::kPassFormalCheck, RS::kSubstantiveReview},
    {RS::kSubmitted, RA::kFailFormalCheck, RS::kReturned},
    {RS::kReturned, RA::kResubmit, RS::kSubmitted},
    {RS::kSubstantiveReview, RA::kRefuse, RS::kRefused},
    {RS::kSubstantiveReview, RA::kPublishNotice, RS::kPublicNotice},
    {RS::kPublicNotice, RA::kObject, RS::kPublicNotice},
    {RS::kPublicNotice, RA::kUpholdObjection, RS::kRefused},
    {RS::kPublicNotice, RA::kDismissObjection, RS::kPublicNotice},
    {RS::kPublicNotice, RA::kNoticeExpires, RS::kRegistered},
    {RS::kRegistered, RA::kDispute, RS::kDisputed},
    {RS::kDisputed, RA::kResolveDispute, RS::kRegistered},
    {RS::kRegistered, RA::kCancel, RS::kCancelled},
};

}  // namespace

RegistrationActor ActorOf(RegistrationAction action) {
  switch (action) {
    case RA::kResubmit:
    case RA::kCancel:
      return RegistrationActor::kHolder;
    case RA::kObject:
    case RA::kDispute:
      return RegistrationActor::kParticipant;
    case RA::kNoticeExpires:
      return RegistrationActor::kSystem;
    case RA::kPassFormalCheck:
    case RA::kFailFormalCheck:
    case RA::kRefuse:
    case RA::kPublishNotice:
    case RA::kUpholdObjection:
    case RA::kDismissObjection:
    case RA::kResolveDispute:
      return RegistrationActor::kRegistrar;
  }
  return RegistrationActor::kSystem;
}

StatusOr<RegistrationStatus> NextRegistrationStatus(RegistrationStatus from,
                                                    RegistrationAction action) {
  for (const auto& t : kTable)
    if (t.from == from && t.action == action) return t.to;
  return errors::IllegalTransition(
      StrCat("a registration that is ", Name(from), " cannot be moved by '", Name(action), "'"));
}

const std::vector<RegistrationTransition>& RegistrationTable() { return kTable; }

Status ValidateRegistration(const RightsRegistration& r) {
  if (r.rights.empty()) return errors::MissingField("rights");
  for (RightType right : {RightType::kHold, RightType::kUse, RightType::kOperate}) {
    const auto it = r.evidence.find(right);
    const bool has = it != r.evidence.end() && !it->second.empty();
    if (r.rights.Has(right) && !has) return errors::MissingField(StrCat("evidence.", Name(right)));
    if (!r.rights.Has(right) && it != r.evidence.end())
      return errors::InvalidField(StrCat("evidence.", Name(right)),
                                  "evidence given for a right that is not claimed");
    if (has && r.evidence.at(right).size() > 2000)
      return errors::InvalidField(StrCat("evidence.", Name(right)), "at most 2000 characters");
  }
  if (r.review_report.empty()) return errors::MissingField("review_report");
  if (r.review_report.size() > 2000 || r.source_authorisation.size() > 2000)
    return errors::InvalidField("review_report", "at most 2000 characters");
  const bool needs_licensee =
      r.type == RegistrationType::kLicence || r.type == RegistrationType::kTransfer;
  if (needs_licensee && !r.licensee) return errors::MissingField("licensee");
  if (!needs_licensee && r.licensee)
    return errors::InvalidField("licensee", "only licence and transfer registrations name one");
  const bool needs_previous = r.type != RegistrationType::kInitial;
  if (needs_previous && !r.previous) return errors::MissingField("previous");
  return OkStatus();
}

std::vector<std::string> FormalCheckProblems(const RightsRegistration& r,
                                             const ProductDescription& product,
                                             const std::vector<EnumSet<RightType>>& source_grants) {
  std::vector<std::string> problems;
  if (product.source_type == SourceType::kGovernment && !product.public_data)
    problems.push_back("public-data resources held by government bodies are outside this register");
  if (r.source_authorisation.empty() && product.source_authorisation.empty())
    problems.push_back("no authorisation from the data source");
  for (size_t i = 0; i < source_grants.size(); ++i) {
    for (RightType right : r.rights.values()) {
      if (!source_grants[i].Has(right))
        problems.push_back(StrCat("the source ", product.derived_from[i].value(),
                                  " grants this holder no '", Name(right), "' right"));
    }
  }
  return problems;
}

Status CheckRefusalGrounds(const RightsRegistration& r, const ProductDescription& product) {
  if (product.classification == DataClassification::kCore)
    return errors::RuleViolation("national core data cannot be registered", "classification");
  if (r.source_authorisation.empty() && product.source_authorisation.empty())
    return errors::RuleViolation("missing authorisation from the data source",
                                 "source_authorisation");
  for (const auto& o : r.objections)
    if (o.open) return errors::RuleViolation("an ownership dispute is unresolved", "objections");
  return OkStatus();
}

}  // namespace bourse::domain
