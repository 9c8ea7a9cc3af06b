// Writes .xlsx exports and import templates (libxlsxwriter): one text-only worksheet with a
// bold frozen header and optional dropdown lists.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace shuniu::sheet {

struct Column {
  std::string header;
  double width = 16;                      // in Excel character units
  std::vector<std::string> choices = {};  // non-empty: a dropdown list on every data cell
};

// Writes one worksheet named `sheet_name` with a bold, frozen header row and `rows` as text
// cells (numbers given as text stay text, so leading zeros survive). Long or comma-containing
// choice lists go to a hidden sheet. Returns the .xlsx bytes; InvalidArgument for a bad sheet
// name ("sheet_name"), a row wider than `cols`, invalid UTF-8 or an over-long cell ("rows");
// Internal when libxlsxwriter or the temp file fails.
Result<std::string> WriteXlsx(const std::string& sheet_name, const std::vector<Column>& cols,
                              const std::vector<std::vector<std::string>>& rows);

// One worksheet of a workbook: columns marked numeric are written as numbers when the
// cell holds an integer, everything else as text.
struct SheetData {
  std::string name;
  std::vector<Column> cols;
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> numeric = {};
};

// Writes several worksheets (bold frozen headers) into one .xlsx; errors as WriteXlsx,
// plus InvalidArgument("sheets") for no sheets or a repeated name.
Result<std::string> WriteWorkbook(const std::vector<SheetData>& sheets);

}  // namespace shuniu::sheet
