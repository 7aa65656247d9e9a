#include "merkle/merkle.h"

#include <cstring>

#include "base/encoding.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "crypto/sha256.h"

namespace bourse::merkle {
namespace {

// The largest power of two smaller than n (n > 1).
uint64_t SplitPoint(uint64_t n) {
  uint64_t k = 1;
  while (k << 1 < n) k <<= 1;
  return k;
}

bool IsPowerOfTwo(uint64_t n) { return n != 0 && (n & (n - 1)) == 0; }

// RFC 9162 §2.1.3.2 step 5.2 (and §2.1.4.2 step 6.2): after a left sibling, skip the levels
// where the node is a left child without a right sibling.
void ClimbPastRightEdge(uint64_t& fn, uint64_t& sn) {
  if ((fn & 1) != 0) return;
  do {
    fn >>= 1;
    sn >>= 1;
  } while ((fn & 1) == 0 && fn != 0);
}

Status ProofFailure(std::string_view why) {
  return InvalidArgumentError(StrCat("proof does not verify: ", why));
}

Status InclusionPath(uint64_t index, uint64_t begin, uint64_t end, const NodeReader& nodes,
                     std::vector<Hash>& out) {
  if (end - begin <= 1) return OkStatus();
  const uint64_t k = SplitPoint(end - begin);
  if (index < k) {
    BOURSE_RETURN_IF_ERROR(InclusionPath(index, begin, begin + k, nodes, out));
    BOURSE_ASSIGN_OR_RETURN(Hash right, RangeHash(begin + k, end, nodes));
    out.push_back(right);
  } else {
    BOURSE_RETURN_IF_ERROR(InclusionPath(index - k, begin + k, end, nodes, out));
    BOURSE_ASSIGN_OR_RETURN(Hash left, RangeHash(begin, begin + k, nodes));
    out.push_back(left);
  }
  return OkStatus();
}

Status SubProof(uint64_t m, uint64_t begin, uint64_t end, bool complete, const NodeReader& nodes,
                std::vector<Hash>& out) {
  const uint64_t n = end - begin;
  if (m == n) {
    if (!complete) {
      BOURSE_ASSIGN_OR_RETURN(Hash h, RangeHash(begin, end, nodes));
      out.push_back(h);
    }
    return OkStatus();
  }
  const uint64_t k = SplitPoint(n);
  if (m <= k) {
    BOURSE_RETURN_IF_ERROR(SubProof(m, begin, begin + k, complete, nodes, out));
    BOURSE_ASSIGN_OR_RETURN(Hash right, RangeHash(begin + k, end, nodes));
    out.push_back(right);
  } else {
    BOURSE_RETURN_IF_ERROR(SubProof(m - k, begin + k, end, false, nodes, out));
    BOURSE_ASSIGN_OR_RETURN(Hash left, RangeHash(begin, begin + k, nodes));
    out.push_back(left);
  }
  return OkStatus();
}

}  // namespace

Hash LeafHash(std::string_view leaf) {
  std::string buf(1, '\0');
  buf.append(leaf);
  return crypto::Sha256(buf);
}

Hash NodeHash(const Hash& left, const Hash& right) {
  char buf[65];
  buf[0] = 0x01;
  std::memcpy(buf + 1, left.data(), 32);
  std::memcpy(buf + 33, right.data(), 32);
  return crypto::Sha256(std::string_view(buf, sizeof(buf)));
}

Hash EmptyRoot() { return crypto::Sha256(""); }

std::string ToBytes(const Hash& h) {
  return std::string(reinterpret_cast<const char*>(h.data()), h.size());
}
std::string ToHex(const Hash& h) { return HexEncode(ToBytes(h)); }

StatusOr<Hash> FromBytes(std::string_view bytes) {
  if (bytes.size() != 32) return InvalidArgumentError("a hash is 32 bytes");
  Hash h;
  std::memcpy(h.data(), bytes.data(), 32);
  return h;
}

StatusOr<Hash> RangeHash(uint64_t begin, uint64_t end, const NodeReader& nodes) {
  if (end <= begin) return InvalidArgumentError("empty range");
  const uint64_t n = end - begin;
  // A complete, aligned subtree is one stored node.
  if (IsPowerOfTwo(n) && begin % n == 0) {
    int level = 0;
    while ((uint64_t{1} << level) < n) ++level;
    return nodes(level, begin >> level);
  }
  const uint64_t k = SplitPoint(n);
  BOURSE_ASSIGN_OR_RETURN(Hash left, RangeHash(begin, begin + k, nodes));
  BOURSE_ASSIGN_OR_RETURN(Hash right, RangeHash(begin + k, end, nodes));
  return NodeHash(left, right);
}

StatusOr<Hash> RootHash(uint64_t size, const NodeReader& nodes) {
  if (size == 0) return EmptyRoot();
  return RangeHash(0, size, nodes);
}

StatusOr<std::vector<Hash>> InclusionProof(uint64_t index, uint64_t size, const NodeReader& nodes) {
  if (index >= size)
    return InvalidArgumentError(StrCat("index ", index, " is not below tree size ", size));
  std::vector<Hash> out;
  BOURSE_RETURN_IF_ERROR(InclusionPath(index, 0, size, nodes, out));
  return out;
}

StatusOr<std::vector<Hash>> ConsistencyProof(uint64_t first, uint64_t second,
                                             const NodeReader& nodes) {
  if (first == 0 || first > second) {
    return InvalidArgumentError(StrCat("no consistency proof from size ", first, " to ", second));
  }
  std::vector<Hash> out;
  BOURSE_RETURN_IF_ERROR(SubProof(first, 0, second, true, nodes, out));
  return out;
}

Status VerifyInclusion(uint64_t index, uint64_t size, const Hash& leaf_hash,
                       const std::vector<Hash>& proof, const Hash& root) {
  if (index >= size) return ProofFailure("the index is not below the tree size");
  uint64_t fn = index, sn = size - 1;
  Hash r = leaf_hash;
  for (const Hash& p : proof) {
    if (sn == 0) return ProofFailure("the proof is too long");
    if ((fn & 1) == 1 || fn == sn) {
      r = NodeHash(p, r);
      ClimbPastRightEdge(fn, sn);
    } else {
      r = NodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return ProofFailure("the proof is too short");
  if (r != root) return ProofFailure("the computed root differs");
  return OkStatus();
}

Status VerifyConsistency(uint64_t first, uint64_t second, const Hash& first_root,
                         const Hash& second_root, const std::vector<Hash>& proof) {
  if (first == 0 || first > second) return ProofFailure("sizes out of order");
  if (first == second) {
    if (!proof.empty()) return ProofFailure("equal sizes need an empty proof");
    if (first_root != second_root) return ProofFailure("equal sizes with different roots");
    return OkStatus();
  }
  if (proof.empty()) return ProofFailure("the proof is empty");
  std::vector<Hash> path;
  if (IsPowerOfTwo(first)) path.push_back(first_root);
  path.insert(path.end(), proof.begin(), proof.end());
  uint64_t fn = first - 1, sn = second - 1;
  while ((fn & 1) == 1) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = path[0], sr = path[0];
  for (size_t i = 1; i < path.size(); ++i) {
    const Hash& c = path[i];
    if (sn == 0) return ProofFailure("the proof is too long");
    if ((fn & 1) == 1 || fn == sn) {
      fr = NodeHash(c, fr);
      sr = NodeHash(c, sr);
      ClimbPastRightEdge(fn, sn);
    } else {
      sr = NodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return ProofFailure("the proof is too short");
  if (fr != first_root) return ProofFailure("the first root differs");
  if (sr != second_root) return ProofFailure("the second root differs");
  return OkStatus();
}

void MemoryTree::Append(const Hash& leaf_hash) {
  if (levels_.empty()) levels_.emplace_back();
  levels_[0].push_back(leaf_hash);
  // Complete every subtree this leaf closes.
  for (size_t k = 0; levels_[k].size() % 2 == 0; ++k) {
    if (levels_.size() == k + 1) levels_.emplace_back();
    const auto& lower = levels_[k];
    levels_[k + 1].push_back(NodeHash(lower[lower.size() - 2], lower.back()));
  }
}

NodeReader MemoryTree::Reader() const {
  return [this](int level, uint64_t index) -> StatusOr<Hash> {
    if (level < 0 || static_cast<size_t>(level) >= levels_.size() ||
        index >= levels_[level].size()) {
      return NotFoundError(StrCat("node ", level, "/", index));
    }
    return levels_[level][index];
  };
}

const std::vector<Hash>& MemoryTree::Level(int level) const {
  static const std::vector<Hash> kEmpty;
  return static_cast<size_t>(level) < levels_.size() ? levels_[level] : kEmpty;
}

}  // namespace bourse::merkle
