// multipart/form-data bodies (RFC 7578): the one file upload path of the API.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace shuniu::http {

struct UploadedFile {
  std::string filename;
  std::string content_type;
  std::string data;
};

// Returns the part named `field` from a multipart body whose Content-Type header
// is `content_type`. Errors name the field: a missing boundary, a malformed body
// or a missing part → InvalidArgument(field, …).
Result<UploadedFile> MultipartField(std::string_view content_type, std::string_view body,
                                    const std::string& field);

}  // namespace shuniu::http
