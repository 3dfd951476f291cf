// libFuzzer: section specifiers as the MIME library reads them
// (mime::parse_section, "1.2.HEADER.FIELDS (From To)") and where they lead
// (mime::locate, mime::locate_binary) in a few fixed messages: nested
// multiparts, a message/rfc822 part, a single part, an empty message.
// Checks: every location is a range inside the message, a filtered range
// lies in a header, and HEADER.FIELDS filtering of it terminates.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mime/header.hpp"
#include "mime/message.hpp"
#include "mime/structure.hpp"

namespace {

using namespace cairn::mime;

struct sample {
  std::string raw;
  structure st;
};

std::vector<sample> make_samples() {
  std::vector<std::string> raws = {
      "Subject: top\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=X\r\n\r\n"
      "pre\r\n--X\r\nContent-Type: text/plain\r\n\r\none\r\n--X\r\n"
      "Content-Type: message/rfc822\r\n\r\nSubject: inner\r\nContent-Type: multipart/alternative; boundary=Y\r\n\r\n"
      "--Y\r\nContent-Type: text/plain\r\n\r\ninner text\r\n--Y\r\nContent-Type: text/html\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\nPHA+eDwvcD4=\r\n--Y--\r\n"
      "\r\n--X\r\nContent-Type: application/x; name=a\r\nContent-Transfer-Encoding: x-unknown\r\n\r\nabc\r\n--X--\r\nepi\r\n",
      "Subject: fwd\r\nMIME-Version: 1.0\r\nContent-Type: message/rfc822\r\n\r\nSubject: in\r\n\r\nhi\r\n",
      "Subject: s\r\n\r\nbody\r\n",
      "",
      "no header at all",
  };
  std::vector<sample> out;
  for (auto& r : raws) {
    auto st = structure::decode(encode_structure(parse(r)));
    if (!st) __builtin_trap();
    out.push_back({r, std::move(*st)});
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::vector<sample> samples = make_samples();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto spec = parse_section(text);
  if (!spec) return 0;
  for (auto n : spec->path)
    if (n == 0) __builtin_trap();
  if (spec->kind == section_kind::mime && spec->path.empty()) __builtin_trap();
  for (const sample& s : samples) {
    section_location loc = locate(s.st, *spec);
    if (loc.exists) {
      if (loc.begin > loc.end || loc.end > s.raw.size()) __builtin_trap();
      std::string_view r(s.raw.data() + loc.begin, loc.end - loc.begin);
      if (loc.filter) {
        std::string f = filter_header(r, spec->fields, spec->kind == section_kind::header_fields_not);
        if (f.size() > r.size() + 2) __builtin_trap();  // a subset of the header (+ CRLF)
      }
    }
    binary_location b = locate_binary(s.st, spec->path);
    if (b.exists && (b.begin > b.end || b.end > s.raw.size())) __builtin_trap();
  }
  return 0;
}
