// Upload content checks: libmagic detection and the extension allow list.
#include "files/content_check.h"

#include <magic.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <set>

namespace shuniu::files {
namespace {

struct Kind {
  std::string label;               // for messages: "PDF", "Word document"
  std::string mime;                // what we store and serve
  std::set<std::string> detected;  // what libmagic may answer for it
  std::string ooxml_part;          // for OOXML sent as plain zip: the part folder
};

// Extension → kind. Office formats have two answers each: libmagic names
// OOXML by its own type when [Content_Types].xml comes first in the archive
// and "application/zip" otherwise; legacy Office files are CDF containers.
const std::map<std::string, Kind>& Kinds() {
  static const std::set<std::string> kCdf = {"application/CDFV2", "application/x-ole-storage",
                                             "application/vnd.ms-office"};
  auto cdf = [&](std::string mime) {
    std::set<std::string> s = kCdf;
    s.insert(mime);
    return s;
  };
  static const std::string kDocx =
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  static const std::string kXlsx =
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  static const std::string kPptx =
      "application/vnd.openxmlformats-officedocument.presentationml.presentation";
  static const std::map<std::string, Kind> kKinds = {
      {"pdf", {"PDF", "application/pdf", {"application/pdf"}, ""}},
      {"png", {"PNG image", "image/png", {"image/png"}, ""}},
      {"jpg", {"JPEG image", "image/jpeg", {"image/jpeg"}, ""}},
      {"jpeg", {"JPEG image", "image/jpeg", {"image/jpeg"}, ""}},
      {"gif", {"GIF image", "image/gif", {"image/gif"}, ""}},
      {"webp", {"WebP image", "image/webp", {"image/webp"}, ""}},
      {"docx", {"Word document", kDocx, {kDocx, "application/zip"}, "word/"}},
      {"xlsx", {"Excel workbook", kXlsx, {kXlsx, "application/zip"}, "xl/"}},
      {"pptx", {"PowerPoint presentation", kPptx, {kPptx, "application/zip"}, "ppt/"}},
      {"doc", {"Word 97–2003 document", "application/msword", cdf("application/msword"), ""}},
      {"xls",
       {"Excel 97–2003 workbook", "application/vnd.ms-excel", cdf("application/vnd.ms-excel"), ""}},
      {"ppt",
       {"PowerPoint 97–2003 presentation", "application/vnd.ms-powerpoint",
        cdf("application/vnd.ms-powerpoint"), ""}},
      {"txt", {"plain text", "text/plain", {"text/plain"}, ""}},
      {"csv", {"CSV table", "text/csv", {"text/plain", "text/csv", "application/csv"}, ""}},
  };
  return kKinds;
}

// A readable name for what libmagic found, for rejection messages.
std::string Describe(const std::string& mime) {
  static const std::map<std::string, std::string> kNames = {
      {"text/html", "HTML"},
      {"image/svg+xml", "SVG"},
      {"text/xml", "XML"},
      {"application/xml", "XML"},
      {"text/javascript", "JavaScript"},
      {"application/javascript", "JavaScript"},
      {"text/x-shellscript", "a shell script"},
      {"text/x-php", "a PHP script"},
      {"text/x-script.python", "a Python script"},
      {"text/x-perl", "a Perl script"},
      {"text/x-msdos-batch", "a batch script"},
      {"application/x-executable", "a program"},
      {"application/x-pie-executable", "a program"},
      {"application/x-sharedlib", "a program library"},
      {"application/x-dosexec", "a Windows program"},
      {"application/x-mach-binary", "a program"},
      {"application/java-archive", "a Java archive"},
      {"application/zip", "a ZIP archive"},
      {"application/octet-stream", "unrecognised binary data"},
  };
  auto it = kNames.find(mime);
  if (it != kNames.end()) return it->second + " (" + mime + ")";
  for (auto& [ext, k] : Kinds())
    if (k.mime == mime) return k.label + " (" + mime + ")";
  return mime;
}

// Text without NUL or other control characters except tab, CR, LF, FF.
bool LooksLikeText(std::string_view b) {
  return std::none_of(b.begin(), b.end(), [](char ch) {
    auto u = static_cast<unsigned char>(ch);
    return (u < 0x20 && u != '\t' && u != '\n' && u != '\r' && u != '\f') || u == 0x7f;
  });
}

// Length of the UTF-8 sequence starting at s[i], 0 when invalid.
size_t Utf8Seq(std::string_view s, size_t i) {
  auto u = static_cast<unsigned char>(s[i]);
  size_t n = u < 0x80 ? 1 : (u >> 5) == 6 ? 2 : (u >> 4) == 14 ? 3 : (u >> 3) == 30 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k)
    if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return 0;
  if (n == 2 && u < 0xc2) return 0;  // overlong
  return n;
}

}  // namespace

const std::vector<std::string>& AllowedExtensions() {
  static const std::vector<std::string> kList = [] {
    std::vector<std::string> v;
    for (auto& [ext, k] : Kinds()) v.push_back(ext);
    return v;
  }();
  return kList;
}

std::string Extension(std::string_view name) {
  size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot + 1 == name.size()) return "";
  std::string ext(name.substr(dot + 1));
  for (auto& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return ext;
}

Result<std::string> CleanName(std::string_view raw) {
  size_t slash = raw.find_last_of("/\\");
  if (slash != std::string_view::npos) raw = raw.substr(slash + 1);
  // Characters (as UTF-8 sequences) without controls.
  std::vector<std::string_view> chars;
  for (size_t i = 0; i < raw.size();) {
    size_t n = Utf8Seq(raw, i);
    if (n == 0) return InvalidArgument("file", "the file name is not valid UTF-8");
    auto u = static_cast<unsigned char>(raw[i]);
    bool control = n == 1 && (u < 0x20 || u == 0x7f);
    // C1 controls (U+0080–U+009F) and bidi overrides (U+202A–U+202E, U+2066–U+2069).
    if (n == 2 && u == 0xc2 && static_cast<unsigned char>(raw[i + 1]) < 0xa0) control = true;
    if (n == 3 && u == 0xe2) {
      auto b1 = static_cast<unsigned char>(raw[i + 1]), b2 = static_cast<unsigned char>(raw[i + 2]);
      if ((b1 == 0x80 && b2 >= 0xaa && b2 <= 0xae) || (b1 == 0x81 && b2 >= 0xa6 && b2 <= 0xa9))
        control = true;
    }
    if (!control) chars.push_back(raw.substr(i, n));
    i += n;
  }
  auto trim = [&] {
    while (!chars.empty() && (chars.front() == " " || chars.front() == "."))
      chars.erase(chars.begin());
    while (!chars.empty() && (chars.back() == " " || chars.back() == ".")) chars.pop_back();
  };
  trim();
  if (chars.empty()) return InvalidArgument("file", "the file needs a name");
  if (chars.size() > kMaxNameChars) {
    // Keep the extension (up to 10 characters) and cut the stem.
    size_t dot = chars.size();
    for (size_t i = chars.size(); i-- > 0;)
      if (chars[i] == ".") {
        dot = i;
        break;
      }
    size_t ext_len = chars.size() - dot;
    if (ext_len > 10) ext_len = 0, dot = chars.size();
    std::vector<std::string_view> out(chars.begin(), chars.begin() + (kMaxNameChars - ext_len));
    out.insert(out.end(), chars.begin() + dot, chars.end());
    chars = std::move(out);
    trim();
  }
  std::string name;
  for (auto c : chars) name += c;
  return name;
}

std::string DetectMime(std::string_view bytes) {
  static std::mutex mu;
  static magic_t cookie = nullptr;
  static bool loaded = false;
  std::lock_guard<std::mutex> lk(mu);
  if (!cookie) {
    cookie = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS);
    loaded = cookie && magic_load(cookie, nullptr) == 0;
  }
  if (!loaded) return "application/octet-stream";
  const char* m = magic_buffer(cookie, bytes.data(), bytes.size());
  return m ? std::string(m) : "application/octet-stream";
}

Result<std::string> CheckContent(const std::string& name, std::string_view bytes) {
  if (bytes.empty()) return InvalidArgument("file", "the file is empty");
  std::string ext = Extension(name);
  std::string allowed;
  for (auto& e : AllowedExtensions()) allowed += (allowed.empty() ? "" : ", ") + e;
  if (ext.empty())
    return InvalidArgument("file", "the file name needs an extension; accepted: " + allowed);
  auto it = Kinds().find(ext);
  if (it == Kinds().end())
    return InvalidArgument("file",
                           "files of type ." + ext + " are not accepted; accepted: " + allowed);
  const Kind& k = it->second;
  std::string found = DetectMime(bytes);
  bool ok = k.detected.count(found) > 0;
  if (ok && found == "application/zip" && !k.ooxml_part.empty()) {
    // An OOXML package names [Content_Types].xml and its part folder in the
    // (uncompressed) zip directory; a random archive renamed .docx does not.
    ok = bytes.find("[Content_Types].xml") != std::string_view::npos &&
         bytes.find(k.ooxml_part) != std::string_view::npos;
  }
  if (!ok && (ext == "txt" || ext == "csv") && found == "application/octet-stream")
    ok = LooksLikeText(bytes);  // libmagic cannot name very short texts
  if (!ok)
    return InvalidArgument("file", "the content of \"" + name + "\" is " + Describe(found) +
                                       ", not " + k.label + " as its name says; HTML, SVG, " +
                                       "scripts and programs are never accepted");
  return k.mime;
}

}  // namespace shuniu::files
