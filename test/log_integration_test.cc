// The transparency log over HTTP: acts get leaves and indices, checkpoints cover them within a
// second, receipts and tiles verify against the published verifier key, bad requests are 4xx.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <thread>

#include "base/encoding.h"
#include "crypto/signed_note.h"
#include "merkle/checkpoint.h"
#include "merkle/tiles.h"
#include "test/test_server.h"

namespace bourse::testing {
namespace {

namespace json = boost::json;

class LogIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = TestServer::Start();
    ASSERT_NE(server_, nullptr);
    anyone_ = server_->Client();
    auto vkey = anyone_->Raw("GET", "/log/vkey", "");
    ASSERT_EQ(vkey->status, 200);
    std::string text = vkey->body;
    while (!text.empty() && text.back() == '\n') text.pop_back();
    verifier_ = *crypto::ParseNoteVerifierKey(text);
  }

  // Waits (at most 1 s) for a checkpoint covering `index`.
  merkle::CheckpointBody WaitFor(int64_t index) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    merkle::CheckpointBody body;
    while (std::chrono::steady_clock::now() < deadline) {
      auto reply = anyone_->Raw("GET", "/log/checkpoint", "");
      auto parsed = merkle::OpenCheckpoint(reply->body, verifier_);
      EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
      body = *parsed;
      if (static_cast<int64_t>(body.size) > index) return body;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ADD_FAILURE() << "no checkpoint covered " << index << " within a second";
    return body;
  }

  std::vector<merkle::Hash> Hashes(const json::value& v) {
    std::vector<merkle::Hash> out;
    for (const auto& h : v.as_array())
      out.push_back(*merkle::FromBytes(*Base64Decode(std::string(h.as_string()))));
    return out;
  }

  std::unique_ptr<TestServer> server_;
  std::unique_ptr<client::BourseClient> anyone_;
  crypto::NoteVerifier verifier_;
};

TEST_F(LogIntegrationTest, ApplicationIsLoggedAndItsReceiptVerifies) {
  auto reply = anyone_->Raw(
      "POST", "/v1/organizations",
      R"({"name":"Logged","uscc":"91110000600037341L","legal_form":"enterprise_legal_person",
                                "roles":["buyer"],"contact":{"name":"a","email":"a@b.cn"}})",
      {{"Content-Type", "application/json"}});
  ASSERT_EQ(reply->status, 201);
  auto created = json::parse(reply->body).as_object();
  int64_t index = created["log_index"].as_int64();
  auto body = WaitFor(index);

  auto receipt = anyone_->Raw("GET", "/v1/log/entries/" + std::to_string(index) + "/receipt", "");
  ASSERT_EQ(receipt->status, 200) << receipt->body;
  auto r = json::parse(receipt->body).as_object();
  auto leaf = r["leaf"].as_object();
  EXPECT_EQ(leaf["type"].as_string(), "organization.applied");
  EXPECT_EQ(leaf["subjects"].as_object()["organization"], created["id"]);
  EXPECT_EQ(receipt->body.find("a@b.cn"), std::string::npos) << "no personal data in leaves";
  auto checkpoint = merkle::OpenCheckpoint(std::string(r["checkpoint"].as_string()), verifier_);
  ASSERT_TRUE(checkpoint.ok());
  auto leaf_hash = *merkle::FromBytes(*Base64Decode(std::string(r["leaf_hash"].as_string())));
  EXPECT_TRUE(merkle::VerifyInclusion(index, checkpoint->size, leaf_hash, Hashes(r["hashes"]),
                                      checkpoint->root)
                  .ok());
  (void)body;
}

TEST_F(LogIntegrationTest, DecisionsAndCertificatesCarryIndicesAndTilesRebuildTheRoot) {
  auto merchant = server_->Approved("Merchant", {domain::Role::kDataMerchant});
  auto certs =
      *server_->Client(merchant.token)->OrganizationCertificates(merchant.organization.id.value());
  ASSERT_EQ(certs.size(), 1u);
  ASSERT_TRUE(certs[0].log_index.has_value());
  auto body = WaitFor(*certs[0].log_index);
  // Rebuild the root from the public tiles alone.
  merkle::NodeReader reader =
      merkle::TileNodeReader(body.size, [&](const merkle::TileId& t) -> StatusOr<std::string> {
        auto tile = anyone_->Raw("GET", "/log/" + merkle::TilePath(t), "");
        if (tile->status != 200) return NotFoundError(merkle::TilePath(t));
        EXPECT_EQ(tile->header("cache-control"), "public, max-age=31536000, immutable");
        return tile->body;
      });
  EXPECT_EQ(*merkle::RootHash(body.size, reader), body.root);
  // And the leaves from the entry bundles.
  auto bundle = anyone_->Raw(
      "GET", "/log/" + merkle::TilePath({0, 0, static_cast<int>(body.size), true}), "");
  ASSERT_EQ(bundle->status, 200);
  auto entries = *merkle::DecodeEntryBundle(bundle->body);
  ASSERT_EQ(entries.size(), body.size);
  EXPECT_NE(entries[*certs[0].log_index].find("certificate.issued"), std::string::npos);
  // Consistency between two published sizes.
  auto proof = anyone_->Raw(
      "GET", "/v1/log/proofs/consistency?first=2&second=" + std::to_string(body.size), "");
  ASSERT_EQ(proof->status, 200);
  merkle::MemoryTree tree;
  for (const auto& e : entries) tree.Append(merkle::LeafHash(e));
  EXPECT_TRUE(merkle::VerifyConsistency(2, body.size, *merkle::RootHash(2, tree.Reader()),
                                        body.root,
                                        Hashes(json::parse(proof->body).as_object()["hashes"]))
                  .ok());
}

TEST_F(LogIntegrationTest, BadLogRequestsAre4xx) {
  struct Case {
    std::string target;
    int status;
    std::string field;
  } cases[] = {
      {"/v1/log/proofs/inclusion?index=abc", 400, "index"},
      {"/v1/log/proofs/inclusion", 400, "index"},
      {"/v1/log/proofs/inclusion?index=0&tree_size=999999", 400, "tree_size"},
      {"/v1/log/proofs/inclusion?index=5&tree_size=2", 400, "index"},
      {"/v1/log/proofs/consistency?first=0&second=1", 400, "first"},
      {"/v1/log/entries/999999", 404, ""},
      {"/v1/log/entries/-1", 404, ""},
      {"/log/tile/0/x999/999", 404, ""},
      {"/log/tile/0/0001", 404, ""},
      {"/log/tile/entries/000.p/0", 404, ""},
  };
  for (const auto& c : cases) {
    auto r = anyone_->Raw("GET", c.target, "");
    EXPECT_EQ(r->status, c.status) << c.target << " " << r->body;
    EXPECT_EQ(r->header("content-type"), "application/problem+json") << c.target;
    if (!c.field.empty()) {
      EXPECT_EQ(json::parse(r->body).as_object()["field"].as_string(), c.field) << c.target;
    }
  }
  EXPECT_EQ(anyone_->Raw("GET", "/healthz", "")->status, 200);
}

}  // namespace
}  // namespace bourse::testing
