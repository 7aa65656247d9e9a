// RFC 9162 (Certificate Transparency v2) Merkle tree hashing, proofs and their verification.
//
// Pure computation, no I/O. Proof generation reads the hashes of complete subtrees through a
// NodeReader (level k, index i = the root of leaves [i·2^k, (i+1)·2^k)), so the same code serves
// an in-memory tree, the stored tiles of the transparency log and a verifier recomputing the
// tree. Proofs are in RFC 9162 order (from the leaf towards the root). Thread-safe.
#ifndef BOURSE_MERKLE_MERKLE_H_
#define BOURSE_MERKLE_MERKLE_H_

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace bourse::merkle {

using Hash = std::array<uint8_t, 32>;

// SHA-256(0x00 || leaf).
Hash LeafHash(std::string_view leaf);
// SHA-256(0x01 || left || right).
Hash NodeHash(const Hash& left, const Hash& right);
// SHA-256 of nothing: the root of the empty tree.
Hash EmptyRoot();

std::string ToHex(const Hash& h);
std::string ToBytes(const Hash& h);
// InvalidArgument unless `bytes` is exactly 32 bytes.
StatusOr<Hash> FromBytes(std::string_view bytes);

// The hash of the complete subtree at (level, index); NotFound if the reader lacks it.
using NodeReader = std::function<StatusOr<Hash>(int level, uint64_t index)>;

// MTH(D[begin:end]), computed from complete subtrees; end > begin.
StatusOr<Hash> RangeHash(uint64_t begin, uint64_t end, const NodeReader& nodes);
// The root of the tree of `size` leaves (EmptyRoot() for 0).
StatusOr<Hash> RootHash(uint64_t size, const NodeReader& nodes);
// PATH(index, D[size]) of RFC 9162 §2.1.3.1. InvalidArgument unless index < size.
StatusOr<std::vector<Hash>> InclusionProof(uint64_t index, uint64_t size, const NodeReader& nodes);
// PROOF(first, D[second]) of RFC 9162 §2.1.4.1. InvalidArgument unless 0 < first <= second.
StatusOr<std::vector<Hash>> ConsistencyProof(uint64_t first, uint64_t second,
                                             const NodeReader& nodes);

// RFC 9162 §2.1.3.2. OK, or InvalidArgument saying why the proof fails.
Status VerifyInclusion(uint64_t index, uint64_t size, const Hash& leaf_hash,
                       const std::vector<Hash>& proof, const Hash& root);
// RFC 9162 §2.1.4.2 (first == second needs an empty proof and equal roots).
Status VerifyConsistency(uint64_t first, uint64_t second, const Hash& first_root,
                         const Hash& second_root, const std::vector<Hash>& proof);

// An in-memory tree over leaf hashes: a NodeReader for tests, tools and small verifiers.
class MemoryTree {
 public:
  void Append(const Hash& leaf_hash);
  uint64_t size() const { return levels_.empty() ? 0 : levels_[0].size(); }
  NodeReader Reader() const;
  // The complete-subtree hashes at `level` (index order), for writing tiles.
  const std::vector<Hash>& Level(int level) const;

 private:
  std::vector<std::vector<Hash>> levels_;  // levels_[k][i]: complete subtree (k, i).
};

}  // namespace bourse::merkle

#endif  // BOURSE_MERKLE_MERKLE_H_
