// Unit tests of the upload checks that need no database.
#include "files/content_check.h"

#include <gtest/gtest.h>

namespace shuniu::files {
namespace {

TEST(FilesContentCheck, CleanNameKeepsOnlyTheLastPartWithoutControls) {
  EXPECT_EQ(*CleanName("C:\\Users\\王\\协议.pdf"), "协议.pdf");
  EXPECT_EQ(*CleanName("../../a b.txt"), "a b.txt");
  EXPECT_EQ(*CleanName(" \x01report\t.pdf. "), "report.pdf");
  EXPECT_EQ(*CleanName("a\xe2\x80\xaegpj.pdf"), "agpj.pdf");  // right-to-left override dropped
  EXPECT_FALSE(CleanName("").ok());
  EXPECT_FALSE(CleanName("dir/").ok());
  EXPECT_FALSE(CleanName("...").ok());
  EXPECT_FALSE(CleanName("bad\xc3(.pdf").ok());
  auto longname = CleanName(std::string(200, 'x') + ".docx");
  ASSERT_TRUE(longname.ok());
  EXPECT_EQ(longname->size(), kMaxNameChars);
  EXPECT_EQ(longname->substr(longname->size() - 5), ".docx");
  std::string zh;
  for (int i = 0; i < 150; ++i) zh += "文";
  auto cut = CleanName(zh + ".pdf");
  ASSERT_TRUE(cut.ok());
  EXPECT_EQ(cut->size(), (kMaxNameChars - 4) * 3 + 4);  // counted in characters, not bytes
}

TEST(FilesContentCheck, ExtensionIsLowerCase) {
  EXPECT_EQ(Extension("A.PDF"), "pdf");
  EXPECT_EQ(Extension("a.tar.gz"), "gz");
  EXPECT_EQ(Extension("noext"), "");
  EXPECT_EQ(Extension("dot."), "");
}

TEST(FilesContentCheck, DetectsFromTheBytes) {
  EXPECT_EQ(DetectMime("%PDF-1.4\n%%EOF\n"), "application/pdf");
  EXPECT_EQ(DetectMime("<html><body>x</body></html>"), "text/html");
  EXPECT_EQ(DetectMime("#!/bin/sh\necho hi\n"), "text/x-shellscript");
}

TEST(FilesContentCheck, AcceptsMatchingContentAndServesTheCanonicalType) {
  EXPECT_EQ(*CheckContent("a.pdf", "%PDF-1.4\n%%EOF\n"), "application/pdf");
  EXPECT_EQ(*CheckContent("a.csv", "a,b\n1,2\n"), "text/csv");
  EXPECT_EQ(*CheckContent("a.txt", "x"), "text/plain");  // too short for libmagic
  EXPECT_FALSE(CheckContent("a.txt", std::string("x\0y", 3)).ok());
  EXPECT_FALSE(CheckContent("a.pdf", "").ok());
  auto html = CheckContent("a.pdf", "<html><script>alert(1)</script></html>");
  ASSERT_FALSE(html.ok());
  EXPECT_EQ(html.status().field(), "file");
  EXPECT_NE(html.status().message().find("HTML"), std::string::npos);
  EXPECT_FALSE(CheckContent("a.svg", "<svg></svg>").ok());
  EXPECT_FALSE(CheckContent("a.js", "alert(1)").ok());
}

}  // namespace
}  // namespace shuniu::files
