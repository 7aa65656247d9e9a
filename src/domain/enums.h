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

enum class CertificateType : int { kDataMerchant = 1 };
enum class CertificateStatus : int { kActive = 1, kSuspended = 2, kRevoked = 3 };

// W3C Bitstring Status List purposes; each certificate has one entry in each list.
enum class StatusPurpose : int { kRevocation = 1, kSuspension = 2 };

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

template <typename E>
std::optional<E> Parse(std::string_view name);
// "a, b, c": the valid names of E, for error messages.
template <typename E>
std::string NamesOf();

}  // namespace bourse::domain

#endif  // BOURSE_DOMAIN_ENUMS_H_
