// libFuzzer: header field reading, unfolding, HEADER.FIELDS filtering,
// Content-Type/parameter lexing and the IMAP value transformations.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "mime/header.hpp"
#include "mime/imap.hpp"
#include "mime/rfc822.hpp"
#include "protocol/writer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace cairn::mime;
  std::string_view s(reinterpret_cast<const char*>(data), size);
  header_reader rd(s);
  header_field f;
  std::size_t fields = 0;
  while (rd.next(f)) {
    if (f.raw.empty()) __builtin_trap();  // must always advance
    (void)field_value(f);
    (void)unfold(f.raw_value);
    if (++fields > size + 1) __builtin_trap();
  }
  std::string a = filter_header(s, {"subject", "from", "x"}, false);
  std::string b = filter_header(s, {"subject"}, true);
  lexer lx(s);
  std::string ct;
  lx.content_type(ct);
  bool broken = false;
  auto params = parse_parameters(lx, &broken);
  for (const auto& p : params) (void)decode_rfc2231_value(p.value);
  std::string out;
  cairn::proto::append_string(out, for_humans(s));
  cairn::proto::append_string(out, without_newlines(s));
  return 0;
}
