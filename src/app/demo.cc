#include "app/demo.h"

#include <array>
#include <set>

#include "base/errors.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "domain/uscc.h"

namespace bourse::app {
namespace {

using domain::AdmissionAction;
using domain::Role;

struct City {
  const char* name;
  const char* region;
};
constexpr std::array<City, 10> kCities{{{"深圳", "440300"},
                                        {"广州", "440100"},
                                        {"北京", "110105"},
                                        {"上海", "310115"},
                                        {"杭州", "330106"},
                                        {"成都", "510107"},
                                        {"武汉", "420106"},
                                        {"南京", "320106"},
                                        {"天津", "120116"},
                                        {"重庆", "500112"}}};
struct Sector {
  const char* name;
  std::array<const char*, 3> words;
};
constexpr std::array<Sector, 7> kSectors{{{"government", {"政务数据", "城市治理", "公共服务"}},
                                          {"power", {"电力数据", "能源科技", "水务信息"}},
                                          {"finance", {"金融科技", "征信服务", "支付数据"}},
                                          {"industry", {"工业互联网", "智能制造", "工业数据"}},
                                          {"trade", {"商贸数据", "跨境贸易", "零售科技"}},
                                          {"media", {"传媒科技", "文化数据", "舆情信息"}},
                                          {"logistics", {"物流科技", "供应链", "航运数据"}}}};
constexpr std::array<const char*, 20> kSyllables = {"华", "信", "瑞", "通", "达", "安", "泰",
                                                    "联", "创", "智", "云", "数", "腾", "汇",
                                                    "融", "鼎", "恒", "盛", "博", "远"};

template <typename T, size_t N>
const T& Pick(Random& r, const std::array<T, N>& items) {
  return items[r.Uniform(N)];
}

}  // namespace

std::string DemoUscc(Random& r, std::string_view region) {
  static constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  // GB 11714 organisation code: 8 characters and a mod-11 check character.
  std::string org = "MA";
  for (int i = 0; i < 6; ++i) org += kAlphabet[r.Uniform(kAlphabet.size())];
  static constexpr int kWeights[8] = {3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 8; ++i) {
    char c = org[i];
    int v = (c >= '0' && c <= '9') ? c - '0' : c - 'A' + 10;
    sum += v * kWeights[i];
  }
  int check = 11 - sum % 11;
  org += check == 10 ? 'X' : (check == 11 ? '0' : static_cast<char>('0' + check));
  std::string first17 = StrCat("91", region, org);
  return first17 + domain::UsccCheckCharacter(first17);
}

StatusOr<DemoSummary> BuildDemoMarket(Exchange& exchange, const domain::Principal& op,
                                      uint64_t seed, const Progress& progress, FakeClock* clock) {
  BOURSE_ASSIGN_OR_RETURN(auto existing, exchange.admission().List(op, {.limit = 3}));
  if (existing.items.size() > 2) {
    return errors::RuleViolation(
        "the market already has participants; the demo needs a fresh data directory");
  }
  SeededRandom r(seed);
  DemoSummary summary;
  std::set<std::string> names;
  constexpr int kMerchants = 91, kProviders = 98, kBuyers = 295, kServiceProviders = 12;
  constexpr int kProducts = 600, kTrades = 400;
  const int total = kMerchants + kProviders + kBuyers + kServiceProviders + kProducts + kTrades;
  std::vector<domain::Principal> sellers, assessors, buyers;
  auto principal = [&](const service::ApplyResult& applied) {
    return exchange.tokens().Authenticate(applied.applicant_token.secret);
  };
  int done = 0;
  std::vector<OrganizationId> merchants;

  auto make_app = [&](domain::EnumSet<Role> roles, std::string_view suffix) {
    domain::Application app;
    const City& city = Pick(r, kCities);
    const Sector& sector = Pick(r, kSectors);
    std::string name;
    do {
      name = StrCat(city.name, kSyllables[r.Uniform(kSyllables.size())],
                    kSyllables[r.Uniform(kSyllables.size())], sector.words[r.Uniform(3)], suffix);
    } while (!names.insert(name).second);
    app.name = name;
    app.uscc = DemoUscc(r, city.region);
    app.legal_form = domain::LegalForm::kEnterpriseLegalPerson;
    app.roles = roles;
    app.contact = {StrCat("联系人", done + 1),
                   StrCat("contact", done + 1, "@", sector.name, ".example.cn"),
                   StrCat("+86 1", 30 + r.Uniform(60), " ", 1000 + r.Uniform(9000), " ",
                          1000 + r.Uniform(9000))};
    return app;
  };
  auto decide = [&](const OrganizationId& id, AdmissionAction action, std::string reason = {},
                    std::optional<domain::MerchantGrade> grade = std::nullopt) -> Status {
    domain::Decision d;
    d.action = action;
    d.reason = std::move(reason);
    d.grade = grade;
    auto result = exchange.admission().Decide(op, id, d);
    if (!result.ok()) return result.status();
    if (result->certificate) ++summary.certificates;
    return OkStatus();
  };
  auto record = [&](const service::ApplyResult& applied) {
    auto view = exchange.admission().Get(op, applied.organization.id);
    const auto& org = view.ok() ? view->organization : applied.organization;
    std::vector<std::string> roles;
    for (auto role : org.profile.roles.values()) roles.emplace_back(domain::Name(role));
    summary.accounts.push_back({org.id.value(), org.profile.name, StrJoin(roles, ","),
                                std::string(domain::Name(org.status)),
                                applied.applicant_token.secret});
    ++summary.organizations;
    if (progress) progress(++done, total);
  };

  // Data merchants: most approved and graded; a few in every other state.
  for (int i = 0; i < kMerchants; ++i) {
    domain::EnumSet<Role> roles{Role::kDataMerchant, Role::kSeller};
    if (i % 4 == 0) roles.Add(Role::kBuyer);
    domain::Application app = make_app(roles, i % 3 ? "有限公司" : "股份有限公司");
    if (i == kMerchants - 1)
      app.legal_form = domain::LegalForm::kUnincorporated;  // Returned by the checks.
    BOURSE_ASSIGN_OR_RETURN(auto applied, exchange.admission().Apply(app));
    const auto& id = applied.organization.id;
    if (i < 86) {
      domain::MerchantGrade grade;
      grade.tier = i < 10   ? domain::MerchantTier::kStrategic
                   : i < 40 ? domain::MerchantTier::kCore
                            : domain::MerchantTier::kEcosystem;
      int ntypes = 1 + static_cast<int>(r.Uniform(3));
      for (int t = 0; t < ntypes; ++t)
        grade.types.Add(static_cast<domain::MerchantType>(1 + r.Uniform(8)));
      grade.risk_level = 1 + static_cast<int>(r.Uniform(4));
      BOURSE_RETURN_IF_ERROR(decide(id, AdmissionAction::kApprove, {}, grade));
      merchants.push_back(id);
      if (sellers.size() < 35) {
        BOURSE_ASSIGN_OR_RETURN(auto p, principal(applied));
        sellers.push_back(p);
      }
      if (i == 85) {
        BOURSE_RETURN_IF_ERROR(
            decide(id, AdmissionAction::kSuspend, "data source authorisation under investigation"));
      }
    } else if (i == 86) {
      BOURSE_RETURN_IF_ERROR(
          decide(id, AdmissionAction::kRequestSupplement, "upload the data-source authorisations"));
    } else if (i == 87) {
      BOURSE_RETURN_IF_ERROR(
          decide(id, AdmissionAction::kReject, "no lawful data source demonstrated"));
    }
    record(applied);
  }
  // Data providers: sellers sponsored by an approved merchant.
  for (int i = 0; i < kProviders; ++i) {
    domain::Application app = make_app({Role::kSeller}, "有限公司");
    if (i < 96) app.sponsor_id = merchants[r.Uniform(85)];
    BOURSE_ASSIGN_OR_RETURN(auto applied, exchange.admission().Apply(app));
    const auto& id = applied.organization.id;
    if (i < 92) {
      BOURSE_RETURN_IF_ERROR(decide(id, AdmissionAction::kApprove));
      if (i < 20) {
        BOURSE_ASSIGN_OR_RETURN(auto p, principal(applied));
        sellers.push_back(p);
      }
      if (i == 91) {  // An exit is the organisation's own decision, taken with its own token.
        BOURSE_ASSIGN_OR_RETURN(auto self,
                                exchange.tokens().Authenticate(applied.applicant_token.secret));
        domain::Decision exit;
        exit.action = AdmissionAction::kExit;
        exit.reason = "business discontinued";
        BOURSE_RETURN_IF_ERROR(exchange.admission().Decide(self, id, exit).status());
      }
    }
    record(applied);
  }
  // Buyers.
  for (int i = 0; i < kBuyers; ++i) {
    domain::Application app = make_app({Role::kBuyer}, i % 5 ? "有限公司" : "集团有限公司");
    if (i % 17 == 0) app.legal_form = domain::LegalForm::kLegalPerson;
    BOURSE_ASSIGN_OR_RETURN(auto applied, exchange.admission().Apply(app));
    const auto& id = applied.organization.id;
    if (i < 280) {
      BOURSE_RETURN_IF_ERROR(decide(id, AdmissionAction::kApprove));
      BOURSE_ASSIGN_OR_RETURN(auto p, principal(applied));
      buyers.push_back(p);
    } else if (i < 283) {
      BOURSE_RETURN_IF_ERROR(
          decide(id, AdmissionAction::kRequestSupplement, "confirm the declared purpose of use"));
    } else if (i < 285) {
      BOURSE_RETURN_IF_ERROR(decide(id, AdmissionAction::kReject, "identity verification failed"));
    }
    record(applied);
  }
  // Third-party service providers.
  const std::array<std::pair<domain::ServiceType, const char*>, kServiceProviders>
      kProvidersOfService{{
          {domain::ServiceType::kComplianceAssessor, "律师事务所"},
          {domain::ServiceType::kComplianceAssessor, "律师事务所"},
          {domain::ServiceType::kComplianceAssessor, "律师事务所"},
          {domain::ServiceType::kComplianceAssessor, "律师事务所"},
          {domain::ServiceType::kQualityAssessor, "数据质量评估有限公司"},
          {domain::ServiceType::kQualityAssessor, "检测认证有限公司"},
          {domain::ServiceType::kQualityAssessor, "数据评测有限公司"},
          {domain::ServiceType::kValuer, "资产评估有限公司"},
          {domain::ServiceType::kValuer, "会计师事务所"},
          {domain::ServiceType::kDeliveryProvider, "隐私计算有限公司"},
          {domain::ServiceType::kDeliveryProvider, "数据交付有限公司"},
          {domain::ServiceType::kDeliveryProvider, "云计算有限公司"},
      }};
  for (const auto& [type, suffix] : kProvidersOfService) {
    domain::Application app = make_app({Role::kServiceProvider}, suffix);
    app.service_types = {type};
    if (std::string_view(suffix).find("事务所") != std::string_view::npos) {
      app.legal_form = domain::LegalForm::kUnincorporated;  // Partnerships.
    }
    BOURSE_ASSIGN_OR_RETURN(auto applied, exchange.admission().Apply(app));
    BOURSE_RETURN_IF_ERROR(decide(applied.organization.id, AdmissionAction::kApprove));
    if (type == domain::ServiceType::kComplianceAssessor) {
      BOURSE_ASSIGN_OR_RETURN(auto p, principal(applied));
      assessors.push_back(p);
    }
    record(applied);
  }
  const int before_products = done;
  BOURSE_ASSIGN_OR_RETURN(
      DemoProducts products,
      BuildDemoProducts(exchange, op, sellers, assessors, clock, seed, [&](int d, int) {
        if (progress) progress(before_products + d, total);
      }));
  summary.products = products.count;
  // Trades fill the weeks up to about the real time; then the last approvals open their notices.
  const absl::Time opening = absl::Now() - absl::Hours(1);
  BOURSE_ASSIGN_OR_RETURN(
      summary.trades,
      BuildDemoTrades(exchange, op, buyers, sellers, clock, opening, seed, [&](int d, int) {
        if (progress) progress(before_products + kProducts + d, total);
      }));
  if (clock && opening > clock->Now()) clock->Advance(opening - clock->Now());
  BOURSE_RETURN_IF_ERROR(OpenDemoNotices(exchange, op, products.awaiting_notice));
  if (progress) progress(total, total);
  return summary;
}

}  // namespace bourse::app
