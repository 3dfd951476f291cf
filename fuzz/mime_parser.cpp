// libFuzzer: the MIME structure parser, the stored form and every section
// lookup on any bytes. Seeds: fuzz/corpus/mime_parser/ (corpus messages).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "mime/decoder.hpp"
#include "mime/header.hpp"
#include "mime/message.hpp"
#include "mime/structure.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace cairn::mime;
  std::string_view raw(reinterpret_cast<const char*>(data), size);
  cairn::limits lim;
  lim.nesting = 20;  // small limits reach the overflow paths quickly
  lim.mime_parts = 50;
  lim.mime_header_bytes = 4096;
  for (const cairn::limits& l : {cairn::limits{}, lim}) {
    message m = parse(raw, l);
    std::string enc = encode_structure(m);
    auto st = structure::decode(enc);
    if (!st) __builtin_trap();
    if (st->encode() != enc) __builtin_trap();
    for (std::uint32_t i = 0; i < m.parts.size(); ++i) {
      const part& p = m.parts[i];
      if (p.header_start > p.body_start || p.body_start > p.body_end || p.body_end > raw.size())
        __builtin_trap();
    }
    // Every section of the first parts, by path.
    for (std::uint32_t a = 1; a <= 3; ++a) {
      for (std::uint32_t b = 0; b <= 2; ++b) {
        section_spec spec;
        spec.path = b == 0 ? std::vector<std::uint32_t>{a} : std::vector<std::uint32_t>{a, b};
        for (auto k : {section_kind::whole, section_kind::header, section_kind::text,
                       section_kind::mime, section_kind::header_fields_not}) {
          spec.kind = k;
          spec.fields = {"Subject", "From"};
          section_location loc = locate(*st, spec);
          if (loc.exists) {
            if (loc.begin > loc.end || loc.end > raw.size()) __builtin_trap();
            if (loc.filter) (void)filter_header(raw.substr(loc.begin, loc.end - loc.begin), spec.fields, true);
          }
        }
        binary_location bl = locate_binary(*st, spec.path);
        if (bl.exists && bl.end <= raw.size()) (void)decoded_size(raw.substr(bl.begin, bl.end - bl.begin), bl.cte, 7);
      }
    }
  }
  // Bytes that are not a valid stored form must be refused, not crash.
  (void)structure::decode(raw);
  return 0;
}
