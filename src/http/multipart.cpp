// A strict, allocation-light multipart/form-data reader.
#include "http/multipart.h"

#include <algorithm>
#include <cctype>

namespace shuniu::http {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

// Value of `key=` in a header parameter list (quoted or bare).
std::string Param(std::string_view header, std::string_view key) {
  std::string lower = Lower(header);
  size_t pos = 0;
  while ((pos = lower.find(std::string(key) + "=", pos)) != std::string::npos) {
    if (pos > 0 && lower[pos - 1] != ';' && lower[pos - 1] != ' ') {
      ++pos;
      continue;
    }
    size_t v = pos + key.size() + 1;
    if (v < header.size() && header[v] == '"') {
      size_t end = header.find('"', v + 1);
      if (end == std::string_view::npos) return "";
      return std::string(header.substr(v + 1, end - v - 1));
    }
    size_t end = header.find(';', v);
    std::string_view val = header.substr(v, end == std::string_view::npos ? end : end - v);
    while (!val.empty() && val.back() == ' ') val.remove_suffix(1);
    return std::string(val);
  }
  return "";
}

}  // namespace

Result<UploadedFile> MultipartField(std::string_view content_type, std::string_view body,
                                    const std::string& field) {
  if (Lower(content_type).rfind("multipart/form-data", 0) != 0)
    return InvalidArgument(field, "upload the file as multipart/form-data");
  std::string boundary = Param(content_type, "boundary");
  if (boundary.empty() || boundary.size() > 200)
    return InvalidArgument(field, "the multipart boundary is missing");
  std::string delim = "--" + boundary;
  size_t pos = body.find(delim);
  while (pos != std::string_view::npos) {
    size_t start = pos + delim.size();
    if (body.substr(start, 2) == "--") break;  // closing delimiter
    if (body.substr(start, 2) != "\r\n") return InvalidArgument(field, "malformed multipart body");
    size_t headers_end = body.find("\r\n\r\n", start + 2);
    if (headers_end == std::string_view::npos)
      return InvalidArgument(field, "malformed multipart body");
    std::string_view headers = body.substr(start + 2, headers_end - start - 2);
    size_t next = body.find("\r\n" + delim, headers_end + 4);
    if (next == std::string_view::npos) return InvalidArgument(field, "malformed multipart body");
    UploadedFile f;
    std::string name;
    size_t line_start = 0;
    while (line_start <= headers.size()) {
      size_t eol = headers.find("\r\n", line_start);
      std::string_view line =
          headers.substr(line_start, eol == std::string_view::npos ? eol : eol - line_start);
      std::string lower = Lower(line);
      if (lower.rfind("content-disposition:", 0) == 0) {
        name = Param(line, "name");
        f.filename = Param(line, "filename");
      } else if (lower.rfind("content-type:", 0) == 0) {
        std::string_view v = line.substr(13);
        while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
        f.content_type = std::string(v);
      }
      if (eol == std::string_view::npos) break;
      line_start = eol + 2;
    }
    if (name == field) {
      f.data = std::string(body.substr(headers_end + 4, next - headers_end - 4));
      return f;
    }
    pos = next + 2;
  }
  return InvalidArgument(field, "the form has no part named '" + field + "'");
}

}  // namespace shuniu::http
