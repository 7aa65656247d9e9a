#include "domain/demand.h"

#include <algorithm>

#include "base/errors.h"
#include "base/status_macros.h"
#include "base/strings.h"

namespace bourse::domain {

Status ValidateDemand(const Demand& d, absl::Time now) {
  auto text = [](std::string_view field, const std::string& v, size_t max) -> Status {
    if (v.empty()) return errors::MissingField(field);
    if (v.size() > max) return errors::InvalidField(field, StrCat("at most ", max, " characters"));
    return OkStatus();
  };
  BOURSE_RETURN_IF_ERROR(text("title", d.title, 200));
  BOURSE_RETURN_IF_ERROR(text("description", d.description, 4000));
  BOURSE_RETURN_IF_ERROR(text("purpose", d.purpose, 2000));
  BOURSE_RETURN_IF_ERROR(text("scenario", d.scenario, 200));
  if (d.coverage.size() > 500) return errors::InvalidField("coverage", "at most 500 characters");
  if (d.fields.size() > 50) return errors::InvalidField("fields", "at most 50 fields");
  for (const auto& f : d.fields)
    if (f.empty() || f.size() > 100)
      return errors::InvalidField("fields", "each from 1 to 100 characters");
  Declaration probe{d.purpose, d.scenario, "-", d.region, "", 1};
  if (Status st = ValidateDeclaration(probe); !st.ok())
    return errors::InvalidField("region", "an ISO 3166 code such as CN, CN-44 or SG");
  if (d.budget.minor <= 0) return errors::InvalidField("budget", "must be positive");
  if (!IsCurrencyCode(d.budget.currency))
    return errors::InvalidField("budget_currency", "must be an ISO 4217 code such as CNY");
  if (d.deadline <= now) return errors::InvalidField("deadline", "must be in the future");
  if (d.deadline > now + absl::Hours(24 * 366))
    return errors::InvalidField("deadline", "at most a year ahead");
  return OkStatus();
}

double MatchScore(const MatchSignals& s) {
  if (s.text <= 0) return 0;
  return 10 * s.text + (s.scenario ? 3 : 0) + (s.sector ? 1 : 0) + (s.within_budget ? 1 : 0);
}

absl::Duration WebhookBackoff(int attempt) {
  return std::min(absl::Seconds(1) * (int64_t{1} << std::min(attempt, 12)), absl::Hours(1));
}

Status ValidateWebhookUrl(const std::string& url) {
  if (url.empty()) return errors::MissingField("url");
  if (url.size() > 500) return errors::InvalidField("url", "at most 500 characters");
  const bool tls = url.rfind("https://", 0) == 0;
  if (!tls && url.rfind("http://", 0) != 0)
    return errors::InvalidField("url", "must start with https:// or http://");
  const std::string rest = url.substr(tls ? 8 : 7);
  const std::string authority = rest.substr(0, rest.find('/'));
  if (authority.empty()) return errors::InvalidField("url", "names no host");
  if (authority.find('@') != std::string::npos)
    return errors::InvalidField("url", "must not carry credentials");
  for (char c : url)
    if (static_cast<unsigned char>(c) <= ' ') return errors::InvalidField("url", "has spaces");
  return OkStatus();
}

std::string WebhookSignedPayload(int64_t unix_seconds, const std::string& body) {
  return StrCat(unix_seconds, ".", body);
}

}  // namespace bourse::domain
