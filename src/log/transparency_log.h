// The transparency log: one append-only Merkle log (RFC 9162) of every consequential act,
// published as C2SP tlog-tiles with C2SP tlog-checkpoints signed by the log's own Ed25519 key.
//
// Writing: a use case calls Append(tx, event) inside its own store transaction, so the leaf
// commits with the change it records, or not at all. Integrating: Integrate() (run by a
// background thread every `interval`, and woken by appends) reads the committed entries past the
// last checkpoint, stores their leaf hashes and every completed higher tile-level hash, and
// signs a new checkpoint — all in one transaction, so hashes and checkpoints never disagree and
// a crash loses nothing. Reading: tiles, entry bundles, entries and proofs, served only up to the
// latest checkpoint. Thread-safe; the key and the store must outlive the log.
#ifndef BOURSE_LOG_TRANSPARENCY_LOG_H_
#define BOURSE_LOG_TRANSPARENCY_LOG_H_

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "absl/time/time.h"
#include "base/clock.h"
#include "base/status.h"
#include "crypto/ed25519.h"
#include "log/event.h"
#include "merkle/merkle.h"
#include "merkle/tiles.h"
#include "store/store.h"

namespace bourse::log {

struct LogOptions {
  std::string origin = "bourse.example/log";  // First line of every checkpoint; the note key name.
  absl::Duration interval = absl::Milliseconds(100);  // Integration period when idle.
  int64_t max_batch = 65536;                          // Entries integrated per transaction.
  size_t tile_cache = 4096;                           // Full tiles kept in memory (8 KiB each).
};

class TransparencyLog {
 public:
  TransparencyLog(store::Store& store, const Clock& clock, const crypto::Ed25519PrivateKey& key,
                  LogOptions options);
  ~TransparencyLog();
  TransparencyLog(const TransparencyLog&) = delete;
  TransparencyLog& operator=(const TransparencyLog&) = delete;

  // Appends `event` inside `tx`; returns the leaf index it will have once committed.
  StatusOr<int64_t> Append(store::Transaction& tx, const Event& event);

  // Integrates committed entries (at most max_batch) and publishes a checkpoint when the tree
  // grew, or the first (possibly empty) checkpoint. Returns the latest checkpoint.
  StatusOr<store::LogCheckpoint> Integrate();
  // Starts and stops the background integrator. Stop() is idempotent and runs a final Integrate.
  void Start();
  void Stop();

  StatusOr<store::LogCheckpoint> LatestCheckpoint();
  const std::string& origin() const { return options_.origin; }
  // "<origin>+<key hash>+<base64 key>".
  const std::string& verifier_key() const { return verifier_key_; }

  // A hash tile or entry bundle of the published tree; NotFound beyond it.
  StatusOr<std::string> Tile(const merkle::TileId& tile);
  // The leaf at `index`; NotFound if not yet published.
  StatusOr<std::string> Entry(int64_t index);
  // Proofs against published tree sizes only (InvalidArgument otherwise).
  StatusOr<std::vector<merkle::Hash>> InclusionProof(int64_t index, int64_t tree_size);
  StatusOr<std::vector<merkle::Hash>> ConsistencyProof(int64_t first, int64_t second);

 private:
  StatusOr<std::string> ReadTile(store::Transaction& tx, const merkle::TileId& tile);
  merkle::NodeReader Reader(store::Transaction& tx, uint64_t size);
  void Run();

  store::Store& store_;
  const Clock& clock_;
  const crypto::Ed25519PrivateKey& key_;
  const LogOptions options_;
  const std::string verifier_key_;

  std::mutex integrate_mu_;  // One integration at a time.

  // A hash tile with all eight levels above its hashes computed: levels[j][i] is the node at
  // tree level 8·L + j. Tiles never change, so an expanded tile stays valid for ever.
  struct ExpandedTile {
    std::vector<std::vector<merkle::Hash>> levels;
  };
  StatusOr<std::shared_ptr<const ExpandedTile>> Expanded(store::Transaction& tx,
                                                         const merkle::TileId& tile);

  std::mutex cache_mu_;
  std::map<std::pair<int, uint64_t>, std::string> full_tiles_;  // Immutable, so always valid.
  std::map<std::tuple<int, uint64_t, int>, std::shared_ptr<const ExpandedTile>> expanded_;

  // The latest checkpoint, as last read or published here; re-read after 100 ms.
  std::mutex latest_mu_;
  std::optional<store::LogCheckpoint> latest_;
  absl::Time latest_read_;

  std::mutex run_mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool pending_ = false;
  std::thread thread_;
};

}  // namespace bourse::log

#endif  // BOURSE_LOG_TRANSPARENCY_LOG_H_
