// How a product description and a registration's evidence and objections are kept in a storage
// row: one JSON document each, written and read only by store backends (every backend shares
// this format, so data moves between them unchanged). Input here is trusted — it was validated
// before it was stored — so decoding is lenient and fails only on corrupt rows (DataLoss).
#ifndef BOURSE_STORE_PRODUCT_CODEC_H_
#define BOURSE_STORE_PRODUCT_CODEC_H_

#include <string>
#include <string_view>

#include "base/status.h"
#include "domain/product.h"
#include "domain/registration.h"

namespace bourse::store {

std::string EncodeDescription(const domain::ProductDescription& d);
// Decodes a stored description. Results are remembered by their exact text (a bounded,
// thread-safe memo), since the trade path reads the same few listed descriptions over and over;
// the answer is always the one decoding `json` would give.
StatusOr<domain::ProductDescription> DecodeDescription(std::string_view json);

// Evidence, authorisation, review report, previous, licensee and objections of a registration.
std::string EncodeRegistrationDocument(const domain::RightsRegistration& r);
Status DecodeRegistrationDocument(std::string_view json, domain::RightsRegistration* r);

}  // namespace bourse::store

#endif  // BOURSE_STORE_PRODUCT_CODEC_H_
