#include "domain/enums.h"

#include <array>
#include <utility>
#include <vector>

#include "base/strings.h"

namespace bourse::domain {
namespace {

template <typename E, size_t N>
using Table = std::array<std::pair<E, std::string_view>, N>;

constexpr Table<LegalForm, 3> kLegalForms{
    {{LegalForm::kEnterpriseLegalPerson, "enterprise_legal_person"},
     {LegalForm::kLegalPerson, "legal_person"},
     {LegalForm::kUnincorporated, "unincorporated"}}};
constexpr Table<Role, 6> kRoles{{{Role::kDataMerchant, "data_merchant"},
                                 {Role::kSeller, "seller"},
                                 {Role::kBuyer, "buyer"},
                                 {Role::kServiceProvider, "service_provider"},
                                 {Role::kOperator, "operator"},
                                 {Role::kRegulator, "regulator"}}};
constexpr Table<ServiceType, 4> kServiceTypes{
    {{ServiceType::kComplianceAssessor, "compliance_assessor"},
     {ServiceType::kQualityAssessor, "quality_assessor"},
     {ServiceType::kValuer, "valuer"},
     {ServiceType::kDeliveryProvider, "delivery_provider"}}};
constexpr Table<MerchantTier, 3> kTiers{{{MerchantTier::kEcosystem, "ecosystem"},
                                         {MerchantTier::kCore, "core"},
                                         {MerchantTier::kStrategic, "strategic"}}};
constexpr Table<MerchantType, 8> kMerchantTypes{{{MerchantType::kResource, "resource"},
                                                 {MerchantType::kIntegration, "integration"},
                                                 {MerchantType::kChannel, "channel"},
                                                 {MerchantType::kTechnology, "technology"},
                                                 {MerchantType::kEntrusted, "entrusted"},
                                                 {MerchantType::kMedia, "media"},
                                                 {MerchantType::kKnowledge, "knowledge"},
                                                 {MerchantType::kPlatform, "platform"}}};
constexpr Table<AdmissionStatus, 9> kStatuses{
    {{AdmissionStatus::kSubmitted, "submitted"},
     {AdmissionStatus::kReturned, "returned"},
     {AdmissionStatus::kUnderReview, "under_review"},
     {AdmissionStatus::kNeedsSupplement, "needs_supplement"},
     {AdmissionStatus::kApproved, "approved"},
     {AdmissionStatus::kRejected, "rejected"},
     {AdmissionStatus::kSuspended, "suspended"},
     {AdmissionStatus::kRevoked, "revoked"},
     {AdmissionStatus::kExited, "exited"}}};
constexpr Table<AdmissionAction, 10> kActions{
    {{AdmissionAction::kPassChecks, "pass_checks"},
     {AdmissionAction::kFailChecks, "fail_checks"},
     {AdmissionAction::kApprove, "approve"},
     {AdmissionAction::kReject, "reject"},
     {AdmissionAction::kRequestSupplement, "request_supplement"},
     {AdmissionAction::kSupplement, "supplement"},
     {AdmissionAction::kSuspend, "suspend"},
     {AdmissionAction::kReinstate, "reinstate"},
     {AdmissionAction::kRevoke, "revoke"},
     {AdmissionAction::kExit, "exit"}}};
constexpr Table<CertificateType, 4> kCertTypes{
    {{CertificateType::kDataMerchant, "data_merchant"},
     {CertificateType::kRightsRegistration, "rights_registration"},
     {CertificateType::kTrade, "trade"},
     {CertificateType::kCrossBorderTrade, "cross_border_trade"}}};
constexpr Table<DataClassification, 3> kDataClassificationNames{
    {{DataClassification::kGeneral, "general"},
     {DataClassification::kImportant, "important"},
     {DataClassification::kCore, "core"}}};
constexpr Table<UpdateFrequency, 9> kUpdateFrequencyNames{
    {{UpdateFrequency::kRealtime, "realtime"},
     {UpdateFrequency::kHourly, "hourly"},
     {UpdateFrequency::kDaily, "daily"},
     {UpdateFrequency::kWeekly, "weekly"},
     {UpdateFrequency::kMonthly, "monthly"},
     {UpdateFrequency::kQuarterly, "quarterly"},
     {UpdateFrequency::kYearly, "yearly"},
     {UpdateFrequency::kIrregular, "irregular"},
     {UpdateFrequency::kStatic, "static"}}};
constexpr Table<ProductCategory, 4> kProductCategoryNames{
    {{ProductCategory::kDataProduct, "data_product"},
     {ProductCategory::kDataService, "data_service"},
     {ProductCategory::kDataTool, "data_tool"},
     {ProductCategory::kOther, "other"}}};
constexpr Table<ProductForm, 7> kProductFormNames{{{ProductForm::kDataset, "dataset"},
                                                   {ProductForm::kReport, "report"},
                                                   {ProductForm::kVisualisation, "visualisation"},
                                                   {ProductForm::kIndex, "index"},
                                                   {ProductForm::kApi, "api"},
                                                   {ProductForm::kEncrypted, "encrypted"},
                                                   {ProductForm::kModel, "model"}}};
constexpr Table<DeliveryMode, 4> kDeliveryModeNames{
    {{DeliveryMode::kFile, "file"},
     {DeliveryMode::kApi, "api"},
     {DeliveryMode::kPrivacyComputing, "privacy_computing"},
     {DeliveryMode::kSandbox, "sandbox"}}};
constexpr Table<PriceModel, 4> kPriceModelNames{
    {{PriceModel::kOneOff, "one_off"},
     {PriceModel::kSubscription, "subscription"},
     {PriceModel::kPerCall, "per_call"},
     {PriceModel::kPerThousandRecords, "per_thousand_records"}}};
constexpr Table<SourceType, 10> kSourceTypeNames{{{SourceType::kGovernment, "government"},
                                                  {SourceType::kUtility, "utility"},
                                                  {SourceType::kFinance, "finance"},
                                                  {SourceType::kIndustry, "industry"},
                                                  {SourceType::kTrade, "trade"},
                                                  {SourceType::kMedia, "media"},
                                                  {SourceType::kInternet, "internet"},
                                                  {SourceType::kResearch, "research"},
                                                  {SourceType::kIndividuals, "individuals"},
                                                  {SourceType::kOther, "other"}}};
constexpr Table<Sector, 14> kSectorNames{{{Sector::kEnergy, "energy"},
                                          {Sector::kFinance, "finance"},
                                          {Sector::kTransport, "transport"},
                                          {Sector::kHealthcare, "healthcare"},
                                          {Sector::kManufacturing, "manufacturing"},
                                          {Sector::kAgriculture, "agriculture"},
                                          {Sector::kRetail, "retail"},
                                          {Sector::kTelecom, "telecom"},
                                          {Sector::kGovernment, "government"},
                                          {Sector::kEnvironment, "environment"},
                                          {Sector::kLogistics, "logistics"},
                                          {Sector::kRealEstate, "real_estate"},
                                          {Sector::kEducation, "education"},
                                          {Sector::kOther, "other"}}};
constexpr Table<LegalBasis, 7> kLegalBasisNames{{{LegalBasis::kConsent, "consent"},
                                                 {LegalBasis::kContract, "contract"},
                                                 {LegalBasis::kStatutoryDuty, "statutory_duty"},
                                                 {LegalBasis::kEmergency, "emergency"},
                                                 {LegalBasis::kNewsReporting, "news_reporting"},
                                                 {LegalBasis::kDisclosed, "disclosed"},
                                                 {LegalBasis::kOtherLaw, "other_law"}}};
constexpr Table<SensitiveCategory, 7> kSensitiveCategoryNames{
    {{SensitiveCategory::kBiometric, "biometric"},
     {SensitiveCategory::kReligion, "religion"},
     {SensitiveCategory::kSpecificIdentity, "specific_identity"},
     {SensitiveCategory::kHealth, "health"},
     {SensitiveCategory::kFinancialAccount, "financial_account"},
     {SensitiveCategory::kLocation, "location"},
     {SensitiveCategory::kMinor, "minor"}}};
constexpr Table<ProductStatus, 13> kProductStatusNames{
    {{ProductStatus::kDraft, "draft"},
     {ProductStatus::kNeedsFix, "needs_fix"},
     {ProductStatus::kDescribed, "described"},
     {ProductStatus::kInAssessment, "in_assessment"},
     {ProductStatus::kAssessed, "assessed"},
     {ProductStatus::kAssessmentFailed, "assessment_failed"},
     {ProductStatus::kListingReview, "listing_review"},
     {ProductStatus::kEscalated, "escalated"},
     {ProductStatus::kPublicNotice, "public_notice"},
     {ProductStatus::kListed, "listed"},
     {ProductStatus::kRejected, "rejected"},
     {ProductStatus::kSuspended, "suspended"},
     {ProductStatus::kDelisted, "delisted"}}};
constexpr Table<ProductAction, 19> kProductActionNames{
    {{ProductAction::kSubmit, "submit"},
     {ProductAction::kCommissionAssessment, "commission_assessment"},
     {ProductAction::kAssessPass, "assess_pass"},
     {ProductAction::kAssessConditional, "assess_conditional"},
     {ProductAction::kAssessFail, "assess_fail"},
     {ProductAction::kRequestListing, "request_listing"},
     {ProductAction::kApproveListing, "approve_listing"},
     {ProductAction::kEscalate, "escalate"},
     {ProductAction::kRejectListing, "reject_listing"},
     {ProductAction::kNoticeExpires, "notice_expires"},
     {ProductAction::kUpholdObjection, "uphold_objection"},
     {ProductAction::kSuspend, "suspend"},
     {ProductAction::kReinstate, "reinstate"},
     {ProductAction::kDelist, "delist"},
     {ProductAction::kWithdraw, "withdraw"},
     {ProductAction::kRelist, "relist"},
     {ProductAction::kAssessmentExpires, "assessment_expires"},
     {ProductAction::kRevise, "revise"},
     {ProductAction::kObject, "object"}}};
constexpr Table<AssessmentOutcome, 3> kAssessmentOutcomeNames{
    {{AssessmentOutcome::kPass, "pass"},
     {AssessmentOutcome::kConditional, "conditional"},
     {AssessmentOutcome::kFail, "fail"}}};
constexpr Table<RightType, 3> kRightTypeNames{
    {{RightType::kHold, "hold"}, {RightType::kUse, "use"}, {RightType::kOperate, "operate"}}};
constexpr Table<RegistrationType, 6> kRegistrationTypeNames{
    {{RegistrationType::kInitial, "initial"},
     {RegistrationType::kLicence, "licence"},
     {RegistrationType::kTransfer, "transfer"},
     {RegistrationType::kChange, "change"},
     {RegistrationType::kCancellation, "cancellation"},
     {RegistrationType::kObjection, "objection"}}};
constexpr Table<RegistrationStatus, 8> kRegistrationStatusNames{
    {{RegistrationStatus::kSubmitted, "submitted"},
     {RegistrationStatus::kReturned, "returned"},
     {RegistrationStatus::kSubstantiveReview, "substantive_review"},
     {RegistrationStatus::kPublicNotice, "public_notice"},
     {RegistrationStatus::kRegistered, "registered"},
     {RegistrationStatus::kRefused, "refused"},
     {RegistrationStatus::kDisputed, "disputed"},
     {RegistrationStatus::kCancelled, "cancelled"}}};
constexpr Table<RegistrationAction, 12> kRegistrationActionNames{
    {{RegistrationAction::kPassFormalCheck, "pass_formal_check"},
     {RegistrationAction::kFailFormalCheck, "fail_formal_check"},
     {RegistrationAction::kResubmit, "resubmit"},
     {RegistrationAction::kRefuse, "refuse"},
     {RegistrationAction::kPublishNotice, "publish_notice"},
     {RegistrationAction::kObject, "object"},
     {RegistrationAction::kUpholdObjection, "uphold_objection"},
     {RegistrationAction::kDismissObjection, "dismiss_objection"},
     {RegistrationAction::kNoticeExpires, "notice_expires"},
     {RegistrationAction::kDispute, "dispute"},
     {RegistrationAction::kResolveDispute, "resolve_dispute"},
     {RegistrationAction::kCancel, "cancel"}}};
constexpr Table<DatasetFormat, 7> kDatasetFormatNames{{{DatasetFormat::kCsv, "csv"},
                                                       {DatasetFormat::kJsonLines, "jsonl"},
                                                       {DatasetFormat::kOpaque, "opaque"},
                                                       {DatasetFormat::kJson, "json"},
                                                       {DatasetFormat::kXlsx, "xlsx"},
                                                       {DatasetFormat::kGzip, "gzip"},
                                                       {DatasetFormat::kZip, "zip"}}};

constexpr Table<NegotiationState, 7> kNegotiationStateNames{
    {{NegotiationState::kRequested, "requested"},
     {NegotiationState::kOffered, "offered"},
     {NegotiationState::kAccepted, "accepted"},
     {NegotiationState::kAgreed, "agreed"},
     {NegotiationState::kVerified, "verified"},
     {NegotiationState::kFinalized, "finalized"},
     {NegotiationState::kTerminated, "terminated"}}};
constexpr Table<NegotiationAction, 7> kNegotiationActionNames{
    {{NegotiationAction::kRequest, "request"},
     {NegotiationAction::kOffer, "offer"},
     {NegotiationAction::kAccept, "accept"},
     {NegotiationAction::kAgree, "agree"},
     {NegotiationAction::kVerify, "verify"},
     {NegotiationAction::kFinalize, "finalize"},
     {NegotiationAction::kTerminate, "terminate"}}};
constexpr Table<TradeStatus, 6> kTradeStatusNames{{{TradeStatus::kEscrowed, "escrowed"},
                                                   {TradeStatus::kDelivered, "delivered"},
                                                   {TradeStatus::kSettled, "settled"},
                                                   {TradeStatus::kDisputed, "disputed"},
                                                   {TradeStatus::kRefunded, "refunded"},
                                                   {TradeStatus::kCancelled, "cancelled"}}};
constexpr Table<TradeAction, 7> kTradeActionNames{
    {{TradeAction::kDeliver, "deliver"},
     {TradeAction::kAccept, "accept"},
     {TradeAction::kReject, "reject"},
     {TradeAction::kLapse, "lapse"},
     {TradeAction::kCancel, "cancel"},
     {TradeAction::kResolveRelease, "resolve_release"},
     {TradeAction::kResolveRefund, "resolve_refund"}}};
constexpr Table<ContractStatus, 3> kContractStatusNames{
    {{ContractStatus::kActive, "active"},
     {ContractStatus::kSuspended, "suspended"},
     {ContractStatus::kTerminated, "terminated"}}};
constexpr Table<ContractAction, 5> kContractActionNames{
    {{ContractAction::kTerminate, "terminate"},
     {ContractAction::kSuspend, "suspend"},
     {ContractAction::kReinstate, "reinstate"},
     {ContractAction::kStopRenewal, "stop_renewal"},
     {ContractAction::kResumeRenewal, "resume_renewal"}}};
constexpr Table<DemandStatus, 3> kDemandStatusNames{{{DemandStatus::kOpen, "open"},
                                                     {DemandStatus::kClosed, "closed"},
                                                     {DemandStatus::kExpired, "expired"}}};
constexpr Table<MandateSide, 2> kMandateSideNames{
    {{MandateSide::kSeller, "seller"}, {MandateSide::kBuyer, "buyer"}}};
constexpr Table<DemandOfferStatus, 3> kDemandOfferStatusNames{
    {{DemandOfferStatus::kOpen, "open"},
     {DemandOfferStatus::kAccepted, "accepted"},
     {DemandOfferStatus::kWithdrawn, "withdrawn"}}};
constexpr Table<AccountKind, 4> kAccountKindNames{{{AccountKind::kAvailable, "available"},
                                                   {AccountKind::kEscrow, "escrow"},
                                                   {AccountKind::kFees, "fees"},
                                                   {AccountKind::kBank, "bank"}}};
constexpr Table<JournalKind, 5> kJournalKindNames{{{JournalKind::kDeposit, "deposit"},
                                                   {JournalKind::kWithdrawal, "withdrawal"},
                                                   {JournalKind::kEscrow, "escrow"},
                                                   {JournalKind::kClearing, "clearing"},
                                                   {JournalKind::kRefund, "refund"}}};
constexpr Table<CrossBorderRoute, 4> kCrossBorderRouteNames{
    {{CrossBorderRoute::kProhibited, "prohibited"},
     {CrossBorderRoute::kExempt, "exempt"},
     {CrossBorderRoute::kStandardContract, "standard_contract"},
     {CrossBorderRoute::kSecurityAssessment, "security_assessment"}}};
constexpr Table<EvidenceKind, 5> kEvidenceKindNames{
    {{EvidenceKind::kSecurityAssessment, "security_assessment"},
     {EvidenceKind::kStandardContractFiling, "standard_contract_filing"},
     {EvidenceKind::kCertification, "certification"},
     {EvidenceKind::kConsent, "consent"},
     {EvidenceKind::kPipia, "pipia"}}};
constexpr Table<EvidenceStatus, 3> kEvidenceStatusNames{{{EvidenceStatus::kFiled, "filed"},
                                                         {EvidenceStatus::kApproved, "approved"},
                                                         {EvidenceStatus::kRejected, "rejected"}}};

constexpr Table<CertificateStatus, 3> kCertStatuses{{{CertificateStatus::kActive, "active"},
                                                     {CertificateStatus::kSuspended, "suspended"},
                                                     {CertificateStatus::kRevoked, "revoked"}}};
constexpr Table<StatusPurpose, 2> kPurposes{
    {{StatusPurpose::kRevocation, "revocation"}, {StatusPurpose::kSuspension, "suspension"}}};

template <typename E, size_t N>
std::string_view NameIn(const Table<E, N>& table, E v) {
  for (const auto& [e, name] : table)
    if (e == v) return name;
  return "unknown";
}
template <typename E, size_t N>
std::optional<E> ParseIn(const Table<E, N>& table, std::string_view name) {
  for (const auto& [e, n] : table)
    if (n == name) return e;
  return std::nullopt;
}
template <typename E, size_t N>
std::string JoinNames(const Table<E, N>& table) {
  std::vector<std::string_view> names;
  for (const auto& p : table) names.push_back(p.second);
  return StrJoin(names, ", ");
}

}  // namespace

#define BOURSE_ENUM_NAMES(Type, table)                       \
  std::string_view Name(Type v) { return NameIn(table, v); } \
  template <>                                                \
  std::optional<Type> Parse<Type>(std::string_view name) {   \
    return ParseIn(table, name);                             \
  }                                                          \
  template <>                                                \
  std::string NamesOf<Type>() {                              \
    return JoinNames(table);                                 \
  }

BOURSE_ENUM_NAMES(LegalForm, kLegalForms)
BOURSE_ENUM_NAMES(Role, kRoles)
BOURSE_ENUM_NAMES(ServiceType, kServiceTypes)
BOURSE_ENUM_NAMES(MerchantTier, kTiers)
BOURSE_ENUM_NAMES(MerchantType, kMerchantTypes)
BOURSE_ENUM_NAMES(AdmissionStatus, kStatuses)
BOURSE_ENUM_NAMES(AdmissionAction, kActions)
BOURSE_ENUM_NAMES(CertificateType, kCertTypes)
BOURSE_ENUM_NAMES(CertificateStatus, kCertStatuses)
BOURSE_ENUM_NAMES(StatusPurpose, kPurposes)
BOURSE_ENUM_NAMES(DataClassification, kDataClassificationNames)
BOURSE_ENUM_NAMES(UpdateFrequency, kUpdateFrequencyNames)
BOURSE_ENUM_NAMES(ProductCategory, kProductCategoryNames)
BOURSE_ENUM_NAMES(ProductForm, kProductFormNames)
BOURSE_ENUM_NAMES(DeliveryMode, kDeliveryModeNames)
BOURSE_ENUM_NAMES(PriceModel, kPriceModelNames)
BOURSE_ENUM_NAMES(SourceType, kSourceTypeNames)
BOURSE_ENUM_NAMES(Sector, kSectorNames)
BOURSE_ENUM_NAMES(LegalBasis, kLegalBasisNames)
BOURSE_ENUM_NAMES(SensitiveCategory, kSensitiveCategoryNames)
BOURSE_ENUM_NAMES(ProductStatus, kProductStatusNames)
BOURSE_ENUM_NAMES(ProductAction, kProductActionNames)
BOURSE_ENUM_NAMES(AssessmentOutcome, kAssessmentOutcomeNames)
BOURSE_ENUM_NAMES(RightType, kRightTypeNames)
BOURSE_ENUM_NAMES(RegistrationType, kRegistrationTypeNames)
BOURSE_ENUM_NAMES(RegistrationStatus, kRegistrationStatusNames)
BOURSE_ENUM_NAMES(RegistrationAction, kRegistrationActionNames)
BOURSE_ENUM_NAMES(DatasetFormat, kDatasetFormatNames)
BOURSE_ENUM_NAMES(NegotiationState, kNegotiationStateNames)
BOURSE_ENUM_NAMES(NegotiationAction, kNegotiationActionNames)
BOURSE_ENUM_NAMES(TradeStatus, kTradeStatusNames)
BOURSE_ENUM_NAMES(TradeAction, kTradeActionNames)
BOURSE_ENUM_NAMES(ContractStatus, kContractStatusNames)
BOURSE_ENUM_NAMES(ContractAction, kContractActionNames)
BOURSE_ENUM_NAMES(DemandStatus, kDemandStatusNames)
BOURSE_ENUM_NAMES(DemandOfferStatus, kDemandOfferStatusNames)
BOURSE_ENUM_NAMES(MandateSide, kMandateSideNames)
BOURSE_ENUM_NAMES(AccountKind, kAccountKindNames)
BOURSE_ENUM_NAMES(JournalKind, kJournalKindNames)
BOURSE_ENUM_NAMES(CrossBorderRoute, kCrossBorderRouteNames)
BOURSE_ENUM_NAMES(EvidenceKind, kEvidenceKindNames)
BOURSE_ENUM_NAMES(EvidenceStatus, kEvidenceStatusNames)

#undef BOURSE_ENUM_NAMES

}  // namespace bourse::domain
