// Tests of the libsodium helpers against known vectors (FIPS 180-2 SHA-256,
// RFC 4231 HMAC-SHA-256) and of token and id randomness bounds.
#include "core/crypto.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace shuniu::crypto {
namespace {

TEST(CryptoTest, Sha256KnownVectors) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(CryptoTest, HmacSha256Rfc4231) {
  // Test case 2: a key shorter than the block size.
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // Test case 6: a 131-byte key, longer than the block size.
  EXPECT_EQ(HmacSha256Hex(std::string(131, '\xaa'),
                          "Test Using Larger Than Block-Size Key - Hash Key "
                          "First"),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(CryptoTest, TokenLengthAndCharset) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string t = RandomToken();
    ASSERT_EQ(t.size(), 22u);  // 16 bytes -> ceil(128 / 6)
    EXPECT_EQ(t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                  "abcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos)
        << t;
    seen.insert(t);
  }
  EXPECT_EQ(seen.size(), 100u);
  EXPECT_EQ(RandomToken(32).size(), 43u);
  EXPECT_EQ(RandomToken(3).size(), 4u);
  EXPECT_EQ(RandomToken(0).size(), 0u);
}

TEST(CryptoTest, ConstantTimeEquals) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(ConstantTimeEquals("secret", "secret"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secreT"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secret2"));
  EXPECT_FALSE(ConstantTimeEquals("", "x"));
  EXPECT_TRUE(ConstantTimeEquals(std::string_view(), ""));
}

TEST(CryptoTest, RandomIdRange) {
  constexpr int64_t kLimit = int64_t{1} << 53;
  std::set<int64_t> seen;
  bool high_bit_seen = false;
  for (int i = 0; i < 1000; ++i) {
    const int64_t id = RandomId();
    ASSERT_GE(id, 1);
    ASSERT_LT(id, kLimit);
    high_bit_seen |= id >= (kLimit >> 1);
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
  EXPECT_TRUE(high_bit_seen);  // fails with probability 2^-1000
}

}  // namespace
}  // namespace shuniu::crypto
