#pragma once
// Writing IMAP values (RFC 9051 section 4). Every function appends to `out`
// and picks the form the data needs, so that no value can break the framing:
//  - an atom only when every byte is an ATOM-CHAR (and it is not "NIL");
//  - a quoted string when every byte is a TEXT-CHAR (no NUL, CR, LF, and no
//    8-bit byte unless `utf8` and the bytes are valid UTF-8: RFC 9051 and
//    RFC 6855 allow UTF-8 in quoted strings once the client enabled it);
//  - otherwise a synchronizing-form literal "{n}\r\n" followed by the bytes.
// A NUL byte can appear in no IMAP string (only in BINARY's literal8): these
// functions write each NUL as 0x80 instead, which forces the literal form.
// Pure functions; no allocation beyond growing `out`.
#include <optional>
#include <string>
#include <string_view>

namespace cairn::proto {

struct text_mode {
  bool utf8 = false;  // client enabled IMAP4rev2 or UTF8=ACCEPT
};

bool is_atom_char(unsigned char c);
bool is_atom(std::string_view s);
bool is_valid_utf8(std::string_view s);

// string = quoted / literal
void append_string(std::string& out, std::string_view s, text_mode m = {});
// nstring = string / NIL
void append_nstring(std::string& out, const std::optional<std::string_view>& s, text_mode m = {});
// astring = 1*ASTRING-CHAR / string  (atom when possible; "NIL" is quoted)
void append_astring(std::string& out, std::string_view s, text_mode m = {});
// "{n}\r\n" + bytes (NUL written as 0x80).
void append_literal(std::string& out, std::string_view s);
// "~{n}\r\n" + bytes, unchanged (RFC 3516 literal8; only for BINARY data).
void append_literal8(std::string& out, std::string_view s);
// A number (number / number64 / nz-number).
void append_number(std::string& out, unsigned long long n);

}  // namespace cairn::proto
