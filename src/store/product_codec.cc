#include "store/product_codec.h"

#include <boost/json.hpp>
#include <memory>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "base/errors.h"
#include "base/status_macros.h"

namespace bourse::store {
namespace json = boost::json;
namespace {

std::string Str(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_string() ? std::string(it->value().as_string()) : "";
}
int64_t Int(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_int64() ? it->value().as_int64() : 0;
}
bool Bool(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_bool() && it->value().as_bool();
}
std::vector<std::string> Strings(const json::object& o, std::string_view key) {
  std::vector<std::string> out;
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_array()) return out;
  for (const auto& v : it->value().as_array())
    if (v.is_string()) out.emplace_back(v.as_string());
  return out;
}
json::array Array(const std::vector<std::string>& items) {
  json::array a;
  for (const auto& s : items) a.emplace_back(s);
  return a;
}
template <typename E>
E Enum(const json::object& o, std::string_view key, E fallback) {
  const int64_t v = Int(o, key);
  return v > 0 ? static_cast<E>(v) : fallback;
}

}  // namespace

std::string EncodeDescription(const domain::ProductDescription& d) {
  json::object o;
  o["title"] = d.title;
  o["description"] = d.description;
  o["category"] = static_cast<int>(d.category);
  o["form"] = static_cast<int>(d.form);
  o["data_source"] = d.data_source;
  o["acquisition_method"] = d.acquisition_method;
  o["source_authorisation"] = d.source_authorisation;
  json::array fields;
  for (const auto& f : d.fields)
    fields.push_back(
        json::object{{"name", f.name}, {"type", f.type}, {"description", f.description}});
  o["fields"] = std::move(fields);
  o["update_frequency"] = static_cast<int>(d.update_frequency);
  o["temporal_coverage"] = d.temporal_coverage;
  o["spatial_coverage"] = d.spatial_coverage;
  o["scenarios"] = Array(d.scenarios);
  o["delivery_modes"] = d.delivery_modes.mask();
  o["price_model"] = static_cast<int>(d.price.model);
  o["price_minor"] = d.price.amount.minor;
  o["currency"] = d.price.amount.currency;
  o["licence"] = d.licence;
  o["classification"] = static_cast<int>(d.classification);
  o["personal_information"] = d.personal_information;
  o["sensitive_personal_information"] = d.sensitive_personal_information;
  if (d.declared_individuals > 0) o["declared_individuals"] = d.declared_individuals;
  if (d.legal_basis) o["legal_basis"] = static_cast<int>(*d.legal_basis);
  o["anonymised"] = d.anonymised;
  o["anonymisation_assessment"] = d.anonymisation_assessment;
  o["pipia"] = d.pipia;
  o["sector"] = static_cast<int>(d.sector);
  o["source_type"] = static_cast<int>(d.source_type);
  o["tags"] = Array(d.tags);
  std::vector<std::string> derived;
  for (const auto& id : d.derived_from) derived.push_back(id.value());
  o["derived_from"] = Array(derived);
  o["public_data"] = d.public_data;
  o["authorised_operation_evidence"] = d.authorised_operation_evidence;
  return json::serialize(o);
}

namespace {

StatusOr<domain::ProductDescription> Decode(std::string_view text);

// Decoded descriptions by their stored text. Bounded: when full it starts over, which costs
// only the decoding of what is read next.
class DescriptionMemo {
 public:
  static constexpr size_t kCapacity = 1024;

  std::shared_ptr<const domain::ProductDescription> Find(std::string_view text) {
    absl::ReaderMutexLock lock(&mu_);
    auto it = decoded_.find(absl::string_view(text.data(), text.size()));
    return it == decoded_.end() ? nullptr : it->second;
  }
  void Remember(std::string_view text, std::shared_ptr<const domain::ProductDescription> d) {
    absl::MutexLock lock(&mu_);
    if (decoded_.size() >= kCapacity) decoded_.clear();
    decoded_.emplace(std::string(text), std::move(d));
  }

 private:
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::shared_ptr<const domain::ProductDescription>> decoded_
      ABSL_GUARDED_BY(mu_);
};

DescriptionMemo& Memo() {
  static auto* memo = new DescriptionMemo();
  return *memo;
}

}  // namespace

StatusOr<domain::ProductDescription> DecodeDescription(std::string_view text) {
  if (auto known = Memo().Find(text)) return *known;
  BOURSE_ASSIGN_OR_RETURN(domain::ProductDescription d, Decode(text));
  Memo().Remember(text, std::make_shared<const domain::ProductDescription>(d));
  return d;
}

namespace {

StatusOr<domain::ProductDescription> Decode(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return DataLossError("stored product description is not JSON");
  const json::object& o = v.as_object();
  domain::ProductDescription d;
  using namespace domain;
  d.title = Str(o, "title");
  d.description = Str(o, "description");
  d.category = Enum(o, "category", ProductCategory::kDataProduct);
  d.form = Enum(o, "form", ProductForm::kDataset);
  d.data_source = Str(o, "data_source");
  d.acquisition_method = Str(o, "acquisition_method");
  d.source_authorisation = Str(o, "source_authorisation");
  if (auto it = o.find("fields"); it != o.end() && it->value().is_array())
    for (const auto& f : it->value().as_array())
      if (f.is_object())
        d.fields.push_back({Str(f.as_object(), "name"), Str(f.as_object(), "type"),
                            Str(f.as_object(), "description")});
  d.update_frequency = Enum(o, "update_frequency", UpdateFrequency::kStatic);
  d.temporal_coverage = Str(o, "temporal_coverage");
  d.spatial_coverage = Str(o, "spatial_coverage");
  d.scenarios = Strings(o, "scenarios");
  d.delivery_modes =
      EnumSet<DeliveryMode>::FromMask(static_cast<uint32_t>(Int(o, "delivery_modes")));
  d.price.model = Enum(o, "price_model", PriceModel::kOneOff);
  d.price.amount.minor = Int(o, "price_minor");
  d.price.amount.currency = Str(o, "currency");
  d.licence = Str(o, "licence");
  d.classification = Enum(o, "classification", DataClassification::kGeneral);
  d.personal_information = Bool(o, "personal_information");
  d.sensitive_personal_information = Bool(o, "sensitive_personal_information");
  d.declared_individuals = Int(o, "declared_individuals");
  if (Int(o, "legal_basis") > 0) d.legal_basis = static_cast<LegalBasis>(Int(o, "legal_basis"));
  d.anonymised = Bool(o, "anonymised");
  d.anonymisation_assessment = Str(o, "anonymisation_assessment");
  d.pipia = Str(o, "pipia");
  d.sector = Enum(o, "sector", Sector::kOther);
  d.source_type = Enum(o, "source_type", SourceType::kOther);
  d.tags = Strings(o, "tags");
  for (auto& id : Strings(o, "derived_from")) d.derived_from.emplace_back(std::move(id));
  d.public_data = Bool(o, "public_data");
  d.authorised_operation_evidence = Str(o, "authorised_operation_evidence");
  return d;
}

}  // namespace

std::string EncodeRegistrationDocument(const domain::RightsRegistration& r) {
  json::object o;
  json::object evidence;
  for (const auto& [right, text] : r.evidence)
    evidence[std::to_string(static_cast<int>(right))] = text;
  o["evidence"] = std::move(evidence);
  o["source_authorisation"] = r.source_authorisation;
  o["review_report"] = r.review_report;
  if (r.previous) o["previous"] = r.previous->value();
  if (r.licensee) o["licensee"] = r.licensee->value();
  o["status_reason"] = r.status_reason;
  json::array objections;
  for (const auto& ob : r.objections)
    objections.push_back(json::object{{"objector", ob.objector.value()},
                                      {"reason", ob.reason},
                                      {"at", absl::ToUnixMicros(ob.at)},
                                      {"open", ob.open}});
  o["objections"] = std::move(objections);
  return json::serialize(o);
}

Status DecodeRegistrationDocument(std::string_view text, domain::RightsRegistration* r) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return DataLossError("stored registration is not JSON");
  const json::object& o = v.as_object();
  if (auto it = o.find("evidence"); it != o.end() && it->value().is_object())
    for (const auto& kv : it->value().as_object())
      if (kv.value().is_string())
        r->evidence[static_cast<domain::RightType>(std::stoi(std::string(kv.key())))] =
            std::string(kv.value().as_string());
  r->source_authorisation = Str(o, "source_authorisation");
  r->review_report = Str(o, "review_report");
  if (auto p = Str(o, "previous"); !p.empty()) r->previous = RegistrationId(p);
  if (auto l = Str(o, "licensee"); !l.empty()) r->licensee = OrganizationId(l);
  r->status_reason = Str(o, "status_reason");
  if (auto it = o.find("objections"); it != o.end() && it->value().is_array())
    for (const auto& ob : it->value().as_array())
      if (ob.is_object()) {
        const auto& b = ob.as_object();
        r->objections.push_back({OrganizationId(Str(b, "objector")), Str(b, "reason"),
                                 absl::FromUnixMicros(Int(b, "at")), Bool(b, "open")});
      }
  return OkStatus();
}

}  // namespace bourse::store
