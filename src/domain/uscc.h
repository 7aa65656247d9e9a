// The Unified Social Credit Code (统一社会信用代码, GB 32100-2015): 18 characters from
// "0-9A-HJ-NPQRTUWXY", the first eight numeric, the last a mod-31 check character with weights
// 3^i mod 31. See domain-rules.md §6.3.
#ifndef BOURSE_DOMAIN_USCC_H_
#define BOURSE_DOMAIN_USCC_H_

#include <string>
#include <string_view>

#include "base/status.h"

namespace bourse::domain {

// OK for a well-formed code with a correct check character; InvalidArgument naming the defect.
Status ValidateUscc(std::string_view code);
// Removes spaces and hyphens and upper-cases letters, as people write codes "9111 0000 …".
std::string NormalizeUscc(std::string_view code);
// The check character for the first 17 characters (which must be from the alphabet).
char UsccCheckCharacter(std::string_view first17);

}  // namespace bourse::domain

#endif  // BOURSE_DOMAIN_USCC_H_
