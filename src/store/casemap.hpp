#pragma once
// The i;unicode-casemap comparator's preparation (RFC 5051 section 2), which
// SEARCH uses for every string it compares: the message text put into the
// full-text index, the text a scan reads, and the client's search string all
// go through this one function, so that the index and the scan agree.
//
// Per code point, as RFC 5051 says: (a) its simple titlecase mapping
// (UnicodeData.txt; usually the upper case), then (b) its full compatibility
// decomposition (NFKD). Both through ICU (u_totitle, Normalizer2 NFKD);
// the Unicode version is ICU's (casemap_version()).
//
// Because it works one code point at a time, the result for a text is the
// concatenation of the results for its pieces, cut anywhere between code
// points: substring search over the prepared text is well defined, and text
// may be prepared in chunks.
//
// Contract: never fails. Input is UTF-8; each byte that does not start a
// valid sequence (overlong forms, surrogates and values past U+10FFFF are
// invalid) becomes U+FFFD, as does U+0000 (no IMAP string holds NUL, and the
// index must not see one). Output is valid UTF-8. Not idempotent (RFC 5051's
// mapping is not: U+01C4 becomes "Dz" + U+030C), so prepare each string
// exactly once. Thread-safe; the first call builds a table of the Basic
// Multilingual Plane's mappings (about 0.5 MB, a few milliseconds).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace cairn::store {

void casemap_append(std::string_view utf8, std::string& out);
std::string casemap(std::string_view utf8);

// Code points in valid UTF-8 (what the trigram index counts).
std::size_t count_code_points(std::string_view utf8);

// Changes whenever prepared text could change: ICU's Unicode version.
std::uint32_t casemap_version();

}  // namespace cairn::store
