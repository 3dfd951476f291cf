#pragma once
// Modified UTF-7 for mailbox names (RFC 3501 section 5.1.3; RFC 9051
// section 5.1.3 keeps it for clients that have not enabled UTF-8).
//
// decode_mutf7() is strict, because two spellings of one name would let two
// mailboxes look alike: it refuses 8-bit bytes, control characters and DEL
// outside an encoded run, "&" not closed by "-",
// base64 outside the modified alphabet, leftover non-zero bits, encoded
// printable ASCII (which must be written as itself), adjacent encoded runs
// ("&..-&..-", which must be one run), an empty run other than "&-", and
// unpaired UTF-16 surrogates. On success the output is valid UTF-8.
// encode_mutf7() takes valid UTF-8 and produces the one canonical spelling;
// invalid UTF-8 yields an error.
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace cairn::proto {

result<std::string> decode_mutf7(std::string_view in);
result<std::string> encode_mutf7(std::string_view utf8);

}  // namespace cairn::proto
