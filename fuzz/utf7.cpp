// fuzz-deps: cairn_protocol
// Fuzzes modified UTF-7 (protocol/utf7.hpp):
//  - decode is strict, so whatever it accepts is the one canonical spelling:
//    encode(decode(x)) == x, and the decoded text is valid UTF-8;
//  - encode takes any valid UTF-8 and decode gives it back:
//    decode(encode(u)) == u; its output is printable ASCII only;
//  - encode refuses invalid UTF-8.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "protocol/utf7.hpp"
#include "protocol/writer.hpp"

using namespace cairn::proto;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);

  if (auto d = decode_mutf7(in)) {
    if (!is_valid_utf8(*d)) std::abort();
    auto e = encode_mutf7(*d);
    if (!e || *e != in) std::abort();
  }

  auto e = encode_mutf7(in);
  if (is_valid_utf8(in) != static_cast<bool>(e)) std::abort();
  if (e) {
    for (unsigned char c : *e)
      if (c < 0x20 || c > 0x7e) std::abort();
    auto d = decode_mutf7(*e);
    if (!d || *d != in) std::abort();
  }
  return 0;
}
