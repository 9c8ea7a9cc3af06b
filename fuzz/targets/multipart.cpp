// multipart_fuzz body: the one upload parser (http/multipart.cpp), on hostile bodies
// and on bodies built from the input that must read back unchanged.
#include "http/multipart.h"

#include <string>

#include "targets/targets.h"

namespace shuniu::fuzz {
namespace {

// A part's headers end with a blank line and its data with CRLF and the delimiter.
void CheckFound(std::string_view body, const http::UploadedFile& f) {
  size_t at = body.find(f.data);
  Check(at != std::string_view::npos, "the part's data is not in the body");
}

// Builds a well-formed body around `data` and reads it back.
void RoundTrip(std::string_view data, std::string_view filename) {
  std::string boundary = "----shuniuFuzzBoundary7MA4YWxkTrZu0gW";
  if (data.find(boundary) != std::string_view::npos) return;
  // Quotes and line breaks cannot appear in a quoted filename (RFC 7578 escapes them).
  for (char ch : filename)
    if (ch == '"' || ch == '\r' || ch == '\n') return;
  std::string body =
      "--" + boundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n--" +
      boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" +
      std::string(filename) + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" +
      std::string(data) + "\r\n--" + boundary + "--\r\n";
  auto f = http::MultipartField("multipart/form-data; boundary=" + boundary, body, "file");
  Check(f.ok(), "a well-formed upload was refused: " + (f.ok() ? "" : f.status().message()));
  if (!f.ok()) return;
  Check(f->data == data, "the uploaded bytes changed in the round trip");
  Check(f->filename == filename, "the filename changed in the round trip");
  Check(f->content_type == "application/octet-stream", "the part's type was lost");
}

}  // namespace

void MultipartTarget(std::string_view input) {
  size_t eol = input.find('\n');
  std::string_view content_type = input.substr(0, eol);
  std::string_view body = eol == std::string_view::npos ? "" : input.substr(eol + 1);
  for (const char* field : {"file", "note"}) {
    auto f = http::MultipartField(content_type, body, field);
    if (f.ok()) {
      CheckFound(body, *f);
    } else {
      Check(f.status().field() == field, "a multipart error does not name its field");
      Check(f.status().code() == Code::kInvalidArgument, "a multipart error is not 422");
    }
  }
  // Round trip: the body as file content, its first line (capped) as the file name.
  RoundTrip(body, content_type.substr(0, 60));
}

}  // namespace shuniu::fuzz
