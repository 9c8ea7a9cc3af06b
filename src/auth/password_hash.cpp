// Password hashing: argon2id (libsodium crypto_pwhash) stored as a PHC string,
// with verification and a check for hashes made under older parameters.
#include "auth/password_hash.h"

#include <sodium.h>

#include <string>

#include "core/crypto.h"

namespace shuniu::auth {
namespace {

// libsodium reads the PHC string as a NUL-terminated C string of at most
// crypto_pwhash_STRBYTES - 1 chars; anything longer or holding a NUL is bad.
bool CopyPhc(std::string_view phc, std::string& out) {
  if (phc.empty() || phc.size() >= crypto_pwhash_STRBYTES) return false;
  if (phc.find('\0') != std::string_view::npos) return false;
  out.assign(phc);
  return true;
}

// Never null, even for a default-constructed (null) string_view.
const char* Data(std::string_view s) { return s.data() ? s.data() : ""; }

}  // namespace

Result<std::string> HashPassword(std::string_view password) {
  crypto::InitSodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, Data(password), password.size(), kPwhashOpsLimit, kPwhashMemLimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Internal("password hashing failed (out of memory)");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view phc, std::string_view password) {
  crypto::InitSodium();
  std::string str;
  if (!CopyPhc(phc, str)) return false;
  return crypto_pwhash_str_verify(str.c_str(), Data(password), password.size()) == 0;
}

bool NeedsRehash(std::string_view phc) {
  crypto::InitSodium();
  std::string str;
  if (!CopyPhc(phc, str)) return true;
  // The argon2id-specific check answers -1 for argon2i strings, so those are
  // upgraded too (the generic crypto_pwhash_str_needs_rehash would keep them).
  return crypto_pwhash_argon2id_str_needs_rehash(str.c_str(), kPwhashOpsLimit, kPwhashMemLimit) !=
         0;
}

}  // namespace shuniu::auth
