#include "scan/synthetic.h"

#include <cstdio>

#include "domain/pii.h"
#include "domain/uscc.h"

namespace bourse::scan {
namespace {

constexpr const char* kRegions[] = {"110101", "310104", "440305", "440106", "330106",
                                    "510107", "420102", "320102", "500103", "610113"};
constexpr const char* kMobilePrefixes[] = {"134", "135", "138", "139", "150", "187", "130",
                                           "156", "186", "133", "153", "189", "199", "177"};
constexpr const char* kCities[] = {"Shenzhen", "Beijing", "Shanghai", "Guangzhou", "Hangzhou",
                                   "Chengdu",  "Wuhan",   "Nanjing",  "Chongqing", "Xi'an"};
constexpr const char* kSyllables[] = {"zhang", "wang", "li",   "zhao", "chen", "liu",   "yang",
                                      "huang", "wu",   "zhou", "xu",   "sun",  "ma",    "zhu",
                                      "hu",    "guo",  "he",   "lin",  "luo",  "gao",   "ming",
                                      "hua",   "jun",  "wei",  "fang", "ling", "qiang", "yu"};

char ResidentCheck(const std::string& first17) {
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return "10X98765432"[sum % 11];
}

char LuhnCheckDigit(const std::string& body) {
  int sum = 0;
  bool dbl = true;
  for (auto it = body.rbegin(); it != body.rend(); ++it) {
    int d = *it - '0';
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    dbl = !dbl;
  }
  return static_cast<char>('0' + (10 - sum % 10) % 10);
}

}  // namespace

uint64_t Synthetic::Next() {
  uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

std::string Synthetic::Digits(int n) {
  std::string s(n, '0');
  for (int i = 0; i < n; ++i) s[i] = static_cast<char>('0' + Uniform(10));
  return s;
}

std::string Synthetic::ResidentId(absl::CivilDay as_of, bool minor) {
  absl::CivilDay birth = minor
                             ? as_of - static_cast<int>(Uniform(13 * 365) + 1)
                             : absl::CivilDay(1950, 1, 1) +
                                   static_cast<int>(Uniform((as_of - absl::CivilDay(1968, 1, 1))));
  char date[9];
  snprintf(date, sizeof date, "%04d%02d%02d", static_cast<int>(birth.year()), birth.month(),
           birth.day());
  std::string first17 = std::string(kRegions[Uniform(10)]) + date + Digits(3);
  return first17 + ResidentCheck(first17);
}

std::string Synthetic::BadResidentId(absl::CivilDay as_of) {
  std::string id = ResidentId(as_of);
  id[17] = id[17] == '0'
               ? '1'
               : (id[17] == 'X' ? '0' : static_cast<char>(id[17] == '9' ? '0' : id[17] + 1));
  return id;
}

std::string Synthetic::Mobile() { return std::string(kMobilePrefixes[Uniform(14)]) + Digits(8); }

std::string Synthetic::BankCard() {
  std::string body = "62" + Digits(Uniform(2) ? 13 : 16);
  return body + LuhnCheckDigit(body);
}

std::string Synthetic::BadBankCard() {
  std::string card = BankCard();
  card.back() = static_cast<char>('0' + (card.back() - '0' + 1 + Uniform(9)) % 10);
  return card;
}

std::string Synthetic::Uscc() {
  static constexpr char kAlphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  std::string first17 = "91" + std::string(kRegions[Uniform(10)]);
  for (int i = 0; i < 9; ++i) first17.push_back(kAlphabet[Uniform(31)]);
  return first17 + domain::UsccCheckCharacter(first17);
}

std::string Synthetic::Word() {
  return std::string(kSyllables[Uniform(28)]) + kSyllables[Uniform(28)];
}

std::string Synthetic::Email() {
  static constexpr const char* kDomains[] = {"example.com", "mail.example.cn", "corp.example.org"};
  return Word() + "." + std::to_string(Uniform(1000)) + "@" + kDomains[Uniform(3)];
}

std::string Synthetic::Ipv4() {
  return std::to_string(1 + Uniform(223)) + "." + std::to_string(Uniform(256)) + "." +
         std::to_string(Uniform(256)) + "." + std::to_string(1 + Uniform(254));
}

Planted WriteCustomerCsvImpl(const TableSpec& spec, void (*sink)(void*, const std::string&),
                             void* ctx) {
  Synthetic r(spec.seed);
  Planted planted;
  std::string buf =
      "txn_id,customer,id_number,phone,email,card_no,merchant_uscc,client_ip,city,amount,"
      "txn_date,note,order_no\n";
  const uint64_t pi_threshold = static_cast<uint64_t>(spec.pi_share * 1'000'000);
  const uint64_t minor_threshold = static_cast<uint64_t>(spec.minor_share * 1'000'000);
  for (int64_t i = 0; i < spec.rows; ++i) {
    const bool pi = r.Uniform(1'000'000) < pi_threshold;
    buf += std::to_string(1'000'000 + i);
    buf += ',';
    buf += r.Word();
    buf += ',';
    if (pi) {
      const bool minor = r.Uniform(1'000'000) < minor_threshold;
      buf += r.ResidentId(spec.as_of, minor);
      ++planted.resident_ids;
      planted.minors += minor;
      buf += ',';
      buf += r.Mobile();
      ++planted.mobiles;
      buf += ',';
      buf += r.Email();
      ++planted.emails;
      buf += ',';
      buf += r.BankCard();
      ++planted.bank_cards;
      buf += ',';
      buf += r.Uscc();
      ++planted.usccs;
      buf += ',';
      buf += r.Ipv4();
      ++planted.ips;
    } else {
      buf += r.BadResidentId(spec.as_of);
      buf += ",10";  // 11 digits in no carrier segment.
      buf += r.Digits(9);
      buf += ",,";
      buf += r.BadBankCard();
      buf += ",,";
    }
    buf += ',';
    buf += kCities[r.Uniform(10)];
    buf += ',';
    buf += std::to_string(r.Uniform(100000)) + "." + std::to_string(10 + r.Uniform(90));
    char date[16];
    snprintf(date, sizeof date, ",2026-%02d-%02d,", static_cast<int>(1 + r.Uniform(11)),
             static_cast<int>(1 + r.Uniform(28)));
    buf += date;
    if (pi && r.Uniform(4) == 0) {
      buf += "\"call back on ";
      buf += r.Mobile();
      buf += ", urgent\"";
      ++planted.notes_with_mobile;
    } else {
      buf += "paid by ";
      buf += r.Word();
    }
    buf += ",17";  // A 13-digit millisecond timestamp: not a mobile number.
    buf += r.Digits(11);
    buf += '\n';
    if (buf.size() >= (1u << 16)) {
      sink(ctx, buf);
      buf.clear();
    }
  }
  if (!buf.empty()) sink(ctx, buf);
  return planted;
}

}  // namespace bourse::scan
