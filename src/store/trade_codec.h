// How a negotiation's declaration, terms and rounds, and a contract's declaration and terms, are
// kept in a storage row: one JSON document each, shared by every backend. Input was validated
// before it was stored; decoding fails only on corrupt rows (DataLoss).
#ifndef BOURSE_STORE_TRADE_CODEC_H_
#define BOURSE_STORE_TRADE_CODEC_H_

#include <string>
#include <string_view>

#include "base/status.h"
#include "domain/trade.h"

namespace bourse::store {

std::string EncodeNegotiationDocument(const domain::Negotiation& n);
Status DecodeNegotiationDocument(std::string_view json, domain::Negotiation* n);

std::string EncodeContractDocument(const domain::Contract& c);
Status DecodeContractDocument(std::string_view json, domain::Contract* c);

}  // namespace bourse::store

#endif  // BOURSE_STORE_TRADE_CODEC_H_
