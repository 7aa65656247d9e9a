// The exchange as certificate issuer.
//
// Issues data-merchant certificates as W3C Verifiable Credentials (VC Data Model 2.0) secured as
// JWTs (VC-JOSE-COSE, `typ: vc+jwt`, `alg: EdDSA`), each with an entry in two W3C Bitstring
// Status Lists ("revocation" and "suspension", same index, chosen at random among unused ones).
// Publishes the issuer key set (JWKS) and the signed status list credentials. Thread-safe; the
// signing key must outlive the authority.
#ifndef BOURSE_SERVICE_CERTIFICATE_AUTHORITY_H_
#define BOURSE_SERVICE_CERTIFICATE_AUTHORITY_H_

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/random.h"
#include "base/status.h"
#include "crypto/ed25519.h"
#include "domain/certificate.h"
#include "domain/organization.h"
#include "domain/principal.h"
#include "domain/product.h"
#include "domain/registration.h"
#include "domain/trade.h"
#include "log/transparency_log.h"
#include "store/store.h"

namespace bourse::service {

struct IssuerOptions {
  std::string public_url = "http://127.0.0.1:8080";  // Base of every credential URL.
  std::string venue_name = "Bourse Data Exchange";
  absl::Duration certificate_validity = absl::Hours(24 * 365 * 3);
  // Certificates per status list before the next list is started (tests lower it; at most
  // domain::kStatusListFill).
  int64_t status_list_fill = domain::kStatusListFill;
};

struct IssuerKey {
  std::string kid;         // RFC 7638 thumbprint.
  std::string public_key;  // Raw 32 bytes.
};

// Certificates signed ahead of the transaction that issues them. Signing is the costliest step of
// issuance; done before the write, from a snapshot, it stays off the store's single writer.
// Issuance takes a certificate from here only when the transaction computes exactly the subject
// it was signed for and its status-list index is still free, so a stale one is never used.
class PresignedCertificates {
 public:
  bool empty() const { return entries_.empty(); }
  size_t size() const { return entries_.size(); }

 private:
  friend class CertificateAuthority;
  struct Entry {
    domain::CertificateType type;
    std::string subject_json;  // The serialised credentialSubject that was signed.
    domain::Certificate certificate;
    std::string jwt_sha256;  // The log's digest of the JWT, taken off the writer too.
  };
  std::vector<Entry> entries_;
};

class CertificateAuthority {
 public:
  CertificateAuthority(store::Store& store, const Clock& clock, Random& random,
                       const crypto::Ed25519PrivateKey& key, log::TransparencyLog& log,
                       IssuerOptions options);

  // Issues a data-merchant certificate for approved merchant `org` inside `tx`, recording it in
  // the transparency log ("certificate.issued") as acted by `actor`.
  StatusOr<domain::Certificate> IssueMerchantCertificate(store::Transaction& tx,
                                                         const domain::Organization& org,
                                                         const OrganizationId& actor);
  // Issues a rights-registration certificate for registered `registration` of `product`, held
  // by `holder`, recording it in the transparency log.
  StatusOr<domain::Certificate> IssueRegistrationCertificate(
      store::Transaction& tx, const domain::RightsRegistration& registration,
      const domain::Product& product, const domain::Organization& holder,
      const OrganizationId& actor);
  // Issues an on-exchange trade certificate to `party` of settled `contract`: it carries the
  // contract's digest and the log index of its signing, so that anyone can check the contract
  // against the transparency log. `cross_border_route` set issues the cross-border trade
  // certificate instead, naming the route and the decisive row of the §8 table.
  StatusOr<domain::Certificate> IssueTradeCertificate(
      store::Transaction& tx, const domain::Contract& contract, const domain::Product& product,
      const domain::Organization& party, std::string_view role, const OrganizationId& actor,
      std::optional<std::pair<domain::CrossBorderRoute, int>> cross_border_route = std::nullopt,
      PresignedCertificates* presigned = nullptr);
  // Signs, without recording anything, the trade certificate that IssueTradeCertificate would
  // issue for the same arguments, and adds it to `into` for that call to use. `tx` (a read) is
  // where its status-list place is chosen among those free.
  Status PresignTradeCertificate(
      store::Transaction& tx, PresignedCertificates& into, const domain::Contract& contract,
      const domain::Product& product, const domain::Organization& party, std::string_view role,
      std::optional<std::pair<domain::CrossBorderRoute, int>> cross_border_route = std::nullopt);
  // Revokes one certificate (a cancelled registration's).
  Status Revoke(store::Transaction& tx, const CertificateId& id, const OrganizationId& actor);
  // Moves every non-revoked certificate of `subject` to `status`, keeping the status lists in
  // step and logging each change ("certificate.status_changed").
  Status SetSubjectStatus(store::Transaction& tx, const OrganizationId& subject,
                          domain::CertificateStatus status, const OrganizationId& actor);

  // NotFound unless the caller may see the certificate's subject.
  StatusOr<domain::Certificate> Get(const domain::Principal& caller, const CertificateId& id);
  StatusOr<std::vector<domain::Certificate>> ListForSubject(const domain::Principal& caller,
                                                            const OrganizationId& subject);

  // The signed BitstringStatusListCredential (a JWT) for list number `list` of `purpose`,
  // reflecting committed state. NotFound for a list beyond the one being filled and the next.
  StatusOr<std::string> StatusListCredential(domain::StatusPurpose purpose, int64_t list = 0);
  std::vector<IssuerKey> Keys() const;
  const IssuerOptions& options() const { return options_; }
  // A compact JWS (EdDSA, the issuer key's kid, the given typ) over `payload`: how the exchange
  // signs documents other than credentials, such as contracts.
  std::string SignDocument(std::string_view payload, std::string_view typ) const;
  // Changes the base URL of new credentials. Not thread-safe: call before serving requests.
  void set_public_url(std::string url) { options_.public_url = std::move(url); }

 private:
  std::string Sign(std::string_view payload_json) const;
  // A new certificate for `subject_id`: fresh id, validity from now, the given status index and
  // no signature.
  domain::Certificate Draft(domain::CertificateType type, const OrganizationId& subject_id,
                            int64_t status_index);
  // A status index free in `tx`: a random place in the list being filled.
  StatusOr<int64_t> FreeStatusIndex(store::Transaction& tx);
  // Certificates per status list, at least one and at most half a list.
  int64_t ListFill() const {
    return std::clamp<int64_t>(options_.status_list_fill, 1, domain::kStatusListFill);
  }
  // Builds the credential for `cert` around `subject` and signs it into cert.jwt.
  void SignDraft(domain::Certificate& cert, std::string_view vc_type,
                 const boost::json::object& subject) const;
  // The credential subject and type of a trade certificate.
  std::pair<domain::CertificateType, boost::json::object> TradeSubject(
      const domain::Contract& c, const domain::Product& product, const domain::Organization& party,
      std::string_view role,
      const std::optional<std::pair<domain::CrossBorderRoute, int>>& cross_border_route) const;
  StatusOr<domain::Certificate> Issue(store::Transaction& tx, domain::CertificateType type,
                                      const OrganizationId& subject_id, std::string_view vc_type,
                                      const boost::json::object& subject,
                                      const OrganizationId& actor,
                                      const std::map<std::string, std::string>& log_subjects,
                                      PresignedCertificates* presigned = nullptr);
  Status ChangeStatus(store::Transaction& tx, const domain::Certificate& c,
                      domain::CertificateStatus status, const OrganizationId& actor);

  store::Store& store_;
  const Clock& clock_;
  Random& random_;
  const crypto::Ed25519PrivateKey& key_;
  log::TransparencyLog& log_;
  IssuerOptions options_;
  std::string kid_;
};

}  // namespace bourse::service

#endif  // BOURSE_SERVICE_CERTIFICATE_AUTHORITY_H_
