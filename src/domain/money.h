// Money within business bounds: the currencies the venue settles in (ISO 4217's active
// currencies, without test, precious-metal and fund codes) and the largest amount a request may
// name. Pure functions: no I/O.
//
// CheckMoney answers "money-out-of-bounds" (HTTP 422) naming the field, so a use case refuses an
// amount before it writes anything; overflow in totals and balances is then impossible, since
// every amount stays far below 2^63 / 10^3.
#ifndef BOURSE_DOMAIN_MONEY_H_
#define BOURSE_DOMAIN_MONEY_H_

#include <cstdint>
#include <string_view>

#include "base/status.h"
#include "domain/product.h"

namespace bourse::domain {

struct MoneyBounds {
  // Largest amount in minor units (config `max_amount_minor`): 10^15 fen is 10 trillion yuan.
  int64_t max_minor = 1'000'000'000'000'000;
};

// An active ISO 4217 currency code (ISO 4217 List One as amended to 2026; XCG replaced ANG,
// ZWG replaced ZWL, SLE replaced SLL, BGN ended with Bulgaria's euro). Codes for testing (XTS),
// no currency (XXX), precious metals (XAU, XAG, XPT, XPD), funds (CLF, BOV, …) and SDRs are not
// money the venue settles.
bool IsActiveCurrency(std::string_view code);

// OK when `m` is a non-negative amount no larger than `bounds.max_minor` in an active currency;
// otherwise "money-out-of-bounds" naming `amount_field` or `currency_field`.
Status CheckMoney(const Money& m, const MoneyBounds& bounds, std::string_view amount_field,
                  std::string_view currency_field);

}  // namespace bourse::domain

#endif  // BOURSE_DOMAIN_MONEY_H_
