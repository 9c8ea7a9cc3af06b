// Time-based one-time passwords (RFC 6238 TOTP over RFC 4226 HOTP, HMAC-SHA1)
// and the RFC 4648 base32 secrets and otpauth:// URIs authenticator apps use.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace shuniu::auth {

inline constexpr int kTotpDigits = 6;
inline constexpr int64_t kTotpStepSeconds = 30;

// A new secret: 20 random bytes (160 bits, RFC 4226's recommendation) as
// base32 without padding (32 chars).
std::string NewTotpSecret();

// RFC 4648 base32 (alphabet A-Z 2-7) without padding.
std::string Base32Encode(std::string_view bytes);

// Decodes RFC 4648 base32; case-insensitive, trailing '=' padding optional,
// spaces ignored. nullopt for any other character, an impossible length, or
// non-zero leftover bits.
std::optional<std::string> Base32Decode(std::string_view s);

// RFC 4226 HOTP of raw `key` at `counter`, zero-padded to `digits` (6–8).
// Empty string when digits is out of range.
std::string HotpCode(std::string_view key, uint64_t counter, int digits = kTotpDigits);

// TOTP code for base32 `secret_b32` at `unix_time` (seconds). Empty string
// when the secret is not valid base32 or is empty, or unix_time < 0.
// `digits` (6–8) exists for the RFC's 8-digit test vectors.
std::string TotpCode(std::string_view secret_b32, int64_t unix_time, int digits = kTotpDigits);

// The time step (unix_time / 30) within ±window steps of `unix_time` whose
// code equals `code` (6 ASCII digits), compared in constant time; nullopt if
// none. Callers store the step and refuse steps <= the last one used, so a
// code cannot be replayed. window is clamped to [0, 10].
std::optional<int64_t> MatchTotpStep(std::string_view secret_b32, std::string_view code,
                                     int64_t unix_time, int window = 1);

// True when MatchTotpStep finds a step (no replay protection by itself).
bool VerifyTotp(std::string_view secret_b32, std::string_view code, int64_t unix_time,
                int window = 1);

// otpauth://totp/ISSUER:ACCOUNT?secret=...&issuer=...&algorithm=SHA1&digits=6
// &period=30 — issuer and account percent-encoded (RFC 3986, UTF-8), for a
// QR code that authenticator apps scan.
std::string OtpauthUri(std::string_view issuer, std::string_view account,
                       std::string_view secret_b32);

}  // namespace shuniu::auth
