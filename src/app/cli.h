// Shared by the `shuniu` commands (main.cpp, backup.cpp).
#pragma once

#include <iostream>

#include "core/result.h"

namespace shuniu::app {

// Prints "error: MESSAGE (FIELD)" to standard error; returns the exit code 2.
inline int Fail(const Status& s) {
  std::cerr << "error: " << s.message();
  if (!s.field().empty()) std::cerr << " (" << s.field() << ")";
  std::cerr << "\n";
  return 2;
}

}  // namespace shuniu::app
