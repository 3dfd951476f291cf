#pragma once
// The text SEARCH compares, derived from a message's stored (CRLF) bytes by
// these functions and no others: the ingest path uses them to fill the
// full-text index, the background indexer to fill it for older mail and to
// remove a message's text again, and the scan to answer without the index.
// So the index and the scan always see the same text.
//
// The texts (each folded by store/casemap.hpp):
//  - header text: for every header block of the message (its own, each MIME
//    part's, each embedded message's), in order, each field as
//    "\n" Name ": " value, value = header_value_text(raw value).
//  - body text: for every leaf part whose media type is text/* (or that has
//    no usable Content-Type, which RFC 2045 makes text/plain), in order,
//    "\n" followed by the part's content with its Content-Transfer-Encoding
//    undone and its charset converted to UTF-8 (mime::to_utf8; a missing or
//    unknown charset is read as UTF-8). Other media types (images, PDFs,
//    archives) are left out, as RFC 9051 section 6.4.4 allows.
//
// Determinism: the same bytes always give the same texts, since the message
// is parsed with fixed limits (parse_for_search), whatever the server's
// configuration. A change to any of this must bump search_text_format, which
// makes the embedded store rebuild its index.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/limits.hpp"
#include "mime/message.hpp"
#include "store/types.hpp"

namespace cairn::store {

inline constexpr std::uint32_t search_text_format = 2;
// search_text_format and the casemap's Unicode version together.
std::uint64_t search_text_version();

// mime::parse with the default limits.
mime::message parse_for_search(std::string_view crlf_message);
// True when mime::parse(x, lim) gives what parse_for_search(x) gives.
bool same_search_parse(const cairn::limits& lim);

// A header value as SEARCH matches it: RFC 2047 decoded, unfolded, trimmed
// (not folded).
std::string header_value_text(std::string_view raw_value);

// The keys of the message's own header (types.hpp, header_keys).
header_keys extract_header_keys(std::string_view msg, const mime::message& m);

enum search_part : unsigned { search_header = 1, search_body = 2 };
struct search_texts {
  std::string header;  // folded
  std::string body;    // folded
};
// Fills the texts that `parts` asks for (and leaves the others empty).
void extract_search_texts(std::string_view msg, const mime::message& m, unsigned parts, search_texts& out);

// Whether the message's own header has a field `name` (ASCII
// case-insensitive) whose header_value_text, folded, contains `folded`.
bool header_field_contains(std::string_view msg, std::string_view name, std::string_view folded);

// Everything the ingest path hands the store: keys, and the texts unless
// together they pass `max_text` bytes (then too_large is set instead).
search_data prepare_search(std::string_view msg, const mime::message& m, std::size_t max_text);

// A 64-bit hash of the texts as indexed (docs/search.md, "removing text").
std::uint64_t search_text_hash(std::string_view header, std::string_view body);

}  // namespace cairn::store
