// libFuzzer main of http_fuzz: a scratch system (for sessions) and the body
// shuniu::fuzz::HttpTarget (fuzz/targets/http.cpp).
#include <spdlog/spdlog.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "app/system.h"
#include "targets/targets.h"

namespace {
shuniu::app::System* g_sys = nullptr;
shuniu::fuzz::HttpTarget* g_target = nullptr;
}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  spdlog::set_level(spdlog::level::off);
  g_sys = shuniu::fuzz::OpenScratchSystem().release();
  g_target = new shuniu::fuzz::HttpTarget(*g_sys);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  g_target->Run(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
