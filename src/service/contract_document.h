// The contract as an ODRL 2.2 Agreement (JSON-LD): parties, the product revision as target, the
// price, the delivery mode and the constraints of the buyer's declaration — purpose, scenario,
// territory, duration, no onward transfer, and the prepaid call or record quantity. Its RFC 8785
// canonical form is what the exchange hashes and logs when the contract is signed, so anyone
// holding the document can check it against the transparency log.
#ifndef BOURSE_SERVICE_CONTRACT_DOCUMENT_H_
#define BOURSE_SERVICE_CONTRACT_DOCUMENT_H_

#include <boost/json.hpp>
#include <string>

#include "base/status.h"
#include "domain/trade.h"

namespace bourse::service {

boost::json::object OdrlAgreement(const domain::Contract& contract, const std::string& base_url);
// SHA-256 (hex) of the agreement's canonical JSON.
StatusOr<std::string> AgreementDigest(const domain::Contract& contract,
                                      const std::string& base_url);
// The agreement's canonical JSON (RFC 8785): what the digest covers and the exchange signs.
StatusOr<std::string> CanonicalAgreement(const domain::Contract& contract,
                                         const std::string& base_url);
// The agreement for people to read, in Chinese and English: parties, product, price, the use
// permitted and its limits, the term, and how to check it (digest and log entry).
std::string ReadableAgreement(const domain::Contract& contract, std::string_view product_title,
                              const std::string& base_url);

}  // namespace bourse::service

#endif  // BOURSE_SERVICE_CONTRACT_DOCUMENT_H_
