#include "service/product_service.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>

#include "base/errors.h"
#include "base/gzip.h"
#include "crypto/jws.h"
#include "crypto/sha256.h"
#include "scan/synthetic.h"
#include "service/admission_service.h"
#include "service/market_test_fixture.h"
#include "service/registration_service.h"
#include "service/service_test_env.h"
#include "store/sqlite/sqlite_store.h"

namespace bourse::service {
namespace {

namespace json = boost::json;
using domain::AdmissionAction;
using domain::ProductAction;
using domain::ProductStatus;
using domain::Role;
using testing_fixture::App;
using testing_fixture::Description;
using ProductServiceTest = testing_fixture::MarketTest;

// What walked around the scan before: a GBK CSV (refused), a gzip'd CSV and a JSON array
// (counted as opaque, listed as holding no personal information). Each is read now, and its
// personal information holds the product back until the description declares it.
TEST_F(ProductServiceTest, EveryUploadIsReadWhateverItsNameOrForm) {
  const std::string csv = "姓名,手机\n张三,13812345678\n李四,13912345678\n";
  // 张三 and 李四 in GBK, as Excel saves a CSV on Chinese Windows.
  const std::string gbk =
      "\xD0\xD5\xC3\xFB,\xCA\xD6\xBB\xFA\n\xD5\xC5\xC8\xFD,13812345678\n"
      "\xC0\xEE\xCB\xC4,13912345678\n";
  const std::string json = R"([{"name":"张三","phone":"13812345678"}])";
  struct Case {
    std::string name, bytes, format;
  } cases[] = {{"people.csv", gbk, "csv"},
               {"people.csv.gz", GzipCompress(csv), "gzip"},
               {"people.json", json, "json"},
               {"people.bin", csv, "csv"}};
  for (const auto& c : cases) {
    auto p = products_->Create(seller_, Description());
    ASSERT_TRUE(p.ok());
    auto d = Upload(p->product.id, c.bytes, c.name);
    ASSERT_TRUE(d.ok()) << c.name << ": " << d.status().ToString();
    EXPECT_EQ(domain::Name(d->format), c.format) << c.name;
    EXPECT_TRUE(d->personal_information) << c.name;
    EXPECT_TRUE(d->readable) << c.name;
    auto submitted = Do(seller_, p->product.id, ProductAction::kSubmit);
    ASSERT_TRUE(submitted.ok()) << submitted.status().ToString();
    EXPECT_EQ(submitted->product.status, ProductStatus::kNeedsFix) << c.name;
    EXPECT_NE(submitted->product.status_reason.find("personal information"), std::string::npos);
  }
}

// Content the scanner cannot read lists only on an assessor's attestation, which the product
// page and the listing's log entry carry.
TEST_F(ProductServiceTest, UnreadableContentNeedsTheAssessorsAttestation) {
  auto p = products_->Create(seller_, Description());
  const ProductId id = p->product.id;
  auto d = Upload(id, "%PDF-1.7\n% a scanned register\n", "register.csv");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_FALSE(d->readable);
  EXPECT_EQ(d->format, domain::DatasetFormat::kOpaque);
  EXPECT_NE(d->report_json.find("a PDF document"), std::string::npos);
  ASSERT_EQ(Do(seller_, id, ProductAction::kSubmit)->product.status, ProductStatus::kDescribed);
  ASSERT_TRUE(Do(seller_, id, ProductAction::kCommissionAssessment).ok());
  auto without = products_->Assess(assessor_, id, Pass());
  EXPECT_EQ(errors::FieldOf(without.status()).value_or(""), "content_reviewed");
  EXPECT_EQ(products_->Get(seller_, id)->product.status, ProductStatus::kInAssessment);
  AssessmentRequest attested = Pass();
  attested.content_reviewed = true;
  attested.content_attestation = "Read all 40 pages: enterprise names and licence numbers only";
  auto assessed = products_->Assess(assessor_, id, attested);
  ASSERT_TRUE(assessed.ok()) << assessed.status().ToString();
  EXPECT_TRUE(assessed->assessments.front().content_reviewed);
  ASSERT_TRUE(Do(seller_, id, ProductAction::kRequestListing).ok());
  auto approved = Do(operator_, id, ProductAction::kApproveListing);
  ASSERT_TRUE(approved.ok()) << approved.status().ToString();
  for (int i = 0; i < 100 && log_->Integrate()->size <= approved->log_index; ++i) {
  }
  auto leaf = log_->Entry(approved->log_index);
  ASSERT_TRUE(leaf.ok());
  EXPECT_NE(leaf->find("\"dataset_readable\":false"), std::string::npos) << *leaf;
  EXPECT_NE(leaf->find("\"content_attestation\":\"asm_"), std::string::npos) << *leaf;
}

TEST_F(ProductServiceTest, FromDraftToListedAndFoundInTheCatalogue) {
  const ProductId id = Listed();
  auto view = products_->Get(std::nullopt, id);  // Listed: public.
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->product.status, ProductStatus::kListed);
  EXPECT_EQ(view->product.listed_revision, 1);
  EXPECT_EQ(view->assessments.size(), 1u);
  std::vector<ProductAction> actions;
  for (const auto& e : view->history) actions.push_back(e.action);
  EXPECT_EQ(actions, (std::vector<ProductAction>{
                         ProductAction::kSubmit, ProductAction::kCommissionAssessment,
                         ProductAction::kAssessPass, ProductAction::kRequestListing,
                         ProductAction::kApproveListing, ProductAction::kNoticeExpires}));
  CatalogQuery q;
  q.terms = {"electricity"};
  auto page = products_->Search(q);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].id, id);
  // Every step is in the transparency log.
  auto size = log_->Integrate();
  ASSERT_TRUE(size.ok());
  EXPECT_GT(size->size, 10);
}

TEST_F(ProductServiceTest, DraftsAreHiddenFromOthers) {
  auto p = products_->Create(seller_, Description());
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(products_->Get(buyer_, p->product.id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(products_->Get(std::nullopt, p->product.id).status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(products_->Get(operator_, p->product.id).ok());
  EXPECT_EQ(products_->Create(buyer_, Description()).status().code(),
            StatusCode::kPermissionDenied);
}

TEST_F(ProductServiceTest, UndeclaredPersonalInformationNeedsFixing) {
  auto p = products_->Create(seller_, Description());
  ASSERT_TRUE(p.ok());
  const ProductId id = p->product.id;
  auto d = Upload(id, "name,phone\nli,13812345678\nwang,13987654321\n");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_TRUE(d->personal_information);
  auto submitted = Do(seller_, id, ProductAction::kSubmit);
  ASSERT_TRUE(submitted.ok());
  EXPECT_EQ(submitted->product.status, ProductStatus::kNeedsFix);
  EXPECT_NE(submitted->product.status_reason.find("personal information"), std::string::npos);
  // Declared with a legal basis, it passes; the assessor then needs the PIPIA.
  domain::ProductDescription fixed = Description();
  fixed.personal_information = true;
  fixed.legal_basis = domain::LegalBasis::kConsent;
  ASSERT_TRUE(products_->Revise(seller_, id, fixed).ok());
  EXPECT_EQ(Do(seller_, id, ProductAction::kSubmit)->product.status, ProductStatus::kDescribed);
  ASSERT_TRUE(Do(seller_, id, ProductAction::kCommissionAssessment).ok());
  auto refused = products_->Assess(assessor_, id, Pass());
  EXPECT_EQ(errors::FieldOf(refused.status()).value_or(""), "pipia_reviewed");
}

TEST_F(ProductServiceTest, GuardsAndIllegalTransitionsChangeNothing) {
  auto p = products_->Create(seller_, Description());
  const ProductId id = p->product.id;
  // No dataset yet: listing-pipeline actions out of order are illegal.
  EXPECT_EQ(errors::KindOf(Do(seller_, id, ProductAction::kRequestListing).status()),
            errors::kIllegalTransition);
  EXPECT_EQ(errors::KindOf(Do(seller_, id, ProductAction::kApproveListing).status()),
            errors::kForbidden);
  EXPECT_EQ(errors::KindOf(Do(operator_, id, ProductAction::kApproveListing).status()),
            errors::kIllegalTransition);
  // An assessor not commissioned cannot even see the draft.
  EXPECT_EQ(errors::KindOf(products_->Assess(assessor_, id, Pass()).status()), errors::kNotFound);
  auto view = products_->Get(seller_, id);
  EXPECT_EQ(view->product.status, ProductStatus::kDraft);
  EXPECT_TRUE(view->history.empty());
}

TEST_F(ProductServiceTest, ExpiredAssessmentSuspendsAndBlocksReinstatement) {
  const ProductId id = Listed();
  clock_.Advance(absl::Hours(24 * 366));
  EXPECT_EQ(*products_->Sweep(), 1);
  EXPECT_EQ(products_->Get(seller_, id)->product.status, ProductStatus::kSuspended);
  auto r = Do(operator_, id, ProductAction::kReinstate);
  EXPECT_EQ(errors::FieldOf(r.status()).value_or(""), "assessment");
}

// An upload left open past upload_expiry goes, bytes and all: plaintext in flight does not stay
// on disk, and its declared size no longer counts against the quota. Younger ones stay.
TEST_F(ProductServiceTest, AnAbandonedUploadExpiresWithItsBytes) {
  auto p = products_->Create(seller_, Description());
  UploadRequest r;
  r.file_name = "left.csv";
  r.size = 100;
  auto old = products_->StartUpload(seller_, p->product.id, r);
  ASSERT_TRUE(old.ok());
  ASSERT_TRUE(products_->Append(seller_, old->id, 0, "phone\n13800138000\n").ok());
  EXPECT_EQ(products_->UploadExpiresAt(*old), old->created_at + absl::Hours(24));
  clock_.Advance(absl::Hours(23));
  auto young = products_->StartUpload(seller_, p->product.id, r);
  ASSERT_TRUE(young.ok());
  ASSERT_TRUE(products_->Sweep().ok());
  EXPECT_TRUE(std::filesystem::exists(blobs_->PartialPath(old->id))) << "not yet due";
  clock_.Advance(absl::Hours(1) + absl::Seconds(1));
  auto swept = products_->Sweep();
  ASSERT_TRUE(swept.ok());
  EXPECT_EQ(*swept, 1);
  EXPECT_FALSE(std::filesystem::exists(blobs_->PartialPath(old->id)));
  EXPECT_EQ(products_->GetUpload(seller_, old->id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(errors::KindOf(products_->Append(seller_, old->id, 18, "x").status()),
            errors::kNotFound);
  EXPECT_TRUE(products_->GetUpload(seller_, young->id).ok()) << "the younger upload stays";
}

TEST_F(ProductServiceTest, BadUploadsLeaveNothingBehind) {
  auto p = products_->Create(seller_, Description());
  const ProductId id = p->product.id;
  UploadRequest r;
  r.file_name = "../etc/passwd";
  r.size = 10;
  EXPECT_EQ(errors::FieldOf(products_->StartUpload(seller_, id, r).status()).value_or(""),
            "file_name");
  r.file_name = "big.csv";
  r.size = 2 << 20;  // Over the 1 MiB quota.
  EXPECT_EQ(errors::KindOf(products_->StartUpload(seller_, id, r).status()),
            errors::kQuotaExceeded);
  // Truncated: completes before all bytes arrived.
  r.size = 100;
  auto u = products_->StartUpload(seller_, id, r);
  ASSERT_TRUE(u.ok());
  ASSERT_TRUE(products_->Append(seller_, u->id, 0, "a,b\n1,2\n").ok());
  auto c = products_->Complete(seller_, u->id);
  EXPECT_EQ(errors::KindOf(c.status()), errors::kInvalidDataset);
  EXPECT_NE(c.status().message().find("resume at offset 8"), std::string::npos);
  // A chunk at the wrong offset is refused and the offset is kept.
  EXPECT_EQ(errors::KindOf(products_->Append(seller_, u->id, 4, "x").status()), errors::kConflict);
  EXPECT_EQ(products_->GetUpload(seller_, u->id)->received, 8);
  // Someone else's upload is invisible.
  EXPECT_EQ(products_->GetUpload(buyer_, u->id).status().code(), StatusCode::kNotFound);
  ASSERT_TRUE(products_->Abort(seller_, u->id).ok());
  EXPECT_FALSE(std::filesystem::exists(blobs_->PartialPath(u->id)));
  // Bytes valid in no encoding, and a corrupt archive: refused, nothing stored.
  auto garbled = Upload(id, "name\n\x80\xFF\n");
  EXPECT_EQ(errors::KindOf(garbled.status()), errors::kInvalidDataset);
  auto broken = Upload(id, std::string("PK\x03\x04 truncated", 15), "data.zip");
  EXPECT_EQ(errors::KindOf(broken.status()), errors::kInvalidDataset);
  EXPECT_FALSE(products_->Get(seller_, id)->product.dataset.has_value());
  // A declared digest that does not match.
  r.size = 4;
  r.sha256 = std::string(64, 'a');
  u = products_->StartUpload(seller_, id, r);
  ASSERT_TRUE(products_->Append(seller_, u->id, 0, "a\n1\n").ok());
  EXPECT_NE(products_->Complete(seller_, u->id).status().message().find("SHA-256"),
            std::string::npos);
  EXPECT_FALSE(products_->Get(seller_, id)->product.dataset.has_value());
  EXPECT_EQ(products_->GetUpload(seller_, u->id).status().code(), StatusCode::kNotFound);
  // A good file works and carries its digest.
  const std::string good = "a,b\n1,2\n";
  auto d = Upload(id, good, "good.csv", 3);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->sha256, crypto::Sha256Hex(good));
  EXPECT_TRUE(std::filesystem::exists(blobs_->BlobPath(d->sha256)));
}

TEST_F(ProductServiceTest, RightsRegistrationIssuesACertificate) {
  const ProductId id = Listed();
  domain::RightsRegistration claim;
  claim.product_id = id;
  claim.rights = {domain::RightType::kHold, domain::RightType::kUse};
  claim.evidence[domain::RightType::kHold] = "metering contract";
  claim.evidence[domain::RightType::kUse] = "processing logs";
  claim.review_report = "law firm report";
  auto r = registrations_->Submit(seller_, claim);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const RegistrationId rid = r->registration.id;
  // Not public before the notice.
  EXPECT_EQ(registrations_->Get(buyer_, rid).status().code(), StatusCode::kNotFound);
  using RA = domain::RegistrationAction;
  ASSERT_TRUE(registrations_->Act(operator_, rid, RA::kPassFormalCheck, "").ok());
  ASSERT_TRUE(registrations_->Act(operator_, rid, RA::kPublishNotice, "").ok());
  // An objection holds the registration until the registrar decides.
  ASSERT_TRUE(registrations_->Act(buyer_, rid, RA::kObject, "we collected this data").ok());
  clock_.Advance(absl::Hours(73));
  EXPECT_EQ(*registrations_->Sweep(), 0);
  ASSERT_TRUE(registrations_->Act(operator_, rid, RA::kDismissObjection, "no evidence").ok());
  EXPECT_EQ(*registrations_->Sweep(), 1);
  auto got = registrations_->Get(std::nullopt, rid);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->registration.status, domain::RegistrationStatus::kRegistered);
  EXPECT_EQ(got->registration.number.substr(0, 4), "BRS-");
  ASSERT_TRUE(got->certificate.has_value());
  auto parts = crypto::ParseCompactJws(got->certificate->jwt);
  ASSERT_TRUE(parts.ok());
  EXPECT_TRUE(crypto::VerifyCompactJws(*parts, key_.public_key()));
  auto vc = json::parse(parts->payload_json).as_object();
  EXPECT_EQ(vc["credentialSubject"].as_object()["registrationNumber"].as_string(),
            got->registration.number);
  // A derived product cannot claim rights its source does not grant.
  domain::ProductDescription derived = Description();
  derived.title = "Credit index from consumption";
  derived.derived_from = {id};
  auto d = products_->Create(seller_, derived);
  ASSERT_TRUE(d.ok());
  domain::RightsRegistration more = claim;
  more.product_id = d->product.id;
  more.rights.Add(domain::RightType::kOperate);
  more.evidence[domain::RightType::kOperate] = "none";
  auto r2 = registrations_->Submit(seller_, more);
  ASSERT_TRUE(r2.ok());
  auto refused = registrations_->Act(operator_, r2->registration.id, RA::kPassFormalCheck, "");
  EXPECT_EQ(errors::KindOf(refused.status()), errors::kRuleViolation);
  EXPECT_NE(refused.status().message().find("'operate'"), std::string::npos);
  // Cancelling revokes the certificate.
  ASSERT_TRUE(registrations_->Act(seller_, rid, RA::kCancel, "").ok());
  EXPECT_EQ(registrations_->Get(std::nullopt, rid)->certificate->status,
            domain::CertificateStatus::kRevoked);
}

}  // namespace
}  // namespace bourse::service

namespace bourse::service {
namespace {

TEST(AnalyzeQuery, SplitsOnPunctuationAsTheIndexDoes) {
  auto words = AnalyzeQuery("成都农产品批发价格 · Chengdu Agricultural-wholesale，价格。“prices”");
  ASSERT_TRUE(words.ok()) << words.status().ToString();
  EXPECT_EQ(*words, (std::vector<std::string>{"成都农产品批发价格", "chengdu", "agricultural",
                                              "wholesale", "价格", "prices"}));
  auto prefix = AnalyzeQuery("信用* 评分");
  ASSERT_TRUE(prefix.ok());
  EXPECT_EQ(*prefix, (std::vector<std::string>{"信用*", "评分"}));
  EXPECT_EQ(AnalyzeQuery("bad \xff utf8").status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace bourse::service
