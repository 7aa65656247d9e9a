// C2SP tlog-tiles coordinates: which tiles a tree of a given size publishes, their paths, entry
// bundles, and reading Merkle nodes back out of tiles.
//
// A tile at level L, index N holds up to 256 hashes of tree level 8·L: node indices N·256 …
// N·256+W-1. A full tile has W = 256; the right-most tile of a level may be partial
// ("…/N.p/W"). Paths encode N in 3-digit groups, every group but the last prefixed with "x"
// ("tile/0/x001/x234/067"). Entry bundles hold up to 256 entries, each a big-endian uint16
// length then the entry's bytes. Pure; thread-safe.
#ifndef BOURSE_MERKLE_TILES_H_
#define BOURSE_MERKLE_TILES_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "merkle/merkle.h"

namespace bourse::merkle {

inline constexpr int kTileHeight = 8;
inline constexpr uint64_t kTileWidth = 256;

struct TileId {
  int level = 0;  // Ignored for entry bundles.
  uint64_t index = 0;
  int width = 256;       // 1..256; 256 is a full tile.
  bool entries = false;  // An entry bundle rather than a hash tile.
  friend bool operator==(const TileId&, const TileId&) = default;
};

// "tile/<L>/<N>[.p/<W>]" or "tile/entries/<N>[.p/<W>]".
std::string TilePath(const TileId& tile);
// Parses a path as TilePath writes it (strictly: canonical groups, 1 <= W <= 255, level <= 63).
StatusOr<TileId> ParseTilePath(std::string_view path);

// Every hash tile (all levels) of a tree of `size` leaves, full ones and the partial right edge.
std::vector<TileId> HashTilesForSize(uint64_t size);
// Every entry bundle of a tree of `size` leaves.
std::vector<TileId> EntryBundlesForSize(uint64_t size);
// The tile holding node (8·L, index) in a tree of `size`, with its width at that size.
TileId TileForNode(int tile_level, uint64_t node_index, uint64_t size);

std::string EncodeEntryBundle(const std::vector<std::string>& entries);
// InvalidArgument for a truncated bundle.
StatusOr<std::vector<std::string>> DecodeEntryBundle(std::string_view bundle);

// Reads the bytes of a hash tile (32·W bytes); NotFound when absent.
using TileFetcher = std::function<StatusOr<std::string>(const TileId& tile)>;
// A NodeReader for a tree of `size` leaves served as tiles. Nodes whose level is not a multiple
// of 8 are recomputed from the tile below them.
NodeReader TileNodeReader(uint64_t size, TileFetcher fetch);

}  // namespace bourse::merkle

#endif  // BOURSE_MERKLE_TILES_H_
