// china-division reader: a small buffered RFC 4180 CSV parser, a read-only SQLite
// reader, and the shared validation that turns rows into 12-digit RegionRows.
#include "region/region_import.h"

#include <sqlite3.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace shuniu::region {
namespace {

constexpr int kCodeLen = 12;
// End offset of each level's segment inside a 12-digit code (level 1..5).
constexpr int kSegEnd[6] = {0, 2, 4, 6, 9, 12};

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool AllZeros(std::string_view s) { return s.find_first_not_of('0') == std::string_view::npos; }

// One level of the china-division data set.
struct LevelSpec {
  int level;
  const char* file;        // CSV file inside the dist folder
  const char* table;       // table inside data.sqlite
  const char* parent_col;  // column holding the parent code; nullptr for provinces
};

// clang-format off
constexpr LevelSpec kLevels[] = {
    {1, "provinces.csv", "province", nullptr},
    {2, "cities.csv", "city", "provinceCode"},
    {3, "areas.csv", "area", "cityCode"},
    {4, "streets.csv", "street", "areaCode"},
    {5, "villages.csv", "village", "streetCode"},
};
// clang-format on

// Where a row came from, for error messages ("dir/areas.csv:17").
struct Location {
  std::string_view source;
  long line;
};

Status RowError(const Location& loc, std::string field, const std::string& msg) {
  return InvalidArgument(std::move(field),
                         std::string(loc.source) + ":" + std::to_string(loc.line) + ": " + msg);
}

// ---------------------------------------------------------------------------
// Buffered RFC 4180 reader: quoted fields, doubled quotes, CRLF/LF/CR line ends,
// embedded newlines, optional UTF-8 BOM. Field strings are reused across rows.
class CsvReader {
 public:
  static constexpr int kEof = -1;

  CsvReader() : buf_(new char[kBufSize]) {}
  ~CsvReader() {
    if (file_ != nullptr) std::fclose(file_);
  }
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  Status Open(const std::string& path);
  // Reads the next record; *got is false at end of input. Blank lines are skipped.
  Status Next(bool* got);

  size_t size() const { return count_; }
  std::string_view field(size_t i) const { return fields_[i]; }
  long line() const { return record_line_; }
  const std::string& path() const { return path_; }

 private:
  static constexpr size_t kBufSize = 1 << 20;

  bool Fill() {
    if (file_ == nullptr) return false;
    end_ = std::fread(buf_.get(), 1, kBufSize, file_);
    pos_ = 0;
    return end_ > 0;
  }
  int Peek() {
    if (pos_ == end_ && !Fill()) return kEof;
    return static_cast<unsigned char>(buf_[pos_]);
  }
  int Get() {
    int c = Peek();
    if (c != kEof) ++pos_;
    return c;
  }
  // Consumes the rest of a line break whose first character `c` was read.
  void EndLine(int c) {
    if (c == '\r' && Peek() == '\n') ++pos_;
    ++line_;
  }
  std::string& NewField() {
    if (count_ == fields_.size()) fields_.emplace_back();
    std::string& f = fields_[count_++];
    f.clear();
    return f;
  }
  int ReadPlain(std::string* out);
  Status ReadQuoted(std::string* out);
  Status Error(const std::string& msg) const {
    return InvalidArgument("", path_ + ":" + std::to_string(record_line_) + ": " + msg);
  }

  std::string path_;
  std::FILE* file_ = nullptr;
  std::unique_ptr<char[]> buf_;
  size_t pos_ = 0;
  size_t end_ = 0;
  long line_ = 1;
  long record_line_ = 0;
  std::vector<std::string> fields_;
  size_t count_ = 0;
};

Status CsvReader::Open(const std::string& path) {
  path_ = path;
  file_ = std::fopen(path.c_str(), "rb");
  if (file_ == nullptr) return NotFound(path + ": cannot open");
  if (Fill() && end_ >= 3 && std::string_view(buf_.get(), 3) == "\xEF\xBB\xBF") pos_ = 3;
  return Status::Ok();
}

// Appends an unquoted field's characters to *out; returns the terminator read
// (',', '\r', '\n' or kEof). Scans whole buffer runs at a time.
int CsvReader::ReadPlain(std::string* out) {
  for (;;) {
    if (pos_ == end_ && !Fill()) return kEof;
    const char* start = buf_.get() + pos_;
    const char* stop = buf_.get() + end_;
    const char* p = start;
    while (p != stop && *p != ',' && *p != '\n' && *p != '\r') ++p;
    out->append(start, p);
    pos_ = p - buf_.get();
    if (p != stop) {
      ++pos_;
      return *p;
    }
  }
}

// Reads a quoted field after its opening quote, up to and including the closing
// one. Copies the runs between quotes with memchr; counts embedded newlines.
Status CsvReader::ReadQuoted(std::string* out) {
  for (;;) {
    if (pos_ == end_ && !Fill()) return Error("unterminated quoted field");
    const char* start = buf_.get() + pos_;
    const char* stop = buf_.get() + end_;
    const char* quote = static_cast<const char*>(std::memchr(start, '"', stop - start));
    const char* run_end = quote != nullptr ? quote : stop;
    for (const char* p = start; (p = static_cast<const char*>(std::memchr(p, '\n', run_end - p)));
         ++p) {
      ++line_;
    }
    out->append(start, run_end);
    pos_ = run_end - buf_.get();
    if (quote == nullptr) continue;
    ++pos_;  // the quote: closing, or the first of a doubled pair
    if (Peek() != '"') return Status::Ok();
    ++pos_;
    out->push_back('"');
  }
}

Status CsvReader::Next(bool* got) {
  *got = false;
  int c = Peek();
  while (c == '\r' || c == '\n') {
    EndLine(Get());
    c = Peek();
  }
  if (c == kEof) return Status::Ok();
  record_line_ = line_;
  count_ = 0;
  for (;;) {
    std::string& f = NewField();
    if (Peek() == '"') {
      ++pos_;
      SHUNIU_RETURN_IF_ERROR(ReadQuoted(&f));
      c = Get();
      if (c != ',' && c != '\r' && c != '\n' && c != kEof) {
        return Error("unexpected character after closing quote");
      }
    } else {
      c = ReadPlain(&f);
    }
    if (c == ',') continue;
    if (c != kEof) EndLine(c);
    *got = true;
    return Status::Ok();
  }
}

// ---------------------------------------------------------------------------
// Validates raw rows, applies the prefix filter, and feeds the sink.
class Emitter {
 public:
  Emitter(std::string_view prefix, const std::function<Status(const RegionRow&)>& sink)
      : prefix_(prefix), sink_(sink) {}

  Status Accept(const LevelSpec& spec, std::string_view raw_code, std::string_view name,
                std::string_view raw_parent, const Location& loc);

 private:
  static uint64_t Key(std::string_view code12) {
    uint64_t k = 0;
    for (char c : code12) k = k * 10 + static_cast<uint64_t>(c - '0');
    return k;
  }
  static bool RawLenOk(std::string_view raw, int level) {
    return raw.size() == static_cast<size_t>(kSegEnd[level]) || raw.size() == kCodeLen;
  }
  bool Wanted(std::string_view code12, int level) const {
    if (code12.starts_with(prefix_)) return true;
    return std::string_view(prefix_).starts_with(code12.substr(0, kSegEnd[level]));
  }
  Status CheckParent(const LevelSpec& spec, std::string_view raw_parent, const Location& loc);

  std::string prefix_;
  const std::function<Status(const RegionRow&)>& sink_;
  std::unordered_set<uint64_t> emitted_;
  RegionRow row_;
};

// Validates the parent column into row_.parent_code (row_.code already set).
Status Emitter::CheckParent(const LevelSpec& spec, std::string_view raw_parent,
                            const Location& loc) {
  row_.parent_code.clear();
  if (spec.level == 1) return Status::Ok();
  row_.parent_code = PadCode(raw_parent);
  if (row_.parent_code.empty() || !RawLenOk(raw_parent, spec.level - 1)) {
    return RowError(loc, spec.parent_col,
                    "bad " + std::string(spec.parent_col) + " '" + std::string(raw_parent) + "'");
  }
  int n = kSegEnd[spec.level - 1];
  if (row_.code.compare(0, n, row_.parent_code, 0, n) != 0) {
    return RowError(loc, spec.parent_col,
                    "code " + row_.code + " is not under parent " + row_.parent_code);
  }
  return Status::Ok();
}

Status Emitter::Accept(const LevelSpec& spec, std::string_view raw_code, std::string_view name,
                       std::string_view raw_parent, const Location& loc) {
  row_.code = PadCode(raw_code);
  if (row_.code.empty() || !RawLenOk(raw_code, spec.level)) {
    return RowError(loc, "code",
                    "bad code '" + std::string(raw_code) + "' (want " +
                        std::to_string(kSegEnd[spec.level]) + " digits)");
  }
  if (name.empty()) return RowError(loc, "name", "empty name for code " + row_.code);
  SHUNIU_RETURN_IF_ERROR(CheckParent(spec, raw_parent, loc));
  // Placeholder that repeats its parent (county 441900 under city 4419): skip it;
  // its children carry the same padded code as parent.
  if (row_.code == row_.parent_code) return Status::Ok();
  if (LevelOf(row_.code) != spec.level) {
    return RowError(
        loc, "code",
        "code " + row_.code + " is not a level " + std::to_string(spec.level) + " code");
  }
  if (!Wanted(row_.code, spec.level)) return Status::Ok();
  if (spec.level > 1 && !emitted_.contains(Key(row_.parent_code))) {
    return RowError(loc, spec.parent_col, "parent " + row_.parent_code + " does not exist");
  }
  if (!emitted_.insert(Key(row_.code)).second) {
    return RowError(loc, "code", "duplicate code " + row_.code);
  }
  row_.name.assign(name);
  row_.level = spec.level;
  return sink_(row_);
}

// ---------------------------------------------------------------------------
// CSV folder.

// Finds `name` in the header; -1 if absent.
int ColumnIndex(const CsvReader& csv, std::string_view name) {
  for (size_t i = 0; i < csv.size(); ++i) {
    if (csv.field(i) == name) return static_cast<int>(i);
  }
  return -1;
}

Status ReadCsvLevel(const std::filesystem::path& dir, const LevelSpec& spec, Emitter* emitter) {
  CsvReader csv;
  SHUNIU_RETURN_IF_ERROR(csv.Open((dir / spec.file).string()));
  bool got = false;
  SHUNIU_RETURN_IF_ERROR(csv.Next(&got));
  const char* names[3] = {"code", "name", spec.parent_col};
  int cols[3] = {-1, -1, -1};
  int ncols = spec.parent_col != nullptr ? 3 : 2;
  for (int i = 0; i < ncols; ++i) {
    cols[i] = got ? ColumnIndex(csv, names[i]) : -1;
    if (cols[i] < 0) {
      return RowError({csv.path(), 1}, names[i], "missing column '" + std::string(names[i]) + "'");
    }
  }
  for (;;) {
    SHUNIU_RETURN_IF_ERROR(csv.Next(&got));
    if (!got) return Status::Ok();
    Location loc{csv.path(), csv.line()};
    for (int i = 0; i < ncols; ++i) {
      if (static_cast<size_t>(cols[i]) >= csv.size()) {
        return RowError(loc, names[i], "missing column '" + std::string(names[i]) + "'");
      }
    }
    std::string_view parent = ncols == 3 ? csv.field(cols[2]) : std::string_view();
    SHUNIU_RETURN_IF_ERROR(
        emitter->Accept(spec, csv.field(cols[0]), csv.field(cols[1]), parent, loc));
  }
}

// ---------------------------------------------------------------------------
// data.sqlite.

using DbPtr = std::unique_ptr<sqlite3, decltype(&sqlite3_close)>;
using StmtPtr = std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)>;

std::string_view ColumnText(sqlite3_stmt* stmt, int i) {
  const unsigned char* text = sqlite3_column_text(stmt, i);
  if (text == nullptr) return {};
  return {reinterpret_cast<const char*>(text), static_cast<size_t>(sqlite3_column_bytes(stmt, i))};
}

Status ReadSqliteLevel(sqlite3* db, const std::string& path, const LevelSpec& spec,
                       Emitter* emitter) {
  std::string sql = std::string("SELECT code, name, ") +
                    (spec.parent_col != nullptr ? spec.parent_col : "NULL") + " FROM " +
                    spec.table + " ORDER BY code";
  std::string source = path + "[" + spec.table + "]";
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
    return InvalidArgument("path", source + ": " + sqlite3_errmsg(db));
  }
  StmtPtr stmt(raw, sqlite3_finalize);
  long row = 0;
  int rc;
  while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
    Location loc{source, ++row};
    SHUNIU_RETURN_IF_ERROR(
        emitter->Accept(spec, ColumnText(raw, 0), ColumnText(raw, 1), ColumnText(raw, 2), loc));
  }
  if (rc != SQLITE_DONE) {
    return InvalidArgument("path",
                           source + ": row " + std::to_string(row + 1) + ": " + sqlite3_errmsg(db));
  }
  return Status::Ok();
}

Status ReadSqlite(const std::string& path, Emitter* emitter) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  DbPtr db(raw, sqlite3_close);
  if (rc != SQLITE_OK) {
    return InvalidArgument("path", path + ": cannot open: " +
                                       (raw != nullptr ? sqlite3_errmsg(raw) : "out of memory"));
  }
  for (const LevelSpec& spec : kLevels) {
    SHUNIU_RETURN_IF_ERROR(ReadSqliteLevel(db.get(), path, spec, emitter));
  }
  return Status::Ok();
}

}  // namespace

std::string PadCode(std::string_view raw) {
  size_t n = raw.size();
  if (n != 2 && n != 4 && n != 6 && n != 9 && n != 12) return "";
  if (!AllDigits(raw) || raw.substr(0, 2) == "00") return "";
  std::string code(raw);
  code.resize(kCodeLen, '0');
  return code;
}

int LevelOf(std::string_view code12) {
  if (code12.size() != kCodeLen || !AllDigits(code12) || code12.substr(0, 2) == "00") return 0;
  for (int level = 5; level > 1; --level) {
    int begin = kSegEnd[level - 1];
    if (!AllZeros(code12.substr(begin, kSegEnd[level] - begin))) return level;
  }
  return 1;
}

std::string ParentOf(std::string_view code12) {
  int level = LevelOf(code12);
  if (level <= 1) return "";
  return PadCode(code12.substr(0, kSegEnd[level - 1]));
}

Status ReadChinaDivision(const std::string& path, const std::string& code_prefix,
                         const std::function<Status(const RegionRow&)>& sink) {
  if (code_prefix.size() > kCodeLen || !AllDigits(code_prefix)) {
    return InvalidArgument("code_prefix", "code prefix must be up to 12 digits");
  }
  std::error_code ec;
  std::filesystem::path p(path);
  Emitter emitter(code_prefix, sink);
  if (std::filesystem::is_directory(p, ec)) {
    for (const LevelSpec& spec : kLevels) {
      SHUNIU_RETURN_IF_ERROR(ReadCsvLevel(p, spec, &emitter));
    }
    return Status::Ok();
  }
  if (std::filesystem::is_regular_file(p, ec)) return ReadSqlite(path, &emitter);
  return NotFound(path + ": no such directory or file");
}

}  // namespace shuniu::region
