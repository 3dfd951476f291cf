#pragma once
// Charset conversion to UTF-8 through ICU's converters (ucnv), which know
// every charset mail uses: ISO-2022-JP, GB2312/GBK/GB18030, Big5, Shift_JIS,
// EUC-JP/KR, KOI8-R/U, ISO-8859-*, windows-125x, UTF-7, UTF-16 and more, by
// their IANA names and aliases.
//
// Contract: never fails and never throws. Bytes that are not valid in the
// charset become U+FFFD. An unknown charset is read as UTF-8 (invalid
// sequences become U+FFFD) and `known` (when given) is set to false, so a
// caller such as SEARCH can decide what to do. Memory: the output and one
// UTF-16 buffer of at most twice the input.
#include <string>
#include <string_view>

namespace cairn::mime {

std::string to_utf8(std::string_view charset, std::string_view bytes, bool* known = nullptr);

// True when ICU has a converter for this name.
bool charset_known(std::string_view charset);

// Replaces every invalid UTF-8 sequence with U+FFFD.
std::string sanitize_utf8(std::string_view bytes);

}  // namespace cairn::mime
