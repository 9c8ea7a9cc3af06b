// Table-driven specification of USCC parsing, check characters and record warnings.
#include "org/uscc.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace shuniu::org {
namespace {

// Completes 17 characters with the computed check character.
std::string WithCheck(const std::string& first17) { return first17 + UsccCheckChar(first17); }

TEST(UsccTest, AcceptsKnownRealCodes) {
  // The example printed in GB 32100-2015 and the published codes of well-known companies.
  for (const char* code : {"91350100M000100Y43",     // GB 32100-2015 example
                           "91440300708461136T",     // 深圳市腾讯计算机系统有限公司
                           "914403001922038216",     // 华为技术有限公司
                           "91330100716105852F",     // 阿里巴巴（中国）有限公司
                           "91110108551385082Q"}) {  // 小米科技有限责任公司
    auto r = ParseUscc(code);
    EXPECT_TRUE(r.ok()) << code << ": " << r.status().message();
  }
}

TEST(UsccTest, DecodesAuthorityCategoryAndDivision) {
  struct Case {
    std::string first17, authority, category, division;
  };
  const std::vector<Case> cases = {
      {"51440705MJ0000001", "民政", "社会团体", "440705"},
      {"52440700MJ1234567", "民政", "社会服务机构", "440700"},
      {"53100000500000001", "民政", "基金会", "100000"},
      {"59440000AB1234567", "民政", "其他", "440000"},
      {"91440703MA4UQ1234", "工商", "企业", "440703"},
      {"12440700455858883", "机构编制", "事业单位", "440700"},
      {"Y1440705000000000", "其他", "其他", "440705"},
      {"N2440705MF1234567", "农业", "村级集体经济组织", "440705"},
      {"B1440705000000000", "", "", "440705"},  // unassigned authority: valid, no names
  };
  for (const Case& c : cases) {
    std::string code = WithCheck(c.first17);
    auto r = ParseUscc(code);
    ASSERT_TRUE(r.ok()) << code << ": " << r.status().message();
    EXPECT_EQ(r->authority, c.first17[0]);
    EXPECT_EQ(r->category, c.first17[1]);
    EXPECT_EQ(r->authority_name, c.authority) << code;
    EXPECT_EQ(r->category_name, c.category) << code;
    EXPECT_EQ(r->division6, c.division) << code;
  }
}

TEST(UsccTest, CheckCharacterMapsThirtyOneToZero) {
  // Σ = 0 gives 31 - 0 = 31, written as '0'.
  EXPECT_EQ(UsccCheckChar("00000000000000000"), '0');
  EXPECT_EQ(UsccCheckChar("91350100M000100Y4"), '3');
  EXPECT_EQ(UsccCheckChar("9135010"), '\0');
  EXPECT_EQ(UsccCheckChar("91350100M000100Y43"), '\0');
  EXPECT_EQ(UsccCheckChar("91350100I000100Y4"), '\0');
  EXPECT_EQ(UsccCheckChar("91350100m000100Y4"), '\0');
}

TEST(UsccTest, EverySingleCharacterChangeIsDetected) {
  const std::string good = "91350100M000100Y43";
  const std::string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  for (size_t i = 0; i < good.size(); ++i) {
    for (char c : alphabet) {
      if (c == good[i]) continue;
      std::string bad = good;
      bad[i] = c;
      EXPECT_FALSE(ParseUscc(bad).ok()) << bad;
    }
  }
}

TEST(UsccTest, AdjacentTranspositionsAreDetected) {
  const std::string good = "91440300708461136T";
  for (size_t i = 0; i + 1 < good.size(); ++i) {
    if (good[i] == good[i + 1]) continue;
    std::string bad = good;
    std::swap(bad[i], bad[i + 1]);
    EXPECT_FALSE(ParseUscc(bad).ok()) << bad;
  }
}

TEST(UsccTest, RejectsMalformedCodesWithAClearMessage) {
  struct Case {
    std::string code;
    std::string message_part;
  };
  const std::vector<Case> cases = {
      {"", "18 characters long, got 0"},
      {"91350100M000100Y4", "18 characters long, got 17"},
      {"91350100M000100Y433", "18 characters long, got 19"},
      {"91350100M000100Y42", "wrong check character '2' at position 18 (expected '3')"},
      {"91350100m000100Y43", "lower-case letter 'm' at position 9; the code must be upper case"},
      {"I1350100M000100Y43", "letter 'I' at position 1 is not allowed"},
      {"91350100O000100Y43", "letter 'O' at position 9 is not allowed"},
      {"91350100M000100Z43", "letter 'Z' at position 16 is not allowed"},
      {"91350100MS00100Y43", "letter 'S' at position 10 is not allowed"},
      {"91350100M000100Y4V", "letter 'V' at position 18 is not allowed"},
      {"91350100M000100Y4 ", "character ' ' at position 18 is not allowed"},
      {"91-350100M000100Y4", "character '-' at position 3 is not allowed"},
      {"91A50100M000100Y43", "positions 3-8 must be digits"},
      {"９1350100M000100Y43", "non-ASCII character at position 1"},
      {"913501００M000100Y43", "non-ASCII character at position 7"},
      {std::string("91350100M000100Y4\xff", 18), "non-ASCII character at position 18"},
  };
  for (const Case& c : cases) {
    auto r = ParseUscc(c.code);
    ASSERT_FALSE(r.ok()) << c.code;
    EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
    EXPECT_EQ(r.status().field(), "uscc");
    EXPECT_NE(r.status().message().find(c.message_part), std::string::npos)
        << c.code << " -> " << r.status().message();
  }
}

TEST(UsccTest, WarnsWhenTheCodeDisagreesWithTheRecord) {
  struct Case {
    std::string first17, kind, region;
    std::vector<std::string> warnings;
  };
  const std::vector<Case> cases = {
      {"51440705MJ0000001", "association", "440705000000", {}},
      {"52440705MJ0000001", "social_service_agency", "440705101001", {}},
      {"53440700MJ0000001", "foundation", "440705000000", {}},  // city-level division
      {"53440000MJ0000001", "foundation", "440705000000", {}},  // province-level division
      {"53100000MJ0000001", "foundation", "440705000000", {}},  // national registration
      {"91440705MA0000001", "company", "440705000000", {}},     // kind not checked
      {"51440705MJ0000001", "association", "not-a-code", {}},   // region not checked
      {"53440705MJ0000001",
       "social_service_agency",
       "440705000000",
       {"the code's category (基金会) does not match the kind social_service_agency"}},
      {"91440705MA0000001",
       "association",
       "440705000000",
       {"the code's registration authority (工商) is not 民政 as expected for the kind "
        "association"}},
      {"51440703MJ0000001",
       "association",
       "440705000000",
       {"the code's division 440703 is not in the organization's region 440705000000"}},
      {"52440600MJ0000001",
       "foundation",
       "440705000000",
       {"the code's category (社会服务机构) does not match the kind foundation",
        "the code's division 440600 is not in the organization's region 440705000000"}},
  };
  for (const Case& c : cases) {
    auto info = ParseUscc(WithCheck(c.first17));
    ASSERT_TRUE(info.ok()) << c.first17 << ": " << info.status().message();
    EXPECT_EQ(UsccWarnings(*info, c.kind, c.region), c.warnings) << c.first17 << " " << c.kind;
  }
}

}  // namespace
}  // namespace shuniu::org
