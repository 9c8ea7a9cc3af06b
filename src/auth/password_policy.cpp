// Password rules of the two policy profiles (docs/security.md, "Identity and
// sessions"): `asvs` (OWASP ASVS 2.1) and `dengbao3` (等保 2.0 level 3).
#include "auth/password_policy.h"

#include <sodium.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>

#include "core/crypto.h"

namespace shuniu::auth {
namespace {

constexpr size_t kMaxChars = 128;
constexpr size_t kAsvsMinChars = 12;
constexpr size_t kDengbaoMinChars = 8;
constexpr size_t kMinContainedUsername = 3;

// Length in bytes of the well-formed UTF-8 sequence starting at s[i] (no
// overlongs, surrogates or values past U+10FFFF); 0 when ill-formed.
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) return 1;
  size_t len = 0;
  uint32_t cp = 0;
  if (b >= 0xC2 && b <= 0xDF) {
    len = 2;
    cp = b & 0x1Fu;
  } else if (b >= 0xE0 && b <= 0xEF) {
    len = 3;
    cp = b & 0x0Fu;
  } else if (b >= 0xF0 && b <= 0xF4) {
    len = 4;
    cp = b & 0x07u;
  } else {
    return 0;
  }
  if (len > s.size() - i) return 0;
  for (size_t k = 1; k < len; ++k) {
    const auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (c & 0x3Fu);
  }
  const bool overlong_or_bad = (len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
                               (len == 4 && (cp < 0x10000 || cp > 0x10FFFF));
  return overlong_or_bad ? 0 : len;
}

// Number of code points in `s`; nullopt when it is not well-formed UTF-8.
std::optional<size_t> CountCodePoints(std::string_view s) {
  size_t count = 0;
  for (size_t i = 0; i < s.size(); ++count) {
    const size_t len = Utf8SequenceLength(s, i);
    if (len == 0) return std::nullopt;
    i += len;
  }
  return count;
}

std::string ToLowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Classes present among lower, upper, digit and other (any other byte,
// including every byte of a non-ASCII character).
int CountClasses(std::string_view s) {
  bool lower = false, upper = false, digit = false, other = false;
  for (char c : s) {
    if (c >= 'a' && c <= 'z')
      lower = true;
    else if (c >= 'A' && c <= 'Z')
      upper = true;
    else if (c >= '0' && c <= '9')
      digit = true;
    else
      other = true;
  }
  return int{lower} + int{upper} + int{digit} + int{other};
}

bool IsCommon(std::string_view password) {
  const std::span<const std::string_view> list = CommonPasswords();
  return std::binary_search(list.begin(), list.end(), std::string_view(ToLowerAscii(password)));
}

Status Reject(std::string msg) { return InvalidArgument("password", std::move(msg)); }

Status CheckLength(size_t chars, size_t min_chars) {
  if (chars < min_chars) {
    return Reject("password must be at least " + std::to_string(min_chars) + " characters long");
  }
  if (chars > kMaxChars) {
    return Reject("password must be at most " + std::to_string(kMaxChars) + " characters long");
  }
  return Status::Ok();
}

Status CheckAsvs(std::string_view password, std::string_view username) {
  if (IsCommon(password)) {
    return Reject(
        "password is one of the 10,000 most common passwords; "
        "choose a less predictable one");
  }
  const std::string lower_pw = ToLowerAscii(password);
  const std::string lower_user = ToLowerAscii(username);
  if (lower_user.empty()) return Status::Ok();
  if (lower_pw == lower_user) {
    return Reject("password must not be the same as the username");
  }
  if (CountCodePoints(username).value_or(0) >= kMinContainedUsername &&
      lower_pw.find(lower_user) != std::string::npos) {
    return Reject("password must not contain the username");
  }
  return Status::Ok();
}

Status CheckDengbao3(std::string_view password, std::string_view username) {
  if (CountClasses(password) < 3) {
    return Reject(
        "password must contain at least 3 of these 4 kinds of "
        "characters: lowercase letters, uppercase letters, digits, "
        "other characters");
  }
  if (!username.empty() && ToLowerAscii(password) == ToLowerAscii(username)) {
    return Reject("password must not be the same as the username");
  }
  return Status::Ok();
}

}  // namespace

Result<PolicyProfile> ParseProfile(std::string_view s) {
  if (s == "asvs") return PolicyProfile::kAsvs;
  if (s == "dengbao3") return PolicyProfile::kDengbao3;
  return InvalidArgument("profile",
                         "password policy profile must be \"asvs\" or "
                         "\"dengbao3\"");
}

Status CheckPassword(PolicyProfile p, std::string_view password, std::string_view username) {
  const std::optional<size_t> chars = CountCodePoints(password);
  if (!chars) return Reject("password is not valid UTF-8 text");
  const bool asvs = p == PolicyProfile::kAsvs;
  SHUNIU_RETURN_IF_ERROR(CheckLength(*chars, asvs ? kAsvsMinChars : kDengbaoMinChars));
  return asvs ? CheckAsvs(password, username) : CheckDengbao3(password, username);
}

int PasswordMaxAgeDays(PolicyProfile p) { return p == PolicyProfile::kDengbao3 ? 90 : 0; }

int PasswordHistoryDepth(PolicyProfile p) { return p == PolicyProfile::kDengbao3 ? 5 : 0; }

std::string GeneratePassword() {
  // No look-alikes: 0 O o 1 l I | and no quotes, backslash or space.
  static constexpr std::string_view kLower = "abcdefghijkmnpqrstuvwxyz";
  static constexpr std::string_view kUpper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
  static constexpr std::string_view kDigits = "23456789";
  static constexpr std::string_view kSymbols = "!#$%&*+-=?@^_";
  static const std::string kAll =
      std::string(kLower) + std::string(kUpper) + std::string(kDigits) + std::string(kSymbols);
  constexpr size_t kLength = 16;
  crypto::InitSodium();
  std::string pw(kLength, '\0');
  // Redraw until every class is present: uniform over the acceptable strings.
  do {
    for (char& c : pw) {
      c = kAll[randombytes_uniform(static_cast<uint32_t>(kAll.size()))];
    }
  } while (CountClasses(pw) < 4 || !CheckPassword(PolicyProfile::kAsvs, pw, "").ok());
  return pw;
}

}  // namespace shuniu::auth
