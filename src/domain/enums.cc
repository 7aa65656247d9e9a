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
constexpr Table<CertificateType, 1> kCertTypes{{{CertificateType::kDataMerchant, "data_merchant"}}};
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

#undef BOURSE_ENUM_NAMES

}  // namespace bourse::domain
