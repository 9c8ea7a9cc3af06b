// Small cryptographic helpers on libsodium: random tokens and ids, SHA-256,
// HMAC-SHA-256 and constant-time comparison.
#include "core/crypto.h"

#include <sodium.h>

#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>

namespace shuniu::crypto {
namespace {

std::string ToHex(const unsigned char* bin, size_t len) {
  std::string hex(len * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bin, len);
  hex.pop_back();  // the terminating NUL
  return hex;
}

// Never null, even for a default-constructed (null) string_view.
const unsigned char* Bytes(std::string_view s) {
  static const unsigned char kEmpty[1] = {0};
  return s.data() ? reinterpret_cast<const unsigned char*>(s.data()) : kEmpty;
}

}  // namespace

void InitSodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) std::abort();  // no usable CSPRNG: cannot go on
  });
}

std::string RandomToken(size_t bytes) {
  InitSodium();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  const int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_encoded_len(bytes, variant), '\0');
  sodium_bin2base64(out.data(), out.size(), Bytes(raw), raw.size(), variant);
  sodium_memzero(raw.data(), raw.size());
  out.resize(out.find('\0'));
  return out;
}

std::string Sha256Hex(std::string_view data) {
  InitSodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, Bytes(data), data.size());
  return ToHex(digest, sizeof digest);
}

std::string HmacSha256Hex(std::string_view key, std::string_view msg) {
  InitSodium();
  crypto_auth_hmacsha256_state state;
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_init(&state, Bytes(key), key.size());
  crypto_auth_hmacsha256_update(&state, Bytes(msg), msg.size());
  crypto_auth_hmacsha256_final(&state, mac);
  sodium_memzero(&state, sizeof state);
  return ToHex(mac, sizeof mac);
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  InitSodium();
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

int64_t RandomId() {
  InitSodium();
  constexpr uint64_t kMask = (uint64_t{1} << 53) - 1;
  uint64_t v = 0;
  while (v == 0) {  // masking keeps the draw uniform; 0 is re-drawn
    randombytes_buf(&v, sizeof v);
    v &= kMask;
  }
  return static_cast<int64_t>(v);
}

namespace {

std::string DeriveKey(std::string_view server_secret, std::string_view purpose) {
  std::string key(crypto_aead_xchacha20poly1305_ietf_KEYBYTES, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(key.data()), key.size(),
                     reinterpret_cast<const unsigned char*>(purpose.data()), purpose.size(),
                     reinterpret_cast<const unsigned char*>(server_secret.data()),
                     server_secret.size());
  return key;
}

}  // namespace

std::string SealText(std::string_view server_secret, std::string_view purpose,
                     std::string_view plain) {
  InitSodium();
  std::string key = DeriveKey(server_secret, purpose);
  std::string out(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + plain.size() +
                      crypto_aead_xchacha20poly1305_ietf_ABYTES,
                  '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(out.data());
  randombytes_buf(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  unsigned long long clen = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, &clen,
      reinterpret_cast<const unsigned char*>(plain.data()), plain.size(),
      reinterpret_cast<const unsigned char*>(purpose.data()), purpose.size(), nullptr, nonce,
      reinterpret_cast<const unsigned char*>(key.data()));
  std::string b64(sodium_base64_ENCODED_LEN(out.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(b64.data(), b64.size(), reinterpret_cast<const unsigned char*>(out.data()),
                    out.size(), sodium_base64_VARIANT_ORIGINAL);
  b64.resize(std::strlen(b64.c_str()));
  return b64;
}

std::optional<std::string> OpenText(std::string_view server_secret, std::string_view purpose,
                                    std::string_view sealed) {
  InitSodium();
  std::string bin(sealed.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(bin.data()), bin.size(), sealed.data(),
                        sealed.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0 ||
      len <
          crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES)
    return std::nullopt;
  std::string key = DeriveKey(server_secret, purpose);
  const auto* nonce = reinterpret_cast<const unsigned char*>(bin.data());
  size_t clen = len - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  std::string plain(clen, '\0');
  unsigned long long plen = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plain.data()), &plen, nullptr,
          nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, clen,
          reinterpret_cast<const unsigned char*>(purpose.data()), purpose.size(), nonce,
          reinterpret_cast<const unsigned char*>(key.data())) != 0)
    return std::nullopt;
  plain.resize(plen);
  return plain;
}

}  // namespace shuniu::crypto
