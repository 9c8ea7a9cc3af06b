// Time-based one-time passwords (RFC 6238 TOTP over RFC 4226 HOTP, HMAC-SHA1)
// and the RFC 4648 base32 secrets and otpauth:// URIs authenticator apps use.
#include "auth/totp.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include <algorithm>
#include <array>

#include "core/crypto.h"

namespace shuniu::auth {
namespace {

constexpr char kBase32Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr int kMaxWindow = 10;

// Value of one base32 character, or -1.
int Base32Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a';
  if (c >= '2' && c <= '7') return c - '2' + 26;
  return -1;
}

bool IsUnreserved(unsigned char c) {  // RFC 3986 section 2.3
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

std::string PercentEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (IsUnreserved(c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0f];
    }
  }
  return out;
}

}  // namespace

std::string Base32Encode(std::string_view bytes) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out += kBase32Alphabet[(buffer >> (bits - 5)) & 0x1f];
      bits -= 5;
    }
  }
  if (bits > 0) out += kBase32Alphabet[(buffer << (5 - bits)) & 0x1f];
  return out;
}

std::optional<std::string> Base32Decode(std::string_view s) {
  while (!s.empty() && s.back() == '=') s.remove_suffix(1);
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  size_t chars = 0;
  for (char c : s) {
    if (c == ' ') continue;
    const int v = Base32Value(c);
    if (v < 0) return std::nullopt;
    buffer = (buffer << 5) | static_cast<uint32_t>(v);
    bits += 5;
    ++chars;
    if (bits >= 8) {
      out += static_cast<char>((buffer >> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  // A final group of 1, 3 or 6 chars cannot come from whole bytes.
  const size_t rest = chars % 8;
  if (rest == 1 || rest == 3 || rest == 6) return std::nullopt;
  if ((buffer & ((1u << bits) - 1)) != 0) return std::nullopt;
  return out;
}

std::string NewTotpSecret() {
  crypto::InitSodium();
  std::array<unsigned char, 20> key;
  randombytes_buf(key.data(), key.size());
  std::string secret = Base32Encode({reinterpret_cast<const char*>(key.data()), key.size()});
  sodium_memzero(key.data(), key.size());
  return secret;
}

std::string HotpCode(std::string_view key, uint64_t counter, int digits) {
  if (digits < 6 || digits > 8) return {};
  unsigned char msg[8];
  for (int i = 7; i >= 0; --i, counter >>= 8) {
    msg[i] = static_cast<unsigned char>(counter & 0xff);
  }
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  if (HMAC(EVP_sha1(), key.empty() ? "" : key.data(), static_cast<int>(key.size()), msg, sizeof msg,
           mac, &mac_len) == nullptr ||
      mac_len != 20) {
    return {};
  }
  const int offset = mac[19] & 0x0f;  // RFC 4226 dynamic truncation
  const uint32_t binary = (uint32_t{mac[offset]} & 0x7f) << 24 | uint32_t{mac[offset + 1]} << 16 |
                          uint32_t{mac[offset + 2]} << 8 | uint32_t{mac[offset + 3]};
  uint32_t modulus = 1;
  for (int i = 0; i < digits; ++i) modulus *= 10;
  std::string code = std::to_string(binary % modulus);
  return std::string(static_cast<size_t>(digits) - code.size(), '0') + code;
}

std::string TotpCode(std::string_view secret_b32, int64_t unix_time, int digits) {
  if (unix_time < 0) return {};
  const std::optional<std::string> key = Base32Decode(secret_b32);
  if (!key || key->empty()) return {};
  return HotpCode(*key, static_cast<uint64_t>(unix_time / kTotpStepSeconds), digits);
}

std::optional<int64_t> MatchTotpStep(std::string_view secret_b32, std::string_view code,
                                     int64_t unix_time, int window) {
  if (code.size() != kTotpDigits || unix_time < 0) return std::nullopt;
  const std::optional<std::string> key = Base32Decode(secret_b32);
  if (!key || key->empty()) return std::nullopt;
  window = std::clamp(window, 0, kMaxWindow);
  const int64_t now_step = unix_time / kTotpStepSeconds;
  std::optional<int64_t> match;
  // Every candidate is computed and compared, so timing does not reveal
  // which step (if any) matched.
  for (int64_t step = now_step - window; step <= now_step + window; ++step) {
    if (step < 0) continue;
    const std::string expected = HotpCode(*key, static_cast<uint64_t>(step));
    if (crypto::ConstantTimeEquals(expected, code) && !match) match = step;
  }
  return match;
}

bool VerifyTotp(std::string_view secret_b32, std::string_view code, int64_t unix_time, int window) {
  return MatchTotpStep(secret_b32, code, unix_time, window).has_value();
}

std::string OtpauthUri(std::string_view issuer, std::string_view account,
                       std::string_view secret_b32) {
  const std::string enc_issuer = PercentEncode(issuer);
  return "otpauth://totp/" + enc_issuer + ":" + PercentEncode(account) +
         "?secret=" + PercentEncode(secret_b32) + "&issuer=" + enc_issuer +
         "&algorithm=SHA1&digits=6&period=30";
}

}  // namespace shuniu::auth
