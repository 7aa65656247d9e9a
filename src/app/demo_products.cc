// The demo market's data products: about 600 products from 55 sources, each with a generated
// dataset (some clean, some carrying personal information), taken through the real pipeline —
// upload and scan, submission checks, compliance assessment, second vetting, public notice —
// with the clock moved forward so that notices end and assessments expire as they would.
#include <cstdio>

#include "absl/time/clock.h"
#include "app/demo.h"
#include "base/errors.h"
#include "base/gzip.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "scan/synthetic.h"

namespace bourse::app {
namespace {

using domain::ProductAction;
using domain::ProductStatus;

struct Template {
  const char* title_zh;
  const char* title_en;
  const char* description;
  domain::Sector sector;
  domain::SourceType source;
  domain::ProductForm form;
  domain::UpdateFrequency frequency;
  std::vector<const char*> scenarios;
  std::vector<const char*> tags;
  int64_t price_yuan;
  bool personal;  // The dataset carries personal information.
  // Writes the dataset: header and `rows` rows.
  std::string (*generate)(scan::Synthetic& r, int rows, bool with_pi, const std::string& city);
};

std::string Date(scan::Synthetic& r) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "2026-%02d-%02d", static_cast<int>(1 + r.Uniform(10)),
                static_cast<int>(1 + r.Uniform(28)));
  return buf;
}

std::string Electricity(scan::Synthetic& r, int rows, bool pi, const std::string&) {
  std::string s = pi ? "uscc,enterprise,month,kwh,peak_kw,arrears_days,legal_rep_mobile\n"
                     : "uscc,enterprise,month,kwh,peak_kw,arrears_days\n";
  for (int i = 0; i < rows; ++i) {
    s += StrCat(r.Uscc(), ",", r.Word(), " Co,2026-", 1 + r.Uniform(10), ",",
                1000 + r.Uniform(900000), ",", 10 + r.Uniform(5000), ",",
                r.Uniform(8) ? 0 : r.Uniform(90));
    if (pi) s += StrCat(",", r.Mobile());
    s += "\n";
  }
  return s;
}

std::string Port(scan::Synthetic& r, int rows, bool, const std::string& city) {
  std::string s = "terminal,date,teu,vessel_calls\n";
  for (int i = 0; i < rows; ++i)
    s += StrCat(city, " T", 1 + r.Uniform(8), ",", Date(r), ",", 2000 + r.Uniform(60000), ",",
                3 + r.Uniform(40), "\n");
  return s;
}

std::string Retail(scan::Synthetic& r, int rows, bool pi, const std::string& city) {
  std::string s =
      pi ? "txn_id,store,date,amount,member_mobile,card_no\n" : "txn_id,store,date,amount\n";
  for (int i = 0; i < rows; ++i) {
    s += StrCat(900000 + i, ",", city, " store ", 1 + r.Uniform(40), ",", Date(r), ",",
                r.Uniform(5000), ".", 10 + r.Uniform(90));
    if (pi) s += StrCat(",", r.Mobile(), ",", r.BankCard());
    s += "\n";
  }
  return s;
}

std::string Outpatient(scan::Synthetic& r, int rows, bool pi, const std::string& city) {
  std::string s = pi ? "hospital,department,visit_date,diagnosis_code,patient_id_number\n"
                     : "hospital,department,visit_date,diagnosis_code,age_band\n";
  static const char* kDepts[] = {"cardiology", "paediatrics", "respiratory", "orthopaedics"};
  for (int i = 0; i < rows; ++i) {
    s += StrCat(city, " hospital ", 1 + r.Uniform(12), ",", kDepts[r.Uniform(4)], ",", Date(r), ",",
                "J", 10 + r.Uniform(89), ".", r.Uniform(9), ",");
    s += pi ? r.ResidentId(absl::CivilDay(2026, 11, 25), r.Uniform(5) == 0)
            : StrCat(10 * r.Uniform(9), "-", 10 * r.Uniform(9) + 9);
    s += "\n";
  }
  return s;
}

std::string Traffic(scan::Synthetic& r, int rows, bool, const std::string&) {
  std::string s = "road_id,date,hour,vehicles,avg_speed_kmh\n";
  for (int i = 0; i < rows; ++i)
    s += StrCat("R", 100 + r.Uniform(900), ",", Date(r), ",", r.Uniform(24), ",", r.Uniform(6000),
                ",", 10 + r.Uniform(90), "\n");
  return s;
}

std::string Air(scan::Synthetic& r, int rows, bool, const std::string& city) {
  std::string s = "station,date,pm25,pm10,aqi\n";
  for (int i = 0; i < rows; ++i)
    s += StrCat(city, "-", 1 + r.Uniform(30), ",", Date(r), ",", 5 + r.Uniform(150), ",",
                10 + r.Uniform(200), ",", 20 + r.Uniform(280), "\n");
  return s;
}

std::string Credit(scan::Synthetic& r, int rows, bool, const std::string&) {
  std::string s = "uscc,name,registered_capital,lawsuits,tax_grade\n";
  static const char* kGrades[] = {"A", "B", "M", "C", "D"};
  for (int i = 0; i < rows; ++i)
    s += StrCat(r.Uscc(), ",", r.Word(), " Ltd,", 100000 * (1 + r.Uniform(500)), ",", r.Uniform(6),
                ",", kGrades[r.Uniform(5)], "\n");
  return s;
}

std::string Signalling(scan::Synthetic& r, int rows, bool pi, const std::string&) {
  std::string s =
      pi ? "device_hash,timestamp,lat,lng,mobile\n" : "grid_cell,hour,devices,lat,lng\n";
  for (int i = 0; i < rows; ++i) {
    const std::string lat = StrCat(22, ".", 100000 + r.Uniform(899999));
    const std::string lng = StrCat(113, ".", 100000 + r.Uniform(899999));
    if (pi)
      s += StrCat(r.Digits(12), ",", Date(r), " ", 10 + r.Uniform(13), ":", 10 + r.Uniform(49),
                  ":00,", lat, ",", lng, ",", r.Mobile(), "\n");
    else
      s += StrCat("C", r.Uniform(99999), ",", r.Uniform(24), ",", r.Uniform(3000), ",", lat, ",",
                  lng, "\n");
  }
  return s;
}

std::string Waybills(scan::Synthetic& r, int rows, bool pi, const std::string& city) {
  std::string s = pi ? "waybill_no,origin,destination,weight_kg,sender_mobile\n"
                     : "waybill_no,origin,destination,weight_kg\n";
  for (int i = 0; i < rows; ++i) {
    s += StrCat("YT", r.Digits(10), ",", city, ",", r.Word(), ",", 1 + r.Uniform(500));
    if (pi) s += StrCat(",", r.Mobile());
    s += "\n";
  }
  return s;
}

std::string Equipment(scan::Synthetic& r, int rows, bool, const std::string&) {
  std::string s = "device_id,timestamp,temperature_c,vibration_mm_s,status\n";
  static const char* kStatus[] = {"running", "idle", "fault"};
  for (int i = 0; i < rows; ++i)
    s += StrCat("EQ", r.Digits(6), ",", Date(r), "T", 10 + r.Uniform(13), ":00:00,",
                20 + r.Uniform(80), ".", r.Uniform(10), ",", r.Uniform(30), ".", r.Uniform(10), ",",
                kStatus[r.Uniform(3)], "\n");
  return s;
}

std::string Sentiment(scan::Synthetic& r, int rows, bool, const std::string&) {
  std::string s = "date,topic,mentions,sentiment\n";
  static const char* kTopics[] = {"new energy vehicles", "property", "consumer credit", "tourism"};
  for (int i = 0; i < rows; ++i)
    s += StrCat(Date(r), ",", kTopics[r.Uniform(4)], ",", r.Uniform(100000), ",0.", r.Uniform(99),
                "\n");
  return s;
}

std::string Produce(scan::Synthetic& r, int rows, bool, const std::string& city) {
  std::string s = "market,product,date,price_per_kg\n";
  static const char* kItems[] = {"rice", "pork", "cabbage", "apples", "tea"};
  for (int i = 0; i < rows; ++i)
    s += StrCat(city, " wholesale ", 1 + r.Uniform(5), ",", kItems[r.Uniform(5)], ",", Date(r), ",",
                1 + r.Uniform(80), ".", r.Uniform(100), "\n");
  return s;
}

using domain::ProductForm;
using domain::Sector;
using domain::SourceType;
using domain::UpdateFrequency;

const std::vector<Template>& Templates() {
  static const auto* t = new std::vector<Template>{
      {"企业用电量",
       "Enterprise electricity consumption",
       "Monthly electricity consumption, peak load and arrears per enterprise; banks use it to "
       "score credit and detect fraud.",
       Sector::kEnergy,
       SourceType::kUtility,
       ProductForm::kDataset,
       UpdateFrequency::kMonthly,
       {"credit scoring", "fraud detection", "industrial policy"},
       {"电力", "credit", "energy"},
       12000,
       true,
       &Electricity},
      {"港口集装箱吞吐量",
       "Port container throughput",
       "Daily TEU and vessel calls per terminal.",
       Sector::kLogistics,
       SourceType::kGovernment,
       ProductForm::kDataset,
       UpdateFrequency::kDaily,
       {"trade forecasting", "shipping finance"},
       {"港口", "shipping", "trade"},
       8000,
       false,
       &Port},
      {"零售会员消费",
       "Retail member transactions",
       "Store-level member purchases with amounts and dates.",
       Sector::kRetail,
       SourceType::kTrade,
       ProductForm::kDataset,
       UpdateFrequency::kDaily,
       {"marketing analytics", "site selection"},
       {"零售", "consumer", "retail"},
       20000,
       true,
       &Retail},
      {"门诊就诊统计",
       "Outpatient visit records",
       "Outpatient visits by hospital, department and diagnosis code.",
       Sector::kHealthcare,
       SourceType::kIndustry,
       ProductForm::kDataset,
       UpdateFrequency::kWeekly,
       {"public health research", "insurance pricing"},
       {"医疗", "health"},
       30000,
       true,
       &Outpatient},
      {"道路交通流量",
       "Road traffic flow",
       "Hourly vehicle counts and speeds per road segment.",
       Sector::kTransport,
       SourceType::kGovernment,
       ProductForm::kDataset,
       UpdateFrequency::kHourly,
       {"navigation", "urban planning"},
       {"交通", "traffic", "mobility"},
       6000,
       false,
       &Traffic},
      {"空气质量监测",
       "Air quality monitoring",
       "Daily PM2.5, PM10 and AQI per monitoring station.",
       Sector::kEnvironment,
       SourceType::kGovernment,
       ProductForm::kDataset,
       UpdateFrequency::kDaily,
       {"ESG reporting", "health research"},
       {"环境", "air", "ESG"},
       3000,
       false,
       &Air},
      {"企业信用画像",
       "Enterprise credit profile",
       "Registered capital, lawsuits and tax grade per enterprise.",
       Sector::kFinance,
       SourceType::kFinance,
       ProductForm::kDataset,
       UpdateFrequency::kMonthly,
       {"credit scoring", "supplier due diligence"},
       {"征信", "credit", "KYB"},
       15000,
       false,
       &Credit},
      {"手机信令人流",
       "Mobile signalling footfall",
       "Device counts and movement by grid cell from mobile signalling.",
       Sector::kTelecom,
       SourceType::kIndustry,
       ProductForm::kDataset,
       UpdateFrequency::kHourly,
       {"site selection", "tourism analytics"},
       {"信令", "footfall", "location"},
       50000,
       true,
       &Signalling},
      {"物流运单",
       "Logistics waybills",
       "Parcel waybills with origin, destination and weight.",
       Sector::kLogistics,
       SourceType::kIndustry,
       ProductForm::kDataset,
       UpdateFrequency::kDaily,
       {"demand forecasting", "supply-chain finance"},
       {"物流", "parcel", "logistics"},
       9000,
       true,
       &Waybills},
      {"工业设备运行数据",
       "Industrial equipment telemetry",
       "Temperature, vibration and status of production equipment.",
       Sector::kManufacturing,
       SourceType::kIndustry,
       ProductForm::kDataset,
       UpdateFrequency::kRealtime,
       {"predictive maintenance", "equipment leasing risk"},
       {"工业互联网", "IoT", "telemetry"},
       18000,
       false,
       &Equipment},
      {"网络舆情指数",
       "Media sentiment index",
       "Daily mentions and sentiment by topic.",
       Sector::kOther,
       SourceType::kMedia,
       ProductForm::kIndex,
       UpdateFrequency::kDaily,
       {"investment research", "brand monitoring"},
       {"舆情", "sentiment", "media"},
       5000,
       false,
       &Sentiment},
      {"农产品批发价格",
       "Agricultural wholesale prices",
       "Daily wholesale prices of produce by market.",
       Sector::kAgriculture,
       SourceType::kTrade,
       ProductForm::kDataset,
       UpdateFrequency::kDaily,
       {"commodity trading", "price insurance"},
       {"农业", "prices", "agriculture"},
       2000,
       false,
       &Produce},
  };
  return *t;
}

const char* kCitiesEn[] = {"Shenzhen", "Guangzhou", "Beijing", "Shanghai", "Hangzhou",
                           "Chengdu",  "Wuhan",     "Nanjing", "Tianjin",  "Chongqing"};
const char* kCitiesZh[] = {"深圳", "广州", "北京", "上海", "杭州",
                           "成都", "武汉", "南京", "天津", "重庆"};

// What each demo product ends as, in a fixed rotation over the products.
enum class Target {
  kDraft,
  kNeedsFix,
  kDescribed,
  kInAssessment,
  kAssessmentFailed,
  kAssessed,
  kListingReview,
  kEscalated,
  kRejected,
  kPublicNotice,
  kListed,
  kSuspended,
  kExpired,
  kDelisted
};

Target TargetFor(int i) {
  // Of every hundred products, 79 are listed and the rest spread over every other state.
  static constexpr std::pair<int, Target> kCounts[] = {
      {2, Target::kDraft},         {2, Target::kNeedsFix},         {2, Target::kDescribed},
      {2, Target::kInAssessment},  {1, Target::kAssessmentFailed}, {2, Target::kAssessed},
      {2, Target::kListingReview}, {1, Target::kEscalated},        {1, Target::kRejected},
      {3, Target::kPublicNotice},  {1, Target::kSuspended},        {1, Target::kExpired},
      {1, Target::kDelisted}};
  int k = i % 100;
  for (const auto& [n, t] : kCounts) {
    if (k < n) return t;
    k -= n;
  }
  return Target::kListed;
}

}  // namespace

StatusOr<DemoProducts> BuildDemoProducts(Exchange& ex, const domain::Principal& op,
                                         const std::vector<domain::Principal>& sellers,
                                         const std::vector<domain::Principal>& assessors,
                                         FakeClock* clock, uint64_t seed,
                                         const std::function<void(int, int)>& progress) {
  constexpr int kProducts = 600;
  scan::Synthetic r(seed ^ 0x5eed);
  auto& products = ex.products();
  std::vector<std::pair<ProductId, Target>> made;
  auto act = [&](const domain::Principal& who, const ProductId& id, ProductAction a,
                 std::string reason = {}, std::optional<OrganizationId> assessor = {}) -> Status {
    service::ProductActionRequest req{a, std::move(reason), std::move(assessor)};
    return products.Act(who, id, req).status();
  };
  auto tick = [&](absl::Duration d) {
    if (clock) clock->Advance(d);
  };
  for (int i = 0; i < kProducts; ++i) {
    const Template& t = Templates()[i % Templates().size()];
    const domain::Principal& seller = sellers[i % sellers.size()];
    const int city = static_cast<int>(r.Uniform(10));
    const Target target = TargetFor(i);
    domain::ProductDescription d;
    d.title = StrCat(kCitiesZh[city], t.title_zh, " · ", kCitiesEn[city], " ", t.title_en);
    d.description = StrCat(t.description, " Coverage: ", kCitiesEn[city], ".");
    d.category = domain::ProductCategory::kDataProduct;
    d.form = t.form;
    d.data_source = StrCat(t.title_en, " records of the seller's own operations");
    d.acquisition_method = "Collected in the course of business under contract";
    d.source_authorisation = StrCat("Authorisation letter DA-2026-", 1000 + i);
    d.update_frequency = t.frequency;
    d.temporal_coverage = "2024-01/2026-10";
    d.spatial_coverage = kCitiesEn[city];
    for (const char* s : t.scenarios) d.scenarios.emplace_back(s);
    for (const char* s : t.tags) d.tags.emplace_back(s);
    d.delivery_modes.Add(domain::DeliveryMode::kFile);
    if (i % 3 == 0) d.delivery_modes.Add(domain::DeliveryMode::kApi);
    if (t.personal && i % 4 == 0) d.delivery_modes.Add(domain::DeliveryMode::kPrivacyComputing);
    d.price.model = static_cast<domain::PriceModel>(1 + i % 4);
    d.price.amount.minor = (t.price_yuan + static_cast<int64_t>(r.Uniform(t.price_yuan))) * 100;
    d.licence = "Use for the declared scenarios only; no resale; delete on contract end.";
    d.sector = t.sector;
    d.source_type = t.source;
    if (target == Target::kEscalated) d.classification = domain::DataClassification::kImportant;
    // Half the PI-bearing templates ship their personal data, declared properly; the
    // needs_fix products ship it undeclared.
    const bool with_pi = t.personal && (i % 2 == 0 || target == Target::kNeedsFix);
    if (target == Target::kNeedsFix && !with_pi) d.scenarios.clear();  // Incomplete.
    if (with_pi && target != Target::kNeedsFix) {
      d.personal_information = true;
      d.sensitive_personal_information = true;
      d.legal_basis = domain::LegalBasis::kConsent;
      d.pipia = StrCat("PIPIA-2026-", 100 + i);
    }
    const std::string csv =
        t.generate(r, 150 + static_cast<int>(r.Uniform(350)), with_pi, kCitiesEn[city]);
    // Field list from the header.
    const std::string header = csv.substr(0, csv.find('\n'));
    size_t start = 0;
    while (start <= header.size()) {
      size_t comma = header.find(',', start);
      if (comma == std::string::npos) comma = header.size();
      d.fields.push_back({header.substr(start, comma - start), "", ""});
      start = comma + 1;
    }
    BOURSE_ASSIGN_OR_RETURN(auto created, products.Create(seller, d));
    const ProductId id = created.product.id;
    made.emplace_back(id, target);
    tick(absl::Minutes(7));
    if (target != Target::kDraft || i % 2 == 0) {
      // Some sellers send their files compressed; the scan reads what is inside.
      const bool gzipped = i % 9 == 4;
      const std::string bytes = gzipped ? GzipCompress(csv) : csv;
      service::UploadRequest up{
          StrCat(t.title_en, " ", kCitiesEn[city], gzipped ? ".csv.gz" : ".csv"),
          static_cast<int64_t>(bytes.size()), ""};
      for (char& c : up.file_name)
        if (c == ' ') c = '_';
      BOURSE_ASSIGN_OR_RETURN(auto upload, products.StartUpload(seller, id, up));
      BOURSE_RETURN_IF_ERROR(products.Append(seller, upload.id, 0, bytes).status());
      BOURSE_RETURN_IF_ERROR(products.Complete(seller, upload.id).status());
    }
    if (target == Target::kDraft) continue;
    BOURSE_RETURN_IF_ERROR(act(seller, id, ProductAction::kSubmit));
    if (target == Target::kNeedsFix || target == Target::kDescribed) continue;
    const domain::Principal& assessor = assessors[i % assessors.size()];
    BOURSE_RETURN_IF_ERROR(
        act(seller, id, ProductAction::kCommissionAssessment, {}, assessor.organization));
    if (target == Target::kInAssessment) continue;
    service::AssessmentRequest a;
    a.outcome = target == Target::kAssessmentFailed ? domain::AssessmentOutcome::kFail
                : i % 9 == 0                        ? domain::AssessmentOutcome::kConditional
                                                    : domain::AssessmentOutcome::kPass;
    a.subject_opinion = "The seller is admitted and its data-source authorisation is on file.";
    a.object_opinion = "The data was collected lawfully; no core or undeclared personal data.";
    a.circulation_opinion = "Tradable for the declared scenarios.";
    a.legal_opinion = StrCat("Legal opinion LO-2026-", 5000 + i, ": no objection to listing.");
    if (a.outcome == domain::AssessmentOutcome::kConditional)
      a.conditions = "Deliver only aggregated extracts to buyers outside the financial sector.";
    a.pipia_reviewed = d.personal_information;
    a.valid_until = ex.clock().Now() +
                    (target == Target::kExpired ? absl::Hours(24 * 10) : absl::Hours(24 * 365));
    BOURSE_RETURN_IF_ERROR(products.Assess(assessor, id, a).status());
    if (target == Target::kAssessmentFailed || target == Target::kAssessed) continue;
    BOURSE_RETURN_IF_ERROR(act(seller, id, ProductAction::kRequestListing));
    if (target == Target::kListingReview) continue;
    if (target == Target::kEscalated) {
      BOURSE_RETURN_IF_ERROR(act(op, id, ProductAction::kEscalate,
                                 "important data: authorisation from the competent department"));
      continue;
    }
    if (target == Target::kRejected) {
      BOURSE_RETURN_IF_ERROR(act(op, id, ProductAction::kRejectListing,
                                 "the scenario does not match the data's authorised purpose"));
      continue;
    }
    if (target == Target::kPublicNotice) continue;  // Approved after the others' notices end.
    BOURSE_RETURN_IF_ERROR(act(op, id, ProductAction::kApproveListing));
    if (progress) progress(i + 1, kProducts);
  }
  // The public notices end.
  tick(ex.products().options().notice_period + absl::Hours(1));
  BOURSE_RETURN_IF_ERROR(ex.Sweep());
  for (size_t i = 0; i < made.size(); ++i) {
    const auto& [id, target] = made[i];
    const domain::Principal& seller = sellers[i % sellers.size()];
    switch (target) {
      case Target::kSuspended:
        BOURSE_RETURN_IF_ERROR(act(op, id, ProductAction::kSuspend,
                                   "complaint from a buyer about stale data, under review"));
        break;
      case Target::kDelisted:
        if (i % 2)
          BOURSE_RETURN_IF_ERROR(act(seller, id, ProductAction::kWithdraw));
        else
          BOURSE_RETURN_IF_ERROR(act(op, id, ProductAction::kDelist, "licence terms breached"));
        break;
      default:
        break;
    }
  }
  // Rights registrations for some listed products, registered after their notice.
  int registered = 0;
  for (size_t i = 0; i < made.size() && registered < 40; i += 7) {
    if (made[i].second != Target::kListed) continue;
    domain::RightsRegistration claim;
    claim.product_id = made[i].first;
    claim.rights = {domain::RightType::kHold, domain::RightType::kUse};
    if (i % 3 == 0) claim.rights.Add(domain::RightType::kOperate);
    for (auto right : claim.rights.values())
      claim.evidence[right] =
          StrCat("Evidence for the ", domain::Name(right), " right, file EV-", i);
    claim.review_report = StrCat("Third-party review report RR-2026-", 300 + i);
    BOURSE_ASSIGN_OR_RETURN(auto reg,
                            ex.registrations().Submit(sellers[i % sellers.size()], claim));
    auto checked = ex.registrations().Act(op, reg.registration.id,
                                          domain::RegistrationAction::kPassFormalCheck, "");
    if (!checked.ok()) {
      // Refused by the formal check (public data held by government bodies, for example): the
      // registrar returns it with the reason, as it would in practice.
      if (errors::KindOf(checked.status()) != errors::kRuleViolation) return checked.status();
      BOURSE_RETURN_IF_ERROR(ex.registrations()
                                 .Act(op, reg.registration.id,
                                      domain::RegistrationAction::kFailFormalCheck,
                                      checked.status().message())
                                 .status());
      continue;
    }
    BOURSE_RETURN_IF_ERROR(
        ex.registrations()
            .Act(op, reg.registration.id, domain::RegistrationAction::kPublishNotice, "")
            .status());
    ++registered;
  }
  // Ten days on: short assessments expire, registrations' notices end.
  tick(absl::Hours(24 * 11));
  BOURSE_RETURN_IF_ERROR(ex.Sweep());
  DemoProducts out;
  out.count = static_cast<int>(made.size());
  for (const auto& [id, target] : made)
    if (target == Target::kPublicNotice) out.awaiting_notice.push_back(id);
  return out;
}

Status OpenDemoNotices(Exchange& ex, const domain::Principal& op,
                       const std::vector<ProductId>& products) {
  for (const auto& id : products) {
    service::ProductActionRequest req{ProductAction::kApproveListing, {}, {}};
    BOURSE_RETURN_IF_ERROR(ex.products().Act(op, id, req).status());
  }
  return OkStatus();
}

}  // namespace bourse::app
