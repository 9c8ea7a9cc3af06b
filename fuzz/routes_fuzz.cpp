// libFuzzer main of routes_fuzz: one scratch system (SQLite on tmpfs, migrated once)
// and the live route table; the body is shuniu::fuzz::RoutesTarget (fuzz/targets/routes.cpp).
#include <spdlog/spdlog.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "app/system.h"
#include "http/app.h"
#include "http/routes.h"
#include "targets/targets.h"

namespace {

struct Stack {
  std::unique_ptr<shuniu::app::System> sys;
  std::unique_ptr<shuniu::http::Services> services;
  std::unique_ptr<shuniu::http::App> app;
  std::unique_ptr<shuniu::fuzz::RoutesTarget> target;
};

Stack* g_stack = nullptr;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  spdlog::set_level(spdlog::level::off);
  g_stack = new Stack;
  g_stack->sys = shuniu::fuzz::OpenScratchSystem();
  g_stack->services = std::make_unique<shuniu::http::Services>(g_stack->sys->services());
  g_stack->app = std::make_unique<shuniu::http::App>(
      shuniu::http::BuildRoutes(*g_stack->services), *g_stack->sys->auth, *g_stack->sys->db,
      shuniu::http::AppOptions{1 << 20, "", false, 30, "", {}});
  g_stack->target = std::make_unique<shuniu::fuzz::RoutesTarget>(*g_stack->sys, *g_stack->app);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  g_stack->target->Run(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
