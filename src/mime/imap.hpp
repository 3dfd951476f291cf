#pragma once
// IMAP renderings of a parsed message (RFC 3501 section 7.4.2, RFC 9051
// section 7.5.2): ENVELOPE, BODY (non-extensible) and BODYSTRUCTURE (with
// extension data: MD5, disposition, language, location).
//
// Every string goes through protocol/writer (proto::append_string and
// friends) in its default mode, so 8-bit, CR, LF and NUL data comes out as a
// literal and the text is valid for IMAP4rev1 and IMAP4rev2 clients alike;
// the writer, not Dovecot, decides between quoted and literal forms. The
// *values* are Dovecot's (src/lib-imap/imap-bodystructure.c and
// imap-envelope.c): the subject and display names have runs of white space
// and line breaks collapsed to one space and are trimmed; dates and ids have
// their line breaks removed; a missing Sender or Reply-To is the From list;
// a text part without a charset gets ("charset" "us-ascii").
//
// Each function returns the whole parenthesised list, e.g. "(NIL "subj" ...)".
// Pure; no allocation beyond the result.
#include <cstdint>
#include <string>

#include "mime/message.hpp"

namespace cairn::mime {

std::string render_envelope(const envelope* env);
// `index` selects the part (0 = the whole message).
std::string render_body(const message& m, std::uint32_t index = 0);
std::string render_bodystructure(const message& m, std::uint32_t index = 0);

// The value transformations above, exposed for tests and for SEARCH/SORT.
std::string for_humans(std::string_view s);  // collapse white space, trim, NUL -> 0x80
std::string without_newlines(std::string_view s);  // Dovecot's "nolf"

}  // namespace cairn::mime
