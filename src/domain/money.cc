#include "domain/money.h"

#include <algorithm>
#include <iterator>

#include "base/errors.h"
#include "base/strings.h"

namespace bourse::domain {
namespace {

// Sorted, for binary search.
constexpr std::string_view kActive[] = {
    "AED", "AFN", "ALL", "AMD", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BHD",
    "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHF",
    "CLP", "CNY", "COP", "CRC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN",
    "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD",
    "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES",
    "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL",
    "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN",
    "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP",
    "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK",
    "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT",
    "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS", "VED", "VES",
    "VND", "VUV", "WST", "XAF", "XCD", "XCG", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWG",
};

}  // namespace

bool IsActiveCurrency(std::string_view code) {
  static_assert(std::is_sorted(std::begin(kActive), std::end(kActive)));
  return std::binary_search(std::begin(kActive), std::end(kActive), code);
}

Status CheckMoney(const Money& m, const MoneyBounds& bounds, std::string_view amount_field,
                  std::string_view currency_field) {
  if (!IsActiveCurrency(m.currency))
    return errors::Make(
        StatusCode::kInvalidArgument, errors::kMoneyOutOfBounds,
        StrCat("'", m.currency, "' is not an active ISO 4217 currency the venue settles in"),
        currency_field);
  if (m.minor < 0 || m.minor > bounds.max_minor)
    return errors::Make(StatusCode::kInvalidArgument, errors::kMoneyOutOfBounds,
                        StrCat("must be from 0 to ", bounds.max_minor, " minor units"),
                        amount_field);
  return OkStatus();
}

}  // namespace bourse::domain
