#include "service/product_service.h"

#include <boost/json.hpp>
#include <cctype>
#include <filesystem>

#include "absl/cleanup/cleanup.h"
#include "base/encoding.h"
#include "base/errors.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "base/time_format.h"
#include "scan/report_json.h"
#include "store/product_codec.h"

namespace bourse::service {
namespace {

using domain::Principal;
using domain::ProductAction;
using domain::ProductStatus;

bool IsHex64(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

// A file name is metadata only, but it is shown to people and tools: refuse path syntax and
// control characters so that it can never be mistaken for a path.
Status ValidateFileName(const std::string& name) {
  if (name.empty()) return errors::MissingField("file_name");
  if (name.size() > 255) return errors::InvalidField("file_name", "at most 255 bytes");
  if (name == "." || name == ".." || name[0] == '.')
    return errors::InvalidField("file_name", "must not start with a dot");
  for (unsigned char c : name) {
    if (c == '/' || c == '\\') return errors::InvalidField("file_name", "must not contain a path");
    if (c < 0x20 || c == 0x7F)
      return errors::InvalidField("file_name", "must not contain control characters");
  }
  return OkStatus();
}

bool SeesEverything(const Principal& p) { return p.SeesEverything(); }

Status RequireWriter(const Principal& caller) {
  if (caller.IsRegulator()) return errors::Forbidden("the regulator reads but never writes");
  return OkStatus();
}

absl::CivilDay Today(absl::Time now) {
  // The exchange works in China Standard Time (UTC+8), which decides minors and timeliness.
  return absl::ToCivilDay(now, absl::FixedTimeZone(8 * 3600));
}

// Punctuation and spaces outside ASCII that the catalogue's index (SQLite's unicode61 tokenizer)
// also treats as separators: the middle dot of "成都 · Chengdu", CJK commas and full stops,
// quotation marks, dashes, ideographic and no-break spaces, full-width punctuation.
bool IsUnicodeSeparator(uint32_t cp) {
  return cp == 0xA0 || cp == 0xB7 || (cp >= 0x2000 && cp <= 0x206F) ||
         (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF01 && cp <= 0xFF0F) ||
         (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40) ||
         (cp >= 0xFF5B && cp <= 0xFF65);
}

// The code point of the UTF-8 sequence starting at text[i] and its length (1 for a stray byte).
std::pair<uint32_t, size_t> DecodeAt(std::string_view text, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const unsigned char c = b(0);
  size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  if (i + n > text.size()) return {c, 1};
  uint32_t cp = n == 1 ? c : n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
  for (size_t k = 1; k < n; ++k) {
    if ((b(k) & 0xC0) != 0x80) return {c, 1};
    cp = (cp << 6) | (b(k) & 0x3F);
  }
  return {cp, n};
}

}  // namespace

StatusOr<std::vector<std::string>> AnalyzeQuery(std::string_view text) {
  if (text.size() > 200) return errors::InvalidField("q", "at most 200 bytes");
  std::vector<std::string> words;
  std::string word;
  auto flush = [&](bool prefix) -> Status {
    if (word.empty()) return OkStatus();
    if (prefix && Utf8Length(word) < 2)
      return errors::InvalidField("q", "a prefix search needs at least two characters before '*'");
    if (words.size() == 8) return errors::InvalidField("q", "at most eight words");
    words.push_back(prefix ? word + "*" : word);
    word.clear();
    return OkStatus();
  };
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      const auto [cp, n] = DecodeAt(text, i);
      if (IsUnicodeSeparator(cp)) {
        BOURSE_RETURN_IF_ERROR(flush(false));
      } else {
        word.append(text.substr(i, n));
      }
      i += n;
    } else if (std::isalnum(c)) {
      word.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
      ++i;
    } else {
      BOURSE_RETURN_IF_ERROR(flush(c == '*'));
      ++i;
    }
  }
  BOURSE_RETURN_IF_ERROR(flush(false));
  if (!IsValidUtf8(text)) return errors::InvalidField("q", "must be valid UTF-8");
  return words;
}

ProductService::ProductService(store::Store& store, const Clock& clock, Random& random,
                               log::TransparencyLog& log, delivery::BlobStore& blobs,
                               std::shared_ptr<const scan::Detector> detector,
                               ProductOptions options)
    : store_(store),
      clock_(clock),
      random_(random),
      log_(log),
      blobs_(blobs),
      detector_(std::move(detector)),
      options_(options),
      catalog_(store, clock, options.catalog_refresh) {}

StatusOr<domain::Product> ProductService::Visible(store::Transaction& tx,
                                                  const std::optional<Principal>& caller,
                                                  const ProductId& id) {
  BOURSE_ASSIGN_OR_RETURN(domain::Product p, tx.products().Get(id));
  if (p.status == ProductStatus::kListed) return p;
  if (caller && (SeesEverything(*caller) || caller->Owns(p.seller_id) ||
                 (p.assessor_id && caller->Owns(*p.assessor_id))))
    return p;
  return errors::NotFound("product");
}

StatusOr<ProductView> ProductService::View(store::Transaction& tx, domain::Product product,
                                           int64_t log_index) {
  ProductView view;
  BOURSE_ASSIGN_OR_RETURN(view.history, tx.products().Events(product.id));
  BOURSE_ASSIGN_OR_RETURN(view.assessments, tx.products().Assessments(product.id));
  view.product = std::move(product);
  view.log_index = log_index;
  return view;
}

StatusOr<int64_t> ProductService::Transition(store::Transaction& tx, domain::Product& p,
                                             ProductAction action, ProductStatus to,
                                             const std::optional<OrganizationId>& actor,
                                             const std::string& reason) {
  const absl::Time now = clock_.Now();
  domain::ProductEvent event{p.id, action, actor, p.status, to, p.revision, reason, now};
  p.status = to;
  p.status_reason = reason;
  p.updated_at = now;
  BOURSE_RETURN_IF_ERROR(tx.products().Update(p));
  BOURSE_RETURN_IF_ERROR(tx.products().AppendEvent(event));
  log::Event entry;
  entry.type = "product.transition";
  entry.time = now;
  if (actor) entry.actor = actor->value();
  entry.subjects = {{"product", p.id.value()}, {"seller", p.seller_id.value()}};
  entry.fields = {{"action", domain::Name(action)},
                  {"from", domain::Name(event.from)},
                  {"to", domain::Name(to)},
                  {"revision", p.revision}};
  // A listing of content the scanner could not read names the assessment whose attestation
  // it rests on.
  if (p.dataset && !p.dataset->readable && p.assessment_id &&
      (to == ProductStatus::kPublicNotice || to == ProductStatus::kListed)) {
    entry.fields["dataset_readable"] = false;
    entry.subjects["content_attestation"] = p.assessment_id->value();
  }
  if (!reason.empty()) entry.Document("reason", reason);
  return log_.Append(tx, entry);
}

StatusOr<ProductView> ProductService::Create(const Principal& caller,
                                             const domain::ProductDescription& description) {
  BOURSE_RETURN_IF_ERROR(RequireWriter(caller));
  BOURSE_RETURN_IF_ERROR(domain::ValidateDescription(description));
  BOURSE_RETURN_IF_ERROR(domain::CheckMoney(description.price.amount, options_.money,
                                            "price.amount", "price.currency"));
  if (!caller.roles.Has(domain::Role::kSeller) && !caller.roles.Has(domain::Role::kDataMerchant))
    return errors::Forbidden("only sellers and data merchants register products");
  if (caller.status != domain::AdmissionStatus::kApproved)
    return errors::Forbidden("the organisation is not approved");
  ProductView out;
  BOURSE_RETURN_IF_ERROR(store_.Write([&](store::Transaction& tx) -> Status {
    for (const auto& source : description.derived_from) {
      auto s = Visible(tx, caller, source);
      if (!s.ok())
        return errors::InvalidField("derived_from", StrCat("unknown product ", source.value()));
    }
    domain::Product p;
    p.id = ProductId(NewId("prd", clock_.Now(), random_));
    p.seller_id = caller.organization;
    p.status = ProductStatus::kDraft;
    p.revision = 1;
    p.description = description;
    p.created_at = p.updated_at = clock_.Now();
    BOURSE_RETURN_IF_ERROR(tx.products().Insert(&p));
    BOURSE_RETURN_IF_ERROR(
        tx.products().InsertRevision({p.id, 1, description, std::nullopt, p.created_at}));
    log::Event entry;
    entry.type = "product.created";
    entry.time = p.created_at;
    entry.actor = caller.organization.value();
    entry.subjects = {{"product", p.id.value()}, {"seller", p.seller_id.value()}};
    entry.fields = {{"category", domain::Name(description.category)},
                    {"form", domain::Name(description.form)},
                    {"classification", domain::Name(description.classification)},
                    {"revision", 1}};
    entry.Document("description", store::EncodeDescription(description));
    BOURSE_ASSIGN_OR_RETURN(int64_t index, log_.Append(tx, entry));
    BOURSE_ASSIGN_OR_RETURN(out, View(tx, std::move(p), index));
    return OkStatus();
  }));
  return out;
}

StatusOr<ProductView> ProductService::Get(const std::optional<Principal>& caller,
                                          const ProductId& id) {
  ProductView out;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(domain::Product p, Visible(tx, caller, id));
    BOURSE_ASSIGN_OR_RETURN(out, View(tx, std::move(p), -1));
    return OkStatus();
  }));
  return out;
}

StatusOr<store::ProductPage> ProductService::List(const Principal& caller,
                                                  store::ProductFilter filter) {
  if (!SeesEverything(caller)) {
    if (caller.roles.Has(domain::Role::kServiceProvider) &&
        !caller.roles.Has(domain::Role::kSeller) && !caller.roles.Has(domain::Role::kDataMerchant))
      filter.assessor = caller.organization;
    else
      filter.seller = caller.organization;
  }
  store::ProductPage out;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(out, tx.products().List(filter));
    return OkStatus();
  }));
  return out;
}

StatusOr<ProductView> ProductService::Revise(const Principal& caller, const ProductId& id,
                                             const domain::ProductDescription& description) {
  BOURSE_RETURN_IF_ERROR(RequireWriter(caller));
  BOURSE_RETURN_IF_ERROR(domain::ValidateDescription(description));
  BOURSE_RETURN_IF_ERROR(domain::CheckMoney(description.price.amount, options_.money,
                                            "price.amount", "price.currency"));
  ProductView out;
  BOURSE_RETURN_IF_ERROR(store_.Write([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(domain::Product p, Visible(tx, caller, id));
    if (!caller.Owns(p.seller_id)) return errors::Forbidden("only the seller revises a product");
    BOURSE_ASSIGN_OR_RETURN(ProductStatus next,
                            domain::NextProductStatus(p.status, ProductAction::kRevise));
    p.revision += 1;
    p.description = description;
    p.assessment_id.reset();
    p.assessment_valid_until.reset();
    p.assessor_id.reset();
    // The dataset carries over; the seller may upload a new one for this revision.
    BOURSE_RETURN_IF_ERROR(tx.products().InsertRevision(
        {p.id, p.revision, description,
         p.dataset ? std::optional<DatasetId>(p.dataset->id) : std::nullopt, clock_.Now()}));
    BOURSE_ASSIGN_OR_RETURN(
        int64_t index, Transition(tx, p, ProductAction::kRevise, next, caller.organization, ""));
    BOURSE_ASSIGN_OR_RETURN(out, View(tx, std::move(p), index));
    return OkStatus();
  }));
  catalog_.Update(out.product);
  return out;
}

StatusOr<std::vector<domain::Revision>> ProductService::Revisions(
    const std::optional<Principal>& caller, const ProductId& id) {
  std::vector<domain::Revision> out;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    BOURSE_RETURN_IF_ERROR(Visible(tx, caller, id).status());
    BOURSE_ASSIGN_OR_RETURN(out, tx.products().Revisions(id));
    return OkStatus();
  }));
  return out;
}

StatusOr<domain::Revision> ProductService::GetRevision(const std::optional<Principal>& caller,
                                                       const ProductId& id, int number) {
  domain::Revision out;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    BOURSE_RETURN_IF_ERROR(Visible(tx, caller, id).status());
    BOURSE_ASSIGN_OR_RETURN(out, tx.products().GetRevision(id, number));
    return OkStatus();
  }));
  return out;
}

StatusOr<domain::Dataset> ProductService::GetDataset(const std::optional<Principal>& caller,
                                                     const ProductId& id,
                                                     const DatasetId& dataset) {
  domain::Dataset out;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    BOURSE_RETURN_IF_ERROR(Visible(tx, caller, id).status());
    BOURSE_ASSIGN_OR_RETURN(out, tx.products().GetDataset(dataset));
    if (out.product_id != id) return errors::NotFound("dataset");
    return OkStatus();
  }));
  return out;
}

StatusOr<domain::ListingFacts> ProductService::ListingFactsFor(store::Transaction& tx,
                                                               const domain::Product& p) {
  domain::ListingFacts facts;
  facts.now = clock_.Now();
  if (p.assessment_id) {
    BOURSE_ASSIGN_OR_RETURN(facts.assessment, tx.products().GetAssessment(*p.assessment_id));
  }
  BOURSE_ASSIGN_OR_RETURN(facts.seller, tx.organizations().Get(p.seller_id));
  if (facts.seller.profile.sponsor_id) {
    auto sponsor = tx.organizations().Get(*facts.seller.profile.sponsor_id);
    if (sponsor.ok()) facts.sponsor = *sponsor;
  }
  return facts;
}

StatusOr<ProductView> ProductService::Act(const Principal& caller, const ProductId& id,
                                          const ProductActionRequest& request) {
  BOURSE_RETURN_IF_ERROR(RequireWriter(caller));
  const ProductAction action = request.action;
  const domain::ProductActor actor = domain::ActorOf(action);
  if (actor == domain::ProductActor::kSystem)
    return errors::Forbidden(
        StrCat("'", domain::Name(action), "' is taken by the exchange itself"));
  if (actor == domain::ProductActor::kAssessor || action == ProductAction::kObject ||
      action == ProductAction::kRevise)
    return errors::InvalidField("action", "use the assessments, objections or revisions resource");
  if (request.reason.size() > 2000)
    return errors::InvalidField("reason", "at most 2000 characters");
  ProductView out;
  BOURSE_RETURN_IF_ERROR(store_.Write([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(domain::Product p, Visible(tx, caller, id));
    if (actor == domain::ProductActor::kSeller && !caller.Owns(p.seller_id))
      return errors::Forbidden("only the seller takes this action");
    if (actor == domain::ProductActor::kOperator && !caller.IsOperator())
      return errors::Forbidden("only the operator takes this action");
    BOURSE_ASSIGN_OR_RETURN(ProductStatus next, domain::NextProductStatus(p.status, action));
    std::string reason = request.reason;
    switch (action) {
      case ProductAction::kSubmit: {
        domain::SubmissionFacts facts;
        if (p.dataset) {
          facts.has_dataset = true;
          facts.dataset_has_personal_information = p.dataset->personal_information;
          facts.dataset_has_sensitive_personal_information =
              p.dataset->sensitive_personal_information;
          facts.suggested_classification = p.dataset->suggested_classification;
        }
        auto problems = domain::SubmissionProblems(p.description, facts);
        if (!problems.empty()) {
          next = ProductStatus::kNeedsFix;
          reason = StrJoin(problems, "; ");
        }
        break;
      }
      case ProductAction::kCommissionAssessment: {
        if (!request.assessor_id) return errors::MissingField("assessor_id");
        auto assessor = tx.organizations().Get(*request.assessor_id);
        if (!assessor.ok() || !assessor->IsApproved() ||
            !assessor->profile.service_types.Has(domain::ServiceType::kComplianceAssessor))
          return errors::InvalidField("assessor_id", "is not an approved compliance assessor");
        if (*request.assessor_id == p.seller_id)
          return errors::InvalidField("assessor_id", "a seller cannot assess its own product");
        p.assessor_id = *request.assessor_id;
        break;
      }
      case ProductAction::kApproveListing:
      case ProductAction::kReinstate: {
        BOURSE_ASSIGN_OR_RETURN(auto facts, ListingFactsFor(tx, p));
        const bool escalated =
            p.status == ProductStatus::kEscalated || action == ProductAction::kReinstate;
        BOURSE_RETURN_IF_ERROR(domain::CheckListingGuards(p, facts, escalated));
        if (action == ProductAction::kApproveListing)
          p.notice_ends_at = clock_.Now() + options_.notice_period;
        break;
      }
      case ProductAction::kRequestListing:
      case ProductAction::kRelist: {
        BOURSE_ASSIGN_OR_RETURN(auto facts, ListingFactsFor(tx, p));
        // The operator will check everything again; refuse early what cannot pass.
        Status guards = domain::CheckListingGuards(p, facts, /*escalated=*/true);
        if (!guards.ok()) return guards;
        break;
      }
      case ProductAction::kRejectListing:
      case ProductAction::kUpholdObjection:
      case ProductAction::kSuspend:
      case ProductAction::kDelist:
        if (reason.empty()) return errors::MissingField("reason");
        p.notice_ends_at.reset();
        break;
      default:
        break;
    }
    if (next == ProductStatus::kDelisted) p.listed_revision.reset();
    BOURSE_ASSIGN_OR_RETURN(int64_t index,
                            Transition(tx, p, action, next, caller.organization, reason));
    BOURSE_ASSIGN_OR_RETURN(out, View(tx, std::move(p), index));
    return OkStatus();
  }));
  catalog_.Update(out.product);
  return out;
}

StatusOr<ProductView> ProductService::Assess(const Principal& caller, const ProductId& id,
                                             const AssessmentRequest& r) {
  BOURSE_RETURN_IF_ERROR(RequireWriter(caller));
  ProductView out;
  BOURSE_RETURN_IF_ERROR(store_.Write([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(domain::Product p, Visible(tx, caller, id));
    const ProductAction action =
        r.outcome == domain::AssessmentOutcome::kPass          ? ProductAction::kAssessPass
        : r.outcome == domain::AssessmentOutcome::kConditional ? ProductAction::kAssessConditional
                                                               : ProductAction::kAssessFail;
    domain::ComplianceAssessment a;
    a.id = AssessmentId(NewId("asm", clock_.Now(), random_));
    a.product_id = p.id;
    a.revision = p.revision;
    a.assessor_id = caller.organization;
    a.outcome = r.outcome;
    a.subject_opinion = r.subject_opinion;
    a.object_opinion = r.object_opinion;
    a.circulation_opinion = r.circulation_opinion;
    a.legal_opinion = r.legal_opinion;
    a.conditions = r.conditions;
    a.pipia_reviewed = r.pipia_reviewed;
    a.content_reviewed = r.content_reviewed;
    a.content_attestation = r.content_attestation;
    a.decided_at = clock_.Now();
    a.valid_until = r.outcome == domain::AssessmentOutcome::kFail ? a.decided_at : r.valid_until;
    BOURSE_RETURN_IF_ERROR(domain::CheckAssessment(a, p, options_.max_assessment_validity));
    BOURSE_ASSIGN_OR_RETURN(ProductStatus next, domain::NextProductStatus(p.status, action));
    BOURSE_RETURN_IF_ERROR(tx.products().InsertAssessment(a));
    if (r.outcome != domain::AssessmentOutcome::kFail) {
      p.assessment_id = a.id;
      p.assessment_valid_until = a.valid_until;
    }
    log::Event entry;
    entry.type = "assessment.recorded";
    entry.time = a.decided_at;
    entry.actor = caller.organization.value();
    entry.subjects = {{"assessment", a.id.value()}, {"product", p.id.value()}};
    entry.fields = {{"outcome", domain::Name(a.outcome)},
                    {"revision", a.revision},
                    {"valid_until", FormatRfc3339(a.valid_until)},
                    {"pipia_reviewed", a.pipia_reviewed},
                    {"content_reviewed", a.content_reviewed}};
    entry.Document("legal_opinion", a.legal_opinion);
    if (!a.content_attestation.empty())
      entry.Document("content_attestation", a.content_attestation);
    BOURSE_RETURN_IF_ERROR(log_.Append(tx, entry).status());
    BOURSE_ASSIGN_OR_RETURN(int64_t index,
                            Transition(tx, p, action, next, caller.organization, r.conditions));
    BOURSE_ASSIGN_OR_RETURN(out, View(tx, std::move(p), index));
    return OkStatus();
  }));
  return out;
}

StatusOr<ProductView> ProductService::Object(const Principal& caller, const ProductId& id,
                                             const std::string& reason) {
  BOURSE_RETURN_IF_ERROR(RequireWriter(caller));
  if (reason.empty()) return errors::MissingField("reason");
  if (reason.size() > 2000) return errors::InvalidField("reason", "at most 2000 characters");
  if (caller.status != domain::AdmissionStatus::kApproved)
    return errors::Forbidden("only admitted participants object");
  ProductView out;
  BOURSE_RETURN_IF_ERROR(store_.Write([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(domain::Product p, tx.products().Get(id));
    // Products in public notice are public: that is what the notice is for.
    if (p.status != ProductStatus::kPublicNotice && p.status != ProductStatus::kListed &&
        !(SeesEverything(caller) || caller.Owns(p.seller_id)))
      return errors::NotFound("product");
    BOURSE_ASSIGN_OR_RETURN(ProductStatus next,
                            domain::NextProductStatus(p.status, ProductAction::kObject));
    BOURSE_ASSIGN_OR_RETURN(int64_t index, Transition(tx, p, ProductAction::kObject, next,
                                                      caller.organization, reason));
    BOURSE_ASSIGN_OR_RETURN(out, View(tx, std::move(p), index));
    return OkStatus();
  }));
  catalog_.Update(out.product);
  return out;
}

StatusOr<CatalogPage> ProductService::Search(const CatalogQuery& query) {
  return catalog_.Search(query);
}

StatusOr<int> ProductService::Sweep() {
  int moved = 0;
  std::vector<domain::Product> changed;
  BOURSE_RETURN_IF_ERROR(store_.Write([&](store::Transaction& tx) -> Status {
    const absl::Time now = clock_.Now();
    BOURSE_ASSIGN_OR_RETURN(auto due, tx.products().NoticesDue(now));
    for (const auto& id : due) {
      BOURSE_ASSIGN_OR_RETURN(domain::Product p, tx.products().Get(id));
      p.notice_ends_at.reset();
      p.listed_revision = p.revision;
      BOURSE_RETURN_IF_ERROR(Transition(tx, p, ProductAction::kNoticeExpires,
                                        ProductStatus::kListed, std::nullopt,
                                        "public notice ended without an upheld objection")
                                 .status());
      changed.push_back(p);
      ++moved;
    }
    BOURSE_ASSIGN_OR_RETURN(auto expired, tx.products().AssessmentsExpired(now));
    for (const auto& id : expired) {
      BOURSE_ASSIGN_OR_RETURN(domain::Product p, tx.products().Get(id));
      BOURSE_RETURN_IF_ERROR(Transition(tx, p, ProductAction::kAssessmentExpires,
                                        ProductStatus::kSuspended, std::nullopt,
                                        "the compliance assessment expired")
                                 .status());
      changed.push_back(p);
      ++moved;
    }
    return OkStatus();
  }));
  for (const auto& p : changed) catalog_.Update(p);
  BOURSE_ASSIGN_OR_RETURN(const int expired, ExpireUploads());
  return moved + expired;
}

// ---- uploads ------------------------------------------------------------------------------

StatusOr<store::Upload> ProductService::StartUpload(const Principal& caller, const ProductId& id,
                                                    const UploadRequest& r) {
  BOURSE_RETURN_IF_ERROR(RequireWriter(caller));
  BOURSE_RETURN_IF_ERROR(ValidateFileName(r.file_name));
  if (r.size <= 0) return errors::InvalidField("size", "must be at least 1 byte");
  if (r.size > options_.max_upload_bytes)
    return errors::QuotaExceeded(
        StrCat("a file may have at most ", options_.max_upload_bytes, " bytes"));
  if (!r.sha256.empty() && !IsHex64(r.sha256))
    return errors::InvalidField("sha256", "must be 64 lower-case hex digits");
  store::Upload out;
  BOURSE_RETURN_IF_ERROR(store_.Write([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(domain::Product p, Visible(tx, caller, id));
    if (!caller.Owns(p.seller_id)) return errors::Forbidden("only the seller uploads datasets");
    if (p.status != ProductStatus::kDraft && p.status != ProductStatus::kNeedsFix)
      return errors::IllegalTransition(
          "datasets attach to a draft revision: revise the product first");
    BOURSE_ASSIGN_OR_RETURN(int64_t stored, tx.products().DatasetBytes(caller.organization));
    BOURSE_ASSIGN_OR_RETURN(int64_t open, tx.uploads().OpenBytes(caller.organization));
    if (stored + open + r.size > options_.upload_quota_bytes)
      return errors::QuotaExceeded(StrCat("the organisation's storage quota is ",
                                          options_.upload_quota_bytes, " bytes; ", stored + open,
                                          " are in use"));
    store::Upload u;
    u.id = UploadId(NewId("upl", clock_.Now(), random_));
    u.product_id = p.id;
    u.owner = caller.organization;
    u.file_name = r.file_name;
    u.size = r.size;
    u.sha256 = r.sha256;
    u.created_at = clock_.Now();
    BOURSE_RETURN_IF_ERROR(tx.uploads().Insert(u));
    out = u;
    return OkStatus();
  }));
  return out;
}

StatusOr<store::Upload> ProductService::GetUpload(const Principal& caller, const UploadId& id) {
  store::Upload out;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(out, tx.uploads().Get(id));
    if (!caller.Owns(out.owner)) return errors::NotFound("upload");
    return OkStatus();
  }));
  return out;
}

StatusOr<int64_t> ProductService::Append(const Principal& caller, const UploadId& id,
                                         int64_t offset, std::string_view bytes) {
  BOURSE_RETURN_IF_ERROR(RequireWriter(caller));
  {
    absl::MutexLock lock(&busy_mu_);
    if (!busy_uploads_.insert(id.value()).second)
      return errors::Conflict("another request is writing this upload", "Upload-Offset");
  }
  auto release = [&] {
    absl::MutexLock lock(&busy_mu_);
    busy_uploads_.erase(id.value());
  };
  StatusOr<int64_t> result = [&]() -> StatusOr<int64_t> {
    BOURSE_ASSIGN_OR_RETURN(store::Upload u, GetUpload(caller, id));
    if (offset != u.received)
      return errors::Conflict(StrCat("the upload is at offset ", u.received), "Upload-Offset");
    if (bytes.empty()) return errors::InvalidField("body", "must not be empty");
    if (offset + static_cast<int64_t>(bytes.size()) > u.size)
      return errors::InvalidField("body",
                                  StrCat("goes past the declared size of ", u.size, " bytes"));
    BOURSE_RETURN_IF_ERROR(blobs_.Write(id, offset, bytes));
    const int64_t received = offset + static_cast<int64_t>(bytes.size());
    BOURSE_RETURN_IF_ERROR(store_.Write(
        [&](store::Transaction& tx) { return tx.uploads().Advance(id, offset, received); }));
    return received;
  }();
  release();
  return result;
}

absl::Time ProductService::UploadExpiresAt(const store::Upload& u) const {
  return u.created_at + options_.upload_expiry;
}

StatusOr<int> ProductService::ExpireUploads() {
  std::vector<store::Upload> due;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(due,
                            tx.uploads().StartedBefore(clock_.Now() - options_.upload_expiry, 100));
    return OkStatus();
  }));
  int expired = 0;
  for (const store::Upload& u : due) {
    {
      absl::MutexLock lock(&busy_mu_);
      // One being written or completed right now is left for the next sweep.
      if (!busy_uploads_.insert(u.id.value()).second) continue;
    }
    Status st = FinishUpload(u);
    {
      absl::MutexLock lock(&busy_mu_);
      busy_uploads_.erase(u.id.value());
    }
    BOURSE_RETURN_IF_ERROR(st);
    ++expired;
  }
  return expired;
}

Status ProductService::FinishUpload(const store::Upload& u) {
  BOURSE_RETURN_IF_ERROR(blobs_.Discard(u.id));
  return store_.Write([&](store::Transaction& tx) { return tx.uploads().Delete(u.id); });
}

StatusOr<domain::Dataset> ProductService::Complete(const Principal& caller, const UploadId& id) {
  BOURSE_RETURN_IF_ERROR(RequireWriter(caller));
  BOURSE_ASSIGN_OR_RETURN(store::Upload u, GetUpload(caller, id));
  {
    absl::MutexLock lock(&busy_mu_);
    if (!busy_uploads_.insert(id.value()).second)
      return errors::Conflict("a chunk is still being written", "Upload-Offset");
  }
  // Neither a chunk nor the expiry sweep touches the upload while it is scanned and sealed.
  absl::Cleanup release = [&] {
    absl::MutexLock lock(&busy_mu_);
    busy_uploads_.erase(id.value());
  };
  if (u.received != u.size || blobs_.PartialSize(id) != u.size) {
    return errors::InvalidDataset(StrCat("the upload is incomplete: ", u.received, " of ", u.size,
                                         " bytes received; resume at offset ", u.received));
  }
  std::optional<domain::UpdateFrequency> frequency;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(domain::Product p, Visible(tx, caller, u.product_id));
    frequency = p.description.update_frequency;
    return OkStatus();
  }));
  scan::ScanOptions options;
  options.as_of = Today(clock_.Now());
  options.update_frequency = frequency;
  options.threads = options_.scan_threads;
  options.important_individuals = options_.important_individuals;
  options.important_sensitive_individuals = options_.important_sensitive_individuals;
  options.resident_id_is_sensitive = options_.resident_id_is_sensitive;
  options.limits = options_.scan_limits;
  // Derived content (decompressed, transcoded) goes beside the uploads, on the same volume.
  options.scratch_dir = std::filesystem::path(blobs_.PartialPath(id)).parent_path().string();
  auto report = scan::ScanFile(blobs_.PartialPath(id), *detector_, options);
  if (!report.ok()) {
    // Nothing half-stored: the bytes and the upload go; the seller fixes the file and retries.
    FinishUpload(u).IgnoreError();
    if (errors::KindOf(report.status()) == errors::kInvalidDataset) return report.status();
    return errors::InvalidDataset(report.status().message());
  }
  BOURSE_ASSIGN_OR_RETURN(delivery::SealedBlob blob, blobs_.Seal(id));
  if (!u.sha256.empty() && u.sha256 != blob.sha256) {
    store_.Write([&](store::Transaction& tx) { return tx.uploads().Delete(u.id); }).IgnoreError();
    return errors::InvalidDataset(StrCat("the content's SHA-256 is ", blob.sha256,
                                         ", not the declared ", u.sha256,
                                         ": the file changed or was damaged in transit"));
  }
  domain::Dataset d;
  d.id = DatasetId(NewId("dst", clock_.Now(), random_));
  d.product_id = u.product_id;
  d.file_name = u.file_name;
  d.format = report->format;
  d.bytes = blob.bytes;
  d.sha256 = blob.sha256;
  d.report_json = boost::json::serialize(scan::ReportToJson(*report));
  if (report->quality) d.quality_score = report->quality->score;
  d.suggested_classification = report->suggested_classification;
  d.personal_information = report->personal_information;
  d.sensitive_personal_information = report->sensitive_personal_information;
  d.readable = report->readable;
  d.uploaded_at = clock_.Now();
  BOURSE_RETURN_IF_ERROR(store_.Write([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(domain::Product p, tx.products().Get(u.product_id));
    if (p.status != ProductStatus::kDraft && p.status != ProductStatus::kNeedsFix)
      return errors::IllegalTransition("the product left draft while the file was uploading");
    d.revision = p.revision;
    BOURSE_RETURN_IF_ERROR(tx.products().InsertDataset(d, u.owner));
    BOURSE_RETURN_IF_ERROR(tx.products().SetRevisionDataset(p.id, p.revision, d.id));
    p.dataset = d;
    p.updated_at = d.uploaded_at;
    BOURSE_RETURN_IF_ERROR(tx.products().Update(p));
    BOURSE_RETURN_IF_ERROR(tx.uploads().Delete(u.id));
    log::Event entry;
    entry.type = "dataset.scanned";
    entry.time = d.uploaded_at;
    entry.actor = caller.organization.value();
    entry.subjects = {{"dataset", d.id.value()}, {"product", p.id.value()}};
    entry.fields = {{"revision", p.revision},
                    {"bytes", d.bytes},
                    {"sha256", d.sha256},
                    {"format", domain::Name(d.format)},
                    {"readable", d.readable},
                    {"personal_information", d.personal_information},
                    {"sensitive_personal_information", d.sensitive_personal_information},
                    {"suggested_classification", domain::Name(d.suggested_classification)},
                    {"quality_score", d.quality_score ? boost::json::value(*d.quality_score)
                                                      : boost::json::value(nullptr)}};
    entry.Document("report", d.report_json);
    return log_.Append(tx, entry).status();
  }));
  return d;
}

Status ProductService::Abort(const Principal& caller, const UploadId& id) {
  BOURSE_RETURN_IF_ERROR(RequireWriter(caller));
  BOURSE_ASSIGN_OR_RETURN(store::Upload u, GetUpload(caller, id));
  return FinishUpload(u);
}

}  // namespace bourse::service
