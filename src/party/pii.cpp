// GB 11643 resident ID numbers and phone numbers: validation and masking.
#include "party/pii.h"

#include <chrono>

namespace shuniu::party {

char IdCheckChar(std::string_view first17) {
  static const int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static const char kChars[] = "10X98765432";
  if (first17.size() != 17) return '\0';
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) {
    if (first17[i] < '0' || first17[i] > '9') return '\0';  // would index before kChars
    sum += (first17[i] - '0') * kWeights[i];
  }
  return kChars[sum % 11];
}

bool IsIdNumber(std::string_view id) {
  if (id.size() != 18) return false;
  for (size_t i = 0; i < 17; ++i)
    if (id[i] < '0' || id[i] > '9') return false;
  if (id[0] == '0') return false;
  using namespace std::chrono;
  int y = std::stoi(std::string(id.substr(6, 4)));
  unsigned m = static_cast<unsigned>(std::stoi(std::string(id.substr(10, 2))));
  unsigned d = static_cast<unsigned>(std::stoi(std::string(id.substr(12, 2))));
  if (y < 1900 || !year_month_day{year(y), month(m), day(d)}.ok()) return false;
  return id[17] == IdCheckChar(id.substr(0, 17));
}

std::string NormalizeIdNumber(std::string_view id) {
  size_t b = id.find_first_not_of(' '), e = id.find_last_not_of(' ');
  std::string out = b == std::string_view::npos ? "" : std::string(id.substr(b, e - b + 1));
  if (!out.empty() && out.back() == 'x') out.back() = 'X';
  return out;
}

std::string MaskIdNumber(const std::string& id) {
  if (id.size() != 18) return std::string(id.size(), '*');
  return id.substr(0, 6) + std::string(8, '*') + id.substr(14);
}

std::string PhoneDigits(std::string_view s) {
  std::string d;
  for (size_t i = 0; i < s.size(); ++i) {
    char ch = s[i];
    if (ch >= '0' && ch <= '9')
      d += ch;
    else if (ch != '-' && ch != ' ' && !(ch == '+' && i == 0))
      return "";
  }
  return d.size() >= 7 && d.size() <= 15 ? d : "";
}

}  // namespace shuniu::party
