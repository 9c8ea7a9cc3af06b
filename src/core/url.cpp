#include "core/url.h"

#include <cctype>
#include <string>

namespace shuniu {

bool PercentDecode(const std::string& in, std::string* out, bool plus_is_space) {
  out->clear();
  for (size_t i = 0; i < in.size(); ++i) {
    char ch = in[i];
    if (ch == '%') {
      if (i + 2 >= in.size() || !isxdigit(static_cast<unsigned char>(in[i + 1])) ||
          !isxdigit(static_cast<unsigned char>(in[i + 2])))
        return false;
      out->push_back(static_cast<char>(std::stoi(in.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      out->push_back(plus_is_space && ch == '+' ? ' ' : ch);
    }
  }
  return true;
}

}  // namespace shuniu
