// .xlsx writer over libxlsxwriter: validates input, writes through a temp file (this
// libxlsxwriter version has no in-memory output) and returns the bytes.
#include "sheet/writer.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "sheet/reader.h"

namespace shuniu::sheet {
namespace {

constexpr const char* kListSheet = "_choices";
constexpr size_t kMaxInlineList = 255;  // Excel's limit for an inline list, commas included

// A unique temp file path, removed when this object dies.
class TempPath {
 public:
  TempPath() {
    std::string pattern = (std::filesystem::temp_directory_path() / "shuniu-xlsx-XXXXXX").string();
    int fd = mkstemp(pattern.data());
    if (fd >= 0) {
      close(fd);
      path_ = pattern;
    }
  }
  ~TempPath() {
    if (!path_.empty()) std::remove(path_.c_str());
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Closes (and so writes) the workbook unless released.
struct WorkbookCloser {
  void operator()(lxw_workbook* wb) const { workbook_close(wb); }
};
using WorkbookPtr = std::unique_ptr<lxw_workbook, WorkbookCloser>;

Status CheckText(const std::string& s, size_t row, size_t col) {
  if (InvalidUtf8Offset(s) != std::string_view::npos) {
    return InvalidArgument("rows", "cell " + CellName(row, col) + " is not valid UTF-8");
  }
  if (s.size() > kMaxCellBytes) {
    return InvalidArgument("rows", "cell " + CellName(row, col) + " is longer than " +
                                       std::to_string(kMaxCellBytes) + " bytes");
  }
  return Status::Ok();
}

Status CheckInput(const std::vector<Column>& cols,
                  const std::vector<std::vector<std::string>>& rows) {
  if (cols.empty() || cols.size() > LXW_COL_MAX) {
    return InvalidArgument("cols", "between 1 and 16384 columns are needed");
  }
  if (rows.size() >= LXW_ROW_MAX) {
    return InvalidArgument("rows", "an .xlsx sheet holds at most 1048575 data rows");
  }
  for (size_t c = 0; c < cols.size(); ++c) {
    SHUNIU_RETURN_IF_ERROR(CheckText(cols[c].header, 0, c));
    for (const std::string& choice : cols[c].choices)
      SHUNIU_RETURN_IF_ERROR(CheckText(choice, 0, c));
  }
  for (size_t r = 0; r < rows.size(); ++r) {
    if (rows[r].size() > cols.size()) {
      return InvalidArgument("rows", "row " + std::to_string(r + 2) + " has " +
                                         std::to_string(rows[r].size()) + " cells but there are " +
                                         std::to_string(cols.size()) + " columns");
    }
    for (size_t c = 0; c < rows[r].size(); ++c)
      SHUNIU_RETURN_IF_ERROR(CheckText(rows[r][c], r + 1, c));
  }
  return Status::Ok();
}

// True when the choices fit an inline list: no commas or quotes, at most 255 bytes with the
// commas. Counting bytes, not characters, also avoids libxlsxwriter's buffer overflow on long
// UTF-8 lists (upstream issue #394) and its 256-item overflow (#512).
bool FitsInline(const std::vector<std::string>& choices) {
  size_t total = choices.size() - 1;  // commas
  for (const std::string& c : choices) {
    if (c.find_first_of(",\"") != std::string::npos) return false;
    total += c.size();
  }
  return total <= kMaxInlineList;
}

Status Check(lxw_error err) {
  if (err == LXW_NO_ERROR) return Status::Ok();
  return Internal(std::string("xlsx writer: ") + lxw_strerror(err));
}

// Escapes the '_' that starts a literal "_xHHHH_" as _x005F_, as Excel does; libxlsxwriter
// escapes control characters but not this, so such text would read back decoded.
std::string EscapeXstring(const std::string& s) {
  if (s.find("_x") == std::string::npos) return s;
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    bool pattern = s.compare(i, 2, "_x") == 0 && i + 6 < s.size() && s[i + 6] == '_' &&
                   std::all_of(s.begin() + static_cast<ptrdiff_t>(i) + 2,
                               s.begin() + static_cast<ptrdiff_t>(i) + 6,
                               [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
    out += pattern ? "_x005F_" : std::string(1, s[i]);
  }
  return out;
}

Status WriteText(lxw_worksheet* ws, size_t row, size_t col, const std::string& s, lxw_format* f) {
  return Check(worksheet_write_string(ws, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col),
                                      EscapeXstring(s).c_str(), f));
}

// Writes the choice lists too long for an inline list to a hidden sheet, one column per
// data column, row by row as constant-memory mode requires.
Status WriteListSheet(lxw_workbook* wb, const std::vector<Column>& cols) {
  size_t longest = 0;
  for (const Column& col : cols) {
    if (!col.choices.empty() && !FitsInline(col.choices)) {
      longest = std::max(longest, col.choices.size());
    }
  }
  if (longest == 0) return Status::Ok();
  lxw_worksheet* lists = workbook_add_worksheet(wb, kListSheet);
  if (!lists) return Internal("xlsx writer: cannot add the list sheet");
  for (size_t r = 0; r < longest; ++r) {
    for (size_t c = 0; c < cols.size(); ++c) {
      const auto& ch = cols[c].choices;
      if (r < ch.size() && !FitsInline(ch)) {
        SHUNIU_RETURN_IF_ERROR(WriteText(lists, r, c, ch[r], nullptr));
      }
    }
  }
  worksheet_hide(lists);
  return Status::Ok();
}

// Adds a dropdown on every data cell of column `c`: inline when it fits, else a reference to
// the hidden list sheet. (libxlsxwriter 1.1.4 leaks the copy of that reference, ~20 bytes.)
Status AddDropdown(lxw_worksheet* ws, size_t c, const std::vector<std::string>& choices) {
  lxw_data_validation dv{};
  std::vector<char*> list;
  std::string formula;
  if (FitsInline(choices)) {
    for (const std::string& s : choices) list.push_back(const_cast<char*>(s.c_str()));
    list.push_back(nullptr);
    dv.validate = LXW_VALIDATION_TYPE_LIST;
    dv.value_list = list.data();
  } else {
    std::string letters = CellName(0, c);
    letters.pop_back();  // "C1" -> "C"
    formula = "='" + std::string(kListSheet) + "'!$" + letters + "$1:$" + letters + "$" +
              std::to_string(choices.size());
    dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
    dv.value_formula = formula.data();
  }
  auto col = static_cast<lxw_col_t>(c);
  return Check(worksheet_data_validation_range(ws, 1, col, LXW_ROW_MAX - 1, col, &dv));
}

Status WriteCells(lxw_workbook* wb, lxw_worksheet* ws, const std::vector<Column>& cols,
                  const std::vector<std::vector<std::string>>& rows) {
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  format_set_num_format(bold, "@");
  lxw_format* text = workbook_add_format(wb);
  format_set_num_format(text, "@");  // typed-in codes stay text (leading zeros, long digits)
  for (size_t c = 0; c < cols.size(); ++c) {
    auto col = static_cast<lxw_col_t>(c);
    SHUNIU_RETURN_IF_ERROR(Check(worksheet_set_column(ws, col, col, cols[c].width, text)));
    SHUNIU_RETURN_IF_ERROR(WriteText(ws, 0, c, cols[c].header, bold));
  }
  worksheet_freeze_panes(ws, 1, 0);
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t c = 0; c < rows[r].size(); ++c) {
      if (rows[r][c].empty()) continue;
      SHUNIU_RETURN_IF_ERROR(WriteText(ws, r + 1, c, rows[r][c], text));
    }
  }
  return Status::Ok();
}

Result<std::string> ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  if (!in.good() && !in.eof()) return Internal("cannot read back the written .xlsx file");
  return out.str();
}

}  // namespace

Result<std::string> WriteXlsx(const std::string& sheet_name, const std::vector<Column>& cols,
                              const std::vector<std::vector<std::string>>& rows) {
  SHUNIU_RETURN_IF_ERROR(CheckInput(cols, rows));
  TempPath tmp;
  if (tmp.path().empty()) return Internal("cannot create a temp file for the .xlsx export");
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;  // rows stream to disk: large exports stay small in RAM
  WorkbookPtr wb(workbook_new_opt(tmp.path().c_str(), &options));
  if (!wb) return Internal("xlsx writer: cannot create a workbook");
  if (sheet_name.empty() || sheet_name == kListSheet ||
      workbook_validate_sheet_name(wb.get(), sheet_name.c_str()) != LXW_NO_ERROR) {
    return InvalidArgument("sheet_name",
                           "a sheet name has 1 to 31 characters and none of []:*?/\\");
  }
  lxw_worksheet* ws = workbook_add_worksheet(wb.get(), sheet_name.c_str());
  if (!ws) return Internal("xlsx writer: cannot add the worksheet");
  SHUNIU_RETURN_IF_ERROR(WriteCells(wb.get(), ws, cols, rows));
  SHUNIU_RETURN_IF_ERROR(WriteListSheet(wb.get(), cols));
  for (size_t c = 0; c < cols.size(); ++c) {
    if (!cols[c].choices.empty()) SHUNIU_RETURN_IF_ERROR(AddDropdown(ws, c, cols[c].choices));
  }
  SHUNIU_RETURN_IF_ERROR(Check(workbook_close(wb.release())));
  return ReadWhole(tmp.path());
}

Result<std::string> WriteWorkbook(const std::vector<SheetData>& sheets) {
  if (sheets.empty()) return InvalidArgument("sheets", "a workbook needs at least one sheet");
  for (const SheetData& s : sheets) SHUNIU_RETURN_IF_ERROR(CheckInput(s.cols, s.rows));
  TempPath tmp;
  if (tmp.path().empty()) return Internal("cannot create a temp file for the .xlsx export");
  WorkbookPtr wb(workbook_new(tmp.path().c_str()));
  if (!wb) return Internal("xlsx writer: cannot create a workbook");
  lxw_format* bold = workbook_add_format(wb.get());
  format_set_bold(bold);
  std::vector<std::string> seen;
  for (const SheetData& s : sheets) {
    if (s.name.empty() || s.name == kListSheet ||
        workbook_validate_sheet_name(wb.get(), s.name.c_str()) != LXW_NO_ERROR) {
      return InvalidArgument(
          "sheets", "sheet name \"" + s.name + "\" is empty, repeated, too long or has []:*?/\\");
    }
    lxw_worksheet* ws = workbook_add_worksheet(wb.get(), s.name.c_str());
    if (!ws) return Internal("xlsx writer: cannot add a worksheet");
    for (size_t c = 0; c < s.cols.size(); ++c) {
      auto col = static_cast<lxw_col_t>(c);
      SHUNIU_RETURN_IF_ERROR(Check(worksheet_set_column(ws, col, col, s.cols[c].width, nullptr)));
      SHUNIU_RETURN_IF_ERROR(WriteText(ws, 0, c, s.cols[c].header, bold));
    }
    worksheet_freeze_panes(ws, 1, 0);
    for (size_t r = 0; r < s.rows.size(); ++r) {
      for (size_t c = 0; c < s.rows[r].size(); ++c) {
        const std::string& v = s.rows[r][c];
        if (v.empty()) continue;
        bool number = c < s.numeric.size() && s.numeric[c] && v.size() < 16 &&
                      v.find_first_not_of("-0123456789") == std::string::npos &&
                      v.find('-', 1) == std::string::npos && v != "-";
        if (number) {
          SHUNIU_RETURN_IF_ERROR(Check(
              worksheet_write_number(ws, static_cast<lxw_row_t>(r + 1), static_cast<lxw_col_t>(c),
                                     static_cast<double>(std::stoll(v)), nullptr)));
        } else {
          SHUNIU_RETURN_IF_ERROR(WriteText(ws, r + 1, c, v, nullptr));
        }
      }
    }
  }
  SHUNIU_RETURN_IF_ERROR(Check(workbook_close(wb.release())));
  return ReadWhole(tmp.path());
}

}  // namespace shuniu::sheet
