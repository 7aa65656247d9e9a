#include "log/transparency_log.h"

#include "base/completion.h"
#include "base/errors.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "base/thread_name.h"
#include "crypto/signed_note.h"
#include "merkle/checkpoint.h"

namespace bourse::log {

using merkle::Hash;
using merkle::kTileWidth;

TransparencyLog::TransparencyLog(store::Store& store, const Clock& clock,
                                 const crypto::Ed25519PrivateKey& key, LogOptions options)
    : store_(store),
      clock_(clock),
      key_(key),
      options_(std::move(options)),
      verifier_key_(crypto::NoteVerifierKey(options_.origin, key.public_key())) {}

TransparencyLog::~TransparencyLog() { Stop(); }

StatusOr<int64_t> TransparencyLog::Append(store::Transaction& tx, const Event& event) {
  BOURSE_ASSIGN_OR_RETURN(std::string leaf, EncodeLeaf(event));
  if (leaf.size() > 65535)
    return errors::InvalidField("event", "a log leaf is at most 65,535 bytes");
  BOURSE_ASSIGN_OR_RETURN(int64_t index, tx.log().Append(leaf));
  bool already_pending;
  {
    std::lock_guard<std::mutex> lock(run_mu_);
    already_pending = pending_;
    pending_ = true;
  }
  // A trade appends about ten entries; the integrator needs waking once, not ten times.
  if (!already_pending) wake_.notify_one();
  return index;
}

StatusOr<std::string> TransparencyLog::ReadTile(store::Transaction& tx,
                                                const merkle::TileId& tile) {
  const bool full = tile.width == static_cast<int>(kTileWidth);
  if (full && !tile.entries) {
    std::lock_guard<std::mutex> lock(cache_mu_);
    auto it = full_tiles_.find({tile.level, tile.index});
    if (it != full_tiles_.end()) return it->second;
  }
  const int64_t first = static_cast<int64_t>(tile.index * kTileWidth);
  std::string bytes;
  if (tile.entries) {
    BOURSE_ASSIGN_OR_RETURN(auto entries, tx.log().Entries(first, first + tile.width));
    if (entries.size() != static_cast<size_t>(tile.width)) return errors::NotFound("entry bundle");
    return merkle::EncodeEntryBundle(entries);
  }
  BOURSE_ASSIGN_OR_RETURN(auto hashes, tx.log().Hashes(tile.level, first, first + tile.width));
  if (hashes.size() != static_cast<size_t>(tile.width)) return errors::NotFound("tile");
  bytes.reserve(hashes.size() * 32);
  for (const auto& h : hashes) bytes += h;
  if (full) {
    std::lock_guard<std::mutex> lock(cache_mu_);
    if (full_tiles_.size() >= options_.tile_cache) full_tiles_.clear();
    full_tiles_[{tile.level, tile.index}] = bytes;
  }
  return bytes;
}

StatusOr<std::shared_ptr<const TransparencyLog::ExpandedTile>> TransparencyLog::Expanded(
    store::Transaction& tx, const merkle::TileId& tile) {
  const auto key = std::make_tuple(tile.level, tile.index, tile.width);
  {
    std::lock_guard<std::mutex> lock(cache_mu_);
    auto it = expanded_.find(key);
    if (it != expanded_.end()) return it->second;
  }
  BOURSE_ASSIGN_OR_RETURN(std::string bytes, ReadTile(tx, tile));
  auto expanded = std::make_shared<ExpandedTile>();
  expanded->levels.emplace_back();
  for (size_t i = 0; i + 32 <= bytes.size(); i += 32) {
    BOURSE_ASSIGN_OR_RETURN(Hash h, merkle::FromBytes(std::string_view(bytes).substr(i, 32)));
    expanded->levels[0].push_back(h);
  }
  while (expanded->levels.back().size() > 1) {
    const auto& below = expanded->levels.back();
    std::vector<Hash> up;
    for (size_t i = 0; i + 1 < below.size(); i += 2)
      up.push_back(merkle::NodeHash(below[i], below[i + 1]));
    expanded->levels.push_back(std::move(up));
  }
  std::lock_guard<std::mutex> lock(cache_mu_);
  if (expanded_.size() >= options_.tile_cache) expanded_.clear();
  expanded_[key] = expanded;
  return std::shared_ptr<const ExpandedTile>(std::move(expanded));
}

merkle::NodeReader TransparencyLog::Reader(store::Transaction& tx, uint64_t size) {
  return [this, &tx, size](int level, uint64_t index) -> StatusOr<Hash> {
    const int tile_level = level / merkle::kTileHeight;
    const int within = level % merkle::kTileHeight;
    const uint64_t first = index << within;
    if (((first + (uint64_t{1} << within)) << (merkle::kTileHeight * tile_level)) > size) {
      return errors::NotFound(StrCat("node ", level, "/", index, " at size ", size));
    }
    const merkle::TileId tile = merkle::TileForNode(tile_level, first, size);
    BOURSE_ASSIGN_OR_RETURN(auto expanded, Expanded(tx, tile));
    const uint64_t position = (first % kTileWidth) >> within;
    if (static_cast<size_t>(within) >= expanded->levels.size() ||
        position >= expanded->levels[within].size()) {
      return DataLossError(
          StrCat("tile ", merkle::TilePath(tile), " lacks node ", level, "/", index));
    }
    return expanded->levels[within][position];
  };
}

namespace {

// The root of a tree from the right edge of its tile levels: edge[L] holds the hashes of the
// complete level-8L nodes of the partial tile at tile level L. The tree's perfect subtrees, left
// to right, are each level's nodes (highest level first) grouped by the binary digits of their
// count; the root folds them from the right (RFC 6962 §2.1).
Hash RootFromEdge(const std::vector<std::vector<Hash>>& edge) {
  std::vector<Hash> subtrees;
  for (size_t level = edge.size(); level-- > 0;) {
    const auto& nodes = edge[level];
    size_t at = 0;
    for (int bit = merkle::kTileHeight; bit >= 0; --bit) {
      const size_t width = size_t{1} << bit;
      if ((nodes.size() & width) == 0) continue;
      std::vector<Hash> layer(nodes.begin() + static_cast<std::ptrdiff_t>(at),
                              nodes.begin() + static_cast<std::ptrdiff_t>(at + width));
      while (layer.size() > 1) {
        std::vector<Hash> up;
        for (size_t i = 0; i < layer.size(); i += 2)
          up.push_back(merkle::NodeHash(layer[i], layer[i + 1]));
        layer = std::move(up);
      }
      subtrees.push_back(layer[0]);
      at += width;
    }
  }
  Hash root = subtrees.back();
  for (size_t i = subtrees.size() - 1; i-- > 0;) root = merkle::NodeHash(subtrees[i], root);
  return root;
}

}  // namespace

// Integration reads and hashes from a snapshot, off the writer, and signs the checkpoint there
// too; the write only stores the new hashes and the checkpoint, after checking that no other
// integration has moved the log on meanwhile.
StatusOr<store::LogCheckpoint> TransparencyLog::Integrate() {
  std::lock_guard<std::mutex> guard(integrate_mu_);
  NoSuspendScope holds_integrate_lock;  // Another task on this thread may want the lock.
  store::LogCheckpoint published;
  std::optional<int64_t> from;  // Unset: nothing to integrate.
  std::vector<std::vector<std::string>> added;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    auto latest = tx.log().LatestCheckpoint();
    if (!latest.ok() && latest.status().code() != StatusCode::kNotFound) return latest.status();
    if (latest.ok()) {
      auto body =
          merkle::ParseCheckpointBody(latest->note.substr(0, latest->note.find("\n\n") + 1));
      if (!body.ok() || body->origin != options_.origin) {
        return FailedPreconditionError(
            StrCat("this log's origin is '", body.ok() ? body->origin : "?",
                   "'; refusing to continue it as '", options_.origin, "'"));
      }
    }
    const int64_t start = latest.ok() ? latest->size : 0;
    BOURSE_ASSIGN_OR_RETURN(int64_t size, tx.log().Size());
    const int64_t to = std::min(size, start + options_.max_batch);
    if (latest.ok() && to == start) {
      published = *latest;
      return OkStatus();
    }
    from = start;
    // The right edge of every tile level, as integrated so far.
    std::vector<std::vector<Hash>> edge;
    for (int level = 0;; ++level) {
      const int64_t count = start >> (merkle::kTileHeight * level);
      if (count == 0 && level > 0) break;
      const int64_t partial = count % static_cast<int64_t>(kTileWidth);
      BOURSE_ASSIGN_OR_RETURN(auto hashes, tx.log().Hashes(level, count - partial, count));
      if (hashes.size() != static_cast<size_t>(partial))
        return DataLossError("log hashes are missing");
      edge.emplace_back();
      for (const auto& h : hashes) {
        BOURSE_ASSIGN_OR_RETURN(Hash hash, merkle::FromBytes(h));
        edge.back().push_back(hash);
      }
      if (count == 0) break;
    }
    added.assign(edge.size(), {});
    std::function<void(size_t, const Hash&)> push = [&](size_t level, const Hash& h) {
      if (edge.size() <= level) {
        edge.resize(level + 1);
        added.resize(level + 1);
      }
      edge[level].push_back(h);
      added[level].push_back(merkle::ToBytes(h));
      if (edge[level].size() == kTileWidth) {
        std::vector<Hash> nodes = std::move(edge[level]);
        edge[level].clear();
        while (nodes.size() > 1) {
          std::vector<Hash> up;
          for (size_t i = 0; i < nodes.size(); i += 2)
            up.push_back(merkle::NodeHash(nodes[i], nodes[i + 1]));
          nodes = std::move(up);
        }
        push(level + 1, nodes[0]);
      }
    };
    BOURSE_ASSIGN_OR_RETURN(auto entries, tx.log().Entries(start, to));
    if (entries.size() != static_cast<size_t>(to - start))
      return DataLossError("log entries are missing");
    for (const auto& leaf : entries) push(0, merkle::LeafHash(leaf));
    // The empty tree (no checkpoint yet, nothing logged) has the hash of the empty string.
    const Hash root = to == 0 ? merkle::EmptyRoot() : RootFromEdge(edge);
    BOURSE_ASSIGN_OR_RETURN(
        std::string note, crypto::SignNote(merkle::FormatCheckpointBody(
                                               {options_.origin, static_cast<uint64_t>(to), root}),
                                           options_.origin, key_));
    published = {to, merkle::ToBytes(root), note, clock_.Now()};
    return OkStatus();
  }));
  if (from) {
    BOURSE_RETURN_IF_ERROR(store_.Write([&](store::Transaction& tx) -> Status {
      auto latest = tx.log().LatestCheckpoint();
      if (!latest.ok() && latest.status().code() != StatusCode::kNotFound) return latest.status();
      if ((latest.ok() ? latest->size : 0) != *from)
        return FailedPreconditionError("the log was integrated meanwhile");
      for (size_t level = 0; level < added.size(); ++level) {
        if (added[level].empty()) continue;
        const int64_t first = *from >> (merkle::kTileHeight * level);
        BOURSE_RETURN_IF_ERROR(tx.log().PutHashes(static_cast<int>(level), first, added[level]));
      }
      return tx.log().PutCheckpoint(published);
    }));
  }
  {
    std::lock_guard<std::mutex> lock(latest_mu_);
    latest_ = published;
    latest_read_ = clock_.Now();
  }
  return published;
}

void TransparencyLog::Start() {
  std::lock_guard<std::mutex> lock(run_mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] {
    SetCurrentThreadName("bourse-log");
    Run();
  });
}

void TransparencyLog::Stop() {
  {
    std::lock_guard<std::mutex> lock(run_mu_);
    if (!thread_.joinable()) return;
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
  (void)Integrate();
}

void TransparencyLog::Run() {
  std::unique_lock<std::mutex> lock(run_mu_);
  while (!stopping_) {
    wake_.wait_for(lock, absl::ToChronoMilliseconds(options_.interval),
                   [this] { return stopping_ || pending_; });
    if (stopping_) break;
    pending_ = false;
    lock.unlock();
    // Keep going while batches are full; a failure is retried on the next tick.
    while (true) {
      auto before = LatestCheckpoint();
      auto after = Integrate();
      if (!after.ok() || !before.ok() || after->size - before->size < options_.max_batch) break;
    }
    lock.lock();
  }
}

StatusOr<store::LogCheckpoint> TransparencyLog::LatestCheckpoint() {
  const absl::Time now = clock_.Now();
  {
    std::lock_guard<std::mutex> lock(latest_mu_);
    if (latest_ && now - latest_read_ < absl::Milliseconds(100)) return *latest_;
  }
  store::LogCheckpoint out;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(out, tx.log().LatestCheckpoint());
    return OkStatus();
  }));
  std::lock_guard<std::mutex> lock(latest_mu_);
  if (!latest_ || latest_->size <= out.size) {
    latest_ = out;
    latest_read_ = now;
  }
  return out;
}

StatusOr<std::string> TransparencyLog::Tile(const merkle::TileId& tile) {
  std::string out;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    auto latest = tx.log().LatestCheckpoint();
    if (!latest.ok()) return errors::NotFound("tile");
    const uint64_t size = static_cast<uint64_t>(latest->size);
    const uint64_t count = tile.entries ? size : size >> (merkle::kTileHeight * tile.level);
    if (tile.level > 7 || tile.index * kTileWidth + static_cast<uint64_t>(tile.width) > count) {
      return errors::NotFound("tile");
    }
    BOURSE_ASSIGN_OR_RETURN(out, ReadTile(tx, tile));
    return OkStatus();
  }));
  return out;
}

StatusOr<std::string> TransparencyLog::Entry(int64_t index) {
  std::string out;
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    auto latest = tx.log().LatestCheckpoint();
    if (!latest.ok() || index < 0 || index >= latest->size) return errors::NotFound("log entry");
    BOURSE_ASSIGN_OR_RETURN(auto entries, tx.log().Entries(index, index + 1));
    if (entries.size() != 1) return errors::NotFound("log entry");
    out = std::move(entries[0]);
    return OkStatus();
  }));
  return out;
}

StatusOr<std::vector<Hash>> TransparencyLog::InclusionProof(int64_t index, int64_t tree_size) {
  std::vector<Hash> out;
  BOURSE_ASSIGN_OR_RETURN(auto latest, LatestCheckpoint());
  if (tree_size < 1 || tree_size > latest.size) {
    return errors::InvalidField("tree_size",
                                StrCat("must be between 1 and the published size ", latest.size));
  }
  if (index < 0 || index >= tree_size)
    return errors::InvalidField("index", "must be below tree_size");
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(out, merkle::InclusionProof(index, tree_size, Reader(tx, tree_size)));
    return OkStatus();
  }));
  return out;
}

StatusOr<std::vector<Hash>> TransparencyLog::ConsistencyProof(int64_t first, int64_t second) {
  std::vector<Hash> out;
  BOURSE_ASSIGN_OR_RETURN(auto latest, LatestCheckpoint());
  if (second < 1 || second > latest.size) {
    return errors::InvalidField("second",
                                StrCat("must be between 1 and the published size ", latest.size));
  }
  if (first < 1 || first > second)
    return errors::InvalidField("first", "must be between 1 and second");
  BOURSE_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    BOURSE_ASSIGN_OR_RETURN(out, merkle::ConsistencyProof(first, second, Reader(tx, second)));
    return OkStatus();
  }));
  return out;
}

}  // namespace bourse::log
