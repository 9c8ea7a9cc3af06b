// Unified social credit code (GB 32100-2015): format, check character (weights 3^i mod 31)
// and the authority/category name tables.
#include "org/uscc.h"

#include <array>
#include <cstddef>

namespace shuniu::org {
namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr std::array<int, 17> kWeights = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                          29, 25, 13, 8,  24, 10, 30, 28};
constexpr std::string_view kForbidden = "IOZSV";

struct Category {
  char code;
  const char* name;
};
struct Authority {
  char code;
  const char* name;
  std::vector<Category> categories;
};

// Registration authority and category codes from GB 32100-2015 and its amendments.
const std::vector<Authority>& Authorities() {
  static const std::vector<Authority> kTable = {
      {'1', "机构编制", {{'1', "机关"}, {'2', "事业单位"}, {'3', "群众团体"}, {'9', "其他"}}},
      {'2', "外交", {{'1', "外国常驻新闻机构"}, {'9', "其他"}}},
      {'3',
       "司法行政",
       {{'1', "律师执业机构"},
        {'2', "公证处"},
        {'3', "基层法律服务所"},
        {'4', "司法鉴定机构"},
        {'5', "仲裁委员会"},
        {'9', "其他"}}},
      {'4', "文化", {{'1', "外国在华文化中心"}, {'9', "其他"}}},
      {'5', "民政", {{'1', "社会团体"}, {'2', "社会服务机构"}, {'3', "基金会"}, {'9', "其他"}}},
      {'6',
       "旅游",
       {{'1', "外国旅游部门常驻代表机构"}, {'2', "港澳台旅游部门常驻代表机构"}, {'9', "其他"}}},
      {'7', "宗教", {{'1', "宗教活动场所"}, {'2', "宗教院校"}, {'9', "其他"}}},
      {'8', "工会", {{'1', "基层工会"}, {'9', "其他"}}},
      {'9', "工商", {{'1', "企业"}, {'2', "个体工商户"}, {'3', "农民专业合作社"}}},
      {'A', "中央军委改革和编制办公室", {{'1', "军队事业单位"}, {'9', "其他"}}},
      {'N',
       "农业",
       {{'1', "组级集体经济组织"},
        {'2', "村级集体经济组织"},
        {'3', "乡镇级集体经济组织"},
        {'9', "其他"}}},
      {'Y', "其他", {{'1', "其他"}}},
  };
  return kTable;
}

int AlphabetValue(char c) {
  size_t pos = kAlphabet.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

std::string Position(size_t index) { return "position " + std::to_string(index + 1); }

Status Invalid(std::string msg) { return InvalidArgument("uscc", std::move(msg)); }

// Rejects non-ASCII input, naming the character position (counted in code points).
Status CheckAscii(std::string_view code) {
  size_t chars = 0;
  for (unsigned char c : code) {
    if (c >= 0x80) {
      return Invalid("the code contains a non-ASCII character at " + Position(chars) +
                     " (full-width characters are not allowed)");
    }
    ++chars;
  }
  return Status::Ok();
}

// Checks each character against the alphabet, explaining lower case and forbidden letters.
Status CheckCharacters(std::string_view code) {
  for (size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    std::string quoted = std::string("'") + c + "'";
    if (c >= 'a' && c <= 'z') {
      return Invalid("lower-case letter " + quoted + " at " + Position(i) +
                     "; the code must be upper case");
    }
    if (kForbidden.find(c) != std::string_view::npos) {
      return Invalid("letter " + quoted + " at " + Position(i) +
                     " is not allowed (I, O, Z, S and V are never used)");
    }
    if (AlphabetValue(c) < 0) {
      return Invalid("character " + quoted + " at " + Position(i) + " is not allowed");
    }
  }
  return Status::Ok();
}

const Authority* FindAuthority(char code) {
  for (const Authority& a : Authorities()) {
    if (a.code == code) return &a;
  }
  return nullptr;
}

}  // namespace

char UsccCheckChar(std::string_view first17) {
  if (first17.size() != 17) return '\0';
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) {
    int v = AlphabetValue(first17[i]);
    if (v < 0) return '\0';
    sum += v * kWeights[i];
  }
  int check = 31 - sum % 31;
  return kAlphabet[check == 31 ? 0 : check];
}

Result<UsccInfo> ParseUscc(std::string_view code) {
  SHUNIU_RETURN_IF_ERROR(CheckAscii(code));
  if (code.size() != 18) {
    return Invalid("the code must be 18 characters long, got " + std::to_string(code.size()));
  }
  SHUNIU_RETURN_IF_ERROR(CheckCharacters(code));
  for (size_t i = 2; i < 8; ++i) {
    if (code[i] < '0' || code[i] > '9') {
      return Invalid("positions 3-8 must be digits (the administrative division code), got '" +
                     std::string(1, code[i]) + "' at " + Position(i));
    }
  }
  char expected = UsccCheckChar(code.substr(0, 17));
  if (code[17] != expected) {
    return Invalid(std::string("wrong check character '") + code[17] +
                   "' at position 18 (expected '" + expected + "')");
  }
  UsccInfo info;
  info.authority = code[0];
  info.category = code[1];
  info.division6 = std::string(code.substr(2, 6));
  if (const Authority* a = FindAuthority(info.authority)) {
    info.authority_name = a->name;
    for (const Category& c : a->categories) {
      if (c.code == info.category) info.category_name = c.name;
    }
  }
  return info;
}

namespace {

// The category expected under 民政 for an organization kind; '\0' for kinds not checked.
char ExpectedCategory(std::string_view kind) {
  if (kind == "association") return '1';
  if (kind == "social_service_agency") return '2';
  if (kind == "foundation") return '3';
  return '\0';
}

bool IsDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// The significant prefix of a 6-digit division: "44" for 440000, "4407" for 440700, all six
// for a county; "" for the national code 100000, which covers every region.
std::string_view DivisionPrefix(std::string_view d) {
  if (d == "100000") return {};
  if (d.substr(2) == "0000") return d.substr(0, 2);
  if (d.substr(4) == "00") return d.substr(0, 4);
  return d;
}

std::string Named(const std::string& name, char code) {
  return name.empty() ? std::string("'") + code + "'" : name;
}

}  // namespace

std::vector<std::string> UsccWarnings(const UsccInfo& info, std::string_view kind,
                                      std::string_view region_code) {
  std::vector<std::string> warnings;
  char category = ExpectedCategory(kind);
  if (category != '\0') {
    std::string k(kind);
    if (info.authority != '5') {
      warnings.push_back("the code's registration authority (" +
                         Named(info.authority_name, info.authority) +
                         ") is not 民政 as expected for the kind " + k);
    } else if (info.category != category) {
      warnings.push_back("the code's category (" + Named(info.category_name, info.category) +
                         ") does not match the kind " + k);
    }
  }
  if (region_code.size() == 12 && IsDigits(region_code) && info.division6.size() == 6) {
    if (!region_code.starts_with(DivisionPrefix(info.division6))) {
      warnings.push_back("the code's division " + info.division6 +
                         " is not in the organization's region " + std::string(region_code));
    }
  }
  return warnings;
}

}  // namespace shuniu::org
