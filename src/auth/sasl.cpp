#include "auth/sasl.hpp"

#include <openssl/crypto.h>

#include "auth/verifier.hpp"
#include "base/base64.hpp"

namespace cairn::auth {

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
    unsigned char c = b(0);
    std::size_t n;
    unsigned char lo = 0x80, hi = 0xbf;  // range of the second byte
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xc2 && c <= 0xdf) {
      n = 2;
    } else if (c >= 0xe0 && c <= 0xef) {
      n = 3;
      if (c == 0xe0) lo = 0xa0;  // overlong
      if (c == 0xed) hi = 0x9f;  // surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 4;
      if (c == 0xf0) lo = 0x90;  // overlong
      if (c == 0xf4) hi = 0x8f;  // above U+10FFFF
    } else {
      return false;
    }
    // UNSAFE: b(k) reads s[i + k]; this check keeps k < n in range.
    if (s.size() - i < n) return false;
    if (b(1) < lo || b(1) > hi) return false;
    for (std::size_t k = 2; k < n; ++k)
      if (b(k) < 0x80 || b(k) > 0xbf) return false;
    i += n;
  }
  return true;
}

result<plain_credentials> parse_plain(std::string_view message) {
  auto first = message.find('\0');
  if (first == std::string_view::npos) return errc::parse_error;
  auto second = message.find('\0', first + 1);
  if (second == std::string_view::npos) return errc::parse_error;
  std::string_view authzid = message.substr(0, first);
  std::string_view authcid = message.substr(first + 1, second - first - 1);
  std::string_view password = message.substr(second + 1);
  // A third NUL would belong to the password, which may not contain one.
  if (password.find('\0') != std::string_view::npos) return errc::parse_error;
  if (authcid.empty() || password.empty()) return errc::parse_error;
  if (authzid.size() > plain_field_max || authcid.size() > plain_field_max ||
      password.size() > plain_field_max)
    return errc::too_large;
  if (!is_valid_utf8(authzid) || !is_valid_utf8(authcid)) return errc::parse_error;
  if (!authzid.empty() && fold_account_name(authzid) != fold_account_name(authcid))
    return errc::no_perm;
  return plain_credentials{std::string(authzid), std::string(authcid), std::string(password)};
}

result<plain_credentials> decode_plain(std::string_view base64_text) {
  auto raw = base64::decode(base64_text);
  if (!raw) return raw.error();
  auto creds = parse_plain(*raw);
  OPENSSL_cleanse(raw->data(), raw->size());
  return creds;
}

}  // namespace cairn::auth
