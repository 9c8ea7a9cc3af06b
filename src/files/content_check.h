// Upload checks that need no database: the file name (cleaned), the type
// detected from the bytes with libmagic, and the rule that the name's
// extension must agree with the content. Errors name the field "file" (422).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace shuniu::files {

// The last path component of `raw` without control characters, trimmed, at
// most kMaxNameChars characters (the extension is kept); valid UTF-8 only.
inline constexpr size_t kMaxNameChars = 120;
Result<std::string> CleanName(std::string_view raw);

// Lower-case extension without the dot ("" when there is none).
std::string Extension(std::string_view name);

// The MIME type libmagic sees in `bytes` (thread-safe; "application/octet-stream"
// when libmagic cannot tell).
std::string DetectMime(std::string_view bytes);

// The MIME type to store and serve for an upload named `name`: the extension
// must be on the allow list and the detected content must be of that kind.
// HTML, SVG, scripts and programs are refused whatever their name.
Result<std::string> CheckContent(const std::string& name, std::string_view bytes);

// The accepted extensions, for messages and the UI ("pdf", "docx", …).
const std::vector<std::string>& AllowedExtensions();

}  // namespace shuniu::files
