// ids_fuzz body: every validator of identifiers, checked against invariants (a code
// that parses has the matching check character, normalising is idempotent, dates
// round-trip, validators of one thing agree) rather than only "does not crash".
#include <algorithm>

#include "core/region_code.h"
#include "core/time.h"
#include "home/home_service.h"
#include "org/org.h"
#include "org/org_service.h"
#include "org/uscc.h"
#include "party/party_service.h"
#include "party/pii.h"
#include "project/project_service.h"
#include "targets/targets.h"

namespace shuniu::fuzz {
namespace {

bool AllDigits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void Uscc(const std::string& s) {
  auto r = org::ParseUscc(s);
  if (r.ok()) {
    Check(s.size() == 18, "ParseUscc accepted " + std::to_string(s.size()) + " characters");
    Check(org::UsccCheckChar(s.substr(0, 17)) == s[17], "ParseUscc accepted a wrong check char");
    Check(r->division6 == s.substr(2, 6) && AllDigits(r->division6), "division6 is not 3-8");
    for (const char* kind : {"association", "social_service_agency", "foundation", "micro_org"})
      for (const char* region : {"440700000000", "440705000000", "", "4407"})
        (void)org::UsccWarnings(*r, kind, region);
  } else {
    Check(r.status().field() == "uscc", "a USCC error does not name the uscc field");
  }
  if (s.size() < 17) return;
  // The first 17 characters with their computed check character make a valid code
  // when they are of the alphabet and positions 3-8 are digits; any other last
  // character does not.
  std::string first17 = s.substr(0, 17);
  char check = org::UsccCheckChar(first17);
  if (check == '\0' || !AllDigits(first17.substr(2, 6))) return;
  Check(org::ParseUscc(first17 + check).ok(), "a code completed with its check char fails");
  char other = check == '0' ? '1' : '0';
  Check(!org::ParseUscc(first17 + other).ok(), "a code with a wrong check char parses");
}

void IdNumber(const std::string& s) {
  std::string norm = party::NormalizeIdNumber(s);
  Check(party::NormalizeIdNumber(norm) == norm, "NormalizeIdNumber is not idempotent");
  if (party::IsIdNumber(s)) {
    Check(s.size() == 18 && party::IdCheckChar(s.substr(0, 17)) == s[17],
          "IsIdNumber accepted a wrong check character");
    Check(norm == s, "a valid ID number changes when normalised");
    std::string masked = party::MaskIdNumber(s);
    Check(masked.size() == 18 && masked.substr(0, 6) == s.substr(0, 6) &&
              masked.substr(6, 8) == "********" && masked.substr(14) == s.substr(14),
          "MaskIdNumber shows the birth date");
  }
  Check(party::MaskIdNumber(s).find_first_not_of('*') == std::string::npos || s.size() == 18,
        "MaskIdNumber shows part of a malformed number");
  if (s.size() < 17) return;
  // 17 digits with a real birth date (1900 or later, area not 0…) plus the
  // computed check character are a valid number, and only then.
  std::string first17 = s.substr(0, 17);
  char check = party::IdCheckChar(first17);
  if (!AllDigits(first17)) {
    Check(check == '\0', "IdCheckChar gave a check character for non-digits");
    return;
  }
  std::string ymd =
      first17.substr(6, 4) + "-" + first17.substr(10, 2) + "-" + first17.substr(12, 2);
  bool date_ok = party::IsDate(ymd) && ymd >= "1900";
  bool valid = party::IsIdNumber(first17 + check);
  Check(valid == (date_ok && first17[0] != '0'),
        "IsIdNumber and the birth date disagree for " + first17 + check);
}

void Phone(const std::string& s) {
  std::string d = party::PhoneDigits(s);
  Check(d.empty() || (d.size() >= 7 && d.size() <= 15 && AllDigits(d)),
        "PhoneDigits returned something other than 7-15 digits");
  const org::FieldDef* f = org::FindField("contact_phone");
  std::string v = s;
  if (org::ValidateValue(*f, v).ok() && !v.empty()) {
    Check(AllDigits(v) && v.size() >= 10 && v.size() <= 12, "contact_phone kept non-digits");
    std::string masked = org::MaskPhone(v);
    Check(masked.size() == v.size() && masked != v && masked.find("****") != std::string::npos,
          "MaskPhone does not hide the middle digits");
  }
}

void Region(const std::string& s) {
  int level = RegionLevel(s);
  Check(IsRegionCode(s) == (level != 0), "IsRegionCode and RegionLevel disagree");
  CodeRange range = SubtreeRange(s);
  if (level == 0) {
    if (s != kNationalRoot)
      Check(range.lo == "~" && !InSubtree(s, s), "an invalid code has a subtree");
    return;
  }
  Check(level >= 1 && level <= 5, "RegionLevel out of 1..5");
  Check(range.lo == s && range.lo <= range.hi && range.hi.size() == 12, "bad subtree range");
  Check(InSubtree(s, s) && InSubtree(s, kNationalRoot) && IsScopeCode(s), "not in its subtree");
  int prev = 0;
  for (const auto& a : AncestorCodes(s)) {
    int l = RegionLevel(a);
    Check(l > prev && l < level, "ancestors out of order");
    Check(InSubtree(s, a) && !InSubtree(a, s), "ancestor does not contain the code");
    Check(SubtreeRange(a).lo <= s && s <= SubtreeRange(a).hi, "ancestor range misses the code");
    prev = l;
  }
  auto with_self = AncestorCodes(s, true);
  Check(!with_self.empty() && with_self.back() == s, "AncestorCodes(with_self) lacks the code");
}

void Date(const std::string& s) {
  auto ms = ParseRfc3339(s);
  if (ms) {
    std::string text = Rfc3339(*ms);
    Check(ParseRfc3339(text) == ms, "Rfc3339 does not parse back: " + text);
    // A plain date means that calendar day: no rolling 02-31 over into March.
    if (s.size() == 10) Check(text.substr(0, 10) == s, "date " + s + " was read as " + text);
  }
  bool project = project::ValidDate(s);
  bool party = party::IsDate(s);
  Check(project == (party && s >= "1900"), "project::ValidDate and party::IsDate disagree");
  Check(party == home::IsDate(s), "home::IsDate and party::IsDate disagree");
  if (party) Check(ms.has_value(), "ParseRfc3339 refuses the calendar date " + s);
  const org::FieldDef* f = org::FindField("founded_on");
  std::string v = s;
  if (org::ValidateValue(*f, v).ok() && !v.empty())
    Check(party::IsDate(v), "an organization date field accepted " + v);
}

// Every organization field: a value that validates is normalised once and for all.
void OrgFields(const std::string& s) {
  for (const auto& f : org::OrgFields()) {
    std::string v = s;
    Status st = org::ValidateValue(f, v);
    if (!st.ok()) {
      Check(st.field() == f.name,
            std::string("org field error names ") + st.field() + " instead of " + f.name);
      continue;
    }
    std::string again = v;
    Check(org::ValidateValue(f, again).ok() && again == v,
          std::string("validating ") + f.name + " twice changes it");
  }
}

}  // namespace

void IdsTarget(std::string_view input) {
  std::string s(input.substr(0, 64));
  Uscc(s);
  IdNumber(s);
  Phone(s);
  Region(s);
  Date(s);
  OrgFields(s);
}

}  // namespace shuniu::fuzz
