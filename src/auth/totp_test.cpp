// Tests of TOTP against the RFC 6238 Appendix B vectors, window handling,
// base32 (RFC 4648 section 10 vectors) and otpauth URIs.
#include "auth/totp.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace shuniu::auth {
namespace {

// RFC 6238 Appendix B: SHA1 key is the ASCII "12345678901234567890".
constexpr char kRfcKey[] = "12345678901234567890";
constexpr char kRfcSecret[] = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

struct Vector {
  int64_t time;
  const char* code8;
};
constexpr Vector kVectors[] = {
    {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
    {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"},
};

TEST(TotpTest, RfcSecretIsBase32OfRfcKey) {
  EXPECT_EQ(Base32Encode(kRfcKey), kRfcSecret);
  EXPECT_EQ(Base32Decode(kRfcSecret), std::optional<std::string>(kRfcKey));
}

TEST(TotpTest, Rfc6238EightDigitVectors) {
  for (const Vector& v : kVectors) {
    EXPECT_EQ(TotpCode(kRfcSecret, v.time, 8), v.code8) << v.time;
  }
}

TEST(TotpTest, Rfc6238SixDigitTruncation) {
  for (const Vector& v : kVectors) {
    const std::string six = std::string(v.code8).substr(2);
    EXPECT_EQ(TotpCode(kRfcSecret, v.time), six) << v.time;
    EXPECT_TRUE(VerifyTotp(kRfcSecret, six, v.time)) << v.time;
  }
  EXPECT_EQ(TotpCode(kRfcSecret, 1234567890), "005924");  // leading zeros
}

TEST(TotpTest, WindowAcceptsNeighbourStepsOnly) {
  const int64_t t = 1111111111;
  const std::string code = TotpCode(kRfcSecret, t);
  EXPECT_TRUE(VerifyTotp(kRfcSecret, code, t + 30));   // one step late
  EXPECT_TRUE(VerifyTotp(kRfcSecret, code, t - 30));   // one step early
  EXPECT_FALSE(VerifyTotp(kRfcSecret, code, t + 60));  // two steps late
  EXPECT_FALSE(VerifyTotp(kRfcSecret, code, t - 60));
  EXPECT_TRUE(VerifyTotp(kRfcSecret, code, t + 60, 2));
  EXPECT_FALSE(VerifyTotp(kRfcSecret, code, t + 30, 0));
  EXPECT_EQ(MatchTotpStep(kRfcSecret, code, t + 30), t / 30);
  EXPECT_EQ(MatchTotpStep(kRfcSecret, code, t + 60), std::nullopt);
}

TEST(TotpTest, RejectsMalformedCodesAndSecrets) {
  const int64_t t = 59;
  EXPECT_FALSE(VerifyTotp(kRfcSecret, "94287082", t));  // 8 digits
  EXPECT_FALSE(VerifyTotp(kRfcSecret, "28708", t));
  EXPECT_FALSE(VerifyTotp(kRfcSecret, "", t));
  EXPECT_FALSE(VerifyTotp(kRfcSecret, "287083", t));
  EXPECT_FALSE(VerifyTotp("not base32!", "287082", t));
  EXPECT_FALSE(VerifyTotp("", "287082", t));
  EXPECT_EQ(TotpCode("1", t), "");
  EXPECT_EQ(TotpCode(kRfcSecret, -1), "");
}

TEST(TotpTest, Base32Rfc4648Vectors) {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""},
      {"f", "MY"},
      {"fo", "MZXQ"},
      {"foo", "MZXW6"},
      {"foob", "MZXW6YQ"},
      {"fooba", "MZXW6YTB"},
      {"foobar", "MZXW6YTBOI"},
  };
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(Base32Encode(plain), encoded);
    EXPECT_EQ(Base32Decode(encoded), std::optional<std::string>(plain));
  }
  EXPECT_EQ(Base32Decode("MZXW6YQ="), std::optional<std::string>("foob"));
  EXPECT_EQ(Base32Decode("mzxw 6ytb oi"), std::optional<std::string>("foobar"));
  EXPECT_EQ(Base32Decode("MZXW6YQ1"), std::nullopt);  // '1' not in alphabet
  EXPECT_EQ(Base32Decode("M"), std::nullopt);         // impossible length
  EXPECT_EQ(Base32Decode("MZ"), std::nullopt);        // leftover bits set
}

TEST(TotpTest, NewSecretRoundTrips) {
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    const std::string secret = NewTotpSecret();
    ASSERT_EQ(secret.size(), 32u);
    const std::optional<std::string> key = Base32Decode(secret);
    ASSERT_TRUE(key.has_value());
    EXPECT_EQ(key->size(), 20u);
    EXPECT_EQ(Base32Encode(*key), secret);
    EXPECT_EQ(TotpCode(secret, 1700000000).size(), 6u);
    seen.insert(secret);
  }
  EXPECT_EQ(seen.size(), 50u);
}

TEST(TotpTest, OtpauthUriIsPercentEncoded) {
  EXPECT_EQ(OtpauthUri("Shuniu 枢纽", "li.wei@example.cn", kRfcSecret),
            "otpauth://totp/Shuniu%20%E6%9E%A2%E7%BA%BD:li.wei%40example.cn"
            "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
            "&issuer=Shuniu%20%E6%9E%A2%E7%BA%BD"
            "&algorithm=SHA1&digits=6&period=30");
  EXPECT_NE(OtpauthUri("a:b&c", "x?y", "AA").find("a%3Ab%26c:x%3Fy"), std::string::npos);
}

}  // namespace
}  // namespace shuniu::auth
