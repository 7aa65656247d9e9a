// Money within business bounds, as a property over every route that names money: for any amount
// above `max_amount_minor` and any currency outside ISO 4217's active list, each route answers
// 422 money-out-of-bounds naming the field and writes nothing; at or below the maximum in an
// active currency, the bound never refuses.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "base/time_format.h"
#include "test/test_server.h"

namespace bourse::testing {
namespace {

namespace json = boost::json;

constexpr int64_t kMax = 1'000'000'000'000'000;

struct MoneyRoute {
  std::string name;
  std::function<std::string()> token;  // Who calls.
  std::string target;
  // The body naming `amount` in `currency`.
  std::function<std::string(int64_t amount, const std::string& currency)> body;
  std::string amount_field, currency_field;
};

class MoneyBoundsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = TestServer::Start();
    ASSERT_NE(server_, nullptr);
    buyer_ = server_->Approved("Bank", {domain::Role::kBuyer});
    seller_ = server_->Approved("Grid Data", {domain::Role::kDataMerchant});
    auto product = Call(seller_.token, "POST", "/v1/products", Product(100, "CNY"));
    ASSERT_EQ(product.status, 201) << product.body;
    product_ = std::string(json::parse(product.body).as_object()["id"].as_string());
    auto demand = Call(buyer_.token, "POST", "/v1/demands", Demand(100, "CNY"));
    ASSERT_EQ(demand.status, 201) << demand.body;
    demand_ = std::string(json::parse(demand.body).as_object()["id"].as_string());
  }

  client::HttpReply Call(const std::string& token, const std::string& method,
                         const std::string& target, const std::string& body) {
    auto r =
        server_->Client(token)->Raw(method, target, body, {{"Content-Type", "application/json"}});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : client::HttpReply{};
  }

  static std::string Product(int64_t amount, const std::string& currency) {
    return R"({"title":"Enterprise electricity consumption","description":"Monthly kWh",
      "category":"data_product","form":"dataset","data_source":"Grid","acquisition_method":"Meters",
      "source_authorisation":"letter","fields":[{"name":"kwh","type":"integer"}],
      "update_frequency":"monthly","temporal_coverage":"2020/2026","spatial_coverage":"Shenzhen",
      "scenarios":["credit scoring"],"delivery_modes":["file"],"licence":"Internal use",
      "sector":"energy","source_type":"utility","price":{"model":"one_off","amount":)" +
           std::to_string(amount) + R"(,"currency":")" + currency + R"("}})";
  }
  static std::string Demand(int64_t amount, const std::string& currency) {
    return R"({"title":"Electricity","description":"Monthly kWh","fields":["kwh"],
      "purpose":"credit scoring","scenario":"credit scoring","region":"CN-44","budget":)" +
           std::to_string(amount) + R"(,"currency":")" + currency + R"(","deadline":")" +
           FormatRfc3339(absl::Now() + absl::Hours(24 * 20)) + R"("})";
  }
  static std::string Terms(int64_t amount, const std::string& currency) {
    return R"({"model":"one_off","amount":)" + std::to_string(amount) + R"(,"currency":")" +
           currency + R"("})";
  }

  std::vector<MoneyRoute> Routes() {
    const std::string org = buyer_.organization.id.value();
    auto movement = [org](int64_t a, const std::string& c) {
      return R"({"organization_id":")" + org + R"(","amount":)" + std::to_string(a) +
             R"(,"currency":")" + c + R"(","bank_reference":"ICBC-1"})";
    };
    const std::string product = product_;
    auto op = [this] { return server_->operator_token(); };
    auto buyer = [this] { return buyer_.token; };
    auto seller = [this] { return seller_.token; };
    return {
        {"deposit", op, "/v1/deposits", movement, "amount", "currency"},
        {"withdrawal", op, "/v1/withdrawals", movement, "amount", "currency"},
        {"product", seller, "/v1/products", &Product, "price.amount", "price.currency"},
        {"revision", seller, "/v1/products/" + product + "/revisions", &Product, "price.amount",
         "price.currency"},
        {"demand", buyer, "/v1/demands", &Demand, "budget", "currency"},
        {"trade request", buyer, "/v1/negotiations",
         [product](int64_t a, const std::string& c) {
           return R"({"product_id":")" + product +
                  R"(","declaration":{"purpose":"p","scenario":"credit scoring",
                  "manner_of_use":"m","region":"CN-44"},"terms":)" +
                  Terms(a, c) + "}";
         },
         "terms.amount", "terms.currency"},
        {"demand offer", seller, "/v1/demands/" + demand_ + "/offers",
         [product](int64_t a, const std::string& c) {
           return R"({"product_id":")" + product + R"(","terms":)" + Terms(a, c) + "}";
         },
         "terms.amount", "terms.currency"},
    };
  }

  // What a refused request must leave unchanged.
  std::string Snapshot() {
    std::string out;
    const std::string org = "/v1/organizations/" + buyer_.organization.id.value();
    for (const std::string& target : {org + "/journal", org + "/accounts",
                                      std::string("/v1/negotiations"), std::string("/v1/demands")})
      out += Call(buyer_.token, "GET", target, "").body;
    out += Call(seller_.token, "GET", "/v1/products/" + product_, "").body;
    out += Call(buyer_.token, "GET", "/v1/demands/" + demand_, "").body;
    return out;
  }

  std::unique_ptr<TestServer> server_;
  client::AppliedOrganization buyer_, seller_;
  std::string product_, demand_;
};

TEST_F(MoneyBoundsTest, EveryMoneyRouteRefusesAmountsAboveTheMaximumBeforeAnyWrite) {
  std::mt19937_64 rng(20261203);
  std::uniform_int_distribution<int64_t> above(kMax + 1, std::numeric_limits<int64_t>::max());
  std::vector<int64_t> amounts = {kMax + 1, int64_t{1} << 53, (int64_t{1} << 53) + 1,
                                  std::numeric_limits<int64_t>::max()};
  for (int i = 0; i < 6; ++i) amounts.push_back(above(rng));
  const std::string before = Snapshot();
  for (const auto& route : Routes()) {
    for (int64_t amount : amounts) {
      auto r = Call(route.token(), "POST", route.target, route.body(amount, "CNY"));
      ASSERT_EQ(r.status, 422) << route.name << " " << amount << ": " << r.body;
      auto problem = json::parse(r.body).as_object();
      EXPECT_EQ(problem["kind"].as_string(), "money-out-of-bounds") << route.name;
      EXPECT_EQ(problem["field"].as_string(), route.amount_field) << route.name;
    }
    for (const char* currency : {"XXX", "XTS", "XAU", "ANG", "ZWL"}) {
      auto r = Call(route.token(), "POST", route.target, route.body(100, currency));
      ASSERT_EQ(r.status, 422) << route.name << " " << currency << ": " << r.body;
      EXPECT_EQ(json::parse(r.body).as_object()["field"].as_string(), route.currency_field)
          << route.name << " " << currency;
    }
  }
  EXPECT_EQ(Snapshot(), before) << "nothing was written";
  EXPECT_EQ(Call("", "GET", "/healthz", "").status, 200);
}

TEST_F(MoneyBoundsTest, AmountsUpToTheMaximumAreNeverRefusedByTheBound) {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<int64_t> within(1, kMax);
  for (const auto& route : Routes()) {
    for (int64_t amount : {kMax, within(rng), within(rng)}) {
      auto r = Call(route.token(), "POST", route.target, route.body(amount, "CNY"));
      EXPECT_EQ(r.body.find("money-out-of-bounds"), std::string::npos)
          << route.name << " " << amount << ": " << r.body;
    }
  }
  // The deposit of the maximum went through; the books hold it without overflow.
  auto accounts = Call(buyer_.token, "GET",
                       "/v1/organizations/" + buyer_.organization.id.value() + "/accounts", "");
  EXPECT_NE(accounts.body.find("CNY"), std::string::npos) << accounts.body;
}

TEST(MoneyBoundsConfigTest, TheMaximumIsASetting) {
  app::Config config;
  config.max_amount_minor = 1000;
  auto server = TestServer::Start(config);
  ASSERT_NE(server, nullptr);
  auto bank = server->Approved("Bank", {domain::Role::kBuyer});
  auto deposit = [&](int64_t amount) {
    return server->Client(server->operator_token())
        ->Raw("POST", "/v1/deposits",
              R"({"organization_id":")" + bank.organization.id.value() + R"(","amount":)" +
                  std::to_string(amount) + R"(,"currency":"CNY","bank_reference":"B-1"})",
              {{"Content-Type", "application/json"}})
        ->status;
  };
  EXPECT_EQ(deposit(1001), 422);
  EXPECT_EQ(deposit(1000), 201);
}

}  // namespace
}  // namespace bourse::testing
