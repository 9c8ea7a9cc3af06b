// Small cryptographic helpers on libsodium: random tokens and ids, SHA-256,
// HMAC-SHA-256 and constant-time comparison.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace shuniu::crypto {

// Initialises libsodium exactly once (std::call_once); safe from any thread.
// Every function here calls it; other users of libsodium call it first too.
// Aborts the process if libsodium cannot be initialised.
void InitSodium();

// `bytes` random bytes from the OS CSPRNG, as base64url without padding
// (alphabet A-Z a-z 0-9 - _). The default 16 bytes (128 bits) gives 22 chars.
std::string RandomToken(size_t bytes = 16);

// Lower-case hex SHA-256 of `data` (64 chars).
std::string Sha256Hex(std::string_view data);

// Lower-case hex HMAC-SHA-256 (RFC 2104) of `msg` under `key`; any key length.
std::string HmacSha256Hex(std::string_view key, std::string_view msg);

// True when a and b are byte-equal. The time taken depends only on the
// length, never on where the contents differ; different lengths are unequal.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// Random id, uniform in [1, 2^53): exact in a JavaScript number and not
// guessable from neighbouring ids.
int64_t RandomId();

// Authenticated encryption of short secrets at rest (XChaCha20-Poly1305): the
// 32-byte key is derived from the server secret for `purpose`; the result is
// base64(nonce || ciphertext). OpenText returns nullopt when tampered or wrong key.
std::string SealText(std::string_view server_secret, std::string_view purpose,
                     std::string_view plain);
std::optional<std::string> OpenText(std::string_view server_secret, std::string_view purpose,
                                    std::string_view sealed);

}  // namespace shuniu::crypto
