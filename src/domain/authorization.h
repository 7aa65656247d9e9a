// Authority bound to an organisation's standing: the one function that decides, from the
// caller's admission status, its roles and the kind of act it attempts, whether the exchange lets
// it act at all. Use cases still check what is specific to an object (whose contract, which side
// of a negotiation); this decides everything that status and role alone decide, and every route
// names its act, so that no path can be added without a decision.
//
//   status                        | may
//   ------------------------------+----------------------------------------------------------
//   approved                      | every act its roles allow
//   submitted, returned,          | read its own records, take its own W1 steps (supplement),
//   under review, needs supplement| manage its credentials, sign in, give up access
//   suspended                     | read its own records, receive notifications, take the W1
//                                 | steps the admission machine allows it, give up access
//   rejected, revoked, exited     | nothing: its tokens and sessions no longer authenticate
//
// The regulator reads everything and writes nothing: it reads, signs in and gives up access.
// Operator acts (deposits, withdrawals) are the operator's alone. Pure: no I/O.
#ifndef BOURSE_DOMAIN_AUTHORIZATION_H_
#define BOURSE_DOMAIN_AUTHORIZATION_H_

#include <optional>
#include <string_view>

#include "base/status.h"
#include "domain/enum_set.h"
#include "domain/enums.h"
#include "domain/principal.h"

namespace bourse::domain {

// The kinds of act that status and role decide. Each route of the API names one.
enum class Act : int {
  kPublic = 1,       // Needs no credentials: the catalogue, the log, applying, signing in.
  kRead = 2,         // Reads what the caller may see (its own records; everything for the
                     // operator and the regulator), notifications included.
  kAdmission = 3,    // The W1 decision route: the operator's decisions, the applicant's steps.
  kCredentials = 4,  // Mints a token, sets a password, adds a webhook: a new way in or out.
  kSignIn = 5,       // Opens a console session.
  kRelinquish = 6,   // Gives up access: revokes a token or a mandate, signs out, removes a
                     // webhook.
  kParticipate = 7,  // Acts in the market: trades, sells, receives data, posts demands,
                     // assesses, registers, files evidence.
  kOperate = 8,      // The operator's own acts: deposits and withdrawals.
};

std::string_view Name(Act act);
std::optional<Act> ParseAct(std::string_view name);
// Every act, in declaration order.
const std::vector<Act>& AllActs();

// Whether an organisation in `status` still authenticates (its tokens and sessions work).
bool Authenticates(AdmissionStatus status);

// OK when an organisation in `status` holding `roles` may perform `act`. Otherwise:
// Unauthenticated for a status that no longer authenticates; PermissionDenied with kind
// "organization-suspended" (suspended), "organization-not-admitted" (not yet approved),
// "read-only" (the regulator) or "forbidden" (an operator act by anyone else).
Status Authorize(AdmissionStatus status, EnumSet<Role> roles, Act act);
inline Status Authorize(const Principal& p, Act act) { return Authorize(p.status, p.roles, act); }

}  // namespace bourse::domain

#endif  // BOURSE_DOMAIN_AUTHORIZATION_H_
