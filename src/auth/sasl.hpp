#pragma once
// SASL PLAIN (RFC 4616) for AUTHENTICATE PLAIN (RFC 9051 section 6.2.2),
// with or without an initial response (RFC 4959). Pure: bytes in, fields
// out; the session does the exchange, the verifier checks the password.
//
// The session handles the two special client lines itself before calling
// here: "*" cancels the exchange (tagged BAD), and "=" as the initial
// response is a present but zero-length response (RFC 4959 section 3),
// which is not a valid PLAIN message.
#include <cstddef>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace cairn::auth {

// Longest authzid, authcid or password we accept, in bytes. RFC 4616
// section 2: servers MUST accept up to 255 octets each; that is a floor,
// not a ceiling, and passphrases or long addresses can pass it, so we take
// four times that. The command line limit before login (8 KiB) bounds the
// whole message anyway.
inline constexpr std::size_t plain_field_max = 1024;

struct plain_credentials {
  std::string authzid;   // empty when the client sent none
  std::string authcid;   // the login name, as sent (not folded)
  std::string password;
};

// Parses a decoded PLAIN message: [authzid] NUL authcid NUL passwd.
// Errors:
//  - errc::parse_error: not exactly two NULs, empty authcid or password,
//    authcid or authzid not valid UTF-8 (RFC 4616's SAFE; the password is
//    not checked: it is only ever hashed, and legacy clients send Latin-1);
//  - errc::too_large: a field longer than plain_field_max;
//  - errc::no_perm: an authzid naming someone other than authcid (compared
//    after ASCII case folding, as account names are). Cairn does not
//    support proxy authorisation; the session checks the authcid's
//    password all the same and then answers NO [AUTHORIZATIONFAILED]
//    (RFC 5530), or NO [AUTHENTICATIONFAILED] if the password is wrong.
result<plain_credentials> parse_plain(std::string_view message);

// The same from the base64 text of an initial response or continuation
// line (no CRLF), decoded strictly (base/base64.hpp): errc::parse_error for
// bad characters, missing or misplaced padding, or an empty message.
result<plain_credentials> decode_plain(std::string_view base64_text);

// True if `s` is well-formed UTF-8 (RFC 3629: no overlongs, no surrogates,
// nothing above U+10FFFF).
bool is_valid_utf8(std::string_view s);

}  // namespace cairn::auth
