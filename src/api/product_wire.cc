#include "api/product_wire.h"

#include "api/json_reader.h"
#include "api/wire_util.h"
#include "base/time_format.h"
#include "domain/listing.h"

namespace bourse::api {
namespace json = boost::json;
using namespace domain;

namespace {

template <typename E>
Status OptionalEnum(ObjectReader& r, std::string_view key, E& out) {
  BOURSE_ASSIGN_OR_RETURN(auto v, r.OptionalString(key, 64));
  if (v) {
    BOURSE_ASSIGN_OR_RETURN(out, EnumField<E>(r.Path(key), *v));
  }
  return OkStatus();
}

json::array Strings(const std::vector<std::string>& items) {
  json::array a;
  for (const auto& s : items) a.emplace_back(s);
  return a;
}

}  // namespace

StatusOr<ProductDescription> ParseDescription(std::string_view body) {
  BOURSE_ASSIGN_OR_RETURN(json::object o, ParseObject(body));
  ObjectReader r(o);
  ProductDescription d;
  BOURSE_ASSIGN_OR_RETURN(d.title, r.String("title", kMaxTitleLength));
  BOURSE_RETURN_IF_ERROR(Text(r, "description", kMaxTextLength, d.description));
  BOURSE_RETURN_IF_ERROR(OptionalEnum(r, "category", d.category));
  BOURSE_RETURN_IF_ERROR(OptionalEnum(r, "form", d.form));
  BOURSE_RETURN_IF_ERROR(Text(r, "data_source", kMaxShortTextLength, d.data_source));
  BOURSE_RETURN_IF_ERROR(Text(r, "acquisition_method", kMaxShortTextLength, d.acquisition_method));
  BOURSE_RETURN_IF_ERROR(
      Text(r, "source_authorisation", kMaxShortTextLength, d.source_authorisation));
  BOURSE_ASSIGN_OR_RETURN(auto fields, r.ObjectArray("fields", kMaxFields));
  for (auto& f : fields) {
    FieldSpec spec;
    BOURSE_ASSIGN_OR_RETURN(spec.name, f.String("name", 200));
    BOURSE_RETURN_IF_ERROR(Text(f, "type", 200, spec.type));
    BOURSE_RETURN_IF_ERROR(Text(f, "description", 2000, spec.description));
    BOURSE_RETURN_IF_ERROR(f.Finish());
    d.fields.push_back(std::move(spec));
  }
  BOURSE_RETURN_IF_ERROR(OptionalEnum(r, "update_frequency", d.update_frequency));
  BOURSE_RETURN_IF_ERROR(Text(r, "temporal_coverage", kMaxShortTextLength, d.temporal_coverage));
  BOURSE_RETURN_IF_ERROR(Text(r, "spatial_coverage", kMaxShortTextLength, d.spatial_coverage));
  BOURSE_ASSIGN_OR_RETURN(d.scenarios, r.StringArray("scenarios", kMaxListItems, false));
  BOURSE_ASSIGN_OR_RETURN(auto modes, r.StringArray("delivery_modes", 8, false));
  BOURSE_ASSIGN_OR_RETURN(d.delivery_modes,
                          EnumSetField<DeliveryMode>(r.Path("delivery_modes"), modes));
  BOURSE_ASSIGN_OR_RETURN(auto price, r.OptionalObject("price"));
  if (price) {
    BOURSE_RETURN_IF_ERROR(OptionalEnum(*price, "model", d.price.model));
    BOURSE_ASSIGN_OR_RETURN(auto amount, price->OptionalInt("amount"));
    d.price.amount.minor = amount.value_or(0);
    BOURSE_ASSIGN_OR_RETURN(auto currency, price->OptionalString("currency", 8));
    d.price.amount.currency = currency.value_or("CNY");
    BOURSE_RETURN_IF_ERROR(price->Finish());
  }
  BOURSE_RETURN_IF_ERROR(Text(r, "licence", kMaxShortTextLength, d.licence));
  BOURSE_RETURN_IF_ERROR(OptionalEnum(r, "classification", d.classification));
  BOURSE_RETURN_IF_ERROR(Flag(r, "personal_information", d.personal_information));
  BOURSE_RETURN_IF_ERROR(
      Flag(r, "sensitive_personal_information", d.sensitive_personal_information));
  BOURSE_ASSIGN_OR_RETURN(auto declared, r.OptionalInt("declared_individuals"));
  if (declared && (*declared < 0 || *declared > 2'000'000'000))
    return errors::InvalidField("declared_individuals", "from 0 to 2,000,000,000");
  d.declared_individuals = declared.value_or(0);
  BOURSE_ASSIGN_OR_RETURN(auto basis, r.OptionalString("legal_basis", 64));
  if (basis) {
    BOURSE_ASSIGN_OR_RETURN(d.legal_basis, EnumField<LegalBasis>("legal_basis", *basis));
  }
  BOURSE_RETURN_IF_ERROR(Flag(r, "anonymised", d.anonymised));
  BOURSE_RETURN_IF_ERROR(
      Text(r, "anonymisation_assessment", kMaxShortTextLength, d.anonymisation_assessment));
  BOURSE_RETURN_IF_ERROR(Text(r, "pipia", kMaxShortTextLength, d.pipia));
  BOURSE_RETURN_IF_ERROR(OptionalEnum(r, "sector", d.sector));
  BOURSE_RETURN_IF_ERROR(OptionalEnum(r, "source_type", d.source_type));
  BOURSE_ASSIGN_OR_RETURN(d.tags, r.StringArray("tags", kMaxListItems, false));
  BOURSE_ASSIGN_OR_RETURN(auto derived, r.StringArray("derived_from", kMaxListItems, false));
  for (auto& id : derived) d.derived_from.emplace_back(std::move(id));
  BOURSE_RETURN_IF_ERROR(Flag(r, "public_data", d.public_data));
  BOURSE_RETURN_IF_ERROR(Text(r, "authorised_operation_evidence", kMaxShortTextLength,
                              d.authorised_operation_evidence));
  BOURSE_RETURN_IF_ERROR(r.Finish());
  BOURSE_RETURN_IF_ERROR(ValidateDescription(d));
  return d;
}

StatusOr<ProductActionBody> ParseProductAction(std::string_view body) {
  BOURSE_ASSIGN_OR_RETURN(json::object o, ParseObject(body));
  ObjectReader r(o);
  ProductActionBody a;
  BOURSE_ASSIGN_OR_RETURN(std::string action, r.String("action", 64));
  BOURSE_ASSIGN_OR_RETURN(a.action, EnumField<ProductAction>("action", action));
  BOURSE_RETURN_IF_ERROR(Text(r, "reason", 2000, a.reason));
  BOURSE_ASSIGN_OR_RETURN(auto assessor, r.OptionalString("assessor_id", 64));
  if (assessor) a.assessor_id = OrganizationId(*assessor);
  BOURSE_RETURN_IF_ERROR(r.Finish());
  return a;
}

StatusOr<AssessmentBody> ParseAssessment(std::string_view body) {
  BOURSE_ASSIGN_OR_RETURN(json::object o, ParseObject(body));
  ObjectReader r(o);
  AssessmentBody a;
  BOURSE_ASSIGN_OR_RETURN(std::string outcome, r.String("outcome", 32));
  BOURSE_ASSIGN_OR_RETURN(a.outcome, EnumField<AssessmentOutcome>("outcome", outcome));
  BOURSE_RETURN_IF_ERROR(Text(r, "subject", kMaxTextLength, a.subject));
  BOURSE_RETURN_IF_ERROR(Text(r, "object", kMaxTextLength, a.object));
  BOURSE_RETURN_IF_ERROR(Text(r, "circulation", kMaxTextLength, a.circulation));
  BOURSE_RETURN_IF_ERROR(Text(r, "legal_opinion", kMaxTextLength, a.legal_opinion));
  BOURSE_RETURN_IF_ERROR(Text(r, "conditions", kMaxTextLength, a.conditions));
  BOURSE_RETURN_IF_ERROR(Flag(r, "pipia_reviewed", a.pipia_reviewed));
  BOURSE_RETURN_IF_ERROR(Flag(r, "content_reviewed", a.content_reviewed));
  BOURSE_RETURN_IF_ERROR(Text(r, "content_attestation", kMaxTextLength, a.content_attestation));
  BOURSE_ASSIGN_OR_RETURN(auto until, r.OptionalString("valid_until", 64));
  if (until) {
    auto t = ParseRfc3339(*until);
    if (!t.ok()) return errors::InvalidField("valid_until", "must be an RFC 3339 time");
    a.valid_until = *t;
  } else if (a.outcome != AssessmentOutcome::kFail) {
    return errors::MissingField("valid_until");
  }
  BOURSE_RETURN_IF_ERROR(r.Finish());
  return a;
}

StatusOr<UploadBody> ParseUpload(std::string_view body) {
  BOURSE_ASSIGN_OR_RETURN(json::object o, ParseObject(body));
  ObjectReader r(o);
  UploadBody u;
  BOURSE_ASSIGN_OR_RETURN(u.file_name, r.String("file_name", 255));
  BOURSE_ASSIGN_OR_RETURN(auto size, r.OptionalInt("size"));
  if (!size) return errors::MissingField("size");
  u.size = *size;
  BOURSE_RETURN_IF_ERROR(Text(r, "sha256", 64, u.sha256));
  // The content decides what a file is: a declared format is refused rather than trusted.
  if (o.contains("format"))
    return errors::InvalidField("format",
                                "the scan reads the file's content to decide its format; do not "
                                "declare one");
  BOURSE_RETURN_IF_ERROR(r.Finish());
  return u;
}

StatusOr<std::string> ParseReason(std::string_view body) {
  BOURSE_ASSIGN_OR_RETURN(json::object o, ParseObject(body));
  ObjectReader r(o);
  BOURSE_ASSIGN_OR_RETURN(std::string reason, r.String("reason", 2000));
  BOURSE_RETURN_IF_ERROR(r.Finish());
  return reason;
}

StatusOr<RightsRegistration> ParseRegistration(std::string_view body) {
  BOURSE_ASSIGN_OR_RETURN(json::object o, ParseObject(body));
  ObjectReader r(o);
  RightsRegistration reg;
  BOURSE_ASSIGN_OR_RETURN(std::string product, r.String("product_id", 64));
  reg.product_id = ProductId(product);
  BOURSE_RETURN_IF_ERROR(OptionalEnum(r, "type", reg.type));
  BOURSE_ASSIGN_OR_RETURN(auto rights, r.StringArray("rights", 3, true));
  BOURSE_ASSIGN_OR_RETURN(reg.rights, EnumSetField<RightType>("rights", rights));
  BOURSE_ASSIGN_OR_RETURN(auto evidence, r.OptionalObject("evidence"));
  if (evidence) {
    for (RightType right : {RightType::kHold, RightType::kUse, RightType::kOperate}) {
      BOURSE_ASSIGN_OR_RETURN(auto text, evidence->OptionalString(Name(right), 2000));
      if (text) reg.evidence[right] = *text;
    }
    BOURSE_RETURN_IF_ERROR(evidence->Finish());
  }
  BOURSE_RETURN_IF_ERROR(Text(r, "source_authorisation", 2000, reg.source_authorisation));
  BOURSE_RETURN_IF_ERROR(Text(r, "review_report", 2000, reg.review_report));
  BOURSE_ASSIGN_OR_RETURN(auto previous, r.OptionalString("previous", 64));
  if (previous) reg.previous = RegistrationId(*previous);
  BOURSE_ASSIGN_OR_RETURN(auto licensee, r.OptionalString("licensee", 64));
  if (licensee) reg.licensee = OrganizationId(*licensee);
  BOURSE_RETURN_IF_ERROR(r.Finish());
  return reg;
}

StatusOr<RegistrationActionBody> ParseRegistrationAction(std::string_view body) {
  BOURSE_ASSIGN_OR_RETURN(json::object o, ParseObject(body));
  ObjectReader r(o);
  RegistrationActionBody a;
  BOURSE_ASSIGN_OR_RETURN(std::string action, r.String("action", 64));
  BOURSE_ASSIGN_OR_RETURN(a.action, EnumField<RegistrationAction>("action", action));
  BOURSE_RETURN_IF_ERROR(Text(r, "reason", 2000, a.reason));
  BOURSE_RETURN_IF_ERROR(r.Finish());
  return a;
}

json::object DescriptionJson(const ProductDescription& d) {
  json::array fields;
  for (const auto& f : d.fields)
    fields.push_back(
        json::object{{"name", f.name}, {"type", f.type}, {"description", f.description}});
  json::array derived;
  for (const auto& id : d.derived_from) derived.emplace_back(id.value());
  return json::object{
      {"title", d.title},
      {"description", d.description},
      {"category", Name(d.category)},
      {"form", Name(d.form)},
      {"data_source", d.data_source},
      {"acquisition_method", d.acquisition_method},
      {"source_authorisation", d.source_authorisation},
      {"fields", std::move(fields)},
      {"update_frequency", Name(d.update_frequency)},
      {"temporal_coverage", d.temporal_coverage},
      {"spatial_coverage", d.spatial_coverage},
      {"scenarios", Strings(d.scenarios)},
      {"delivery_modes", EnumArray(d.delivery_modes)},
      {"price", json::object{{"model", Name(d.price.model)},
                             {"amount", d.price.amount.minor},
                             {"currency", d.price.amount.currency}}},
      {"licence", d.licence},
      {"classification", Name(d.classification)},
      {"personal_information", d.personal_information},
      {"sensitive_personal_information", d.sensitive_personal_information},
      {"declared_individuals", d.declared_individuals},
      {"legal_basis", d.legal_basis ? json::value(Name(*d.legal_basis)) : json::value(nullptr)},
      {"anonymised", d.anonymised},
      {"anonymisation_assessment", d.anonymisation_assessment},
      {"pipia", d.pipia},
      {"sector", Name(d.sector)},
      {"source_type", Name(d.source_type)},
      {"tags", Strings(d.tags)},
      {"derived_from", std::move(derived)},
      {"public_data", d.public_data},
      {"authorised_operation_evidence", d.authorised_operation_evidence},
  };
}

json::object ProductJson(const Product& p, bool full) {
  json::object o{
      {"id", p.id.value()},
      {"seller_id", p.seller_id.value()},
      {"status", Name(p.status)},
      {"revision", p.revision},
      {"listed_revision",
       p.listed_revision ? json::value(*p.listed_revision) : json::value(nullptr)},
      {"description", DescriptionJson(p.description)},
      {"description_completeness", std::round(DescriptionCompleteness(p.description) * 100) / 100},
      {"missing_fields", Strings(MissingDescriptionFields(p.description))},
      {"quality_score", p.dataset && p.dataset->quality_score
                            ? json::value(*p.dataset->quality_score)
                            : json::value(nullptr)},
      {"created_at", FormatRfc3339(p.created_at)},
      {"updated_at", FormatRfc3339(p.updated_at)}};
  if (p.dataset) {
    o["dataset"] =
        json::object{{"id", p.dataset->id.value()},
                     {"file_name", p.dataset->file_name},
                     {"format", Name(p.dataset->format)},
                     {"bytes", p.dataset->bytes},
                     {"sha256", p.dataset->sha256},
                     {"suggested_classification", Name(p.dataset->suggested_classification)},
                     {"personal_information", p.dataset->personal_information},
                     {"readable", p.dataset->readable}};
  } else {
    o["dataset"] = nullptr;
  }
  if (p.assessment_valid_until)
    o["assessment_valid_until"] = FormatRfc3339(*p.assessment_valid_until);
  if (p.notice_ends_at) o["notice_ends_at"] = FormatRfc3339(*p.notice_ends_at);
  if (full) {
    o["assessor_id"] = p.assessor_id ? json::value(p.assessor_id->value()) : json::value(nullptr);
    o["assessment_id"] =
        p.assessment_id ? json::value(p.assessment_id->value()) : json::value(nullptr);
    o["status_reason"] = p.status_reason;
  }
  return o;
}

json::object ProductEventJson(const ProductEvent& e) {
  return json::object{{"action", Name(e.action)},
                      {"actor", e.actor ? json::value(e.actor->value()) : json::value(nullptr)},
                      {"from", Name(e.from)},
                      {"to", Name(e.to)},
                      {"revision", e.revision},
                      {"reason", e.reason},
                      {"at", FormatRfc3339(e.at)}};
}

json::object RevisionJson(const Revision& r) {
  return json::object{
      {"product_id", r.product_id.value()},
      {"number", r.number},
      {"description", DescriptionJson(r.description)},
      {"dataset_id", r.dataset_id ? json::value(r.dataset_id->value()) : json::value(nullptr)},
      {"created_at", FormatRfc3339(r.created_at)}};
}

json::object DatasetJson(const Dataset& d) {
  boost::system::error_code ec;
  json::value report = json::parse(d.report_json, ec);
  return json::object{
      {"id", d.id.value()},
      {"product_id", d.product_id.value()},
      {"revision", d.revision},
      {"file_name", d.file_name},
      {"format", Name(d.format)},
      {"bytes", d.bytes},
      {"sha256", d.sha256},
      {"quality_score", d.quality_score ? json::value(*d.quality_score) : json::value(nullptr)},
      {"suggested_classification", Name(d.suggested_classification)},
      {"readable", d.readable},
      {"personal_information", d.personal_information},
      {"sensitive_personal_information", d.sensitive_personal_information},
      {"uploaded_at", FormatRfc3339(d.uploaded_at)},
      {"report", ec ? json::value(nullptr) : std::move(report)}};
}

json::object AssessmentJson(const ComplianceAssessment& a) {
  return json::object{{"id", a.id.value()},
                      {"product_id", a.product_id.value()},
                      {"revision", a.revision},
                      {"assessor_id", a.assessor_id.value()},
                      {"outcome", Name(a.outcome)},
                      {"subject", a.subject_opinion},
                      {"object", a.object_opinion},
                      {"circulation", a.circulation_opinion},
                      {"legal_opinion", a.legal_opinion},
                      {"conditions", a.conditions},
                      {"pipia_reviewed", a.pipia_reviewed},
                      {"content_reviewed", a.content_reviewed},
                      {"content_attestation", a.content_attestation},
                      {"decided_at", FormatRfc3339(a.decided_at)},
                      {"valid_until", FormatRfc3339(a.valid_until)}};
}

json::object RegistrationJson(const RightsRegistration& r) {
  json::object evidence;
  for (const auto& [right, text] : r.evidence) evidence[Name(right)] = text;
  json::array objections;
  for (const auto& o : r.objections)
    objections.push_back(json::object{{"objector", o.objector.value()},
                                      {"reason", o.reason},
                                      {"at", FormatRfc3339(o.at)},
                                      {"open", o.open}});
  return json::object{
      {"id", r.id.value()},
      {"number", r.number.empty() ? json::value(nullptr) : json::value(r.number)},
      {"product_id", r.product_id.value()},
      {"revision", r.revision},
      {"holder_id", r.holder_id.value()},
      {"type", Name(r.type)},
      {"rights", EnumArray(r.rights)},
      {"evidence", std::move(evidence)},
      {"source_authorisation", r.source_authorisation},
      {"review_report", r.review_report},
      {"previous", r.previous ? json::value(r.previous->value()) : json::value(nullptr)},
      {"licensee", r.licensee ? json::value(r.licensee->value()) : json::value(nullptr)},
      {"status", Name(r.status)},
      {"status_reason", r.status_reason},
      {"objections", std::move(objections)},
      {"notice_ends_at",
       r.notice_ends_at ? json::value(FormatRfc3339(*r.notice_ends_at)) : json::value(nullptr)},
      {"certificate_id",
       r.certificate_id ? json::value(r.certificate_id->value()) : json::value(nullptr)},
      {"created_at", FormatRfc3339(r.created_at)},
      {"updated_at", FormatRfc3339(r.updated_at)}};
}

}  // namespace bourse::api
