// libFuzzer main of multipart_fuzz; the body is shuniu::fuzz::MultipartTarget
// (fuzz/targets/multipart.cpp), which the corpus regression test in shuniu_tests runs too. See
// fuzz/README.md.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "targets/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  shuniu::fuzz::MultipartTarget(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
