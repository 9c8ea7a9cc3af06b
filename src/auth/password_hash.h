// Password hashing: argon2id (libsodium crypto_pwhash) stored as a PHC string,
// with verification and a check for hashes made under older parameters.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace shuniu::auth {

// Cost parameters (OWASP / ASVS 2.4 floors): 2 passes over 19 MiB, 1 lane.
inline constexpr unsigned long long kPwhashOpsLimit = 2;
inline constexpr size_t kPwhashMemLimit = 19 * 1024 * 1024;

// Hashes `password` with argon2id and a random 16-byte salt into a PHC string
// such as "$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>". Takes ~20 MiB and
// tens of milliseconds. Internal error only when memory cannot be had.
Result<std::string> HashPassword(std::string_view password);

// True when `password` matches the PHC string `phc` (argon2id or argon2i).
// False for a wrong password and for a malformed or unsupported `phc`.
// Comparison is constant-time (libsodium).
bool VerifyPassword(std::string_view phc, std::string_view password);

// True when `phc` was not made by HashPassword's current algorithm and
// parameters (other algorithm, other costs, or unparseable): after a
// successful VerifyPassword, store HashPassword(password) instead.
bool NeedsRehash(std::string_view phc);

}  // namespace shuniu::auth
