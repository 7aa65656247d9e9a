// Data products over real HTTP: resumable uploads, the scan report, the listing pipeline, the
// public catalogue with facets and DCAT, and bad input at every step.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "base/encoding.h"
#include "base/gzip.h"
#include "base/time_format.h"
#include "client/http_client.h"
#include "crypto/jws.h"
#include "crypto/sha256.h"
#include "crypto/tls_test_server.h"
#include "test/raw_socket.h"
#include "test/test_server.h"

namespace bourse::testing {
namespace {

namespace json = boost::json;

const char kDescription[] = R"({
  "title": "Enterprise electricity consumption",
  "description": "Monthly kWh per enterprise in Shenzhen, used by banks for credit scoring",
  "category": "data_product", "form": "dataset",
  "data_source": "Grid company", "acquisition_method": "Smart meters",
  "source_authorisation": "authorisation 2026-03",
  "fields": [{"name": "uscc", "type": "text"}, {"name": "kwh", "type": "integer"}],
  "update_frequency": "monthly", "temporal_coverage": "2020-01/2026-10",
  "spatial_coverage": "Shenzhen", "scenarios": ["credit scoring"],
  "delivery_modes": ["file"], "price": {"model": "subscription", "amount": 1200000},
  "licence": "Internal use", "sector": "energy", "source_type": "utility",
  "tags": ["电力", "credit"]})";

class ProductHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app::Config config;
    config.notice_period_hours = 0;
    // https:// webhooks trust this test root besides the system's.
    tls_root_ = crypto::MakeSelfSignedCertificate({"localhost"}, {"127.0.0.1"});
    tls_root_file_ = std::filesystem::temp_directory_path() /
                     ("bourse_webhook_root_" + std::to_string(getpid()) + ".pem");
    std::ofstream(tls_root_file_) << tls_root_.cert_pem;
    config.webhook_ca_file = tls_root_file_.string();
    config.webhook_allow_private = true;  // The test's endpoints are on this machine.
    server_ = TestServer::Start(config);
    ASSERT_NE(server_, nullptr);
    seller_ = server_->Approved("Grid Data", {domain::Role::kDataMerchant}).token;
    assessor_ = server_->Approved("Law Firm", {domain::Role::kServiceProvider});
    buyer_ = server_->Approved("Bank", {domain::Role::kBuyer}).token;
  }

  client::HttpReply Call(const std::string& token, const std::string& method,
                         const std::string& target, const std::string& body = "",
                         client::Headers headers = {}) {
    if (headers.empty() && !body.empty()) headers.emplace_back("Content-Type", "application/json");
    auto r = server_->Client(token)->Raw(method, target, body, headers);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : client::HttpReply{};
  }
  void TearDown() override { std::filesystem::remove(tls_root_file_); }
  json::object Json(const client::HttpReply& r) { return json::parse(r.body).as_object(); }

  void ExpectProblem(const client::HttpReply& r, int status, const std::string& kind,
                     const std::string& field = "") {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json");
    auto p = Json(r);
    EXPECT_EQ(p["kind"].as_string(), kind) << r.body;
    if (!field.empty()) {
      EXPECT_EQ(p["field"].as_string(), field) << r.body;
    }
  }

  std::string CreateProduct() {
    auto r = Call(seller_, "POST", "/v1/products", kDescription);
    EXPECT_EQ(r.status, 201) << r.body;
    return std::string(Json(r)["id"].as_string());
  }

  // Uploads `content` in `chunk`-byte PATCH requests and completes it.
  client::HttpReply Upload(const std::string& product, const std::string& content, size_t chunk) {
    auto start = Call(seller_, "POST", "/v1/products/" + product + "/uploads",
                      json::serialize(json::object{{"file_name", "kwh.csv"},
                                                   {"size", content.size()},
                                                   {"sha256", crypto::Sha256Hex(content)}}));
    EXPECT_EQ(start.status, 201) << start.body;
    EXPECT_EQ(start.header("upload-offset"), "0");
    const std::string id(Json(start)["id"].as_string());
    for (size_t off = 0; off < content.size(); off += chunk) {
      auto r = Call(seller_, "PATCH", "/v1/uploads/" + id, content.substr(off, chunk),
                    {{"Content-Type", "application/offset+octet-stream"},
                     {"Upload-Offset", std::to_string(off)}});
      EXPECT_EQ(r.status, 204) << r.body;
      EXPECT_EQ(r.header("upload-offset"), std::to_string(std::min(content.size(), off + chunk)));
    }
    return Call(seller_, "POST", "/v1/uploads/" + id + "/complete", "{}");
  }

  void Act(const std::string& token, const std::string& product, const std::string& body,
           const std::string& expect_status) {
    auto r = Call(token, "POST", "/v1/products/" + product + "/actions", body);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(Json(r)["status"].as_string(), expect_status);
  }

  // The seller submits the described product and commissions the assessor.
  void SubmitForAssessment(const std::string& id) {
    Act(seller_, id, R"({"action":"submit"})", "described");
    Act(seller_, id,
        R"({"action":"commission_assessment","assessor_id":")" + assessor_.organization.id.value() +
            R"("})",
        "in_assessment");
  }

  // A product with a clean 500-row CSV taken through assessment and listing; its CSV in `csv`.
  std::string ListedProduct(std::string* csv) {
    const std::string id = CreateProduct();
    *csv = "uscc,kwh\n";
    for (int i = 0; i < 500; ++i) *csv += "91440300MA5FQ3H108," + std::to_string(1000 + i) + "\n";
    if (Upload(id, *csv, 4000).status != 201) return "";
    SubmitForAssessment(id);
    const std::string until = FormatRfc3339(absl::Now() + absl::Hours(24 * 365));
    EXPECT_EQ(Call(assessor_.token, "POST", "/v1/products/" + id + "/assessments",
                   R"({"outcome":"pass","subject":"ok","object":"ok","circulation":"ok",
                       "legal_opinion":"no objection","valid_until":")" +
                       until + R"("})")
                  .status,
              201);
    Act(seller_, id, R"({"action":"request_listing"})", "listing_review");
    Act(server_->operator_token(), id, R"({"action":"approve_listing"})", "public_notice");
    EXPECT_TRUE(server_->app().exchange().Sweep().ok());
    return id;
  }

  crypto::TestCertificate tls_root_;
  std::filesystem::path tls_root_file_;
  std::unique_ptr<TestServer> server_;
  std::string seller_, buyer_;
  client::AppliedOrganization assessor_;
};

TEST_F(ProductHttpTest, UploadScanAssessListAndFind) {
  const std::string id = CreateProduct();
  std::string csv = "uscc,kwh,contact\n";
  for (int i = 0; i < 2000; ++i)
    csv += "91440300MA5FQ3H108," + std::to_string(1000 + i) + "," + (i % 10 ? "" : "13812345678") +
           "\n";
  auto done = Upload(id, csv, 7000);
  ASSERT_EQ(done.status, 201) << done.body;
  auto dataset = Json(done);
  EXPECT_EQ(dataset["sha256"].as_string(), crypto::Sha256Hex(csv));
  auto report = dataset["report"].as_object();
  EXPECT_EQ(report["rows"].as_int64(), 2000);
  const auto& columns = report["columns"].as_array();
  ASSERT_EQ(columns.size(), 3u);
  const auto& contact = columns[2].as_object();
  EXPECT_EQ(contact.at("name").as_string(), "contact");
  EXPECT_EQ(contact.at("detections").as_array()[0].as_object().at("kind").as_string(), "mobile");
  EXPECT_EQ(contact.at("detections").as_array()[0].as_object().at("count").as_int64(), 200);
  EXPECT_EQ(
      columns[0].as_object().at("detections").as_array()[0].as_object().at("kind").as_string(),
      "uscc");
  // Personal information found but not declared: the automatic checks send it back.
  Act(seller_, id, R"({"action":"submit"})", "needs_fix");
  std::string declared(kDescription);
  declared.insert(
      declared.size() - 1,
      R"(, "personal_information": true, "legal_basis": "consent", "pipia": "PIPIA 2026-11")");
  ASSERT_EQ(Call(seller_, "POST", "/v1/products/" + id + "/revisions", declared).status, 201);
  SubmitForAssessment(id);
  const std::string until = FormatRfc3339(absl::Now() + absl::Hours(24 * 365));
  auto assessed = Call(assessor_.token, "POST", "/v1/products/" + id + "/assessments",
                       R"({"outcome":"pass","subject":"ok","object":"ok","circulation":"ok",
                           "legal_opinion":"no objection","pipia_reviewed":true,
                           "valid_until":")" +
                           until + R"("})");
  ASSERT_EQ(assessed.status, 201) << assessed.body;
  Act(seller_, id, R"({"action":"request_listing"})", "listing_review");
  Act(server_->operator_token(), id, R"({"action":"approve_listing"})", "public_notice");
  ASSERT_TRUE(server_->app().exchange().Sweep().ok());
  // Listed: public, without a token.
  auto pub = Call("", "GET", "/v1/products/" + id);
  ASSERT_EQ(pub.status, 200) << pub.body;
  EXPECT_EQ(Json(pub)["status"].as_string(), "listed");
  EXPECT_FALSE(Json(pub).contains("history"));  // Only the parties see the history.
  auto found = Call("", "GET", "/v1/products?q=electricity%20credit&sector=energy");
  ASSERT_EQ(found.status, 200) << found.body;
  auto page = Json(found);
  ASSERT_EQ(page["items"].as_array().size(), 1u);
  EXPECT_EQ(page["total"].as_int64(), 1);
  EXPECT_TRUE(page["facets"].as_object().contains("sector"));
  EXPECT_EQ(Json(Call("", "GET", "/v1/products?q=%E7%94%B5%E5%8A%9B"))["total"].as_int64(), 1);
  EXPECT_EQ(Json(Call("", "GET", "/v1/products?q=elec*"))["total"].as_int64(), 1);
  EXPECT_EQ(Json(Call("", "GET", "/v1/products?q=electricity&sector=finance"))["total"].as_int64(),
            0);
  // DCAT: the product and the catalogue.
  auto ld = Call("", "GET", "/v1/products/" + id, "", {{"Accept", "application/ld+json"}});
  EXPECT_EQ(ld.header("content-type"), "application/ld+json");
  auto dcat = Json(ld);
  EXPECT_EQ(dcat["@type"].as_string(), "dcat:Dataset");
  EXPECT_EQ(dcat["dcat:distribution"]
                .as_array()[0]
                .as_object()
                .at("spdx:checksum")
                .as_object()
                .at("spdx:checksumValue")
                .as_string(),
            crypto::Sha256Hex(csv));
  auto catalog = Json(Call("", "GET", "/catalog"));
  EXPECT_EQ(catalog["@type"].as_string(), "dcat:Catalog");
  EXPECT_EQ(catalog["dcat:dataset"].as_array().size(), 1u);
}

TEST_F(ProductHttpTest, BadInputChangesNothing) {
  const std::string id = CreateProduct();
  ExpectProblem(Call(seller_, "POST", "/v1/products", "{not json"), 400, "malformed-body");
  ExpectProblem(Call(seller_, "POST", "/v1/products", R"({"title": 5})"), 400, "invalid-field",
                "title");
  ExpectProblem(Call(seller_, "POST", "/v1/products", R"({"title":"x","colour":"red"})"), 400,
                "unknown-field", "colour");
  ExpectProblem(Call(seller_, "POST", "/v1/products", R"({"title":"x","form":"movie"})"), 400,
                "invalid-field", "form");
  ExpectProblem(
      Call(seller_, "POST", "/v1/products", R"({"title":"x","fields":[{"name":"a","width":3}]})"),
      400, "unknown-field", "fields[0].width");
  ExpectProblem(Call(seller_, "POST", "/v1/products", R"({"title":"x","price":{"amount":-1}})"),
                400, "invalid-field", "price.amount");
  ExpectProblem(Call(buyer_, "POST", "/v1/products", kDescription), 403, "forbidden");
  // Someone else's draft does not exist for them.
  auto foreign = Call(buyer_, "GET", "/v1/products/" + id);
  auto missing = Call(buyer_, "GET", "/v1/products/prd_nonexistent");
  EXPECT_EQ(foreign.status, 404);
  EXPECT_EQ(Json(foreign)["detail"], Json(missing)["detail"]);
  ExpectProblem(
      Call(seller_, "POST", "/v1/products/" + id + "/actions", R"({"action":"request_listing"})"),
      409, "illegal-transition");
  ExpectProblem(Call(seller_, "POST", "/v1/products/" + id + "/actions", R"({"action":"fly"})"),
                400, "invalid-field", "action");
  ExpectProblem(Call("", "GET", "/v1/products?q=a*"), 400, "invalid-field", "q");
  ExpectProblem(Call("", "GET", "/v1/products?sort=sideways"), 400, "invalid-field", "sort");
  ExpectProblem(Call("", "GET", "/v1/products?limit=1000"), 400, "invalid-field", "limit");
  // The content decides the format: a declared one is refused rather than trusted.
  ExpectProblem(Call(seller_, "POST", "/v1/products/" + id + "/uploads",
                     R"({"file_name":"people.csv","size":10,"format":"opaque"})"),
                400, "invalid-field", "format");
  // Uploads: path in the name, over quota, wrong media type, wrong offset, truncated.
  ExpectProblem(Call(seller_, "POST", "/v1/products/" + id + "/uploads",
                     R"({"file_name":"../../etc/passwd","size":10})"),
                400, "invalid-field", "file_name");
  ExpectProblem(Call(seller_, "POST", "/v1/products/" + id + "/uploads",
                     R"({"file_name":"huge.csv","size":99999999999999})"),
                413, "quota-exceeded");
  auto start = Call(seller_, "POST", "/v1/products/" + id + "/uploads",
                    R"({"file_name":"a.csv","size":20})");
  ASSERT_EQ(start.status, 201);
  const std::string upload(Json(start)["id"].as_string());
  ExpectProblem(Call(seller_, "PATCH", "/v1/uploads/" + upload, "a,b\n",
                     {{"Content-Type", "application/json"}, {"Upload-Offset", "0"}}),
                415, "unsupported-media-type");
  ExpectProblem(Call(seller_, "PATCH", "/v1/uploads/" + upload, "a,b\n",
                     {{"Content-Type", "application/offset+octet-stream"}, {"Upload-Offset", "5"}}),
                409, "conflict", "Upload-Offset");
  ExpectProblem(Call(seller_, "PATCH", "/v1/uploads/" + upload, "a,b\n",
                     {{"Content-Type", "application/offset+octet-stream"}}),
                400, "missing-field", "Upload-Offset");
  ASSERT_EQ(Call(seller_, "PATCH", "/v1/uploads/" + upload, "a,b\n",
                 {{"Content-Type", "application/offset+octet-stream"}, {"Upload-Offset", "0"}})
                .status,
            204);
  ExpectProblem(Call(buyer_, "GET", "/v1/uploads/" + upload), 404, "not-found");
  ExpectProblem(Call(seller_, "POST", "/v1/uploads/" + upload + "/complete", "{}"), 422,
                "invalid-dataset");
  // A chunk cut off mid-stream (the connection drops after half its declared length) is not
  // appended: the upload resumes from where it stood.
  {
    const int fd = ConnectTo(server_->app().port());
    ASSERT_GE(fd, 0);
    const std::string partial =
        "PATCH /v1/uploads/" + upload + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + seller_ +
        "\r\nContent-Type: application/offset+octet-stream\r\nUpload-Offset: 4\r\n"
        "Content-Length: 10\r\n\r\n1,2\n";
    ASSERT_EQ(::send(fd, partial.data(), partial.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(partial.size()));
    ::close(fd);
  }
  auto status = Call(seller_, "GET", "/v1/uploads/" + upload);
  EXPECT_EQ(status.header("upload-offset"), "4");
  EXPECT_EQ(Json(status)["offset"].as_int64(), 4);
  // The product still has no dataset and the server answers.
  auto p = Json(Call(seller_, "GET", "/v1/products/" + id));
  EXPECT_TRUE(p["dataset"].is_null());
  EXPECT_EQ(p["revision"].as_int64(), 1);
  EXPECT_EQ(Call("", "GET", "/healthz").status, 200);
}

// The limits against decompression bombs are settings: a gzip'd CSV that expands more than
// `scan_max_ratio` times is refused with a problem, and the product keeps no dataset.
TEST(UploadLimitsTest, TheExpansionRatioIsASetting) {
  app::Config config;
  config.scan_max_ratio = 2;
  auto server = TestServer::Start(config);
  ASSERT_NE(server, nullptr);
  const std::string seller = server->Approved("Grid Data", {domain::Role::kDataMerchant}).token;
  auto c = server->Client(seller);
  auto created = c->Raw("POST", "/v1/products", kDescription);
  ASSERT_EQ(created->status, 201) << created->body;
  const std::string id(json::parse(created->body).at("id").as_string());
  std::string csv = "uscc,kwh\n";
  while (csv.size() < (size_t{3} << 20)) csv += "91440300MA5FQ3H108,1200\n";
  const std::string gz = GzipCompress(csv);
  auto start =
      c->Raw("POST", "/v1/products/" + id + "/uploads",
             json::serialize(json::object{{"file_name", "kwh.csv.gz"}, {"size", gz.size()}}));
  ASSERT_EQ(start->status, 201) << start->body;
  const std::string upload(json::parse(start->body).at("id").as_string());
  for (size_t off = 0; off < gz.size(); off += 256 * 1024) {
    auto r = c->Raw("PATCH", "/v1/uploads/" + upload, gz.substr(off, 256 * 1024),
                    {{"Content-Type", "application/offset+octet-stream"},
                     {"Upload-Offset", std::to_string(off)}});
    ASSERT_EQ(r->status, 204) << r->body;
  }
  auto done = c->Raw("POST", "/v1/uploads/" + upload + "/complete", "{}");
  EXPECT_EQ(done->status, 422) << done->body;
  EXPECT_NE(done->body.find("expands more than 2 times"), std::string::npos) << done->body;
  EXPECT_EQ(json::parse(done->body).at("field").as_string(), "file");
  EXPECT_EQ(json::parse(done->body).at("kind").as_string(), "invalid-dataset");
  EXPECT_TRUE(json::parse(c->Raw("GET", "/v1/products/" + id, "")->body).at("dataset").is_null());
}

TEST_F(ProductHttpTest, RightsRegistrationOverHttp) {
  const std::string id = CreateProduct();
  auto r = Call(seller_, "POST", "/v1/registrations",
                R"({"product_id":")" + id + R"(","rights":["hold","use"],
                    "evidence":{"hold":"contract","use":"logs"},"review_report":"report"})");
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string reg(Json(r)["id"].as_string());
  ExpectProblem(Call(seller_, "POST", "/v1/registrations",
                     R"({"product_id":")" + id + R"(","rights":["hold","use"],
                         "evidence":{"hold":"contract"},"review_report":"report"})"),
                400, "missing-field", "evidence.use");
  ExpectProblem(Call(seller_, "POST", "/v1/registrations/" + reg + "/actions",
                     R"({"action":"publish_notice"})"),
                403, "forbidden");
  auto op = server_->operator_token();
  ASSERT_EQ(
      Call(op, "POST", "/v1/registrations/" + reg + "/actions", R"({"action":"pass_formal_check"})")
          .status,
      200);
  ExpectProblem(Call(op, "POST", "/v1/registrations/" + reg + "/actions",
                     R"({"action":"pass_formal_check"})"),
                409, "illegal-transition");
  ASSERT_EQ(
      Call(op, "POST", "/v1/registrations/" + reg + "/actions", R"({"action":"publish_notice"})")
          .status,
      200);
  ASSERT_TRUE(server_->app().exchange().Sweep().ok());
  auto got = Json(Call("", "GET", "/v1/registrations/" + reg));
  EXPECT_EQ(got["status"].as_string(), "registered");
  EXPECT_TRUE(got["certificate"].is_object());
  EXPECT_EQ(got["certificate"].as_object()["type"].as_string(), "rights_registration");
}

}  // namespace
}  // namespace bourse::testing

namespace bourse::testing {
namespace {

// A whole trade over HTTP: deposit, declaration and request, agreement, signing with escrow,
// ranged download, acceptance and clearing, the figures in /v1/stats — and bad input refused.
TEST_F(ProductHttpTest, TradeOverHttp) {
  std::string csv;
  const std::string id = ListedProduct(&csv);
  ASSERT_FALSE(id.empty());

  auto bank = server_->Approved("Bank Two", {domain::Role::kBuyer});
  const std::string op = server_->operator_token();
  const std::string deposit = R"({"organization_id":")" + bank.organization.id.value() +
                              R"(","amount":2000000,"currency":"CNY","bank_reference":"ICBC-1"})";
  // The same Idempotency-Key twice deposits once: the response recorded in the deposit's own
  // transaction is replayed byte for byte.
  std::string first_body;
  for (int i = 0; i < 2; ++i) {
    auto r = Call(op, "POST", "/v1/deposits", deposit,
                  {{"Content-Type", "application/json"}, {"Idempotency-Key", "dep-1"}});
    EXPECT_EQ(r.status, 201) << r.body;
    if (i == 0) first_body = r.body;
    if (i == 1) {
      EXPECT_EQ(r.body, first_body);
      EXPECT_EQ(r.header("idempotent-replayed"), "true");
    }
  }
  // The same key sent twice at once: one deposit, whichever request wins.
  {
    std::vector<std::thread> racers;
    std::atomic<int> created{0};
    for (int t = 0; t < 2; ++t)
      racers.emplace_back([&] {
        auto c = client::HttpClient::Create(server_->url());
        auto r = (*c)->Send("POST", "/v1/deposits", deposit,
                            {{"Authorization", "Bearer " + op},
                             {"Content-Type", "application/json"},
                             {"Idempotency-Key", "dep-race"}});
        if (r.ok() && r->status == 201) ++created;
        if (r.ok() && r->status != 201) {
          EXPECT_EQ(r->status, 409) << r->body;  // idempotency-key-in-progress
        }
      });
    for (auto& r : racers) r.join();
    EXPECT_GE(created.load(), 1);
  }
  ExpectProblem(Call(bank.token, "POST", "/v1/deposits", deposit), 403, "forbidden");
  auto accounts = Json(
      Call(bank.token, "GET", "/v1/organizations/" + bank.organization.id.value() + "/accounts"));
  ASSERT_EQ(accounts["items"].as_array().size(), 1u);
  // dep-1 twice and dep-race twice: two deposits.
  EXPECT_EQ(accounts["items"].as_array()[0].as_object().at("balance").as_int64(), 4'000'000);

  // Bad requests change nothing.
  ExpectProblem(Call(bank.token, "POST", "/v1/negotiations", "{not json"), 400, "malformed-body");
  ExpectProblem(Call(bank.token, "POST", "/v1/negotiations",
                     R"({"product_id":")" + id + R"(","declaration":{"purpose":"p"}})"),
                400, "missing-field", "declaration.scenario");
  const std::string request =
      R"({"product_id":")" + id +
      R"(","declaration":{"purpose":"SME credit scoring","scenario":"credit scoring",
          "manner_of_use":"internal models","region":"CN-44"}})";
  ExpectProblem(Call(bank.token, "POST", "/v1/negotiations",
                     R"({"product_id":")" + id +
                         R"(","declaration":{"purpose":"p","scenario":"ads","manner_of_use":"m",
                             "region":"CN"}})"),
                422, "rule-violation", "declaration.scenario");
  std::string unknown = request;
  unknown.insert(unknown.size() - 1, R"(,"x":1)");
  ExpectProblem(Call(bank.token, "POST", "/v1/negotiations", unknown), 400, "unknown-field", "x");
  auto n = Call(bank.token, "POST", "/v1/negotiations", request);
  ASSERT_EQ(n.status, 201) << n.body;
  const std::string neg(Json(n)["id"].as_string());
  const std::string actions = "/v1/negotiations/" + neg + "/actions";
  ExpectProblem(Call(bank.token, "POST", actions, R"({"action":"finalize"})"), 403, "forbidden");
  ExpectProblem(Call(seller_, "POST", actions, R"({"action":"finalize"})"), 409,
                "illegal-transition");
  ASSERT_EQ(Call(seller_, "POST", actions, R"({"action":"agree"})").status, 200);
  ASSERT_EQ(Call(bank.token, "POST", actions, R"({"action":"verify"})").status, 200);
  auto fin = Call(seller_, "POST", actions, R"({"action":"finalize"})");
  ASSERT_EQ(fin.status, 200) << fin.body;
  const std::string contract(Json(fin)["contract_id"].as_string());
  auto c = Json(Call(bank.token, "GET", "/v1/contracts/" + contract));
  EXPECT_EQ(c["trade_status"].as_string(), "escrowed");
  EXPECT_EQ(c["total"].as_object().at("amount").as_int64(), 1'200'000);
  // The agreement's canonical digest is the one the contract carries.
  auto agreement = Call(bank.token, "GET", "/v1/contracts/" + contract + "/agreement");
  EXPECT_EQ(agreement.header("content-type"), "application/ld+json");
  EXPECT_EQ(Json(agreement)["@type"].as_string(), "Agreement");

  // Delivery: a range, then the rest; outsiders and ranges past the end are refused.
  const std::string data = "/v1/contracts/" + contract + "/data";
  auto part = Call(bank.token, "GET", data, "", {{"Range", "bytes=0-8"}});
  ASSERT_EQ(part.status, 206) << part.body;
  EXPECT_EQ(part.body, "uscc,kwh\n");
  // Finding 7: the dataset is encrypted at rest — no stored file holds its rows — while the
  // download above decrypted it; the database and the keys are the owner's alone.
  {
    const std::string data_dir = server_->app().exchange().config().data_dir;
    int blobs = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(data_dir + "/data/blobs")) {
      if (!e.is_regular_file()) continue;
      ++blobs;
      std::ifstream in(e.path(), std::ios::binary);
      std::string bytes((std::istreambuf_iterator<char>(in)), {});
      EXPECT_EQ(bytes.find("91440300MA5FQ3H108,1"), std::string::npos) << e.path();
    }
    EXPECT_GE(blobs, 1);
    for (const std::string& f : {data_dir + "/bourse.db", data_dir + "/keys/data.kek",
                                 data_dir + "/keys/issuer.ed25519.pem"}) {
      EXPECT_EQ(std::filesystem::status(f).permissions() &
                    (std::filesystem::perms::group_all | std::filesystem::perms::others_all),
                std::filesystem::perms::none)
          << f;
    }
  }
  EXPECT_EQ(part.header("content-range"), "bytes 0-8/" + std::to_string(csv.size()));
  auto rest = Call(bank.token, "GET", data, "", {{"Range", "bytes=9-"}});
  ASSERT_EQ(rest.status, 206);
  EXPECT_EQ(part.body + rest.body, csv);
  auto whole = Call(bank.token, "GET", data);
  EXPECT_EQ(whole.status, 200);
  EXPECT_EQ(crypto::Sha256Hex(whole.body), crypto::Sha256Hex(csv));
  ExpectProblem(Call(bank.token, "GET", data, "", {{"Range", "bytes=999999-"}}), 416,
                "range-not-satisfiable");
  ExpectProblem(Call(buyer_, "GET", data), 404, "not-found");

  auto settled =
      Call(bank.token, "POST", "/v1/contracts/" + contract + "/actions", R"({"action":"accept"})");
  ASSERT_EQ(settled.status, 200) << settled.body;
  EXPECT_EQ(Json(settled)["trade_status"].as_string(), "settled");
  EXPECT_EQ(Json(settled)["certificates"].as_array().size(), 2u);
  auto stats = Json(Call("", "GET", "/v1/stats"));
  EXPECT_EQ(stats["trades"].as_object().at("count").as_int64(), 1);
  EXPECT_EQ(stats["trades"].as_object().at("value").as_object().at("CNY").as_int64(), 1'200'000);
  EXPECT_EQ(stats["products"].as_object().at("listed").as_int64(), 1);
  // The agreement for people to read, and signed by the exchange: the JWS payload hashes to the
  // logged digest, and the signature checks against the published key.
  const std::string agreement_path = "/v1/contracts/" + contract + "/agreement";
  const std::string digest(Json(settled)["digest"].as_string());
  auto text = Call(bank.token, "GET", agreement_path, "", {{"Accept", "text/plain"}});
  ASSERT_EQ(text.status, 200);
  EXPECT_EQ(text.header("content-type"), "text/plain; charset=utf-8");
  EXPECT_NE(text.body.find("Data Trade Agreement"), std::string::npos);
  EXPECT_NE(text.body.find("credit scoring"), std::string::npos);
  EXPECT_NE(text.body.find(digest), std::string::npos);
  auto signed_agreement =
      Call(bank.token, "GET", agreement_path, "", {{"Accept", "application/jose"}});
  ASSERT_EQ(signed_agreement.status, 200);
  auto jws = crypto::ParseCompactJws(signed_agreement.body);
  ASSERT_TRUE(jws.ok()) << signed_agreement.body;
  EXPECT_EQ(crypto::Sha256Hex(jws->payload_json), digest);
  auto jwks = json::parse(Call("", "GET", "/.well-known/jwks.json").body).as_object();
  const std::string x(jwks.at("keys").as_array().at(0).as_object().at("x").as_string());
  EXPECT_TRUE(crypto::VerifyCompactJws(*jws, *Base64UrlDecode(x)));
  jws->signing_input[jws->signing_input.size() - 3] ^= 1;
  EXPECT_FALSE(crypto::VerifyCompactJws(*jws, *Base64UrlDecode(x))) << "a changed agreement";
  ExpectProblem(Call(buyer_, "GET", agreement_path, "", {{"Accept", "text/plain"}}), 404,
                "not-found");

  // The subscription renews until its buyer stops it; nobody else may, and bad bodies change
  // nothing.
  const std::string status = "/v1/contracts/" + contract + "/status";
  EXPECT_TRUE(Json(settled)["renews"].as_bool());
  ExpectProblem(Call(buyer_, "POST", status, R"({"action":"stop_renewal"})"), 404, "not-found");
  auto stopped = Call(bank.token, "POST", status, R"({"action":"stop_renewal"})");
  ASSERT_EQ(stopped.status, 200) << stopped.body;
  EXPECT_FALSE(Json(stopped)["renews"].as_bool());
  ExpectProblem(Call(bank.token, "POST", status, R"({"action":"stop_renewal"})"), 409,
                "illegal-transition");
  ExpectProblem(Call(bank.token, "POST", status, R"({"action":"renew_forever"})"), 400,
                "invalid-field");
  ExpectProblem(Call(bank.token, "POST", status, R"({"action":"terminate"})"), 400,
                "missing-field");
  ExpectProblem(Call(bank.token, "POST", status, R"({"action":"stop_renewal","reason":7})"), 400,
                "invalid-field");
  // After termination the same download is refused.
  ASSERT_EQ(Call(bank.token, "POST", status, R"({"action":"terminate","reason":"done"})").status,
            200);
  ExpectProblem(Call(bank.token, "GET", data), 403, "forbidden");
}

}  // namespace
}  // namespace bourse::testing

namespace bourse::testing {
namespace {

// A one-shot HTTP endpoint on 127.0.0.1: accepts connections, keeps each request's body and
// Bourse-Signature header, and answers 200.
class WebhookReceiver {
 public:
  WebhookReceiver() : acceptor_(ioc_, {boost::asio::ip::make_address("127.0.0.1"), 0}) {
    thread_ = std::thread([this] {
      while (!stop_) {
        boost::system::error_code ec;
        boost::asio::ip::tcp::socket socket(ioc_);
        acceptor_.accept(socket, ec);
        if (ec || stop_) break;
        boost::beast::flat_buffer buffer;
        boost::beast::http::request<boost::beast::http::string_body> req;
        boost::beast::http::read(socket, buffer, req, ec);
        if (ec) continue;
        {
          std::lock_guard lock(mu_);
          received_.push_back({std::string(req["Bourse-Signature"]), req.body()});
        }
        boost::beast::http::response<boost::beast::http::string_body> res{
            boost::beast::http::status::ok, 11};
        res.body() = "ok";
        res.prepare_payload();
        boost::beast::http::write(socket, res, ec);
      }
    });
  }
  ~WebhookReceiver() {
    stop_ = true;
    boost::system::error_code ec;
    boost::asio::ip::tcp::socket poke(ioc_);
    poke.connect(acceptor_.local_endpoint(), ec);  // Wakes the accept.
    thread_.join();
  }
  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) + "/in";
  }
  // The requests received so far: (signature header, body).
  std::vector<std::pair<std::string, std::string>> received() {
    std::lock_guard lock(mu_);
    return received_;
  }

 private:
  boost::asio::io_context ioc_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::mutex mu_;
  std::vector<std::pair<std::string, std::string>> received_;
};

// The board over HTTP: a demand matched to the listed product, its notification posted to a real
// webhook endpoint with a verifiable signature, an offer taken into a negotiation; bad input
// refused.
TEST_F(ProductHttpTest, DemandBoardAndWebhooksOverHttp) {
  std::string csv;
  const std::string product = ListedProduct(&csv);
  ASSERT_FALSE(product.empty());
  auto bank = server_->Approved("Bank Three", {domain::Role::kBuyer});
  WebhookReceiver receiver;
  ExpectProblem(Call(bank.token, "POST", "/v1/webhooks", R"({"url":"ftp://x.example/"})"), 400,
                "invalid-field", "url");
  auto hook = Call(bank.token, "POST", "/v1/webhooks", R"({"url":")" + receiver.url() + R"("})");
  ASSERT_EQ(hook.status, 201) << hook.body;
  const std::string secret(Json(hook)["secret"].as_string());
  const std::string hook_id(Json(hook)["id"].as_string());
  // Two https:// endpoints: one whose certificate chains to the configured root, and one that
  // presents a certificate nobody trusts.
  crypto::TlsTestServer trusted(tls_root_);
  crypto::TlsTestServer untrusted(crypto::MakeSelfSignedCertificate({"localhost"}, {"127.0.0.1"}));
  auto tls_hook =
      Call(bank.token, "POST", "/v1/webhooks",
           R"({"url":"https://127.0.0.1:)" + std::to_string(trusted.port()) + R"(/in"})");
  ASSERT_EQ(tls_hook.status, 201) << tls_hook.body;
  const std::string tls_secret(Json(tls_hook)["secret"].as_string());
  auto bad_hook =
      Call(bank.token, "POST", "/v1/webhooks",
           R"({"url":"https://localhost:)" + std::to_string(untrusted.port()) + R"(/in"})");
  ASSERT_EQ(bad_hook.status, 201) << bad_hook.body;
  const std::string bad_hook_id(Json(bad_hook)["id"].as_string());

  const std::string deadline = FormatRfc3339(absl::Now() + absl::Hours(24 * 20));
  const std::string demand_body =
      R"({"title":"Enterprise electricity consumption","description":"Monthly kWh per enterprise in Shenzhen","fields":["uscc","kwh"],"purpose":"credit scoring",
          "scenario":"credit scoring","region":"CN-44","sector":"energy","budget":2000000,
          "deadline":")" +
      deadline + R"("})";
  ExpectProblem(Call(bank.token, "POST", "/v1/demands", "{"), 400, "malformed-body");
  std::string no_budget = demand_body;
  no_budget.replace(no_budget.find(R"("budget":2000000,)"), 17, "");
  ExpectProblem(Call(bank.token, "POST", "/v1/demands", no_budget), 400, "missing-field", "budget");
  auto posted = Call(bank.token, "POST", "/v1/demands", demand_body);
  ASSERT_EQ(posted.status, 201) << posted.body;
  auto demand = Json(posted);
  const std::string demand_id(demand["id"].as_string());
  ASSERT_FALSE(demand["matches"].as_array().empty());
  EXPECT_EQ(demand["matches"].as_array()[0].as_object().at("product_id").as_string(), product);

  // The notification reaches the endpoint, signed with the webhook's secret.
  for (int i = 0; i < 100 && receiver.received().empty(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  auto got = receiver.received();
  ASSERT_FALSE(got.empty()) << "no webhook delivery within 5 s";
  const std::string& signature = got[0].first;
  const std::string t = signature.substr(2, signature.find(',') - 2);
  EXPECT_EQ(signature.substr(signature.find("v1=") + 3),
            crypto::HmacSha256Hex(secret, t + "." + got[0].second));
  EXPECT_EQ(json::parse(got[0].second).as_object().at("kind").as_string(), "demand.matched");
  auto deliveries = Json(Call(bank.token, "GET", "/v1/webhooks/" + hook_id + "/deliveries"));
  EXPECT_TRUE(deliveries["items"].as_array()[0].as_object().at("delivered").as_bool());

  // Over TLS to the trusted endpoint: the same signed notification.
  for (int i = 0; i < 100 && trusted.requests().empty(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_FALSE(trusted.requests().empty()) << "no https webhook delivery within 5 s";
  const std::string raw = trusted.requests()[0];
  EXPECT_EQ(raw.rfind("POST /in HTTP/1.1\r\n", 0), 0u) << raw;
  const std::string tls_body = raw.substr(raw.find("\r\n\r\n") + 4);
  const size_t sig_at = raw.find("Bourse-Signature: ");
  ASSERT_NE(sig_at, std::string::npos) << raw;
  const std::string tls_sig = raw.substr(sig_at + 18, raw.find("\r\n", sig_at) - sig_at - 18);
  const std::string tls_t = tls_sig.substr(2, tls_sig.find(',') - 2);
  EXPECT_EQ(tls_sig.substr(tls_sig.find("v1=") + 3),
            crypto::HmacSha256Hex(tls_secret, tls_t + "." + tls_body));
  EXPECT_EQ(json::parse(tls_body).as_object().at("kind").as_string(), "demand.matched");
  // The signing secret is stored sealed: not one copy of it in the database or its log.
  {
    const std::string data_dir = server_->app().exchange().config().data_dir;
    std::string db;
    for (const auto& e : std::filesystem::directory_iterator(data_dir)) {
      if (e.path().filename().string().rfind("bourse.db", 0) != 0) continue;
      std::ifstream in(e.path(), std::ios::binary);
      db.append(std::istreambuf_iterator<char>(in), {});
    }
    EXPECT_EQ(db.find(tls_secret), std::string::npos);
    EXPECT_EQ(db.find(tls_secret.substr(6)), std::string::npos);
  }
  // The untrusted endpoint gets nothing; the delivery records why and waits for a retry.
  json::object failed;
  for (int i = 0; i < 100; ++i) {
    auto items =
        Json(Call(bank.token, "GET", "/v1/webhooks/" + bad_hook_id + "/deliveries"))["items"]
            .as_array();
    if (!items.empty() && items[0].as_object().at("attempts").as_int64() > 0) {
      failed = items[0].as_object();
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_FALSE(failed.empty()) << "no attempt at the untrusted endpoint within 5 s";
  EXPECT_FALSE(failed.at("delivered").as_bool());
  EXPECT_NE(std::string(failed.at("last_error").as_string()).find("not trusted"), std::string::npos)
      << failed;
  EXPECT_TRUE(untrusted.requests().empty());
  ExpectProblem(Call(seller_, "GET", "/v1/webhooks/" + hook_id + "/deliveries"), 404, "not-found");

  // The seller sees the demand on the board and offers; the buyer takes the offer.
  auto board = Json(Call(seller_, "GET", "/v1/demands"));
  ASSERT_EQ(board["items"].as_array().size(), 1u);
  ExpectProblem(Call(seller_, "POST", "/v1/demands/" + demand_id + "/offers",
                     R"({"product_id":")" + product + R"(","terms":{"model":"subscription"}})"),
                400, "missing-field", "terms.amount");
  auto offer = Call(seller_, "POST", "/v1/demands/" + demand_id + "/offers",
                    R"({"product_id":")" + product +
                        R"(","terms":{"model":"subscription","amount":1100000,"currency":"CNY"}})");
  ASSERT_EQ(offer.status, 201) << offer.body;
  const std::string offer_id(Json(offer)["id"].as_string());
  auto taken = Call(bank.token, "POST", "/v1/offers/" + offer_id + "/accept", "{}");
  ASSERT_EQ(taken.status, 201) << taken.body;
  EXPECT_EQ(Json(taken)["state"].as_string(), "requested");
  EXPECT_EQ(Json(taken)["terms"].as_object().at("amount").as_int64(), 1'100'000);
  auto news = Json(Call(seller_, "GET", "/v1/notifications"));
  EXPECT_EQ(news["items"].as_array()[0].as_object().at("kind").as_string(), "offer.accepted");
  ASSERT_EQ(Call(bank.token, "DELETE", "/v1/webhooks/" + hook_id).status, 204);

  // Mandates: bad requests are refused by field, and a mandate to a merchant is listed for both.
  ExpectProblem(Call(seller_, "POST", "/v1/mandates",
                     R"({"agent_id":")" + bank.organization.id.value() + R"("})"),
                400, "missing-field", "commission_basis_points");
  ExpectProblem(Call(seller_, "POST", "/v1/mandates",
                     R"({"agent_id":")" + bank.organization.id.value() +
                         R"(","commission_basis_points":500})"),
                400, "invalid-field", "agent_id");
  auto broker = server_->Approved("Broker", {domain::Role::kDataMerchant});
  auto granted = Call(
      seller_, "POST", "/v1/mandates",
      R"({"agent_id":")" + broker.organization.id.value() + R"(","commission_basis_points":500})");
  ASSERT_EQ(granted.status, 201) << granted.body;
  EXPECT_EQ(Json(Call(broker.token, "GET", "/v1/mandates"))["items"].as_array().size(), 1u);
  const std::string mandate(Json(granted)["id"].as_string());
  ExpectProblem(Call(broker.token, "POST", "/v1/mandates/" + mandate + "/revoke", "{}"), 403,
                "forbidden");
  ASSERT_EQ(Call(seller_, "POST", "/v1/mandates/" + mandate + "/revoke", "{}").status, 200);

  // A buyer's mandate lets the merchant request in the buyer's name; nobody else's does.
  const std::string bank_id = bank.organization.id.value();
  ExpectProblem(Call(bank.token, "POST", "/v1/mandates",
                     R"({"agent_id":")" + broker.organization.id.value() +
                         R"(","commission_basis_points":400,"side":"both"})"),
                400, "invalid-field", "side");
  auto buying = Call(bank.token, "POST", "/v1/mandates",
                     R"({"agent_id":")" + broker.organization.id.value() +
                         R"(","commission_basis_points":400,"side":"buyer"})");
  ASSERT_EQ(buying.status, 201) << buying.body;
  EXPECT_EQ(Json(buying)["side"].as_string(), "buyer");
  const auto request_for = [&](const std::string& buyer) {
    return R"({"product_id":")" + product + R"(","buyer_id":")" + buyer +
           R"(","declaration":{"purpose":"SME credit scoring","scenario":"credit scoring",
               "manner_of_use":"internal models","region":"CN-44"}})";
  };
  ExpectProblem(Call(broker.token, "POST", "/v1/negotiations",
                     request_for(assessor_.organization.id.value())),
                403, "forbidden");
  ExpectProblem(Call(broker.token, "POST", "/v1/negotiations",
                     R"({"product_id":")" + product +
                         R"(","buyer_id":7,"declaration":{"purpose":"p","scenario":"credit scoring",
                             "manner_of_use":"m","region":"CN"}})"),
                400, "invalid-field", "buyer_id");
  auto asked = Call(broker.token, "POST", "/v1/negotiations", request_for(bank_id));
  ASSERT_EQ(asked.status, 201) << asked.body;
  EXPECT_EQ(Json(asked)["buyer_id"].as_string(), bank_id);
  EXPECT_EQ(Json(asked)["buyer_agent_id"].as_string(), broker.organization.id.value());
  // The buyer sees it as its own.
  const std::string asked_id(Json(asked)["id"].as_string());
  EXPECT_EQ(Call(bank.token, "GET", "/v1/negotiations/" + asked_id).status, 200);
}

}  // namespace
}  // namespace bourse::testing
