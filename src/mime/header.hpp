#pragma once
// Header fields of one header block (RFC 5322 section 2.2), read the way
// Dovecot's message-header-parser.c reads them, so that the bytes FETCH
// returns for HEADER.FIELDS and the values ENVELOPE and BODYSTRUCTURE show
// are the same as Dovecot's:
//  - a line ends at LF; "\n" or "\r\n" alone ends the header;
//  - a line that starts with SP or TAB continues the previous field;
//  - the name is everything before the first ':' (white space before the
//    colon dropped); a line with no ':' is a field whose name is the whole
//    line and whose value is empty (it does not end the header);
//  - NUL and 8-bit bytes are kept as they are.
// Pure functions over caller-owned bytes; a reader allocates nothing.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace cairn::mime {

struct header_field {
  std::string_view name;       // as written, white space before ':' removed
  std::string_view raw;        // the whole field with every line's newline
  std::string_view raw_value;  // after ':' up to the last line's newline (excluded)
  bool has_colon = false;
  bool has_nul = false;
  bool has_newline = false;    // the field's last line ends with LF
  bool last_line_crlf = false;
};

// Reads the field that starts at `pos` (which must not be a blank line).
// Returns the offset just past it.
std::size_t read_field(std::string_view data, std::size_t pos, header_field& out);

// Length of the blank line at `pos` ("\n" = 1, "\r\n" = 2), or 0.
std::size_t blank_line_at(std::string_view data, std::size_t pos);

class header_reader {
 public:
  explicit header_reader(std::string_view block) : data_(block) {}
  // The next field, or false at the blank line that ends the header (then
  // offset() is where that line begins) or at the end of the block.
  bool next(header_field& f);
  std::size_t offset() const { return pos_; }

 private:
  std::string_view data_;
  std::size_t pos_ = 0;
  bool done_ = false;
};

// The value as Dovecot keeps it for ENVELOPE and Content-* fields: white
// space after the colon skipped (all of it, unless the value is only white
// space: then one), each continuation line appended after a bare LF with its
// own leading white space, the CR of every line ending dropped.
std::string field_value(const header_field& f);

// RFC 5322 section 2.2.3 unfolding: every CRLF (or LF) that is followed by
// WSP is removed. Leading and trailing white space is trimmed.
std::string unfold(std::string_view raw_value);

// The name as Dovecot compares it (strcasecmp stops at a NUL).
std::string_view comparable_name(std::string_view name);

// HEADER.FIELDS / HEADER.FIELDS.NOT (RFC 9051 section 6.4.5): the fields of
// `header` whose names match one of `names` (case-insensitively; with
// `exclude`, those that match none), in message order, each with all its
// lines as they are. Then, as Dovecot 2.3 answers: HEADER.FIELDS always ends
// with one "\r\n"; HEADER.FIELDS.NOT ends with the header's blank line if it
// had one (a header cut short by a boundary or the end has none).
std::string filter_header(std::string_view header, const std::vector<std::string>& names,
                          bool exclude);

}  // namespace cairn::mime
