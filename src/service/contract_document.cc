#include "service/contract_document.h"

#include "base/status_macros.h"
#include "base/strings.h"
#include "base/time_format.h"
#include "crypto/sha256.h"
#include "log/canonical_json.h"

namespace bourse::service {
namespace json = boost::json;

namespace {
absl::Time FirstTermEnd(const domain::Contract& c) {
  return c.signed_at + absl::Hours(24) * c.declaration.duration_days;
}
}  // namespace

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
      // The first term, as signed: renewals extend the contract, not the signed document.
      json::object{{"leftOperand", "dateTime"},
                   {"operator", "lt"},
                   {"rightOperand", FormatRfc3339(FirstTermEnd(c))}},
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

StatusOr<std::string> CanonicalAgreement(const domain::Contract& contract,
                                         const std::string& base_url) {
  return log::CanonicalJson(OdrlAgreement(contract, base_url));
}

StatusOr<std::string> AgreementDigest(const domain::Contract& contract,
                                      const std::string& base_url) {
  BOURSE_ASSIGN_OR_RETURN(std::string canonical, CanonicalAgreement(contract, base_url));
  return crypto::Sha256Hex(canonical);
}

std::string ReadableAgreement(const domain::Contract& c, std::string_view product_title,
                              const std::string& base) {
  const auto& d = c.declaration;
  const std::string territory =
      d.delivery_region.empty() || d.delivery_region == d.region ? d.region : d.delivery_region;
  std::string unit;
  switch (c.terms.model) {
    case domain::PriceModel::kPerCall:
      unit = StrCat(" (", c.terms.quantity, " calls prepaid / 预付调用次数)");
      break;
    case domain::PriceModel::kPerThousandRecords:
      unit = StrCat(" (", c.terms.quantity, " thousand records prepaid / 预付千条记录数)");
      break;
    case domain::PriceModel::kSubscription:
      unit = StrCat(" per term of ", d.duration_days, " days; renews until the buyer stops it",
                    " / 每期", d.duration_days, "天，买方停止前自动续期");
      break;
    default:
      break;
  }
  std::string out;
  auto line = [&out](std::string_view zh, std::string_view en, std::string_view value) {
    out += StrCat(zh, " / ", en, ": ", value, "\n");
  };
  out += StrCat("数据交易合同 / Data Trade Agreement\n", c.id.value(), "\n\n");
  line("卖方", "Seller (assigner)", StrCat(base, "/v1/organizations/", c.seller_id.value()));
  line("买方", "Buyer (assignee)", StrCat(base, "/v1/organizations/", c.buyer_id.value()));
  line("数据产品", "Data product",
       StrCat(product_title, " — ", c.product_id.value(), ", revision ", c.revision));
  line("价格", "Price",
       StrCat(c.total.minor, " ", c.total.currency, " (minor units; ", domain::Name(c.terms.model),
              ")", unit));
  line("交付方式", "Delivery", domain::Name(c.terms.delivery_mode));
  out += StrCat("\n许可使用 / Permitted use\n");
  line("  目的", "Purpose", d.purpose);
  line("  场景", "Scenario", d.scenario);
  line("  使用方式", "Manner of use", d.manner_of_use);
  line("  地域", "Territory", territory);
  line("  期限", "Until", FormatRfc3339(FirstTermEnd(c)));
  out += StrCat("\n禁止 / Prohibited: 转让、再分发 / transfer, onward distribution\n\n");
  line("签订时间", "Signed", FormatRfc3339(c.signed_at));
  line("合同摘要", "Digest (SHA-256 of the RFC 8785 ODRL agreement)", c.digest);
  line("透明日志条目", "Transparency-log entry", StrCat(c.log_index));
  out +=
      StrCat("\n核验 / To check: GET ", base, "/v1/contracts/", c.id.value(),
             "/agreement with Accept: application/jose returns the agreement signed by the ",
             "exchange (EdDSA, keys at ", base, "/.well-known/jwks.json); its payload hashes to ",
             "the digest above, which the log entry records.\n");
  return out;
}

}  // namespace bourse::service
