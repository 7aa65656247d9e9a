#include "crypto/ed25519.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "base/encoding.h"

namespace bourse::crypto {
namespace {

// RFC 8032 §7.1, TEST 1.
constexpr char kSeed[] = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
constexpr char kPublic[] = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
constexpr char kSig[] =
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b4"
    "6bd25bf5f0595bbe24655141438e7a100b";

TEST(Ed25519, Rfc8032Test1) {
  auto key = Ed25519PrivateKey::FromSeed(*HexDecode(kSeed));
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(HexEncode(key->public_key()), kPublic);
  EXPECT_EQ(HexEncode(key->Sign("")), kSig);
  EXPECT_TRUE(Ed25519Verify(*HexDecode(kPublic), "", *HexDecode(kSig)));
}

// Signing contexts are kept and reused: signatures stay those of RFC 8032 however many are made,
// from several threads at once, and after the key has moved.
TEST(Ed25519, ReusedSigningContextsSignAsFreshOnes) {
  auto key = Ed25519PrivateKey::FromSeed(*HexDecode(kSeed));
  ASSERT_TRUE(key.ok());
  const std::string expected = *HexDecode(kSig);
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        if (key->Sign("") != expected) ++wrong;
        // Another message between, so a context that kept state would show it.
        const std::string other = key->Sign("message " + std::to_string(i));
        if (!Ed25519Verify(key->public_key(), "message " + std::to_string(i), other)) ++wrong;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
  Ed25519PrivateKey moved = std::move(*key);
  EXPECT_EQ(moved.Sign(""), expected);
}

TEST(Ed25519, RejectsTamperingAndWrongKey) {
  SeededRandom r(7);
  auto a = Ed25519PrivateKey::Generate(r);
  auto b = Ed25519PrivateKey::Generate(r);
  std::string sig = a.Sign("message");
  EXPECT_TRUE(Ed25519Verify(a.public_key(), "message", sig));
  EXPECT_FALSE(Ed25519Verify(a.public_key(), "messagf", sig));
  EXPECT_FALSE(Ed25519Verify(b.public_key(), "message", sig));
  sig[3] ^= 1;
  EXPECT_FALSE(Ed25519Verify(a.public_key(), "message", sig));
  EXPECT_FALSE(Ed25519Verify("short", "message", sig));
}

TEST(Ed25519, PemFileRoundTripWithPrivateMode) {
  auto dir = std::filesystem::temp_directory_path() / ("bourse_key_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::string path = (dir / "k.pem").string();
  SeededRandom r(9);
  auto key = Ed25519PrivateKey::Generate(r);
  ASSERT_TRUE(key.WritePemFile(path).ok());
  struct stat st;
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(key.WritePemFile(path).code(), StatusCode::kAlreadyExists);
  auto back = Ed25519PrivateKey::ReadPemFile(path);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->public_key(), key.public_key());
  EXPECT_EQ(Ed25519PrivateKey::ReadPemFile((dir / "none").string()).status().code(),
            StatusCode::kNotFound);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace bourse::crypto
