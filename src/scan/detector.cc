#include "scan/detector.h"

#include <arpa/inet.h>
#include <hs/hs.h>

#include "base/errors.h"
#include "base/strings.h"
#include "domain/pii.h"
#include "domain/uscc.h"
#include "scan/hll.h"

namespace bourse::scan {
namespace {

struct Pattern {
  const char* expression;
  PiKind kind;
  int length;  // Fixed match length, or 0 when the extent is found by walking back.
};

// Candidate shapes. Fixed-length shapes give the start from the end offset, so no start-of-match
// tracking (which halves Vectorscan's speed) is needed.
constexpr Pattern kPatterns[] = {
    {"[1-8][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]",
     PiKind::kResidentId, 18},
    {"1[3-9][0-9]{9}", PiKind::kMobile, 11},
    {"[2-6][0-9]{15}", PiKind::kBankCard, 16},
    {"62[0-9]{15}", PiKind::kBankCard, 17},
    {"62[0-9]{16}", PiKind::kBankCard, 18},
    {"[2-6][0-9]{18}", PiKind::kBankCard, 19},
    {"[1-9A-GY][1-9][0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}", PiKind::kUscc, 18},
    {"@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,24}", PiKind::kEmail, 0},
    {"[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}", PiKind::kIp, 0},
    {"[0-9A-Fa-f]{0,4}::[0-9A-Fa-f:]{0,35}[0-9A-Fa-f]", PiKind::kIp, 0},
    {"[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){7}", PiKind::kIp, 0},
};
constexpr int kPatternCount = sizeof(kPatterns) / sizeof(kPatterns[0]);

inline bool IsDigit(unsigned char c) { return static_cast<unsigned>(c - '0') < 10u; }
inline bool IsAlnum(unsigned char c) {
  return IsDigit(c) || static_cast<unsigned>((c | 0x20) - 'a') < 26u;
}
inline bool IsEmailLocal(unsigned char c) {
  return IsAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}
inline bool IsHostChar(unsigned char c) { return IsAlnum(c) || c == '-' || c == '.'; }
inline bool IsIpChar(unsigned char c) {
  return IsDigit(c) || c == '.' || c == ':' || static_cast<unsigned>((c | 0x20) - 'a') < 6u;
}

bool ResidentIdShaped(std::string_view t) {
  for (int i = 0; i < 17; ++i)
    if (!IsDigit(t[i])) return false;
  if (!IsDigit(t[17]) && t[17] != 'X' && t[17] != 'x') return false;
  const int century = (t[6] - '0') * 10 + (t[7] - '0');
  const int month = (t[10] - '0') * 10 + (t[11] - '0');
  const int day = (t[12] - '0') * 10 + (t[13] - '0');
  return (century == 19 || century == 20) && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

// The exact check for a candidate of `kind` whose text is `text`; fills the hit's details.
bool Validate(PiKind kind, std::string_view text, absl::CivilDay as_of, Hit& hit) {
  switch (kind) {
    case PiKind::kResidentId: {
      auto id = domain::ParseResidentId(text, as_of);
      if (!id) return false;
      hit.minor = id->IsMinorOn(as_of);
      break;
    }
    case PiKind::kMobile:
      if (!domain::ParseMobileNumber(text)) return false;
      break;
    case PiKind::kBankCard:
      if (text.size() == 18 && domain::ParseResidentId(text, as_of)) return false;
      if (!(text.size() == 16 || text.size() == 19 ? domain::IsBankCard(text)
                                                   : domain::IsUnionPayCard(text)))
        return false;
      break;
    case PiKind::kUscc:
      // Eighteen digits with a birth date in place are a (mistyped) resident ID, not a code.
      if (ResidentIdShaped(text)) return false;
      if (!domain::ValidateUscc(text).ok()) return false;
      break;
    case PiKind::kEmail:
    case PiKind::kIp:
      break;
  }
  hit.hash = HashBytes(text.data(), text.size());
  return true;
}

struct ScanContext {
  std::string_view block;
  uint64_t base;
  absl::CivilDay as_of;
  std::vector<Hit>* hits;
  uint64_t last_ip_end = ~uint64_t{0};
};

// Validates the candidate ending at `to` for pattern `id`; appends a Hit when it is real.
void Consider(ScanContext& ctx, unsigned id, uint64_t to) {
  const Pattern& p = kPatterns[id];
  const auto* data = reinterpret_cast<const unsigned char*>(ctx.block.data());
  const uint64_t size = ctx.block.size();
  // Nothing alphanumeric may continue the token on the right.
  if (to < size && IsAlnum(data[to])) return;
  uint64_t from;
  if (p.length > 0) {
    if (to < static_cast<uint64_t>(p.length)) return;
    from = to - p.length;
    if (from > 0 && IsAlnum(data[from - 1])) return;
  } else if (p.kind == PiKind::kEmail) {
    if (to < size && data[to] == '@') return;
    // A longer host name continues after a dot (a@b.com.cn matches at .com first).
    if (to + 1 < size && (data[to] == '.' || data[to] == '-') && IsAlnum(data[to + 1])) return;
    // The match starts at '@' somewhere in the host part: find it, then walk the local part back.
    uint64_t at = to;
    while (at > 0 && data[at - 1] != '@' && IsHostChar(data[at - 1])) --at;
    if (at == 0 || data[at - 1] != '@') return;
    --at;
    from = at;
    while (from > 0 && IsEmailLocal(data[from - 1]) && at - from < 64) --from;
    if (from == at || data[from] == '.' || data[at - 1] == '.') return;
    if (from > 0 && IsEmailLocal(data[from - 1])) return;
  } else {  // IP address: walk back over address characters.
    if (to < size && (data[to] == '.' || data[to] == ':')) return;
    from = to;
    while (from > 0 && IsIpChar(data[from - 1]) && to - from < 45) --from;
    if (from > 0 && IsAlnum(data[from - 1])) return;
    if (to - from < 2) return;
    char buf[48];
    __builtin_memcpy(buf, data + from, to - from);
    buf[to - from] = 0;
    unsigned char addr[16];
    const bool v6 = __builtin_memchr(buf, ':', to - from) != nullptr;
    if (inet_pton(v6 ? AF_INET6 : AF_INET, buf, addr) != 1) return;
    if (ctx.last_ip_end == to) return;  // Both IPv6 shapes matched the same address.
    ctx.last_ip_end = to;
  }
  const std::string_view text(ctx.block.data() + from, to - from);
  Hit hit{ctx.base + from, ctx.base + to, p.kind, false, 0};
  if (Validate(p.kind, text, ctx.as_of, hit)) ctx.hits->push_back(hit);
}

// Pattern indexes in kPatterns of the two address shapes a cell often holds whole.
constexpr unsigned kEmailPattern = 7;
constexpr unsigned kIpv4Pattern = 8;
static_assert(kPatterns[kEmailPattern].kind == PiKind::kEmail);
static_assert(kPatterns[kIpv4Pattern].kind == PiKind::kIp && kPatterns[kIpv4Pattern].length == 0);

// Whether `cell` is exactly a dotted quad of 1-3 digit groups.
bool DottedQuadShaped(std::string_view cell) {
  int groups = 0, run = 0;
  for (unsigned char c : cell) {
    if (IsDigit(c)) {
      if (++run > 3) return false;
    } else if (c == '.' && run > 0 && groups < 3) {
      ++groups;
      run = 0;
    } else {
      return false;
    }
  }
  return groups == 3 && run > 0;
}

// Whether `cell` is exactly one e-mail address so plain that no other pattern can match inside
// it and no match of the e-mail pattern can end before the cell does: one '@'; a local part of
// e-mail characters; host labels of letters and digits joined by single dots and inner single
// hyphens, the last all letters (2-24); no run of more than five digits and no digit-dot-digit
// (so no phone, card, ID, USCC or IPv4 shape), no ':' (so no IPv6 shape).
bool PlainEmailShaped(std::string_view cell) {
  const size_t at = cell.find('@');
  if (at == 0 || at == std::string_view::npos || at + 1 >= cell.size()) return false;
  int run = 0;
  for (size_t i = 0; i < cell.size(); ++i) {
    const auto c = static_cast<unsigned char>(cell[i]);
    run = IsDigit(c) ? run + 1 : 0;
    if (run > 5) return false;
    if (c == '.' && i > 0 && i + 1 < cell.size() && IsDigit(cell[i - 1]) && IsDigit(cell[i + 1]))
      return false;
    if (i < at && !IsEmailLocal(c)) return false;
  }
  int labels = 0;
  size_t label_start = at + 1;
  for (size_t i = at + 1; i <= cell.size(); ++i) {
    if (i < cell.size() && cell[i] != '.') {
      const auto c = static_cast<unsigned char>(cell[i]);
      if (c == '-') {
        if (i == label_start || i + 1 >= cell.size() || !IsAlnum(cell[i + 1])) return false;
      } else if (!IsAlnum(c)) {
        return false;
      }
      continue;
    }
    if (i == label_start) return false;  // An empty label.
    ++labels;
    if (i == cell.size()) {
      const size_t n = i - label_start;
      if (n < 2 || n > 24) return false;
      for (size_t j = label_start; j < i; ++j)
        if (IsDigit(cell[j]) || cell[j] == '-') return false;
    }
    label_start = i + 1;
  }
  return labels >= 2;
}

int OnMatch(unsigned int id, unsigned long long /*from*/, unsigned long long to,
            unsigned int /*flags*/, void* context) {
  Consider(*static_cast<ScanContext*>(context), id, to);
  return 0;
}

}  // namespace

std::string_view Name(PiKind kind) {
  static constexpr std::string_view kNames[] = {"resident_id", "mobile", "bank_card",
                                                "uscc",        "email",  "ip"};
  return kNames[static_cast<int>(kind)];
}

bool IsPersonal(PiKind kind) { return kind != PiKind::kUscc; }

struct Detector::Database {
  hs_database_t* db = nullptr;
  ~Database() { hs_free_database(db); }
};

Detector::Scratch::~Scratch() { hs_free_scratch(static_cast<hs_scratch_t*>(scratch_)); }

Detector::~Detector() = default;

StatusOr<std::shared_ptr<const Detector>> Detector::Create() {
  const char* expressions[kPatternCount];
  unsigned flags[kPatternCount];
  unsigned ids[kPatternCount];
  for (int i = 0; i < kPatternCount; ++i) {
    expressions[i] = kPatterns[i].expression;
    flags[i] = 0;
    ids[i] = static_cast<unsigned>(i);
  }
  auto detector = std::shared_ptr<Detector>(new Detector());
  detector->db_ = std::make_unique<Database>();
  hs_compile_error_t* error = nullptr;
  if (hs_compile_multi(expressions, flags, ids, kPatternCount, HS_MODE_BLOCK, nullptr,
                       &detector->db_->db, &error) != HS_SUCCESS) {
    std::string message = error ? error->message : "unknown error";
    hs_free_compile_error(error);
    return errors::Internal(StrCat("compiling the identifier patterns: ", message));
  }
  return std::shared_ptr<const Detector>(std::move(detector));
}

StatusOr<std::unique_ptr<Detector::Scratch>> Detector::NewScratch() const {
  auto scratch = std::make_unique<Scratch>();
  hs_scratch_t* raw = nullptr;
  if (hs_alloc_scratch(db_->db, &raw) != HS_SUCCESS)
    return errors::Internal("allocating pattern scratch space");
  scratch->scratch_ = raw;
  return scratch;
}

Status Detector::Scan(std::string_view block, uint64_t base, absl::CivilDay as_of, Scratch& scratch,
                      std::vector<Hit>& hits) const {
  ScanContext ctx{block, base, as_of, &hits};
  // hs_scan takes an unsigned length: feed blocks of at most 1 GiB.
  constexpr size_t kMaxBlock = size_t{1} << 30;
  if (block.size() > kMaxBlock) return errors::Internal("scan block too large");
  const hs_error_t rc = hs_scan(db_->db, block.data(), static_cast<unsigned>(block.size()), 0,
                                static_cast<hs_scratch_t*>(scratch.scratch_), OnMatch, &ctx);
  if (rc != HS_SUCCESS) return errors::Internal(StrCat("pattern scan failed (", rc, ")"));
  return OkStatus();
}

bool Detector::MatchAddressCell(std::string_view cell, absl::CivilDay as_of,
                                std::vector<Hit>& hits) {
  unsigned pattern;
  if (DottedQuadShaped(cell))
    pattern = kIpv4Pattern;
  else if (PlainEmailShaped(cell))
    pattern = kEmailPattern;
  else
    return false;
  ScanContext ctx{cell, 0, as_of, &hits};
  Consider(ctx, pattern, cell.size());
  return true;
}

std::optional<Hit> Detector::MatchToken(std::string_view token, absl::CivilDay as_of) {
  const size_t n = token.size();
  if (n < 11 || n > 19) return std::nullopt;
  Hit hit{0, n, PiKind::kMobile, false, 0};
  auto digit = [&](size_t i) { return IsDigit(static_cast<unsigned char>(token[i])); };
  const char first = token[0];
  switch (n) {
    case 11:
      if (first == '1' && token[1] >= '3' && Validate(PiKind::kMobile, token, as_of, hit))
        return hit;
      return std::nullopt;
    case 16:
    case 19:
      if (first >= '2' && first <= '6' && digit(n - 1)) {
        hit.kind = PiKind::kBankCard;
        if (Validate(hit.kind, token, as_of, hit)) return hit;
      }
      return std::nullopt;
    case 17:
      hit.kind = PiKind::kBankCard;
      if (first == '6' && token[1] == '2' && Validate(hit.kind, token, as_of, hit)) return hit;
      return std::nullopt;
    case 18:
      for (PiKind kind : {PiKind::kResidentId, PiKind::kBankCard, PiKind::kUscc}) {
        if (kind == PiKind::kBankCard && !(first == '6' && token[1] == '2')) continue;
        hit.kind = kind;
        hit.minor = false;
        if (Validate(kind, token, as_of, hit)) return hit;
      }
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

std::string MaskIdentifier(std::string_view value, size_t begin, size_t end, PiKind kind) {
  std::string out(value);
  const size_t n = end - begin;
  auto star = [&](size_t from, size_t to) {
    for (size_t i = begin + from; i < begin + to && i < end; ++i) out[i] = '*';
  };
  switch (kind) {
    case PiKind::kResidentId:  // Keep the region code and the last four.
      star(6, n - 4);
      break;
    case PiKind::kMobile:  // 138****5678
      star(3, n - 4);
      break;
    case PiKind::kBankCard:  // Keep the issuer prefix and the last four.
      star(6, n - 4);
      break;
    case PiKind::kUscc:  // Organisations are public; mask the middle anyway.
      star(8, n - 4);
      break;
    case PiKind::kEmail: {
      const size_t at = value.find('@', begin);
      if (at != std::string_view::npos && at < end) star(1, at - begin);
      break;
    }
    case PiKind::kIp: {  // Keep the network half.
      size_t seps = 0;
      const char sep = value.substr(begin, n).find(':') != std::string_view::npos ? ':' : '.';
      const size_t keep = sep == '.' ? 2 : 2;
      for (size_t i = begin; i < end; ++i) {
        if (value[i] == sep) {
          ++seps;
          continue;
        }
        if (seps >= keep) out[i] = '*';
      }
      break;
    }
  }
  return out;
}

}  // namespace bourse::scan
