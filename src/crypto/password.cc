#include "crypto/password.h"

#include <openssl/evp.h>

#include <cstdint>
#include <vector>

#include "base/encoding.h"
#include "base/errors.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "crypto/sha256.h"

namespace bourse::crypto {
namespace {

constexpr size_t kKeyBytes = 32;
constexpr size_t kMinSaltBytes = 16;

Status CheckCost(const ScryptCost& c) {
  if (c.log2_n < 10 || c.log2_n > 20 || c.r < 1 || c.r > 32 || c.p < 1 || c.p > 4)
    return errors::InvalidField("cost", "scrypt cost out of range");
  return OkStatus();
}

StatusOr<std::string> Derive(std::string_view password, std::string_view salt,
                             const ScryptCost& c) {
  const uint64_t n = uint64_t{1} << c.log2_n;
  // Memory scrypt needs: 128 · r · (N + p) bytes, plus slack.
  const uint64_t max_mem = 128ull * c.r * (n + c.p) + (1u << 20);
  std::string key(kKeyBytes, '\0');
  if (EVP_PBE_scrypt(password.data(), password.size(),
                     reinterpret_cast<const unsigned char*>(salt.data()), salt.size(), n,
                     static_cast<uint64_t>(c.r), static_cast<uint64_t>(c.p), max_mem,
                     reinterpret_cast<unsigned char*>(key.data()), key.size()) != 1) {
    return InternalError("scrypt failed");
  }
  return key;
}

bool ParseInt(std::string_view text, int* out) {
  if (text.empty() || text.size() > 3) return false;
  int v = 0;
  for (char ch : text) {
    if (ch < '0' || ch > '9') return false;
    v = v * 10 + (ch - '0');
  }
  *out = v;
  return true;
}

}  // namespace

StatusOr<std::string> HashPassword(std::string_view password, std::string_view salt,
                                   const ScryptCost& cost) {
  if (salt.size() < kMinSaltBytes) return errors::InvalidField("salt", "at least 16 bytes of salt");
  BOURSE_RETURN_IF_ERROR(CheckCost(cost));
  BOURSE_ASSIGN_OR_RETURN(std::string key, Derive(password, salt, cost));
  return StrCat("$scrypt$ln=", cost.log2_n, ",r=", cost.r, ",p=", cost.p, "$",
                Base64UrlEncode(salt), "$", Base64UrlEncode(key));
}

namespace {

struct ParsedHash {
  ScryptCost cost;
  std::string salt;
  std::string key;
};

StatusOr<ParsedHash> Parse(std::string_view encoded) {
  const Status bad = errors::InvalidField("password_hash", "not a scrypt hash in PHC format");
  std::vector<std::string_view> parts;
  for (size_t start = 0;;) {
    const size_t end = encoded.find('$', start);
    parts.push_back(encoded.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  // "", "scrypt", "ln=..,r=..,p=..", salt, key
  if (parts.size() != 5 || !parts[0].empty() || parts[1] != "scrypt") return bad;
  ParsedHash out;
  int seen = 0;
  for (size_t start = 0; start <= parts[2].size();) {
    size_t end = parts[2].find(',', start);
    if (end == std::string_view::npos) end = parts[2].size();
    std::string_view kv = parts[2].substr(start, end - start);
    const size_t eq = kv.find('=');
    if (eq == std::string_view::npos) return bad;
    std::string_view k = kv.substr(0, eq);
    int* field = k == "ln"  ? &out.cost.log2_n
                 : k == "r" ? &out.cost.r
                 : k == "p" ? &out.cost.p
                            : nullptr;
    if (field == nullptr || !ParseInt(kv.substr(eq + 1), field)) return bad;
    ++seen;
    start = end + 1;
  }
  if (seen != 3 || !CheckCost(out.cost).ok()) return bad;
  auto salt = Base64UrlDecode(parts[3]);
  auto key = Base64UrlDecode(parts[4]);
  if (!salt.ok() || !key.ok() || salt->size() < kMinSaltBytes || key->size() != kKeyBytes)
    return bad;
  out.salt = std::move(*salt);
  out.key = std::move(*key);
  return out;
}

}  // namespace

StatusOr<bool> VerifyPassword(std::string_view password, std::string_view encoded) {
  BOURSE_ASSIGN_OR_RETURN(ParsedHash h, Parse(encoded));
  BOURSE_ASSIGN_OR_RETURN(std::string derived, Derive(password, h.salt, h.cost));
  return ConstantTimeEquals(derived, h.key);
}

bool NeedsRehash(std::string_view encoded, const ScryptCost& wanted) {
  auto h = Parse(encoded);
  if (!h.ok()) return true;
  return h->cost.log2_n < wanted.log2_n || h->cost.r < wanted.r || h->cost.p < wanted.p;
}

}  // namespace bourse::crypto
