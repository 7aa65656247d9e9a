#include "domain/evidence.h"

#include <algorithm>
#include <cctype>

#include "base/encoding.h"
#include "base/errors.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "domain/trade.h"

namespace bourse::domain {
namespace {

constexpr size_t kMaxText = 200;

bool SameRegion(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::toupper(static_cast<unsigned char>(a[i])) !=
        std::toupper(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

Status Text(std::string_view field, const std::string& value) {
  if (value.empty()) return errors::MissingField(field);
  if (!IsValidUtf8(value) || Utf8Length(value) > kMaxText)
    return errors::InvalidField(field, "valid UTF-8 of at most 200 characters");
  return OkStatus();
}

}  // namespace

Status ValidateEvidence(const Evidence& e, absl::Time now, const EvidenceRules& rules) {
  BOURSE_RETURN_IF_ERROR(Text("reference", e.reference));
  BOURSE_RETURN_IF_ERROR(Text("authority", e.authority));
  if (e.scope.destinations.empty()) return errors::MissingField("scope.destinations");
  if (e.scope.destinations.size() > 50)
    return errors::InvalidField("scope.destinations", "at most 50 destinations");
  for (const auto& d : e.scope.destinations) {
    if (d.size() < 2 || d.size() > 6 || !IsOutsideMainland(d))
      return errors::InvalidField("scope.destinations",
                                  StrCat("'", d,
                                         "' is not an ISO 3166 code of a region outside the "
                                         "mainland (\"SG\", \"DE\", \"CN-HK\")"));
  }
  if (e.scope.sectors.empty()) return errors::MissingField("scope.sectors");
  if (e.valid_until <= e.valid_from)
    return errors::InvalidField("valid_until", "must be after valid_from");
  if (e.valid_until <= now)
    return errors::InvalidField("valid_until", "the evidence has already expired");
  const absl::Duration longest = e.kind == EvidenceKind::kSecurityAssessment
                                     ? rules.security_assessment_validity
                                     : rules.longest_validity;
  if (e.valid_until - e.valid_from > longest)
    return errors::InvalidField(
        "valid_until", e.kind == EvidenceKind::kSecurityAssessment
                           ? "a security assessment's result is valid for at most three years"
                           : "a validity period of at most ten years");
  return OkStatus();
}

bool Covers(const Evidence& e, EvidenceKind kind, std::string_view destination, Sector sector,
            absl::Time at) {
  if (e.status != EvidenceStatus::kApproved || e.kind != kind) return false;
  if (at < e.valid_from || at >= e.valid_until) return false;
  if (!e.scope.sectors.Has(sector)) return false;
  return std::any_of(e.scope.destinations.begin(), e.scope.destinations.end(),
                     [&](const std::string& d) { return SameRegion(d, destination); });
}

CirculationCheck MayCirculate(const CirculationRequirement& req,
                              const std::vector<Evidence>& evidence, absl::Time now) {
  CirculationCheck out;
  auto find = [&](EvidenceKind kind) -> const Evidence* {
    for (const auto& e : evidence)
      if (Covers(e, kind, req.destination, req.sector, now)) return &e;
    return nullptr;
  };
  if (!req.any_of.empty()) {
    const Evidence* found = nullptr;
    for (EvidenceKind k : req.any_of.values())
      if (found == nullptr) found = find(k);
    if (found != nullptr) {
      out.relied_on.push_back(found->id);
    } else {
      for (EvidenceKind k : req.any_of.values()) out.missing.push_back(k);
    }
  }
  for (EvidenceKind k : req.all_of.values()) {
    if (const Evidence* e = find(k)) {
      out.relied_on.push_back(e->id);
    } else {
      out.missing.push_back(k);
    }
  }
  return out;
}

Status RefusalOf(const CirculationRequirement& req, const CirculationCheck& check) {
  if (check.allowed()) return OkStatus();
  // MayCirculate lists the alternatives of `any_of` first when none of them is there.
  const std::vector<EvidenceKind> alternatives = req.any_of.values();
  std::vector<std::string> names;
  size_t i = 0;
  if (!alternatives.empty() && check.missing.size() >= alternatives.size() &&
      std::equal(alternatives.begin(), alternatives.end(), check.missing.begin())) {
    std::vector<std::string_view> alts;
    alts.reserve(alternatives.size());
    for (EvidenceKind k : alternatives) alts.push_back(Name(k));
    names.push_back(StrJoin(alts, " or "));
    i = alternatives.size();
  }
  for (; i < check.missing.size(); ++i) names.emplace_back(Name(check.missing[i]));
  return errors::Make(
      StatusCode::kFailedPrecondition, errors::kEvidenceRequired,
      StrCat("cross-border circulation to ", req.destination, " (row ", req.row,
             " of the decision table) needs approved evidence, valid now and covering the "
             "destination and the data's sector: ",
             StrJoin(names, "; ")),
      "evidence");
}

}  // namespace bourse::domain
