// The organization field table and per-value validation.
#include <algorithm>
#include <regex>

#include "core/json_input.h"
#include "core/region_code.h"
#include "core/time.h"
#include "org/org.h"
#include "org/uscc.h"

namespace shuniu::org {

const std::vector<FieldDef>& OrgFields() {
  using T = FieldType;
  static const std::vector<FieldDef> kFields = {
      {"name", T::kText, 200, nullptr, true, false, "名称"},
      {"kind", T::kDict, 48, "org_kind", true, false, "类型"},
      {"uscc", T::kUscc, 18, nullptr, false, false, "统一社会信用代码"},
      {"region_code", T::kRegion, 12, nullptr, true, false, "所属区划代码"},
      {"status", T::kDict, 16, "org_status", true, false, "状态"},
      {"registration_authority", T::kText, 100, nullptr, false, false, "登记管理机关"},
      {"registered_on", T::kDate, 10, nullptr, false, false, "登记日期"},
      {"supervising_unit", T::kText, 100, nullptr, false, false, "业务主管单位"},
      {"founded_on", T::kDate, 10, nullptr, false, false, "成立日期"},
      {"origin", T::kDict, 48, "org_origin", false, false, "来源"},
      {"domains", T::kList, 48, "service_domain", false, true, "服务领域"},
      {"members", T::kInt, 9, nullptr, false, true, "会员人数"},
      {"staff", T::kInt, 9, nullptr, false, true, "专职人员"},
      {"volunteers", T::kInt, 9, nullptr, false, true, "志愿者人数"},
      {"address", T::kText, 300, nullptr, false, true, "地址"},
      {"contact_name", T::kText, 50, nullptr, false, true, "联系人"},
      {"contact_phone", T::kPhone, 20, nullptr, false, true, "联系电话"},
      {"website", T::kText, 200, nullptr, false, true, "网站"},
      {"wechat", T::kText, 100, nullptr, false, true, "微信公众号"},
      {"grade", T::kDict, 4, "org_grade", false, false, "评估等级"},
      {"grade_valid_until", T::kDate, 10, nullptr, false, false, "等级有效期至"},
      {"guidance_category", T::kDict, 48, "guidance_category", false, false, "指导类别"},
      {"tags", T::kList, 30, nullptr, false, false, "标签"},
      {"guidance_notes", T::kText, 2000, nullptr, false, false, "指导意见"},
      {"cadre_user_id", T::kInt, 18, nullptr, false, false, "挂钩干部(用户ID)"},
      {"department", T::kText, 100, nullptr, false, false, "挂钩部室"},
      {"published", T::kBool, 5, nullptr, false, true, "公开名录"},
      {"public_contact", T::kText, 200, nullptr, false, true, "公开联系方式"},
  };
  return kFields;
}

const FieldDef* FindField(std::string_view name) {
  for (const auto& f : OrgFields())
    if (name == f.name) return &f;
  return nullptr;
}

const std::string& Org::Get(const std::string& field) const {
  static const std::string kEmpty;
  auto it = v.find(field);
  return (it == v.end() || !it->second) ? kEmpty : *it->second;
}

namespace {

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

Status CheckPhone(std::string& v) {
  std::string digits;
  for (char ch : v)
    if (ch != ' ' && ch != '-') digits += ch;
  static const std::regex mobile("^1[3-9][0-9]{9}$");
  static const std::regex landline("^0[1-9][0-9]{1,2}[0-9]{7,8}$");
  if (std::regex_match(digits, mobile) || std::regex_match(digits, landline)) {
    v = digits;
    return Status::Ok();
  }
  return InvalidArgument("contact_phone",
                         "contact_phone must be a mobile number (11 digits starting with 1) or a "
                         "landline with its area code");
}

}  // namespace

Status ValidateValue(const FieldDef& f, std::string& value) {
  std::string name = f.name;
  value = Trim(value);
  long long len = Utf8Length(value);
  if (len < 0) return InvalidArgument(name, name + " is not valid UTF-8");
  if (static_cast<size_t>(len) > f.max_len)
    return InvalidArgument(
        name, name + " must have at most " + std::to_string(f.max_len) + " characters");
  if (value.empty()) {
    if (f.required) return InvalidArgument(name, name + " is required");
    return Status::Ok();
  }
  switch (f.type) {
    case FieldType::kInt: {
      if (value.find_first_not_of("0123456789") != std::string::npos)
        return InvalidArgument(name, name + " must be a whole number ≥ 0");
      break;
    }
    case FieldType::kDate: {
      if (value.size() != 10 || !ParseRfc3339(value))
        return InvalidArgument(name, name + " must be a date YYYY-MM-DD");
      break;
    }
    case FieldType::kBool: {
      if (value == "是" || value == "1" || value == "true")
        value = "1";
      else if (value == "否" || value == "0" || value == "false")
        value = "0";
      else
        return InvalidArgument(name, name + " must be true or false");
      break;
    }
    case FieldType::kPhone:
      return CheckPhone(value);
    case FieldType::kUscc: {
      auto r = ParseUscc(value);
      if (!r.ok()) return r.status();
      break;
    }
    case FieldType::kRegion: {
      if (!IsRegionCode(value))
        return InvalidArgument(name, name + " must be a 12-digit division code");
      break;
    }
    default:
      break;
  }
  return Status::Ok();
}

}  // namespace shuniu::org
