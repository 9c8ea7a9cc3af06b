// sheet_fuzz body: .xlsx (minizip + expat) and CSV reading with the import limits.
#include "sheet/reader.h"
#include "targets/targets.h"

namespace shuniu::fuzz {

void SheetTarget(std::string_view input) {
  auto sheet = sheet::ReadSheet(input, 1000, 50);
  if (!sheet.ok()) {
    Check(!sheet.status().message().empty(), "ReadSheet failed without a message");
    Check(sheet.status().field() == "file", "ReadSheet error does not name the file");
    return;
  }
  // Header and rows are padded to one width, within the limits, cells valid UTF-8.
  Check(sheet->rows.size() <= 1000, "more rows than max_rows");
  size_t width = sheet->header.size();
  Check(width <= 50, "more columns than max_cols");
  for (const auto& h : sheet->header)
    Check(sheet::InvalidUtf8Offset(h) == std::string_view::npos, "header cell is not UTF-8");
  for (const auto& row : sheet->rows) {
    Check(row.size() == width, "a row is not padded to the header's width");
    for (const auto& c : row) {
      Check(c.text.size() <= sheet::kMaxCellBytes, "a cell exceeds kMaxCellBytes");
      Check(sheet::InvalidUtf8Offset(c.text) == std::string_view::npos, "cell is not UTF-8");
    }
  }
}

}  // namespace shuniu::fuzz
