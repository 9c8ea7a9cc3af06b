// Reads spreadsheets uploaded by users (.xlsx or UTF-8 CSV) into rows of strings, with
// limits that make hostile files (zip bombs, huge sheets, broken XML) fail cleanly.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace shuniu::sheet {

struct Cell {
  std::string text;         // shared/inline strings, numbers as stored, TRUE/FALSE
  bool is_formula = false;  // the cell has a formula; `text` is its cached value
};

struct Sheet {
  std::vector<std::string> header;      // spreadsheet row 1
  std::vector<std::vector<Cell>> rows;  // rows[i] is spreadsheet row i+2
};

// Maximum bytes in one cell.
inline constexpr size_t kMaxCellBytes = 32767;
// Maximum bytes of XML decompressed from one .xlsx (zip-bomb guard).
inline constexpr size_t kMaxXmlBytes = size_t{256} << 20;

// Reads the first worksheet of an .xlsx (shared and inline strings, numbers as their stored
// text, booleans as TRUE/FALSE, dates as the stored serial number) or a UTF-8 CSV (RFC 4180,
// optional BOM, CRLF or LF). The format is detected from the content: "PK\3\4" is an .xlsx,
// anything else must be UTF-8 text. Column positions come from cell references; missing
// cells are empty; trailing empty rows are dropped; header and every row are padded to the
// same width (the rightmost non-empty column). Fails with InvalidArgument("file", reason)
// for other formats, malformed zip/XML ("…not a valid .xlsx file…"), more than `max_rows`
// data rows or `max_cols` columns, a cell over kMaxCellBytes, or XML over kMaxXmlBytes.
Result<Sheet> ReadSheet(std::string_view bytes, size_t max_rows = 200000, size_t max_cols = 100);

// Offset of the first byte that is not well-formed UTF-8 in `s`, or std::string_view::npos.
size_t InvalidUtf8Offset(std::string_view s);

// The spreadsheet name of a 0-based cell position: (4, 2) -> "C5".
std::string CellName(size_t row, size_t col);

}  // namespace shuniu::sheet
