// Runs the spreadsheet reader over every file of the fuzz corpus (seeds and saved crash
// reproducers) so that past findings stay fixed in ordinary test runs.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sheet/reader.h"

namespace {

TEST(FuzzCorpusTest, SheetReaderReturnsOnEveryCorpusFile) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(SHUNIU_SOURCE_DIR) / "fuzz" / "corpus" / "sheet";
  ASSERT_TRUE(fs::is_directory(dir)) << dir;
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    auto sheet = shuniu::sheet::ReadSheet(bytes.str(), 1000, 50);
    SCOPED_TRACE(entry.path().filename().string());
    EXPECT_TRUE(sheet.ok() || !sheet.status().message().empty());
    ++files;
  }
  EXPECT_GT(files, 0u);
}

}  // namespace
