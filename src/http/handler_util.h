// Helpers for thin handlers: JSON responses, query parameters with named errors, and
// BOURSE_TRY, which returns the problem response of a failed StatusOr.
#ifndef BOURSE_HTTP_HANDLER_UTIL_H_
#define BOURSE_HTTP_HANDLER_UTIL_H_

#include <boost/json.hpp>
#include <optional>
#include <string_view>

#include "api/wire.h"
#include "base/encoding.h"
#include "base/errors.h"
#include "base/strings.h"
#include "domain/enums.h"
#include "http/dispatcher.h"
#include "service/idempotency_service.h"

namespace bourse::http {
namespace json = boost::json;

inline constexpr int kMaxPageSize = 200;

// For a route marked RecordsInTransaction: what its use case calls with its result, so that the
// idempotent response (status and `to_json` of the result) commits with the use case's effects.
// Null when the request carries no Idempotency-Key.
template <typename T, typename ToJson>
service::RecordInTransaction<T> RecordResponse(RequestContext& ctx, int status, ToJson to_json) {
  if (!ctx.idempotency_scope()) return nullptr;
  return [&ctx, status, to_json](auto& tx, const T& v) {
    return service::IdempotencyService::Record(tx, *ctx.idempotency_scope(),
                                               ctx.request().idempotency_key, status,
                                               json::serialize(to_json(v)));
  };
}

// A stored file's headers: its digest as ETag and Repr-Digest (RFC 9530), and an attachment
// name with quotes, backslashes and control characters replaced.
inline void AddStoredFileHeaders(Response& r, const std::string& sha256,
                                 const std::string& file_name) {
  r.headers.emplace_back("ETag", StrCat("\"", sha256, "\""));
  if (auto digest = HexDecode(sha256); digest.ok())
    r.headers.emplace_back("Repr-Digest", StrCat("sha-256=:", Base64Encode(*digest), ":"));
  std::string name;
  for (char c : file_name)
    name.push_back(c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20 ? '_' : c);
  r.headers.emplace_back("Content-Disposition", StrCat("attachment; filename=\"", name, "\""));
}

inline Response JsonOk(RequestContext& ctx, int status, const json::value& v) {
  return ctx.Json(status, json::serialize(v));
}

// Query parameters: InvalidField naming the parameter.
template <typename E>
StatusOr<std::optional<E>> QueryEnum(RequestContext& ctx, std::string_view key) {
  auto it = ctx.query().find(key);
  if (it == ctx.query().end() || it->second.empty()) return std::optional<E>();
  auto e = domain::Parse<E>(it->second);
  if (!e) return errors::InvalidField(key, StrCat("must be one of: ", domain::NamesOf<E>()));
  return std::optional<E>(*e);
}

inline StatusOr<int64_t> QueryInt(RequestContext& ctx, std::string_view key,
                                  std::optional<int64_t> fallback) {
  auto it = ctx.query().find(key);
  if (it == ctx.query().end() || it->second.empty()) {
    if (fallback) return *fallback;
    return errors::MissingField(key);
  }
  int64_t v = 0;
  for (char c : it->second) {
    if (c < '0' || c > '9' || v > (INT64_MAX - 9) / 10)
      return errors::InvalidField(key, "must be a non-negative integer");
    v = v * 10 + (c - '0');
  }
  return v;
}

inline StatusOr<int> QueryLimit(RequestContext& ctx) {
  auto v = QueryInt(ctx, "limit", 50);
  if (!v.ok() || *v < 1 || *v > kMaxPageSize) {
    return errors::InvalidField("limit", "must be an integer from 1 to 200");
  }
  return static_cast<int>(*v);
}

// The position a "cursor" query parameter names (0 when absent); InvalidField when malformed.
inline StatusOr<int64_t> QueryCursor(RequestContext& ctx) {
  auto it = ctx.query().find("cursor");
  if (it == ctx.query().end() || it->second.empty()) return int64_t{0};
  return api::DecodeCursor(it->second);
}

// 200 {"items": [...]}, each item as `to_json` renders it.
template <typename List, typename ToJson>
Response ItemsOk(RequestContext& ctx, const List& list, ToJson to_json) {
  json::array items;
  items.reserve(list.size());
  for (const auto& item : list) items.push_back(to_json(item));
  return JsonOk(ctx, 200, json::object{{"items", std::move(items)}});
}

// 200 {"items": [...], "next_cursor": ...}: the cursor names `next` when there is one, else null.
template <typename List, typename ToJson>
Response PageOk(RequestContext& ctx, const List& list, const std::optional<int64_t>& next,
                ToJson to_json) {
  json::array items;
  items.reserve(list.size());
  for (const auto& item : list) items.push_back(to_json(item));
  return JsonOk(ctx, 200,
                json::object{{"items", std::move(items)},
                             {"next_cursor", next ? json::value(api::EncodeCursor(*next))
                                                  : json::value(nullptr)}});
}

// PageOk for a list read `limit` at a time by seq: a full page may have more after its last.
template <typename List, typename ToJson>
Response SeqPageOk(RequestContext& ctx, const List& list, int limit, ToJson to_json) {
  const bool more = !list.empty() && static_cast<int>(list.size()) == limit;
  return PageOk(ctx, list, more ? std::optional<int64_t>(list.back().seq) : std::nullopt, to_json);
}

#define BOURSE_TRY(lhs, expr)                                \
  auto lhs##_or = (expr);                                    \
  if (!lhs##_or.ok()) return ctx.Problem(lhs##_or.status()); \
  auto& lhs = *lhs##_or

}  // namespace bourse::http

#endif  // BOURSE_HTTP_HANDLER_UTIL_H_
