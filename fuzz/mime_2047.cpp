// libFuzzer: RFC 2047 encoded-words and RFC 2231 parameter values, through
// ICU's converters; the output must always be valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "mime/charset.hpp"
#include "mime/encoded_word.hpp"
#include "mime/rfc822.hpp"
#include "protocol/writer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace cairn::mime;
  std::string_view s(reinterpret_cast<const char*>(data), size);
  std::string d = decode_header(s);
  if (!cairn::proto::is_valid_utf8(d)) __builtin_trap();
  std::string v = decode_rfc2231_value(s);
  if (!cairn::proto::is_valid_utf8(v)) __builtin_trap();
  lexer lx(s);
  auto params = parse_parameters(lx);
  std::string out;
  (void)find_parameter(params, "filename", out);
  if (size > 2) {
    // First byte picks a charset; the rest is converted.
    static constexpr std::string_view charsets[] = {"iso-2022-jp", "gb2312", "gbk", "shift_jis",
                                                    "koi8-r", "windows-1252", "utf-7", "utf-16le",
                                                    "big5", "euc-kr", "no-such-charset", "utf-8"};
    auto cs = charsets[data[0] % (sizeof charsets / sizeof charsets[0])];
    if (!cairn::proto::is_valid_utf8(to_utf8(cs, s.substr(1)))) __builtin_trap();
  }
  return 0;
}
