#include "service/contract_document.h"

#include "base/status_macros.h"
#include "base/strings.h"
#include "base/time_format.h"
#include "crypto/sha256.h"
#include "log/canonical_json.h"

namespace bourse::service {
namespace json = boost::json;

json::object OdrlAgreement(const domain::Contract& c, const std::string& base) {
  const std::string territory =
      c.declaration.delivery_region.empty() || c.declaration.delivery_region == c.declaration.region
          ? c.declaration.region
          : c.declaration.delivery_region;
  json::array constraints{
      json::object{
          {"leftOperand", "purpose"}, {"operator", "eq"}, {"rightOperand", c.declaration.purpose}},
      json::object{{"leftOperand", "https://bourse.example/odrl/scenario"},
                   {"operator", "eq"},
                   {"rightOperand", c.declaration.scenario}},
      json::object{{"leftOperand", "spatial"}, {"operator", "eq"}, {"rightOperand", territory}},
      json::object{{"leftOperand", "dateTime"},
                   {"operator", "lt"},
                   {"rightOperand", FormatRfc3339(c.ends_at)}},
  };
  if (c.terms.model == domain::PriceModel::kPerCall ||
      c.terms.model == domain::PriceModel::kPerThousandRecords) {
    constraints.push_back(json::object{
        {"leftOperand", "count"},
        {"operator", "lteq"},
        {"rightOperand", c.terms.model == domain::PriceModel::kPerCall ? c.terms.quantity
                                                                       : c.terms.quantity * 1000},
        {"unit", c.terms.model == domain::PriceModel::kPerCall ? "call" : "record"}});
  }
  json::object use{
      {"action", "use"},
      {"constraint", json::object{{"and", std::move(constraints)}}},
      {"duty", json::array{json::object{
                   {"action", "compensate"},
                   {"constraint", json::array{json::object{{"leftOperand", "payAmount"},
                                                           {"operator", "eq"},
                                                           {"rightOperand", c.total.minor},
                                                           {"unit", c.total.currency}}}}}}}};
  return json::object{
      {"@context", "http://www.w3.org/ns/odrl.jsonld"},
      {"@type", "Agreement"},
      {"uid", StrCat(base, "/v1/contracts/", c.id.value())},
      {"assigner", StrCat(base, "/v1/organizations/", c.seller_id.value())},
      {"assignee", StrCat(base, "/v1/organizations/", c.buyer_id.value())},
      {"target", StrCat(base, "/v1/products/", c.product_id.value(), "/revisions/", c.revision)},
      {"timestamp", FormatRfc3339(c.signed_at)},
      {"priceModel", domain::Name(c.terms.model)},
      {"unitPrice", c.terms.amount.minor},
      {"quantity", c.terms.quantity},
      {"deliveryMode", domain::Name(c.terms.delivery_mode)},
      {"mannerOfUse", c.declaration.manner_of_use},
      {"permission", json::array{std::move(use)}},
      {"prohibition",
       json::array{json::object{{"action", "distribute"}}, json::object{{"action", "transfer"}}}},
  };
}

StatusOr<std::string> AgreementDigest(const domain::Contract& contract,
                                      const std::string& base_url) {
  BOURSE_ASSIGN_OR_RETURN(std::string canonical,
                          log::CanonicalJson(OdrlAgreement(contract, base_url)));
  return crypto::Sha256Hex(canonical);
}

}  // namespace bourse::service
