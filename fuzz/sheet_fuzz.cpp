// libFuzzer target for the spreadsheet reader: any bytes must yield a Sheet or an error,
// never a crash, leak, hang or sanitizer report. See fuzz/README.md.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sheet/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto sheet = shuniu::sheet::ReadSheet(bytes, 1000, 50);
  (void)sheet.ok();
  return 0;
}
