#include "crypto/signed_note.h"

#include <gtest/gtest.h>

#include "base/encoding.h"

namespace bourse::crypto {
namespace {

// golang.org/x/mod/sumdb/note's example key pair and signature.
constexpr char kPeterVkey[] = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
constexpr char kPeterSeed[] =
    "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";  // base64(0x01 || seed)
constexpr char kPeterText[] =
    "If you think cryptography is the answer to your problem,\nthen you don't know what your "
    "problem is.\n";
constexpr char kPeterSig[] =
    "\xe2\x80\x94 PeterNeumann "
    "x08go/ZJkuBS9UG/"
    "SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

Ed25519PrivateKey PeterKey() {
  return *Ed25519PrivateKey::FromSeed(Base64Decode(kPeterSeed)->substr(1));
}

TEST(SignedNote, MatchesGosNotePackage) {
  auto key = PeterKey();
  EXPECT_EQ(NoteVerifierKey("PeterNeumann", key.public_key()), kPeterVkey);
  auto note = SignNote(kPeterText, "PeterNeumann", key);
  ASSERT_TRUE(note.ok());
  EXPECT_EQ(*note, std::string(kPeterText) + "\n" + kPeterSig);
  auto v = ParseNoteVerifierKey(kPeterVkey);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->key_hash, 0xc74f20a3u);
  EXPECT_EQ(*OpenNote(*note, *v), kPeterText);
}

TEST(SignedNote, OpensTheC2spExample) {
  auto v =
      ParseNoteVerifierKey("example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  std::string note =
      "This is an example message.\n\n\xe2\x80\x94 example.com/foo "
      "Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM="
      "\n";
  EXPECT_EQ(*OpenNote(note, *v), "This is an example message.\n");
  note[3] ^= 1;
  EXPECT_EQ(OpenNote(note, *v).status().code(), StatusCode::kPermissionDenied);
}

TEST(SignedNote, RejectsForgeriesAndMalformedInput) {
  auto key = PeterKey();
  auto v = *ParseNoteVerifierKey(kPeterVkey);
  std::string note = *SignNote("origin\n5\nroot\n", "PeterNeumann", key);
  std::string changed = note;
  changed[7] = '6';
  EXPECT_EQ(OpenNote(changed, v).status().code(), StatusCode::kPermissionDenied);
  SeededRandom r(1);
  auto other = Ed25519PrivateKey::Generate(r);
  std::string by_other = *SignNote("origin\n5\nroot\n", "PeterNeumann", other);
  EXPECT_EQ(OpenNote(by_other, v).status().code(), StatusCode::kPermissionDenied);
  EXPECT_FALSE(OpenNote("no signatures\n", v).ok());
  EXPECT_FALSE(SignNote("no newline", "n", key).ok());
  EXPECT_FALSE(SignNote("x\n", "bad name", key).ok());
  EXPECT_FALSE(
      ParseNoteVerifierKey("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
          .ok());
  EXPECT_FALSE(ParseNoteVerifierKey("PeterNeumann+c74f20a3").ok());
}

}  // namespace
}  // namespace bourse::crypto
