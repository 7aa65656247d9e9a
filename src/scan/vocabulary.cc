#include "scan/vocabulary.h"

#include <string>
#include <vector>

namespace bourse::scan {
namespace {

using domain::DataClassification;
using domain::SensitiveCategory;

struct Term {
  std::string_view text;
  bool whole_token;  // Must equal one token of the name; otherwise a substring match.
};

struct CategoryTerms {
  SensitiveCategory category;
  std::vector<Term> terms;
};

const std::vector<CategoryTerms>& Dictionary() {
  static const auto* dict = new std::vector<CategoryTerms>{
      {SensitiveCategory::kBiometric,
       {{"fingerprint", false},
        {"faceid", false},
        {"face", true},
        {"iris", true},
        {"voiceprint", false},
        {"biometric", false},
        {"retina", false},
        {"gait", true},
        {"指纹", false},
        {"人脸", false},
        {"虹膜", false},
        {"声纹", false},
        {"面部", false}}},
      {SensitiveCategory::kReligion,
       {{"religion", false},
        {"religious", false},
        {"faith", true},
        {"宗教", false},
        {"信仰", false}}},
      {SensitiveCategory::kSpecificIdentity,
       {{"disability", false},
        {"criminal", false},
        {"conviction", false},
        {"ethnicity", false},
        {"残疾", false},
        {"犯罪", false},
        {"民族", false},
        {"身份证照片", false}}},
      {SensitiveCategory::kHealth,
       {{"health", false},
        {"medical", false},
        {"diagnosis", false},
        {"disease", false},
        {"patient", false},
        {"symptom", false},
        {"prescription", false},
        {"blood", false},
        {"icd", true},
        {"illness", false},
        {"医疗", false},
        {"诊断", false},
        {"健康", false},
        {"病历", false},
        {"疾病", false},
        {"处方", false},
        {"病", false}}},
      {SensitiveCategory::kFinancialAccount,
       {{"iban", true},
        {"account", false},
        {"card", true},
        {"cardno", false},
        {"balance", false},
        {"credit", false},
        {"salary", false},
        {"income", false},
        {"账户", false},
        {"账号", false},
        {"银行卡", false},
        {"卡号", false},
        {"余额", false},
        {"征信", false},
        {"收入", false}}},
      {SensitiveCategory::kLocation,
       {{"lat", true},
        {"lng", true},
        {"lon", true},
        {"latitude", false},
        {"longitude", false},
        {"gps", true},
        {"trajectory", false},
        {"track", true},
        {"trace", true},
        {"geo", true},
        {"location", false},
        {"whereabouts", false},
        {"轨迹", false},
        {"位置", false},
        {"经度", false},
        {"纬度", false},
        {"定位", false},
        {"行程", false}}},
      {SensitiveCategory::kMinor,
       {{"minor", true},
        {"child", false},
        {"children", false},
        {"student", false},
        {"pupil", false},
        {"guardian", false},
        {"未成年", false},
        {"儿童", false},
        {"学生", false},
        {"监护人", false}}},
  };
  return *dict;
}

const std::vector<Term>& CoreTerms() {
  static const auto* terms =
      new std::vector<Term>{{"military", false}, {"classified", false}, {"state_secret", false},
                            {"nuclear", false},  {"军事", false},       {"国防", false},
                            {"国家秘密", false}, {"涉密", false},       {"核设施", false}};
  return *terms;
}

const std::vector<Term>& ImportantTerms() {
  static const auto* terms = new std::vector<Term>{{"genome", false},
                                                   {"genetic", false},
                                                   {"gene", true},
                                                   {"surveying", false},
                                                   {"critical_infrastructure", false},
                                                   {"基因", false},
                                                   {"测绘", false},
                                                   {"关键信息基础设施", false},
                                                   {"电网调度", false}};
  return *terms;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Tokens of an ASCII-lowered name split at anything that is not a letter or digit, and at
// lower-to-upper case changes in the original (cardNo → card, no).
std::vector<std::string> Tokens(std::string_view name) {
  std::vector<std::string> tokens;
  std::string current;
  char prev = 0;
  for (char c : name) {
    const bool upper = c >= 'A' && c <= 'Z';
    const bool alnum = upper || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum || (upper && prev >= 'a' && prev <= 'z')) {
      if (!current.empty()) tokens.push_back(current);
      current.clear();
    }
    if (alnum) current.push_back(upper ? static_cast<char>(c - 'A' + 'a') : c);
    prev = c;
  }
  if (!current.empty()) tokens.push_back(current);
  return tokens;
}

bool Matches(const std::vector<Term>& terms, const std::string& lowered,
             const std::vector<std::string>& tokens) {
  for (const Term& t : terms) {
    if (t.whole_token) {
      for (const auto& tok : tokens)
        if (tok == t.text) return true;
    } else if (lowered.find(t.text) != std::string::npos) {
      return true;
    }
  }
  return false;
}

}  // namespace

domain::EnumSet<SensitiveCategory> CategoriesFromColumnName(std::string_view name) {
  const std::string lowered = Lower(name);
  const auto tokens = Tokens(name);
  domain::EnumSet<SensitiveCategory> out;
  for (const auto& entry : Dictionary())
    if (Matches(entry.terms, lowered, tokens)) out.Add(entry.category);
  return out;
}

DataClassification ClassificationFromColumnName(std::string_view name) {
  const std::string lowered = Lower(name);
  const auto tokens = Tokens(name);
  if (Matches(CoreTerms(), lowered, tokens)) return DataClassification::kCore;
  if (Matches(ImportantTerms(), lowered, tokens)) return DataClassification::kImportant;
  return DataClassification::kGeneral;
}

}  // namespace bourse::scan
