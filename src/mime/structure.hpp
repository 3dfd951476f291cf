#pragma once
// What the store keeps beside each message blob, and how FETCH uses it.
//
// At ingest:   mime::message m = mime::parse(blob, limits);
//              std::string s = mime::encode_structure(m);   // store s beside the blob
// At FETCH:    auto st = mime::structure::decode(s);        // no parse of the message
//              st->envelope(), st->body(), st->bodystructure()  -> IMAP text, as is
//              mime::locate(*st, spec)    -> byte range of any BODY[section]
//              mime::locate_binary(*st, path) -> range + encoding for BINARY[...]
//
// The encoded form ("CMS" + version) holds the pre-rendered ENVELOPE, BODY
// and BODYSTRUCTURE text (so FETCH of those copies bytes) and the tree of
// part offsets (so any section is a range of the blob). Its size is a few
// hundred bytes plus about 12 bytes a part. decode() rejects bytes of another
// version or that do not hold together (errc::corrupted): the store then
// parses the blob again and rewrites them.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "mime/message.hpp"

namespace cairn::mime {

inline constexpr std::uint8_t structure_version = 1;

struct stored_part {
  std::uint64_t header_start = 0, body_start = 0, body_end = 0;
  std::uint32_t parent = part::npos;
  std::vector<std::uint32_t> children;
  std::uint16_t flags = 0;
  transfer_encoding cte = transfer_encoding::seven_bit;
  bool is(part_flag f) const { return (flags & f) != 0; }
};

class structure {
 public:
  static structure from(const message& m);
  static result<structure> decode(std::string_view bytes);
  std::string encode() const;

  std::string_view envelope() const { return envelope_; }
  std::string_view body() const { return body_; }
  std::string_view bodystructure() const { return bodystructure_; }
  const std::vector<stored_part>& parts() const { return parts_; }

 private:
  std::string envelope_, body_, bodystructure_;
  std::vector<stored_part> parts_;
};

inline std::string encode_structure(const message& m) { return structure::from(m).encode(); }

// BODY[section] / BINARY[section] specifiers (RFC 9051 section 6.4.5).
enum class section_kind : std::uint8_t {
  whole,              // BODY[] or BODY[1.2]: the part's content
  header,             // HEADER
  header_fields,      // HEADER.FIELDS (list)
  header_fields_not,  // HEADER.FIELDS.NOT (list)
  text,               // TEXT
  mime,               // MIME (needs a part number)
};

struct section_spec {
  std::vector<std::uint32_t> path;  // 1-based part numbers; empty = the message
  section_kind kind = section_kind::whole;
  std::vector<std::string> fields;  // for header_fields[_not]
  bool operator==(const section_spec&) const = default;
};

// Parses the text between the brackets of BODY[...], e.g. "1.2.MIME" or
// "HEADER.FIELDS (From To)" (case-insensitive). errc::parse_error when it is
// not a valid section (e.g. "MIME" without a part, "0", "1..2").
result<section_spec> parse_section(std::string_view text);

struct section_location {
  // false: no such part. Dovecot answers an empty string then (not NIL and
  // not an error), and so should FETCH.
  bool exists = false;
  std::uint64_t begin = 0, end = 0;  // byte range of the blob
  // HEADER.FIELDS[.NOT]: the answer is filter_header(blob[begin, end),
  // spec.fields, kind == header_fields_not), not the range itself.
  bool filter = false;
};

// Where the bytes of a section are. Partial fetches (<offset.length>) are a
// sub-range of the answer. Pure; O(depth of the path).
section_location locate(const structure& s, const section_spec& spec);

struct binary_location {
  bool exists = false;
  std::uint64_t begin = 0, end = 0;  // the encoded content
  transfer_encoding cte = transfer_encoding::seven_bit;
};

// BINARY[path] / BINARY.SIZE[path] (RFC 3516): the part's body and how to
// decode it. For transfer_encoding::unknown FETCH answers NO [UNKNOWN-CTE].
// An empty path means the whole message (its body's encoding applies only
// when the message is not multipart).
binary_location locate_binary(const structure& s, const std::vector<std::uint32_t>& path);

}  // namespace cairn::mime
