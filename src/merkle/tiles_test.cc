#include "merkle/tiles.h"

#include <gtest/gtest.h>

#include <map>

namespace bourse::merkle {
namespace {

TEST(Tiles, PathsFollowTlogTiles) {
  EXPECT_EQ(TilePath({0, 1234067, 256, false}), "tile/0/x001/x234/067");
  EXPECT_EQ(TilePath({1, 0, 256, false}), "tile/1/000");
  EXPECT_EQ(TilePath({0, 1000, 17, false}), "tile/0/x001/000.p/17");
  EXPECT_EQ(TilePath({0, 999, 256, true}), "tile/entries/999");
  EXPECT_EQ(TilePath({0, 5, 3, true}), "tile/entries/005.p/3");
}

TEST(Tiles, ParseIsStrictAndRoundTrips) {
  for (const char* p : {"tile/0/x001/x234/067", "tile/1/000", "tile/0/x001/000.p/17",
                        "tile/entries/999", "tile/entries/005.p/3", "tile/63/x123/456.p/255"}) {
    auto t = ParseTilePath(p);
    ASSERT_TRUE(t.ok()) << p;
    EXPECT_EQ(TilePath(*t), p);
  }
  for (const char* p :
       {"tile/0/1234", "tile/0/x001", "tile/0/001/002", "tile/0/x000/001", "tile/0/000.p/0",
        "tile/0/000.p/256", "tile/0/000.p/017", "tile/64/000", "tile/01/000", "tiles/0/000",
        "tile/0/00a", "tile/0/", "tile/entries/x1/000"}) {
    EXPECT_FALSE(ParseTilePath(p).ok()) << p;
  }
}

TEST(Tiles, WhichTilesATreePublishes) {
  auto tiles = HashTilesForSize(70000);
  // Level 0: 273 full tiles and a partial of 112; level 1: 1 full and a partial of 17; level 2: one
  // hash.
  ASSERT_EQ(tiles.size(), 274u + 2u + 1u);
  EXPECT_EQ(tiles[273], (TileId{0, 273, 112, false}));
  EXPECT_EQ(tiles[275], (TileId{1, 1, 17, false}));
  EXPECT_EQ(tiles[276], (TileId{2, 0, 1, false}));
  EXPECT_EQ(EntryBundlesForSize(512).size(), 2u);
  EXPECT_TRUE(HashTilesForSize(0).empty());
}

TEST(Tiles, EntryBundlesRoundTrip) {
  std::vector<std::string> entries{"", "a", std::string(300, 'z')};
  std::string bundle = EncodeEntryBundle(entries);
  EXPECT_EQ(bundle.size(), 2u + 0 + 2 + 1 + 2 + 300);
  EXPECT_EQ(*DecodeEntryBundle(bundle), entries);
  EXPECT_FALSE(DecodeEntryBundle(bundle.substr(0, bundle.size() - 1)).ok());
}

TEST(Tiles, ProofsFromTilesEqualProofsFromTheTree) {
  for (uint64_t size : {1u, 255u, 256u, 257u, 1000u, 65539u}) {
    MemoryTree tree;
    for (uint64_t i = 0; i < size; ++i) tree.Append(LeafHash(std::to_string(i)));
    std::map<std::string, std::string> store;
    for (const TileId& t : HashTilesForSize(size)) {
      const auto& level = tree.Level(t.level * kTileHeight);
      std::string bytes;
      for (int i = 0; i < t.width; ++i) bytes += ToBytes(level[t.index * kTileWidth + i]);
      store[TilePath(t)] = bytes;
    }
    int fetches = 0;
    NodeReader reader = TileNodeReader(size, [&](const TileId& t) -> StatusOr<std::string> {
      ++fetches;
      auto it = store.find(TilePath(t));
      if (it == store.end()) return NotFoundError(TilePath(t));
      return it->second;
    });
    EXPECT_EQ(*RootHash(size, reader), *RootHash(size, tree.Reader())) << size;
    uint64_t index = size / 3;
    EXPECT_EQ(*InclusionProof(index, size, reader), *InclusionProof(index, size, tree.Reader()));
    EXPECT_GT(fetches, 0);
  }
}

TEST(Tiles, ATamperedTileIsDetected) {
  MemoryTree tree;
  for (int i = 0; i < 300; ++i) tree.Append(LeafHash(std::to_string(i)));
  Hash root = *RootHash(300, tree.Reader());
  NodeReader reader = TileNodeReader(300, [&](const TileId& t) -> StatusOr<std::string> {
    const auto& level = tree.Level(t.level * kTileHeight);
    std::string bytes;
    for (int i = 0; i < t.width; ++i) bytes += ToBytes(level[t.index * kTileWidth + i]);
    if (t.level == 0 && t.index == 1) bytes[5] ^= 1;
    return bytes;
  });
  EXPECT_NE(*RootHash(300, reader), root);
}

}  // namespace
}  // namespace bourse::merkle
