// Tests of argon2id password hashing: PHC format and costs, verification,
// and the rehash check.
#include "auth/password_hash.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <string>

namespace shuniu::auth {
namespace {

TEST(PasswordHashTest, RoundTrip) {
  Result<std::string> phc = HashPassword("correct horse 电池 staple");
  ASSERT_TRUE(phc.ok()) << phc.status().message();
  EXPECT_TRUE(VerifyPassword(*phc, "correct horse 电池 staple"));
  EXPECT_FALSE(NeedsRehash(*phc));
}

TEST(PasswordHashTest, WrongPasswordFails) {
  Result<std::string> phc = HashPassword("correct horse battery");
  ASSERT_TRUE(phc.ok());
  EXPECT_FALSE(VerifyPassword(*phc, "correct horse batterY"));
  EXPECT_FALSE(VerifyPassword(*phc, "correct horse battery "));
  EXPECT_FALSE(VerifyPassword(*phc, ""));
}

TEST(PasswordHashTest, PhcStringHasArgon2idAndCosts) {
  Result<std::string> phc = HashPassword("pw");
  ASSERT_TRUE(phc.ok());
  EXPECT_EQ(phc->rfind("$argon2id$", 0), 0u) << *phc;
  EXPECT_NE(phc->find("$v=19$"), std::string::npos) << *phc;
  EXPECT_NE(phc->find("m=19456,t=2,p=1$"), std::string::npos) << *phc;
}

TEST(PasswordHashTest, SaltIsRandom) {
  Result<std::string> a = HashPassword("same password");
  Result<std::string> b = HashPassword("same password");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
  EXPECT_TRUE(VerifyPassword(*a, "same password"));
  EXPECT_TRUE(VerifyPassword(*b, "same password"));
}

TEST(PasswordHashTest, MalformedHashesNeverVerify) {
  for (const char* bad : {"", "plain", "$argon2id$", "$2b$12$abcdefghijklmn"}) {
    EXPECT_FALSE(VerifyPassword(bad, "plain")) << bad;
    EXPECT_TRUE(NeedsRehash(bad)) << bad;
  }
  Result<std::string> phc = HashPassword("pw");
  ASSERT_TRUE(phc.ok());
  EXPECT_FALSE(VerifyPassword(std::string(*phc) + '\0', "pw"));
  EXPECT_FALSE(VerifyPassword(std::string(300, 'x'), "pw"));
}

TEST(PasswordHashTest, OtherParametersNeedRehash) {
  // A weaker argon2id hash (t=1, 8 MiB), and an argon2i hash (libsodium
  // wants t >= 3 for argon2i) that the generic libsodium check would keep.
  char weak[crypto_pwhash_STRBYTES];
  ASSERT_EQ(crypto_pwhash_str_alg(weak, "pw", 2, 1, 8 * 1024 * 1024, crypto_pwhash_ALG_ARGON2ID13),
            0);
  EXPECT_TRUE(VerifyPassword(weak, "pw"));
  EXPECT_TRUE(NeedsRehash(weak));

  char argon2i[crypto_pwhash_STRBYTES];
  ASSERT_EQ(
      crypto_pwhash_str_alg(argon2i, "pw", 2, 3, kPwhashMemLimit, crypto_pwhash_ALG_ARGON2I13), 0);
  ASSERT_EQ(crypto_pwhash_str_needs_rehash(argon2i, 3, kPwhashMemLimit), 0);
  EXPECT_TRUE(VerifyPassword(argon2i, "pw"));
  EXPECT_TRUE(NeedsRehash(argon2i));
}

}  // namespace
}  // namespace shuniu::auth
