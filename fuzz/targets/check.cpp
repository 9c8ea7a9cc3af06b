// The failure hook of the fuzz target bodies: abort under libFuzzer, a test failure
// under GoogleTest.
#include <cstdio>
#include <cstdlib>

#include "targets/targets.h"

namespace shuniu::fuzz {
namespace {

void AbortHandler(const std::string& what) {
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what.c_str());
  std::abort();
}

FailureHandler g_handler = AbortHandler;

}  // namespace

void SetFailureHandler(FailureHandler handler) { g_handler = handler ? handler : AbortHandler; }

void Fail(const std::string& what) { g_handler(what); }

}  // namespace shuniu::fuzz
