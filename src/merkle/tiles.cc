#include "merkle/tiles.h"

#include <cstdio>

#include "base/status_macros.h"
#include "base/strings.h"

namespace bourse::merkle {
namespace {

std::string EncodeIndex(uint64_t n) {
  std::vector<std::string> groups;
  do {
    char buf[4];
    std::snprintf(buf, sizeof(buf), "%03d", static_cast<int>(n % 1000));
    groups.insert(groups.begin(), buf);
    n /= 1000;
  } while (n > 0);
  std::string out;
  for (size_t i = 0; i < groups.size(); ++i) {
    if (i + 1 < groups.size()) out += "x";
    out += groups[i];
    if (i + 1 < groups.size()) out += "/";
  }
  return out;
}

bool ThreeDigits(std::string_view s) {
  return s.size() == 3 && std::isdigit(static_cast<unsigned char>(s[0])) &&
         std::isdigit(static_cast<unsigned char>(s[1])) &&
         std::isdigit(static_cast<unsigned char>(s[2]));
}

std::vector<TileId> TilesAtLevel(int level, uint64_t count, bool entries) {
  std::vector<TileId> out;
  for (uint64_t n = 0; n * kTileWidth < count; ++n) {
    uint64_t width = std::min<uint64_t>(kTileWidth, count - n * kTileWidth);
    out.push_back({level, n, static_cast<int>(width), entries});
  }
  return out;
}

}  // namespace

std::string TilePath(const TileId& t) {
  std::string out = t.entries ? "tile/entries/" : StrCat("tile/", t.level, "/");
  out += EncodeIndex(t.index);
  if (t.width < static_cast<int>(kTileWidth)) out += StrCat(".p/", t.width);
  return out;
}

StatusOr<TileId> ParseTilePath(std::string_view path) {
  auto bad = [&] { return InvalidArgumentError(StrCat("not a tile path: ", path)); };
  if (path.substr(0, 5) != "tile/") return bad();
  path.remove_prefix(5);
  TileId t;
  size_t slash = path.find('/');
  if (slash == std::string_view::npos) return bad();
  std::string_view level = path.substr(0, slash);
  path.remove_prefix(slash + 1);
  if (level == "entries") {
    t.entries = true;
  } else {
    if (level.empty() || level.size() > 2) return bad();
    int l = 0;
    for (char c : level) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return bad();
      l = l * 10 + (c - '0');
    }
    if (level.size() > 1 && level[0] == '0') return bad();
    if (l > 63) return bad();
    t.level = l;
  }
  // Width suffix.
  size_t p = path.find(".p/");
  if (p != std::string_view::npos) {
    std::string_view w = path.substr(p + 3);
    path = path.substr(0, p);
    if (w.empty() || w.size() > 3 || w[0] == '0') return bad();
    int width = 0;
    for (char c : w) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return bad();
      width = width * 10 + (c - '0');
    }
    if (width < 1 || width > 255) return bad();
    t.width = width;
  }
  // Index groups.
  uint64_t n = 0;
  bool first = true;
  while (true) {
    size_t s = path.find('/');
    std::string_view group = path.substr(0, s);
    bool last = s == std::string_view::npos;
    if (!last) {
      if (group.size() != 4 || group[0] != 'x' || !ThreeDigits(group.substr(1))) return bad();
      group.remove_prefix(1);
    } else if (!ThreeDigits(group)) {
      return bad();
    }
    int v = (group[0] - '0') * 100 + (group[1] - '0') * 10 + (group[2] - '0');
    if (first && !last && v == 0) return bad();  // No leading zero groups.
    if (n > (UINT64_MAX - 999) / 1000) return bad();
    n = n * 1000 + static_cast<uint64_t>(v);
    first = false;
    if (last) break;
    path.remove_prefix(s + 1);
  }
  t.index = n;
  return t;
}

std::vector<TileId> HashTilesForSize(uint64_t size) {
  std::vector<TileId> out;
  for (int level = 0; level < 64 / kTileHeight; ++level) {
    uint64_t count = size >> (kTileHeight * level);
    if (count == 0) break;
    auto tiles = TilesAtLevel(level, count, false);
    out.insert(out.end(), tiles.begin(), tiles.end());
  }
  return out;
}

std::vector<TileId> EntryBundlesForSize(uint64_t size) { return TilesAtLevel(0, size, true); }

TileId TileForNode(int tile_level, uint64_t node_index, uint64_t size) {
  uint64_t count = size >> (kTileHeight * tile_level);
  uint64_t n = node_index / kTileWidth;
  uint64_t width = std::min<uint64_t>(kTileWidth, count - n * kTileWidth);
  return {tile_level, n, static_cast<int>(width), false};
}

std::string EncodeEntryBundle(const std::vector<std::string>& entries) {
  std::string out;
  for (const auto& e : entries) {
    out += static_cast<char>((e.size() >> 8) & 0xff);
    out += static_cast<char>(e.size() & 0xff);
    out += e;
  }
  return out;
}

StatusOr<std::vector<std::string>> DecodeEntryBundle(std::string_view bundle) {
  std::vector<std::string> out;
  while (!bundle.empty()) {
    if (bundle.size() < 2) return InvalidArgumentError("truncated entry length");
    size_t len = (static_cast<uint8_t>(bundle[0]) << 8) | static_cast<uint8_t>(bundle[1]);
    bundle.remove_prefix(2);
    if (bundle.size() < len) return InvalidArgumentError("truncated entry");
    out.emplace_back(bundle.substr(0, len));
    bundle.remove_prefix(len);
  }
  return out;
}

NodeReader TileNodeReader(uint64_t size, TileFetcher fetch) {
  return [size, fetch = std::move(fetch)](int level, uint64_t index) -> StatusOr<Hash> {
    const int tile_level = level / kTileHeight;
    const int within = level % kTileHeight;  // Levels above the tile's own hashes.
    const uint64_t first = index << within;  // First hash of this node in the tile's level.
    const uint64_t span = uint64_t{1} << within;
    if (((first + span) << (kTileHeight * tile_level)) > size) {
      return NotFoundError(StrCat("node ", level, "/", index, " is not complete at size ", size));
    }
    TileId tile = TileForNode(tile_level, first, size);
    BOURSE_ASSIGN_OR_RETURN(std::string bytes, fetch(tile));
    if (bytes.size() != static_cast<size_t>(tile.width) * 32) {
      return DataLossError(
          StrCat(TilePath(tile), " has ", bytes.size(), " bytes, not ", tile.width * 32));
    }
    std::vector<Hash> hashes;
    for (uint64_t i = first % kTileWidth; i < first % kTileWidth + span; ++i) {
      BOURSE_ASSIGN_OR_RETURN(Hash h, FromBytes(std::string_view(bytes).substr(i * 32, 32)));
      hashes.push_back(h);
    }
    while (hashes.size() > 1) {
      std::vector<Hash> up;
      for (size_t i = 0; i + 1 < hashes.size(); i += 2)
        up.push_back(NodeHash(hashes[i], hashes[i + 1]));
      hashes = std::move(up);
    }
    return hashes[0];
  };
}

}  // namespace bourse::merkle
