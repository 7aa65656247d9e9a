#include "domain/authorization.h"

#include <array>

#include "base/errors.h"
#include "base/strings.h"

namespace bourse::domain {
namespace {

using S = AdmissionStatus;

struct ActName {
  Act act;
  std::string_view name;
};

constexpr std::array<ActName, 8> kActs = {{
    {Act::kPublic, "public"},
    {Act::kRead, "read"},
    {Act::kAdmission, "admission"},
    {Act::kCredentials, "credentials"},
    {Act::kSignIn, "sign_in"},
    {Act::kRelinquish, "relinquish"},
    {Act::kParticipate, "participate"},
    {Act::kOperate, "operate"},
}};

bool Pending(S s) {
  return s == S::kSubmitted || s == S::kReturned || s == S::kUnderReview ||
         s == S::kNeedsSupplement;
}

// What each act is, in words for a refusal.
std::string_view Doing(Act act) {
  switch (act) {
    case Act::kCredentials:
      return "mint tokens, set passwords or add webhooks";
    case Act::kSignIn:
      return "open console sessions";
    case Act::kParticipate:
      return "act in the market (trade, sell, receive data, post demands, assess, register)";
    case Act::kOperate:
      return "record the venue's money movements";
    default:
      return "do this";
  }
}

}  // namespace

std::string_view Name(Act act) {
  for (const auto& a : kActs)
    if (a.act == act) return a.name;
  return "unknown";
}

std::optional<Act> ParseAct(std::string_view name) {
  for (const auto& a : kActs)
    if (a.name == name) return a.act;
  return std::nullopt;
}

const std::vector<Act>& AllActs() {
  static const std::vector<Act> kAll = [] {
    std::vector<Act> v;
    v.reserve(kActs.size());
    for (const auto& a : kActs) v.push_back(a.act);
    return v;
  }();
  return kAll;
}

bool Authenticates(AdmissionStatus status) {
  return status != S::kRejected && status != S::kRevoked && status != S::kExited;
}

Status Authorize(AdmissionStatus status, EnumSet<Role> roles, Act act) {
  if (act == Act::kPublic) return OkStatus();
  if (!Authenticates(status))
    return errors::Unauthenticated(
        StrCat("the organisation is ", Name(status), ": its tokens and sessions no longer work"));
  // Reading and giving up access are open to every organisation that authenticates.
  if (act == Act::kRead || act == Act::kRelinquish) return OkStatus();
  if (roles.Has(Role::kRegulator) && act != Act::kSignIn)
    return errors::Make(StatusCode::kPermissionDenied, errors::kReadOnly,
                        "the regulator reads everything and writes nothing");
  if (status == S::kSuspended) {
    // W1 decides which admission steps a suspended organisation may take.
    if (act == Act::kAdmission) return OkStatus();
    return errors::Make(StatusCode::kPermissionDenied, errors::kSuspended,
                        StrCat("the organisation is suspended: it reads its records and "
                               "receives notifications, but may not ",
                               Doing(act)));
  }
  if (Pending(status)) {
    if (act == Act::kAdmission || act == Act::kCredentials || act == Act::kSignIn)
      return OkStatus();
    return errors::Make(StatusCode::kPermissionDenied, errors::kNotAdmitted,
                        StrCat("the organisation is ", Name(status),
                               ": until it is admitted it may not ", Doing(act)));
  }
  // Approved.
  if (act == Act::kOperate && !roles.Has(Role::kOperator))
    return errors::Forbidden("only the operator records deposits and withdrawals");
  return OkStatus();
}

}  // namespace bourse::domain
