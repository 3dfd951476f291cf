#pragma once
// RFC 2047 encoded-words ("=?charset?B?...?=" and "=?charset?Q?...?="),
// decoded to UTF-8 through ICU (see charset.hpp), for SEARCH, SORT and
// display; ENVELOPE sends the raw header values instead (as Dovecot does).
//
// Contract: decode_header() never fails. White space between two adjacent
// encoded-words is dropped (RFC 2047 section 6.2); consecutive words in the
// same charset are converted together, so a multibyte character split
// across two words (common in real mail) comes out whole. Text that is not
// an encoded-word is kept, with invalid UTF-8 replaced by U+FFFD; an
// encoded-word that does not decode is kept as written. An RFC 2231
// language suffix ("=?utf-8*en?Q?...?=") is accepted and ignored. Folding
// (CRLF + WSP) is removed first. Memory: O(input).
#include <string>
#include <string_view>

namespace cairn::mime {

std::string decode_header(std::string_view raw_value);

}  // namespace cairn::mime
