// Spreadsheet import: format detection, a limit-enforcing sheet builder, an RFC 4180 CSV
// parser and a streaming .xlsx reader (minizip over memory + expat).
#include "sheet/reader.h"

#include <expat.h>
#include <unzip.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>
#include <functional>
#include <memory>
#include <utility>

namespace shuniu::sheet {
namespace {

Status FileError(std::string msg) { return InvalidArgument("file", std::move(msg)); }
Status NotXlsx(const std::string& why) { return FileError("not a valid .xlsx file: " + why); }

// ---------------------------------------------------------------------------------------
// SheetBuilder: places non-empty cells, enforces row/column/cell limits, pads on Finish.

class SheetBuilder {
 public:
  SheetBuilder(size_t max_rows, size_t max_cols) : max_rows_(max_rows), max_cols_(max_cols) {}

  // Stores a cell at 0-based (row, col); row 0 is the header. Empty non-formula cells are
  // ignored, so styled blanks never count toward the limits.
  Status Set(size_t row, size_t col, std::string text, bool formula) {
    if (text.empty() && !formula) return Status::Ok();
    if (text.size() > kMaxCellBytes) {
      return FileError("cell " + CellName(row, col) + " is longer than " +
                       std::to_string(kMaxCellBytes) + " bytes");
    }
    if (col >= max_cols_) {
      return FileError("the sheet has more than " + std::to_string(max_cols_) + " columns (cell " +
                       CellName(row, col) + " has a value)");
    }
    if (row > max_rows_) {
      return FileError("the sheet has more than " + std::to_string(max_rows_) + " data rows (row " +
                       std::to_string(row + 1) + " has values)");
    }
    if (rows_.size() <= row) rows_.resize(row + 1);
    std::vector<Cell>& cells = rows_[row];
    if (cells.empty()) cells.reserve(std::max(width_, col + 1));
    if (cells.size() <= col) cells.resize(col + 1);
    cells[col] = Cell{std::move(text), formula};
    width_ = std::max(width_, col + 1);
    return Status::Ok();
  }

  Sheet Finish() && {
    Sheet sheet;
    if (rows_.empty()) return sheet;
    for (auto& row : rows_) row.resize(width_);
    sheet.header.reserve(width_);
    for (Cell& c : rows_[0]) sheet.header.push_back(std::move(c.text));
    rows_.erase(rows_.begin());
    sheet.rows = std::move(rows_);
    return sheet;
  }

 private:
  size_t max_rows_, max_cols_;
  size_t width_ = 0;
  std::vector<std::vector<Cell>> rows_;
};

// ---------------------------------------------------------------------------------------
// Format detection and CSV.

}  // namespace

// Rejects overlong forms, surrogates and code points above U+10FFFF.
size_t InvalidUtf8Offset(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len = c >= 0xC2 && c <= 0xDF   ? 2
                 : c >= 0xE0 && c <= 0xEF ? 3
                 : c >= 0xF0 && c <= 0xF4 ? 4
                                          : 0;
    if (len == 0 || i + len > s.size()) return i;
    unsigned char c1 = s[i + 1];
    if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F) || (c == 0xF0 && c1 < 0x90) ||
        (c == 0xF4 && c1 > 0x8F)) {
      return i;
    }
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

namespace {

size_t LineAt(std::string_view s, size_t offset) {
  return 1 + std::count(s.begin(), s.begin() + static_cast<ptrdiff_t>(offset), '\n');
}

// Names well-known non-spreadsheet formats so the user learns what they uploaded.
Status RefuseKnownBinary(std::string_view b) {
  struct Magic {
    std::string_view prefix;
    const char* what;
  };
  static constexpr Magic kMagics[] = {
      {"\xD0\xCF\x11\xE0",
       "an old .xls (Excel 97-2003) or password-protected workbook; "
       "save it as an unprotected .xlsx"},
      {"%PDF", "a PDF document"},
      {"\x89PNG", "a PNG image"},
      {"\xFF\xD8\xFF", "a JPEG image"},
      {"GIF8", "a GIF image"},
      {"\x1F\x8B", "a gzip archive"},
      {"Rar!", "a RAR archive"},
      {"7z\xBC\xAF", "a 7-Zip archive"},
  };
  for (const Magic& m : kMagics) {
    if (b.starts_with(m.prefix)) {
      return FileError(std::string("the file is ") + m.what + ", not an .xlsx or CSV file");
    }
  }
  return Status::Ok();
}

// Reads one CSV field starting at `i` (quoted or not), leaving `i` at the delimiter, line end
// or end of input. Text after a closing quote is kept literally, as spreadsheet programs do.
Status ReadCsvField(std::string_view s, size_t& i, std::string& field) {
  field.clear();
  if (i < s.size() && s[i] == '"') {
    size_t start = i++;
    for (;;) {
      size_t q = s.find('"', i);
      if (q == std::string_view::npos) {
        return FileError("CSV line " + std::to_string(LineAt(s, start)) +
                         ": a quoted field is never closed");
      }
      field.append(s.substr(i, q - i));
      i = q + 1;
      if (i < s.size() && s[i] == '"') {
        field.push_back('"');
        ++i;
      } else {
        break;
      }
    }
  }
  size_t end = s.find_first_of(",\r\n", i);
  if (end == std::string_view::npos) end = s.size();
  field.append(s.substr(i, end - i));
  i = end;
  return Status::Ok();
}

Status ReadCsv(std::string_view s, SheetBuilder& builder) {
  if (s.starts_with("\xEF\xBB\xBF")) s.remove_prefix(3);
  if (size_t bad = InvalidUtf8Offset(s); bad != std::string_view::npos) {
    return FileError("the file is neither an .xlsx file nor UTF-8 text (invalid byte on line " +
                     std::to_string(LineAt(s, bad)) +
                     "); save CSV files as \"CSV UTF-8\", GBK is not supported");
  }
  if (s.find('\0') != std::string_view::npos) {
    return FileError("the file is binary, not an .xlsx or CSV file");
  }
  size_t i = 0, row = 0, col = 0;
  std::string field;
  while (i < s.size()) {
    SHUNIU_RETURN_IF_ERROR(ReadCsvField(s, i, field));
    SHUNIU_RETURN_IF_ERROR(builder.Set(row, col, std::move(field), false));
    if (i < s.size() && s[i] == ',') {
      ++i;
      ++col;
      if (i == s.size()) break;  // a trailing comma at the very end: one more empty cell
      continue;
    }
    if (i < s.size() && s[i] == '\r') ++i;
    if (i < s.size() && s[i] == '\n') ++i;
    ++row;
    col = 0;
  }
  return Status::Ok();
}

// ---------------------------------------------------------------------------------------
// Zip container over memory (minizip I/O callbacks), with a decompression budget.

struct MemStream {
  std::string_view data;
  ZPOS64_T pos = 0;
};

voidpf ZCALLBACK MemOpen(voidpf opaque, const void*, int) { return opaque; }
uLong ZCALLBACK MemRead(voidpf, voidpf stream, void* buf, uLong size) {
  auto* m = static_cast<MemStream*>(stream);
  ZPOS64_T left = m->pos < m->data.size() ? m->data.size() - m->pos : 0;
  uLong n = static_cast<uLong>(std::min<ZPOS64_T>(size, left));
  if (n > 0) std::memcpy(buf, m->data.data() + m->pos, n);
  m->pos += n;
  return n;
}
uLong ZCALLBACK MemWrite(voidpf, voidpf, const void*, uLong) { return 0; }
ZPOS64_T ZCALLBACK MemTell(voidpf, voidpf stream) { return static_cast<MemStream*>(stream)->pos; }
long ZCALLBACK MemSeek(voidpf, voidpf stream, ZPOS64_T offset, int origin) {
  auto* m = static_cast<MemStream*>(stream);
  ZPOS64_T base = origin == ZLIB_FILEFUNC_SEEK_SET   ? 0
                  : origin == ZLIB_FILEFUNC_SEEK_CUR ? m->pos
                                                     : m->data.size();
  if (offset > m->data.size() || base + offset > m->data.size()) return -1;
  m->pos = base + offset;
  return 0;
}
int ZCALLBACK MemClose(voidpf, voidpf) { return 0; }
int ZCALLBACK MemError(voidpf, voidpf) { return 0; }

class Zip {
 public:
  // Opens the zip in `bytes` (which must outlive the Zip); nullptr if it is not a zip.
  static std::unique_ptr<Zip> Open(std::string_view bytes) {
    auto zip = std::unique_ptr<Zip>(new Zip);
    zip->stream_.data = bytes;
    zlib_filefunc64_def io{MemOpen, MemRead,  MemWrite, MemTell,
                           MemSeek, MemClose, MemError, &zip->stream_};
    zip->uf_ = unzOpen2_64("memory.xlsx", &io);
    return zip->uf_ ? std::move(zip) : nullptr;
  }
  ~Zip() {
    if (uf_) unzClose(uf_);
  }

  bool Has(const std::string& name) { return unzLocateFile(uf_, name.c_str(), 2) == UNZ_OK; }

  // Streams the decompressed entry `name` to `sink` in chunks. Fails when the entry is
  // missing or corrupt, or when all entries read so far exceed kMaxXmlBytes.
  Status Read(const std::string& name, const std::function<Status(std::string_view)>& sink) {
    if (!Has(name)) return NotXlsx(name + " is missing");
    unz_file_info64 info;
    if (unzGetCurrentFileInfo64(uf_, &info, nullptr, 0, nullptr, 0, nullptr, 0) != UNZ_OK) {
      return NotXlsx("cannot read the zip entry " + name);
    }
    if (info.uncompressed_size > kMaxXmlBytes - used_) return TooBig();
    if (unzOpenCurrentFile(uf_) != UNZ_OK) return NotXlsx("cannot open the zip entry " + name);
    Status st = Pump(name, sink);
    int close = unzCloseCurrentFile(uf_);
    if (st.ok() && close == UNZ_CRCERROR) return NotXlsx(name + " is corrupt (CRC mismatch)");
    return st;
  }

 private:
  Zip() = default;
  Status TooBig() {
    return FileError("the workbook is too large: more than " + std::to_string(kMaxXmlBytes >> 20) +
                     " MiB of uncompressed XML");
  }
  Status Pump(const std::string& name, const std::function<Status(std::string_view)>& sink) {
    std::string buf(64 * 1024, '\0');
    for (;;) {
      int n = unzReadCurrentFile(uf_, buf.data(), static_cast<unsigned>(buf.size()));
      if (n < 0) return NotXlsx(name + " is corrupt or truncated");
      if (n == 0) return Status::Ok();
      used_ += static_cast<size_t>(n);
      if (used_ > kMaxXmlBytes) return TooBig();
      SHUNIU_RETURN_IF_ERROR(sink(std::string_view(buf.data(), static_cast<size_t>(n))));
    }
  }

  MemStream stream_;
  unzFile uf_ = nullptr;
  size_t used_ = 0;
};

// ---------------------------------------------------------------------------------------
// Streaming XML through expat: element names without namespace prefixes; DTDs refused.

std::string_view LocalName(const char* name) {
  std::string_view n(name);
  size_t colon = n.rfind(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

// The value of attribute `local` (prefix ignored), or nullptr.
const char* Attr(const char** attrs, std::string_view local) {
  for (size_t i = 0; attrs[i]; i += 2) {
    if (LocalName(attrs[i]) == local) return attrs[i + 1];
  }
  return nullptr;
}

class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  virtual void Start(std::string_view name, const char** attrs) = 0;
  virtual void End(std::string_view name) = 0;
  virtual void Text(std::string_view) {}

  // Records the first error and stops the parser.
  void Fail(Status st) {
    if (error_.ok()) error_ = std::move(st);
    XML_StopParser(parser_, XML_FALSE);
  }
  bool failed() const { return !error_.ok(); }

 private:
  friend Status ParseXml(Zip&, const std::string&, XmlHandler&);
  XML_Parser parser_ = nullptr;
  Status error_;
};

void XMLCALL OnStart(void* h, const XML_Char* name, const XML_Char** attrs) {
  static_cast<XmlHandler*>(h)->Start(LocalName(name), attrs);
}
void XMLCALL OnEnd(void* h, const XML_Char* name) {
  static_cast<XmlHandler*>(h)->End(LocalName(name));
}
void XMLCALL OnText(void* h, const XML_Char* s, int len) {
  static_cast<XmlHandler*>(h)->Text(std::string_view(s, static_cast<size_t>(len)));
}
void XMLCALL OnDoctype(void* h, const XML_Char*, const XML_Char*, const XML_Char*, int) {
  static_cast<XmlHandler*>(h)->Fail(NotXlsx("a document type declaration is not allowed"));
}

Status ParseXml(Zip& zip, const std::string& entry, XmlHandler& h) {
  std::unique_ptr<XML_ParserStruct, decltype(&XML_ParserFree)> p(XML_ParserCreate("UTF-8"),
                                                                 XML_ParserFree);
  if (!p) return Internal("cannot create an XML parser");
  h.parser_ = p.get();
  XML_SetUserData(p.get(), &h);
  XML_SetElementHandler(p.get(), OnStart, OnEnd);
  XML_SetCharacterDataHandler(p.get(), OnText);
  XML_SetStartDoctypeDeclHandler(p.get(), OnDoctype);
  auto feed = [&](std::string_view chunk, bool last) -> Status {
    if (XML_Parse(p.get(), chunk.data(), static_cast<int>(chunk.size()), last) == XML_STATUS_OK) {
      return Status::Ok();
    }
    if (h.failed()) return h.error_;
    return NotXlsx(entry + " line " + std::to_string(XML_GetCurrentLineNumber(p.get())) + ": " +
                   XML_ErrorString(XML_GetErrorCode(p.get())));
  };
  SHUNIU_RETURN_IF_ERROR(zip.Read(entry, [&](std::string_view c) { return feed(c, false); }));
  return feed({}, true);
}

// Decodes the _xHHHH_ escapes Excel uses for control characters (and _x005F_ for '_').
std::string DecodeXstring(std::string s) {
  if (s.find("_x") == std::string::npos) return s;
  std::string out;
  out.reserve(s.size());
  auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
  for (size_t i = 0; i < s.size(); ++i) {
    if (s.compare(i, 2, "_x") == 0 && i + 6 < s.size() && s[i + 6] == '_' &&
        std::all_of(s.begin() + static_cast<ptrdiff_t>(i) + 2,
                    s.begin() + static_cast<ptrdiff_t>(i) + 6, hex)) {
      unsigned cp = static_cast<unsigned>(std::stoul(s.substr(i + 2, 4), nullptr, 16));
      if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;  // lone surrogate: replacement char
      if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
      } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
      } else {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
      }
      i += 6;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Package structure: relationships, workbook, shared strings.

struct Rel {
  std::string id, type, target;
};

class RelsHandler : public XmlHandler {
 public:
  std::vector<Rel> rels;
  void Start(std::string_view name, const char** attrs) override {
    if (name != "Relationship") return;
    const char* id = Attr(attrs, "Id");
    const char* type = Attr(attrs, "Type");
    const char* target = Attr(attrs, "Target");
    if (id && type && target) rels.push_back({id, type, target});
  }
  void End(std::string_view) override {}
};

// The r:id of every <sheet> in workbook order.
class WorkbookHandler : public XmlHandler {
 public:
  std::vector<std::string> sheet_ids;
  void Start(std::string_view name, const char** attrs) override {
    if (name != "sheet") return;
    if (const char* id = Attr(attrs, "id")) sheet_ids.emplace_back(id);
  }
  void End(std::string_view) override {}
};

class SharedStringsHandler : public XmlHandler {
 public:
  std::vector<std::string> strings;
  void Start(std::string_view name, const char**) override {
    if (name == "si") {
      current_.clear();
      in_si_ = true;
    } else if (name == "rPh") {
      ++phonetic_;
    } else if (name == "t" && in_si_ && phonetic_ == 0) {
      in_t_ = true;
    }
  }
  void End(std::string_view name) override {
    if (name == "t") {
      in_t_ = false;
    } else if (name == "rPh") {
      --phonetic_;
    } else if (name == "si" && in_si_) {
      strings.push_back(DecodeXstring(std::move(current_)));
      current_.clear();
      in_si_ = false;
    }
  }
  // Over-long strings are kept one byte too long so that a cell using them fails.
  void Text(std::string_view s) override {
    if (!in_t_ || current_.size() > kMaxCellBytes) return;
    current_.append(s.substr(0, kMaxCellBytes + 1 - current_.size()));
  }

 private:
  std::string current_;
  bool in_si_ = false, in_t_ = false;
  int phonetic_ = 0;
};

bool EndsWith(std::string_view s, std::string_view suffix) { return s.ends_with(suffix); }

// Resolves a relationship target against the directory of its source part.
std::string ResolveTarget(const std::string& dir, std::string_view target) {
  std::vector<std::string> parts;
  std::string_view path = target;
  if (path.starts_with("/")) {
    path.remove_prefix(1);
  } else {
    for (size_t s = 0, e; s < dir.size(); s = e + 1) {
      e = dir.find('/', s);
      if (e == std::string::npos) e = dir.size();
      if (e > s) parts.emplace_back(dir.substr(s, e - s));
    }
  }
  for (size_t s = 0, e; s <= path.size(); s = e + 1) {
    e = path.find('/', s);
    if (e == std::string_view::npos) e = path.size();
    std::string_view seg = path.substr(s, e - s);
    if (seg == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!seg.empty() && seg != ".") {
      parts.emplace_back(seg);
    }
  }
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

std::string DirName(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash);
}

// Parts of the workbook that the reader needs.
struct Package {
  std::string worksheet;       // zip path of the first worksheet
  std::string shared_strings;  // zip path, empty when absent
};

Result<std::vector<Rel>> ReadRels(Zip& zip, const std::string& path) {
  RelsHandler h;
  SHUNIU_RETURN_IF_ERROR(ParseXml(zip, path, h));
  return std::move(h.rels);
}

// Finds the workbook through _rels/.rels (default xl/workbook.xml).
Result<std::string> FindWorkbook(Zip& zip) {
  std::string workbook = "xl/workbook.xml";
  if (zip.Has("_rels/.rels")) {
    auto rels = ReadRels(zip, "_rels/.rels");
    if (!rels.ok()) return rels.status();
    for (const Rel& r : *rels) {
      if (EndsWith(r.type, "/officeDocument")) workbook = ResolveTarget("", r.target);
    }
  }
  if (!zip.Has(workbook)) {
    return NotXlsx("the zip file contains no Excel workbook (" + workbook +
                   "); .ods, .docx and other zip files are not supported");
  }
  return workbook;
}

Result<Package> FindParts(Zip& zip) {
  auto workbook = FindWorkbook(zip);
  if (!workbook.ok()) return workbook.status();
  std::string dir = DirName(*workbook);
  std::string rels_path = (dir.empty() ? "" : dir + "/") + "_rels/" +
                          workbook->substr(dir.empty() ? 0 : dir.size() + 1) + ".rels";
  WorkbookHandler wb;
  SHUNIU_RETURN_IF_ERROR(ParseXml(zip, *workbook, wb));
  auto rels = ReadRels(zip, rels_path);
  if (!rels.ok()) return rels.status();
  Package pkg;
  for (const Rel& r : *rels) {
    if (EndsWith(r.type, "/sharedStrings")) pkg.shared_strings = ResolveTarget(dir, r.target);
  }
  for (const std::string& id : wb.sheet_ids) {
    auto it = std::find_if(rels->begin(), rels->end(), [&](const Rel& r) {
      return r.id == id && EndsWith(r.type, "/worksheet");
    });
    if (it != rels->end()) {
      pkg.worksheet = ResolveTarget(dir, it->target);
      return pkg;
    }
  }
  return NotXlsx("the workbook contains no worksheet");
}

// ---------------------------------------------------------------------------------------
// Worksheet cells.

// Parses "C5" into 0-based (row, col); false when malformed or beyond Excel's grid.
bool ParseCellRef(std::string_view ref, size_t& row, size_t& col) {
  size_t i = 0, c = 0, r = 0;
  for (; i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z' && i < 3; ++i) {
    c = c * 26 + static_cast<size_t>(ref[i] - 'A' + 1);
  }
  if (i == 0 || c > 16384 || i == ref.size() || i + 7 < ref.size()) return false;
  for (size_t k = i; k < ref.size(); ++k) {
    if (ref[k] < '0' || ref[k] > '9') return false;
    r = r * 10 + static_cast<size_t>(ref[k] - '0');
  }
  if (r == 0 || r > 1048576) return false;
  row = r - 1;
  col = c - 1;
  return true;
}

bool ParseRowNumber(const char* text, size_t& row) {
  std::string_view s(text);
  if (s.empty() || s.size() > 7) return false;
  size_t r = 0;
  for (char ch : s) {
    if (ch < '0' || ch > '9') return false;
    r = r * 10 + static_cast<size_t>(ch - '0');
  }
  if (r == 0 || r > 1048576) return false;
  row = r - 1;
  return true;
}

class WorksheetHandler : public XmlHandler {
 public:
  WorksheetHandler(const std::vector<std::string>& sst, SheetBuilder& b) : sst_(sst), b_(b) {}

  void Start(std::string_view name, const char** attrs) override {
    if (name == "row") {
      StartRow(Attr(attrs, "r"));
    } else if (name == "c") {
      StartCell(Attr(attrs, "r"), Attr(attrs, "t"));
    } else if (in_cell_ && (name == "v" || (name == "t" && in_is_ && phonetic_ == 0))) {
      collect_ = true;
    } else if (in_cell_ && name == "f") {
      formula_ = true;
    } else if (name == "is") {
      in_is_ = true;
    } else if (name == "rPh") {
      ++phonetic_;
    }
  }

  void End(std::string_view name) override {
    if (name == "v" || name == "t") {
      collect_ = false;
    } else if (name == "is") {
      in_is_ = false;
    } else if (name == "rPh") {
      --phonetic_;
    } else if (name == "c" && in_cell_) {
      in_cell_ = false;
      EndCell();
    }
  }

  void Text(std::string_view s) override {
    if (!collect_) return;
    value_.append(s);
    if (value_.size() > kMaxCellBytes) {
      Fail(FileError("cell " + CellName(row_, col_) + " is longer than " +
                     std::to_string(kMaxCellBytes) + " bytes"));
    }
  }

 private:
  void StartRow(const char* r) {
    size_t row = next_row_;
    if (r && !ParseRowNumber(r, row)) return Fail(NotXlsx(std::string("bad row number ") + r));
    row_ = row;
    next_row_ = row + 1;
    next_col_ = 0;
  }

  void StartCell(const char* r, const char* t) {
    size_t row = row_, col = next_col_;
    if (r && !ParseCellRef(r, row, col)) return Fail(NotXlsx(std::string("bad cell ") + r));
    if (col >= 16384) return Fail(NotXlsx("a cell lies beyond column XFD"));
    row_ = row;
    col_ = col;
    next_col_ = col + 1;
    type_ = t ? t : "n";
    value_.clear();
    in_cell_ = true;
    formula_ = false;
  }

  void EndCell() {
    std::string text;
    if (type_ == "s") {
      size_t idx = 0;
      auto [ptr, ec] = std::from_chars(value_.data(), value_.data() + value_.size(), idx);
      if (value_.empty() || ec != std::errc() || ptr != value_.data() + value_.size() ||
          idx >= sst_.size()) {
        return Fail(NotXlsx("cell " + CellName(row_, col_) + " refers to a missing shared string"));
      }
      text = sst_[idx];
    } else if (type_ == "b") {
      text = value_ == "1" ? "TRUE" : value_ == "0" ? "FALSE" : value_;
    } else if (type_ == "inlineStr" || type_ == "str") {
      text = DecodeXstring(std::move(value_));
    } else {
      text = std::move(value_);
    }
    Status st = b_.Set(row_, col_, std::move(text), formula_);
    if (!st.ok()) Fail(std::move(st));
  }

  const std::vector<std::string>& sst_;
  SheetBuilder& b_;
  size_t row_ = 0, col_ = 0, next_row_ = 0, next_col_ = 0;
  std::string type_, value_;
  bool in_cell_ = false, in_is_ = false, collect_ = false, formula_ = false;
  int phonetic_ = 0;
};

Status ReadXlsx(std::string_view bytes, SheetBuilder& builder) {
  std::unique_ptr<Zip> zip = Zip::Open(bytes);
  if (!zip) return NotXlsx("the zip container is damaged or truncated");
  auto parts = FindParts(*zip);
  if (!parts.ok()) return parts.status();
  SharedStringsHandler sst;
  if (!parts->shared_strings.empty() && zip->Has(parts->shared_strings)) {
    SHUNIU_RETURN_IF_ERROR(ParseXml(*zip, parts->shared_strings, sst));
  }
  WorksheetHandler sheet(sst.strings, builder);
  return ParseXml(*zip, parts->worksheet, sheet);
}

}  // namespace

std::string CellName(size_t row, size_t col) {
  std::string letters;
  for (size_t c = col + 1; c > 0; c = (c - 1) / 26) {
    letters.insert(letters.begin(), static_cast<char>('A' + (c - 1) % 26));
  }
  return letters + std::to_string(row + 1);
}

Result<Sheet> ReadSheet(std::string_view bytes, size_t max_rows, size_t max_cols) {
  if (bytes.empty()) return FileError("the file is empty");
  SheetBuilder builder(max_rows, max_cols);
  if (bytes.starts_with(std::string_view("PK\x03\x04", 4))) {
    SHUNIU_RETURN_IF_ERROR(ReadXlsx(bytes, builder));
  } else if (bytes.starts_with(std::string_view("PK\x05\x06", 4))) {
    return NotXlsx("the zip container is damaged or empty");
  } else {
    SHUNIU_RETURN_IF_ERROR(RefuseKnownBinary(bytes));
    SHUNIU_RETURN_IF_ERROR(ReadCsv(bytes, builder));
  }
  return std::move(builder).Finish();
}

}  // namespace shuniu::sheet
