// Early-return helpers for Status and StatusOr<T>.
//
// BOURSE_RETURN_IF_ERROR(expr) returns the status of `expr` from the enclosing function when it is
// not OK. BOURSE_ASSIGN_OR_RETURN(lhs, expr) evaluates a StatusOr, returns its status when it is
// not OK, and otherwise moves the value into `lhs` (which may be a declaration).
#ifndef BOURSE_BASE_STATUS_MACROS_H_
#define BOURSE_BASE_STATUS_MACROS_H_

#include <utility>

#include "base/status.h"

#define BOURSE_RETURN_IF_ERROR(expr)                 \
  do {                                               \
    ::bourse::Status bourse_status_ = (expr);        \
    if (!bourse_status_.ok()) return bourse_status_; \
  } while (0)

#define BOURSE_CONCAT_INNER_(a, b) a##b
#define BOURSE_CONCAT_(a, b) BOURSE_CONCAT_INNER_(a, b)
#define BOURSE_ASSIGN_OR_RETURN(lhs, expr) \
  BOURSE_ASSIGN_OR_RETURN_IMPL_(BOURSE_CONCAT_(bourse_statusor_, __LINE__), lhs, expr)
#define BOURSE_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return std::move(tmp).status();      \
  lhs = std::move(tmp).value()

#endif  // BOURSE_BASE_STATUS_MACROS_H_
