// Table-driven checks of the GB 11643 ID number and phone helpers.
#include "party/pii.h"

#include <gtest/gtest.h>

namespace shuniu::party {
namespace {

TEST(IdNumberTest, AcceptsNumbersWithTheirCheckCharacter) {
  for (const char* id :
       {"440703198506120022", "440705199001011231", "440781197811300040", "44070519920315015X"})
    EXPECT_TRUE(IsIdNumber(id)) << id;
}

TEST(IdNumberTest, RejectsBadCheckLengthDateAndCharacters) {
  for (const char* id : {"440703198506120023", "44070319850612002", "4407031985061200222",
                         "440705199203150151", "44070519920315015x", "440703198513120022",
                         "440703198502300025", "44070A198506120022", "040703198506120022", ""})
    EXPECT_FALSE(IsIdNumber(id)) << id;
}

// Found by ids_fuzz: characters below '0' made a negative sum and read before the
// table of check characters.
TEST(IdNumberTest, CheckCharacterNeedsSeventeenDigits) {
  EXPECT_EQ(IdCheckChar("44070519920315015"), 'X');
  for (const char* bad : {"4407051992031501!", "        /////////", "4407051992031501", "",
                          "440705199203150151", "44070519920315O15"})
    EXPECT_EQ(IdCheckChar(bad), '\0') << bad;
}

TEST(IdNumberTest, NormalizesLowerCaseXAndSpaces) {
  EXPECT_EQ(NormalizeIdNumber(" 44070519920315015x "), "44070519920315015X");
  EXPECT_TRUE(IsIdNumber(NormalizeIdNumber("44070519920315015x")));
}

TEST(IdNumberTest, MasksTheBirthDate) {
  EXPECT_EQ(MaskIdNumber("440703198506120022"), "440703********0022");
}

TEST(PhoneDigitsTest, KeepsDigitsOfValidNumbersOnly) {
  EXPECT_EQ(PhoneDigits("138 0013 8000"), "13800138000");
  EXPECT_EQ(PhoneDigits("0750-3301234"), "07503301234");
  EXPECT_EQ(PhoneDigits("+86 13800138000"), "8613800138000");
  EXPECT_EQ(PhoneDigits("12345"), "");
  EXPECT_EQ(PhoneDigits("1380013800a"), "");
}

}  // namespace
}  // namespace shuniu::party
