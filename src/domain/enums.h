// The exchange's vocabulary as enumerations, with their stable wire names.
//
// Every enumerator's number is stored in the database and its name appears in the API: never
// renumber or rename one; add new values at the end. Name() and Parse<E>() convert both ways;
// Parse returns nullopt for an unknown name, and NamesOf<E>() lists the valid names for error
// messages.
#ifndef BOURSE_DOMAIN_ENUMS_H_
#define BOURSE_DOMAIN_ENUMS_H_

#include <optional>
#include <string>
#include <string_view>

namespace bourse::domain {

enum class LegalForm : int { kEnterpriseLegalPerson = 1, kLegalPerson = 2, kUnincorporated = 3 };

enum class Role : int {
  kDataMerchant = 1,
  kSeller = 2,
  kBuyer = 3,
  kServiceProvider = 4,
  kOperator = 5,   // The venue itself; only created by `bourse init`.
  kRegulator = 6,  // Read-only supervision; only created by `bourse init`.
};

enum class ServiceType : int {
  kComplianceAssessor = 1,
  kQualityAssessor = 2,
  kValuer = 3,
  kDeliveryProvider = 4,
};

enum class MerchantTier : int { kEcosystem = 1, kCore = 2, kStrategic = 3 };

enum class MerchantType : int {
  kResource = 1,
  kIntegration = 2,
  kChannel = 3,
  kTechnology = 4,
  kEntrusted = 5,
  kMedia = 6,
  kKnowledge = 7,
  kPlatform = 8,
};

// W1 admission states (domain-rules.md §5).
enum class AdmissionStatus : int {
  kSubmitted = 1,
  kReturned = 2,
  kUnderReview = 3,
  kNeedsSupplement = 4,
  kApproved = 5,
  kRejected = 6,
  kSuspended = 7,
  kRevoked = 8,
  kExited = 9,
};

enum class AdmissionAction : int {
  kPassChecks = 1,  // System: automatic checks passed.
  kFailChecks = 2,  // System: automatic checks failed.
  kApprove = 3,
  kReject = 4,
  kRequestSupplement = 5,
  kSupplement = 6,
  kSuspend = 7,
  kReinstate = 8,
  kRevoke = 9,
  kExit = 10,
};

enum class CertificateType : int {
  kDataMerchant = 1,
  kRightsRegistration = 2,
  kTrade = 3,             // On-exchange trade certificate (one per party).
  kCrossBorderTrade = 4,  // On-exchange cross-border trade certificate.
};
enum class CertificateStatus : int { kActive = 1, kSuspended = 2, kRevoked = 3 };

// W3C Bitstring Status List purposes; each certificate has one entry in each list.
enum class StatusPurpose : int { kRevocation = 1, kSuspension = 2 };

// Data classification level (GB/T 43697-2024): the higher wins.
enum class DataClassification : int {
  kGeneral = 1,
  kImportant = 2,
  kCore = 3,
};

// How often a product's data is refreshed (drives the timeliness indicator).
enum class UpdateFrequency : int {
  kRealtime = 1,
  kHourly = 2,
  kDaily = 3,
  kWeekly = 4,
  kMonthly = 5,
  kQuarterly = 6,
  kYearly = 7,
  kIrregular = 8,
  kStatic = 9,
};

// The four tradable categories (domain-rules.md §3).
enum class ProductCategory : int {
  kDataProduct = 1,
  kDataService = 2,
  kDataTool = 3,
  kOther = 4,
};

// The form of a data product (§3, §4).
enum class ProductForm : int {
  kDataset = 1,
  kReport = 2,
  kVisualisation = 3,
  kIndex = 4,
  kApi = 5,
  kEncrypted = 6,
  kModel = 7,
};

// How a product reaches a buyer.
enum class DeliveryMode : int {
  kFile = 1,
  kApi = 2,
  kPrivacyComputing = 3,
  kSandbox = 4,
};

// How a product is priced.
enum class PriceModel : int {
  kOneOff = 1,
  kSubscription = 2,
  kPerCall = 3,
  kPerThousandRecords = 4,
};

// Where a product's data comes from.
enum class SourceType : int {
  kGovernment = 1,
  kUtility = 2,
  kFinance = 3,
  kIndustry = 4,
  kTrade = 5,
  kMedia = 6,
  kInternet = 7,
  kResearch = 8,
  kIndividuals = 9,
  kOther = 10,
};

// The economic sector a product serves.
enum class Sector : int {
  kEnergy = 1,
  kFinance = 2,
  kTransport = 3,
  kHealthcare = 4,
  kManufacturing = 5,
  kAgriculture = 6,
  kRetail = 7,
  kTelecom = 8,
  kGovernment = 9,
  kEnvironment = 10,
  kLogistics = 11,
  kRealEstate = 12,
  kEducation = 13,
  kOther = 14,
};

// PIPL article 13 legal bases for processing personal information.
enum class LegalBasis : int {
  kConsent = 1,
  kContract = 2,
  kStatutoryDuty = 3,
  kEmergency = 4,
  kNewsReporting = 5,
  kDisclosed = 6,
  kOtherLaw = 7,
};

// Sensitive personal information categories (PIPL 28).
enum class SensitiveCategory : int {
  kBiometric = 1,
  kReligion = 2,
  kSpecificIdentity = 3,
  kHealth = 4,
  kFinancialAccount = 5,
  kLocation = 6,
  kMinor = 7,
};

// W3 listing states (domain-rules.md §5).
enum class ProductStatus : int {
  kDraft = 1,
  kNeedsFix = 2,
  kDescribed = 3,
  kInAssessment = 4,
  kAssessed = 5,
  kAssessmentFailed = 6,
  kListingReview = 7,
  kEscalated = 8,
  kPublicNotice = 9,
  kListed = 10,
  kRejected = 11,
  kSuspended = 12,
  kDelisted = 13,
};

// W3 listing actions.
enum class ProductAction : int {
  kSubmit = 1,
  kCommissionAssessment = 2,
  kAssessPass = 3,
  kAssessConditional = 4,
  kAssessFail = 5,
  kRequestListing = 6,
  kApproveListing = 7,
  kEscalate = 8,
  kRejectListing = 9,
  kNoticeExpires = 10,
  kUpholdObjection = 11,
  kSuspend = 12,
  kReinstate = 13,
  kDelist = 14,
  kWithdraw = 15,
  kRelist = 16,
  kAssessmentExpires = 17,
  kRevise = 18,
  kObject = 19,
};

// A compliance assessor's decision.
enum class AssessmentOutcome : int {
  kPass = 1,
  kConditional = 2,
  kFail = 3,
};

// Data rights that can be registered (持有权 / 加工使用权 / 经营权).
enum class RightType : int {
  kHold = 1,
  kUse = 2,
  kOperate = 3,
};

// Registration types (Shenzhen measures).
enum class RegistrationType : int {
  kInitial = 1,
  kLicence = 2,
  kTransfer = 3,
  kChange = 4,
  kCancellation = 5,
  kObjection = 6,
};

// W2 registration states.
enum class RegistrationStatus : int {
  kSubmitted = 1,
  kReturned = 2,
  kSubstantiveReview = 3,
  kPublicNotice = 4,
  kRegistered = 5,
  kRefused = 6,
  kDisputed = 7,
  kCancelled = 8,
};

// W2 registration actions.
enum class RegistrationAction : int {
  kPassFormalCheck = 1,
  kFailFormalCheck = 2,
  kResubmit = 3,
  kRefuse = 4,
  kPublishNotice = 5,
  kObject = 6,
  kUpholdObjection = 7,
  kDismissObjection = 8,
  kNoticeExpires = 9,
  kDispute = 10,
  kResolveDispute = 11,
  kCancel = 12,
};

// How an uploaded file is read.
// What an uploaded file is, as its content (never its name) shows.
enum class DatasetFormat : int {
  kCsv = 1,
  kJsonLines = 2,
  kOpaque = 3,  // Content the scanner does not read.
  kJson = 4,    // A JSON array of objects.
  kXlsx = 5,
  kGzip = 6,
  kZip = 7,
};

// Contract negotiation (the Dataspace Protocol's states).
enum class NegotiationState : int {
  kRequested = 1,
  kOffered = 2,
  kAccepted = 3,
  kAgreed = 4,
  kVerified = 5,
  kFinalized = 6,
  kTerminated = 7,
};
enum class NegotiationAction : int {
  kRequest = 1,    // Consumer: accepts the list price or counter-offers.
  kOffer = 2,      // Provider: offers or counter-offers.
  kAccept = 3,     // Consumer: accepts the provider's last offer.
  kAgree = 4,      // Provider: agrees to the consumer's request (or the accepted offer).
  kVerify = 5,     // Consumer: verifies the agreement.
  kFinalize = 6,   // Provider: finalises; the contract is signed and paid into escrow.
  kTerminate = 7,  // Either side, before finalisation.
};

// A contract's money and delivery (W4 after CONTRACTED).
enum class TradeStatus : int {
  kEscrowed = 1,   // Paid into escrow; the buyer may download.
  kDelivered = 2,  // Delivered; the acceptance window runs.
  kSettled = 3,    // Accepted (or the window lapsed) and cleared.
  kDisputed = 4,   // The buyer rejected the delivery; escrow is frozen.
  kRefunded = 5,   // Escrow returned to the buyer.
  kCancelled = 6,  // Cancelled before delivery; escrow returned.
};
enum class TradeAction : int {
  kDeliver = 1,         // Seller, or the first download.
  kAccept = 2,          // Buyer.
  kReject = 3,          // Buyer, within the window.
  kLapse = 4,           // System: the acceptance window ended.
  kCancel = 5,          // Buyer or seller, before delivery.
  kResolveRelease = 6,  // Operator: the dispute ends in the seller's favour.
  kResolveRefund = 7,   // Operator: the dispute ends in the buyer's favour.
};
// Whether the contract's terms may still be exercised.
enum class ContractStatus : int {
  kActive = 1,
  kSuspended = 2,   // By the operator.
  kTerminated = 3,  // At a party's request, or by the operator.
};

enum class ContractAction : int {
  kTerminate = 1,      // A party (or the operator) ends the contract.
  kSuspend = 2,        // The operator.
  kReinstate = 3,      // The operator lifts a suspension.
  kStopRenewal = 4,    // The buyer: a subscription ends with its current term.
  kResumeRenewal = 5,  // The buyer: a subscription renews again at the end of each term.
};

// A buyer's demand on the supply-and-demand board.
enum class DemandStatus : int {
  kOpen = 1,
  kClosed = 2,   // By the buyer (found what it needed, or gave up).
  kExpired = 3,  // The deadline passed.
};
// Whom a data merchant acts for under a mandate.
enum class MandateSide : int {
  kSeller = 1,  // It negotiates, finalises and delivers; its commission comes from the proceeds.
  kBuyer = 2,   // It requests, negotiates and accepts; its commission is paid by the buyer.
};

// A merchant's answer to a demand.
enum class DemandOfferStatus : int {
  kOpen = 1,
  kAccepted = 2,  // The buyer took it: a negotiation started from it.
  kWithdrawn = 3,
};

// Ledger accounts.
enum class AccountKind : int {
  kAvailable = 1,  // An organisation's money at the exchange; never negative.
  kEscrow = 2,     // Held for one contract; never negative.
  kFees = 3,       // The exchange's fee income; never negative.
  kBank = 4,       // The settlement bank: the other side of deposits and withdrawals.
};
enum class JournalKind : int {
  kDeposit = 1,
  kWithdrawal = 2,
  kEscrow = 3,
  kClearing = 4,
  kRefund = 5,
};

// Cross-border routes (§8 of domain-rules.md).
enum class CrossBorderRoute : int {
  kProhibited = 1,
  kExempt = 2,
  kStandardContract = 3,  // Standard contract and filing, or PI protection certification.
  kSecurityAssessment = 4,
};
enum class EvidenceKind : int {
  kSecurityAssessment = 1,  // CAC security assessment passed.
  kStandardContractFiling = 2,
  kCertification = 3,  // PI protection certification.
  kConsent = 4,        // PIPL 39 notice and separate consent.
  kPipia = 5,          // PIPL 55 impact assessment.
};
// The operator's review of an exporter's evidence.
enum class EvidenceStatus : int { kFiled = 1, kApproved = 2, kRejected = 3 };

std::string_view Name(LegalForm v);
std::string_view Name(Role v);
std::string_view Name(ServiceType v);
std::string_view Name(MerchantTier v);
std::string_view Name(MerchantType v);
std::string_view Name(AdmissionStatus v);
std::string_view Name(AdmissionAction v);
std::string_view Name(CertificateType v);
std::string_view Name(CertificateStatus v);
std::string_view Name(StatusPurpose v);
std::string_view Name(DataClassification v);
std::string_view Name(UpdateFrequency v);
std::string_view Name(ProductCategory v);
std::string_view Name(ProductForm v);
std::string_view Name(DeliveryMode v);
std::string_view Name(PriceModel v);
std::string_view Name(SourceType v);
std::string_view Name(Sector v);
std::string_view Name(LegalBasis v);
std::string_view Name(SensitiveCategory v);
std::string_view Name(ProductStatus v);
std::string_view Name(ProductAction v);
std::string_view Name(AssessmentOutcome v);
std::string_view Name(RightType v);
std::string_view Name(RegistrationType v);
std::string_view Name(RegistrationStatus v);
std::string_view Name(RegistrationAction v);
std::string_view Name(DatasetFormat v);
std::string_view Name(NegotiationState v);
std::string_view Name(NegotiationAction v);
std::string_view Name(TradeStatus v);
std::string_view Name(TradeAction v);
std::string_view Name(ContractStatus v);
std::string_view Name(ContractAction v);
std::string_view Name(DemandStatus v);
std::string_view Name(DemandOfferStatus v);
std::string_view Name(MandateSide v);
std::string_view Name(AccountKind v);
std::string_view Name(JournalKind v);
std::string_view Name(CrossBorderRoute v);
std::string_view Name(EvidenceKind v);
std::string_view Name(EvidenceStatus v);

template <typename E>
std::optional<E> Parse(std::string_view name);
// "a, b, c": the valid names of E, for error messages.
template <typename E>
std::string NamesOf();

}  // namespace bourse::domain

#endif  // BOURSE_DOMAIN_ENUMS_H_
