#pragma once
// Strict base64 (RFC 4648 section 4, standard alphabet, with padding), as
// IMAP's SASL exchanges use it (RFC 9051 `base64` rule, RFC 4422 section 3).
// This is the decoder for protocol tokens, where anything unusual is a
// client bug or an attack; MIME bodies, which wrap lines and tolerate junk,
// need mime/'s lenient decoder instead.
//
// Pure functions; no allocation beyond the returned string.
#include <cstddef>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace cairn::base64 {

// Bytes -> text: A-Z a-z 0-9 + /, padded with '=' to a multiple of 4.
std::string encode(std::string_view bytes);

// Text -> bytes. Accepts exactly what encode() produces and nothing else:
//  - length a multiple of 4 (padding is mandatory);
//  - only alphabet characters, then at most two '=' at the very end;
//  - the unused bits of the last character are zero (RFC 4648 section 3.5:
//    otherwise two texts would decode to the same bytes);
//  - no whitespace, no line breaks.
// Anything else: errc::parse_error. The empty text decodes to no bytes.
// So encode(*decode(t)) == t whenever decode(t) succeeds.
result<std::string> decode(std::string_view text);

// Length of encode()'s output for n bytes.
constexpr std::size_t encoded_size(std::size_t n) { return (n + 2) / 3 * 4; }

}  // namespace cairn::base64
