// Verification of certificates (VC-JWTs) the way a third party would do it: with the issuer's
// JWKS and its signed Bitstring Status List credentials, fetched online or read from saved files.
//
// VerifyCertificate checks, in order: the compact JWS and its EdDSA header; the signature under
// the JWKS key named by `kid`; the validity window (validFrom/validUntil) at `now`; and, for each
// credentialStatus entry, that a status list of that purpose was supplied, that its own
// signature verifies, and whether the entry's bit is set. It returns a report; a certificate is
// valid only when every check passes.
#ifndef BOURSE_CLIENT_CERTIFICATE_VERIFIER_H_
#define BOURSE_CLIENT_CERTIFICATE_VERIFIER_H_

#include <map>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "base/status.h"

namespace bourse::client {

struct CertificateReport {
  bool valid = false;
  bool signature_ok = false;
  bool within_validity = false;
  bool revoked = false;
  bool suspended = false;
  std::string kid;
  std::string issuer;
  std::string id;
  std::vector<std::string> types;
  std::string subject_json;  // The credentialSubject as JSON.
  std::string valid_from, valid_until;
  std::vector<std::string> problems;  // Why it is not valid; empty when valid.
};

struct VerificationInputs {
  std::string jwt;
  std::string jwks_json;
  // Status list credentials (compact JWTs) by purpose: "revocation", "suspension".
  std::map<std::string, std::string> status_lists;
  absl::Time now;
};

// InvalidArgument only when the inputs are unreadable (not a JWT, JWKS not JSON); every other
// failure is reported in the report.
StatusOr<CertificateReport> VerifyCertificate(const VerificationInputs& inputs);

// The status lists a certificate points to, by purpose: each list's name, the last segment of
// its statusListCredential URL ("revocation", "suspension-2"). Read without verifying anything:
// it says which lists to fetch, and VerifyCertificate then checks each one against the URL.
StatusOr<std::map<std::string, std::string>> StatusListNames(const std::string& jwt);

}  // namespace bourse::client

#endif  // BOURSE_CLIENT_CERTIFICATE_VERIFIER_H_
