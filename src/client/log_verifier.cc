#include "client/log_verifier.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/status_macros.h"
#include "base/strings.h"
#include "merkle/tiles.h"

namespace bourse::client {
namespace {

merkle::NodeReader Reader(const LogFetch& fetch, uint64_t size) {
  return merkle::TileNodeReader(
      size, [&fetch](const merkle::TileId& t) { return fetch(merkle::TilePath(t)); });
}

StatusOr<merkle::CheckpointBody> LatestCheckpoint(const LogFetch& fetch,
                                                  const crypto::NoteVerifier& verifier,
                                                  std::string* note) {
  BOURSE_ASSIGN_OR_RETURN(*note, fetch("checkpoint"));
  auto body = merkle::OpenCheckpoint(*note, verifier);
  if (!body.ok())
    return Status(StatusCode::kDataLoss, StrCat("checkpoint: ", body.status().message()));
  return body;
}

}  // namespace

LogFetch HttpLogSource(HttpClient& http) {
  return [&http](const std::string& path) -> StatusOr<std::string> {
    BOURSE_ASSIGN_OR_RETURN(HttpReply reply, http.Send("GET", "/log/" + path, "", {}));
    if (reply.status == 404) return NotFoundError(path);
    if (reply.status != 200)
      return UnavailableError(StrCat("GET /log/", path, ": HTTP ", reply.status));
    return reply.body;
  };
}

LogFetch DirLogSource(std::string dir) {
  return [dir = std::move(dir)](const std::string& path) -> StatusOr<std::string> {
    std::ifstream in(dir + "/" + path, std::ios::binary);
    if (!in) return NotFoundError(path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
}

StatusOr<LogReport> VerifyLog(const LogFetch& fetch, const crypto::NoteVerifier& verifier,
                              const std::string& saved_note, bool full) {
  LogReport report;
  BOURSE_ASSIGN_OR_RETURN(report.checkpoint,
                          LatestCheckpoint(fetch, verifier, &report.checkpoint_note));
  const uint64_t n = report.checkpoint.size;

  if (!saved_note.empty()) {
    auto saved = merkle::OpenCheckpoint(saved_note, verifier);
    if (!saved.ok())
      return InvalidArgumentError(StrCat("the saved checkpoint: ", saved.status().message()));
    report.previous_size = saved->size;
    if (saved->size > n) {
      return FailedPreconditionError(StrCat("the log shrank: a saved checkpoint has ", saved->size,
                                            " entries, the latest only ", n));
    }
    if (saved->size == n && saved->root != report.checkpoint.root) {
      return FailedPreconditionError(StrCat("the log forked: two roots for size ", n));
    }
    if (saved->size > 0 && saved->size < n) {
      BOURSE_ASSIGN_OR_RETURN(auto proof,
                              merkle::ConsistencyProof(saved->size, n, Reader(fetch, n)));
      Status st =
          merkle::VerifyConsistency(saved->size, n, saved->root, report.checkpoint.root, proof);
      if (!st.ok()) {
        return FailedPreconditionError(
            StrCat("the log is not consistent with the saved checkpoint of size ", saved->size,
                   ": ", st.message()));
      }
    }
    report.checked_consistency = true;
  }

  if (full) {
    merkle::MemoryTree tree;
    for (const merkle::TileId& bundle : merkle::EntryBundlesForSize(n)) {
      const std::string path = merkle::TilePath(bundle);
      BOURSE_ASSIGN_OR_RETURN(std::string bytes, fetch(path));
      auto entries = merkle::DecodeEntryBundle(bytes);
      if (!entries.ok() || entries->size() != static_cast<size_t>(bundle.width)) {
        return DataLossError(StrCat(path, " is malformed or has the wrong number of entries"));
      }
      for (const auto& e : *entries) tree.Append(merkle::LeafHash(e));
    }
    for (const merkle::TileId& tile : merkle::HashTilesForSize(n)) {
      const std::string path = merkle::TilePath(tile);
      BOURSE_ASSIGN_OR_RETURN(std::string bytes, fetch(path));
      if (bytes.size() != static_cast<size_t>(tile.width) * 32) {
        return DataLossError(StrCat(path, " has ", bytes.size(), " bytes, not ", tile.width * 32));
      }
      const auto& level = tree.Level(tile.level * merkle::kTileHeight);
      for (int i = 0; i < tile.width; ++i) {
        const uint64_t node = tile.index * merkle::kTileWidth + static_cast<uint64_t>(i);
        if (std::string_view(bytes).substr(static_cast<size_t>(i) * 32, 32) !=
            merkle::ToBytes(level[node])) {
          if (tile.level == 0) {
            return DataLossError(StrCat("entry ", node, " (in ",
                                        merkle::TilePath({0, tile.index, tile.width, true}),
                                        ") does not hash to hash ", i, " of ", path));
          }
          return DataLossError(
              StrCat("hash ", i, " of ", path, " differs from the tree rebuilt from the entries"));
        }
      }
    }
    BOURSE_ASSIGN_OR_RETURN(merkle::Hash root, merkle::RootHash(n, tree.Reader()));
    if (root != report.checkpoint.root) {
      return DataLossError("the root rebuilt from the entries differs from the checkpoint's");
    }
    report.checked_full = true;
  } else if (n > 0) {
    // Even without --full, the tiles must yield the signed root.
    BOURSE_ASSIGN_OR_RETURN(merkle::Hash root, merkle::RootHash(n, Reader(fetch, n)));
    if (root != report.checkpoint.root)
      return DataLossError("the tiles do not yield the checkpoint's root");
  }
  return report;
}

StatusOr<EntryProof> ProveEntry(const LogFetch& fetch, const crypto::NoteVerifier& verifier,
                                uint64_t index) {
  EntryProof out;
  std::string note;
  BOURSE_ASSIGN_OR_RETURN(out.checkpoint, LatestCheckpoint(fetch, verifier, &note));
  const uint64_t n = out.checkpoint.size;
  if (index >= n) return NotFoundError(StrCat("entry ", index, " (the log has ", n, ")"));
  const uint64_t bundle_index = index / merkle::kTileWidth;
  const int width = static_cast<int>(
      std::min<uint64_t>(merkle::kTileWidth, n - bundle_index * merkle::kTileWidth));
  BOURSE_ASSIGN_OR_RETURN(std::string bytes,
                          fetch(merkle::TilePath({0, bundle_index, width, true})));
  BOURSE_ASSIGN_OR_RETURN(auto entries, merkle::DecodeEntryBundle(bytes));
  if (entries.size() != static_cast<size_t>(width))
    return DataLossError("the entry bundle is short");
  out.leaf = entries[index % merkle::kTileWidth];
  BOURSE_ASSIGN_OR_RETURN(auto proof, merkle::InclusionProof(index, n, Reader(fetch, n)));
  Status st =
      merkle::VerifyInclusion(index, n, merkle::LeafHash(out.leaf), proof, out.checkpoint.root);
  if (!st.ok())
    return DataLossError(StrCat("entry ", index, " is not proven by the tiles: ", st.message()));
  return out;
}

StatusOr<int> ExportLog(const LogFetch& fetch, const std::string& dir,
                        const std::function<void(int, int)>& progress) {
  BOURSE_ASSIGN_OR_RETURN(std::string note, fetch("checkpoint"));
  BOURSE_ASSIGN_OR_RETURN(std::string vkey, fetch("vkey"));
  BOURSE_ASSIGN_OR_RETURN(merkle::CheckpointBody body,
                          merkle::ParseCheckpointBody(note.substr(0, note.find("\n\n") + 1)));
  std::vector<std::string> paths;
  for (const auto& t : merkle::HashTilesForSize(body.size)) paths.push_back(merkle::TilePath(t));
  for (const auto& t : merkle::EntryBundlesForSize(body.size)) paths.push_back(merkle::TilePath(t));
  auto write = [&](const std::string& path, const std::string& bytes) -> Status {
    std::filesystem::path p = std::filesystem::path(dir) / path;
    std::error_code ec;
    std::filesystem::create_directories(p.parent_path(), ec);
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << bytes;
    if (!out) return InternalError(StrCat("cannot write ", p.string()));
    return OkStatus();
  };
  int done = 0;
  for (const auto& path : paths) {
    BOURSE_ASSIGN_OR_RETURN(std::string bytes, fetch(path));
    BOURSE_RETURN_IF_ERROR(write(path, bytes));
    if (progress) progress(++done, static_cast<int>(paths.size()));
  }
  // The checkpoint last: a reader of the directory never sees a checkpoint without its tiles.
  BOURSE_RETURN_IF_ERROR(write("vkey", vkey));
  BOURSE_RETURN_IF_ERROR(write("checkpoint", note));
  return static_cast<int>(paths.size()) + 2;
}

}  // namespace bourse::client
