#include "merkle/merkle.h"

#include <gtest/gtest.h>

#include "base/encoding.h"

namespace bourse::merkle {
namespace {

// RFC 6962 / CT reference leaves and roots (transparency-dev/merkle testonly constants).
const char* kLeaves[] = {"",
                         "00",
                         "10",
                         "2021",
                         "3031",
                         "40414243",
                         "5051525354555657",
                         "606162636465666768696a6b6c6d6e6f"};
const char* kRoots[] = {"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
                        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
                        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
                        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
                        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

MemoryTree ReferenceTree() {
  MemoryTree t;
  for (const char* leaf : kLeaves) t.Append(LeafHash(*HexDecode(leaf)));
  return t;
}

std::vector<std::string> Hexes(const std::vector<Hash>& hashes) {
  std::vector<std::string> out;
  for (const auto& h : hashes) out.push_back(ToHex(h));
  return out;
}

TEST(Merkle, RootsMatchRfc6962ForEverySize) {
  MemoryTree t = ReferenceTree();
  for (uint64_t size = 0; size <= 8; ++size) {
    EXPECT_EQ(ToHex(*RootHash(size, t.Reader())), kRoots[size]) << "size " << size;
  }
}

TEST(Merkle, InclusionProofsMatchTheReference) {
  MemoryTree t = ReferenceTree();
  EXPECT_EQ(Hexes(*InclusionProof(0, 8, t.Reader())),
            (std::vector<std::string>{
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}));
  EXPECT_EQ(Hexes(*InclusionProof(5, 8, t.Reader())),
            (std::vector<std::string>{
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}));
  EXPECT_EQ(Hexes(*ConsistencyProof(2, 8, t.Reader())),
            (std::vector<std::string>{
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}));
}

TEST(Merkle, EveryProofInManyTreeShapesVerifiesAndTamperingFails) {
  MemoryTree t;
  std::vector<Hash> roots{EmptyRoot()};
  for (int i = 0; i < 40; ++i) {
    t.Append(LeafHash(std::string(1, static_cast<char>(i)) + "entry"));
    roots.push_back(*RootHash(t.size(), t.Reader()));
  }
  for (uint64_t n = 1; n <= 40; ++n) {
    for (uint64_t i = 0; i < n; ++i) {
      auto proof = *InclusionProof(i, n, t.Reader());
      Hash leaf = *t.Reader()(0, i);
      ASSERT_TRUE(VerifyInclusion(i, n, leaf, proof, roots[n]).ok()) << i << "/" << n;
      EXPECT_FALSE(VerifyInclusion(i, n, leaf, proof, roots[n == 1 ? 2 : n - 1]).ok());
      if (n > 1) {
        EXPECT_FALSE(VerifyInclusion((i + 1) % n, n, leaf, proof, roots[n]).ok());
      }
      if (!proof.empty()) {
        auto bad = proof;
        bad[0][7] ^= 1;
        EXPECT_FALSE(VerifyInclusion(i, n, leaf, bad, roots[n]).ok());
        bad = proof;
        bad.pop_back();
        EXPECT_FALSE(VerifyInclusion(i, n, leaf, bad, roots[n]).ok());
      }
    }
    for (uint64_t m = 1; m <= n; ++m) {
      auto proof = *ConsistencyProof(m, n, t.Reader());
      ASSERT_TRUE(VerifyConsistency(m, n, roots[m], roots[n], proof).ok()) << m << "->" << n;
      if (m < n) {
        EXPECT_FALSE(VerifyConsistency(m, n, roots[m], roots[n - 1], proof).ok());
        auto bad = proof;
        bad.back()[0] ^= 1;
        EXPECT_FALSE(VerifyConsistency(m, n, roots[m], roots[n], bad).ok());
      }
    }
  }
}

TEST(Merkle, RejectsImpossibleRequests) {
  MemoryTree t = ReferenceTree();
  EXPECT_EQ(InclusionProof(8, 8, t.Reader()).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ConsistencyProof(0, 8, t.Reader()).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ConsistencyProof(9, 8, t.Reader()).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(RootHash(9, t.Reader()).status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(ConsistencyProof(8, 8, t.Reader())->empty());
}

}  // namespace
}  // namespace bourse::merkle
