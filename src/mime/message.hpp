#pragma once
// The MIME structure of one message: a tree of parts, each a set of byte
// offsets into the raw message plus what its Content-* fields say, and the
// ENVELOPE data of the message and of every embedded message/rfc822.
//
// parse() builds it once, at ingest (DESIGN.md, "The way data flows"); the
// store keeps encode_structure()'s bytes beside the blob (see structure.hpp)
// and FETCH answers from those, never parsing the message again.
//
// Contract of parse():
//  - It never rejects mail. Any bytes give a tree: a missing or never-closed
//    boundary, a broken or repeated Content-Type, 8-bit and NUL bytes in
//    headers, a header with no body, a body with no header, an unknown
//    Content-Transfer-Encoding. Where RFC 2045/2046 leave a choice, it makes
//    Dovecot's (src/lib-mail/message-parser.c), so that BODYSTRUCTURE and
//    section contents match Dovecot's; docs/mime.md lists where they differ.
//  - Input is normally CRLF (the ingest path stores CRLF, see
//    normalize_crlf) but any line ending parses: a line ends at LF, a CR
//    before it is part of the line ending. Sizes reported for BODYSTRUCTURE
//    count every bare LF as CRLF, as Dovecot's "virtual" sizes do.
//  - Bounded: no recursion (an explicit stack of open multiparts), at most
//    limits.nesting levels (deeper multiparts and message/rfc822 parts are
//    kept as single leaf parts), at most limits.mime_parts parts (further
//    parts become part of their parent's body), and at most
//    limits.mime_header_bytes in one header (the rest becomes body). Memory
//    is O(parts + header field values kept); the raw bytes are not copied.
//  - Time is linear in the input size times the number of open boundaries.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/limits.hpp"
#include "mime/rfc822.hpp"

namespace cairn::mime {

// One address of ENVELOPE (RFC 3501 section 7.4.2, RFC 9051 section 7.5.2).
// A group is two entries: the start has `mailbox` = the group's name and no
// `domain`; the end has none of the four fields.
struct address {
  std::optional<std::string> name;     // display name, raw (not RFC 2047 decoded)
  std::optional<std::string> route;    // obsolete source route "@a,@b"
  std::optional<std::string> mailbox;  // local part, or group name
  std::optional<std::string> domain;   // host; absent only in group markers
  bool invalid = false;                // repaired from broken syntax (Dovecot's fill-ins)
  bool operator==(const address&) const = default;
};

// The raw values of the ENVELOPE fields (header values with the first line's
// leading white space removed and folding kept as LF, as Dovecot keeps
// them). Absent = the header was not there.
struct envelope {
  std::optional<std::string> date, subject, message_id, in_reply_to;
  std::optional<std::vector<address>> from, sender, reply_to, to, cc, bcc;
  bool operator==(const envelope&) const = default;
};

enum class transfer_encoding : std::uint8_t {
  seven_bit,  // also when absent
  eight_bit,
  binary,
  base64,
  quoted_printable,
  unknown,    // anything else (x-uuencode, x-gzip64, "7bits"...): BINARY says UNKNOWN-CTE
};

transfer_encoding classify_transfer_encoding(std::string_view cte);

// What the Content-* fields of a part say, as Dovecot keeps them: the first
// of each field counts, values are raw (folding kept as LF), and everything
// is forgotten in a part that is not MIME (no MIME-Version or Content-Type in
// a message header).
struct content_fields {
  std::optional<std::string> type, subtype;  // type without subtype when broken
  std::vector<param> type_params;
  std::optional<std::string> transfer_encoding;
  std::optional<std::string> id, description, md5, location;
  std::optional<std::string> disposition;
  std::vector<param> disposition_params;
  std::vector<std::string> language;  // empty = absent
  bool operator==(const content_fields&) const = default;
};

enum part_flag : std::uint16_t {
  flag_multipart = 1,       // has (or could have had) child parts between boundaries
  flag_message_rfc822 = 2,  // its body is one embedded message, the single child
  flag_text = 4,            // text/* (or no usable Content-Type): BODY has a line count
  flag_has_nuls = 8,        // a NUL byte in its header or body
  flag_is_mime = 16,        // MIME-Version, a Content-Type, or a multipart's child
  flag_overflow = 32,       // a limit stopped parsing inside it
  flag_header_cut = 64,     // header ended by a boundary line, not a blank line
  flag_digest = 128,        // multipart/digest: children default to message/rfc822
};

struct part {
  // Byte offsets into the raw message. header_start <= body_start <= body_end.
  // The header includes its terminating blank line; body_start is where it
  // ends. For a multipart the body spans preamble, children, boundaries and
  // epilogue; for message/rfc822 it is exactly the embedded message.
  std::uint64_t header_start = 0;
  std::uint64_t body_start = 0;
  std::uint64_t body_end = 0;
  std::uint32_t header_lines = 0;  // LF count in the header
  std::uint32_t body_lines = 0;    // LF count in the body
  std::uint64_t body_size = 0;     // body bytes, each bare LF counted as CRLF

  std::uint32_t parent = npos;     // index into message::parts; npos for the root
  std::vector<std::uint32_t> children;
  std::uint16_t flags = 0;
  std::uint32_t depth = 0;         // root = 0

  content_fields content;
  transfer_encoding cte = transfer_encoding::seven_bit;
  // Set on the root and on the child of every message/rfc822 part: the
  // embedded message's ENVELOPE.
  std::optional<mime::envelope> envelope;

  bool is(part_flag f) const { return (flags & f) != 0; }
  std::uint64_t header_size() const { return body_start - header_start; }
  std::uint64_t body_bytes() const { return body_end - body_start; }

  static constexpr std::uint32_t npos = 0xffffffffu;
};

struct message {
  // Pre-order: parts[0] is the root; a part's children follow it.
  std::vector<part> parts;
  bool truncated = false;  // a limit was reached somewhere
};

message parse(std::string_view raw, const cairn::limits& lim = {});

// Converts every bare LF to CRLF: what the ingest path stores (DESIGN.md,
// "Messages are stored with CRLF"). A bare CR is left alone, as Dovecot
// leaves it; the parser never treats it as a line ending.
std::string normalize_crlf(std::string_view raw);
// The same, appended to `out` (a bare LF at the start of `raw` is bare).
void append_normalized_crlf(std::string& out, std::string_view raw);

}  // namespace cairn::mime
