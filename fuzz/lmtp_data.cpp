// fuzz-deps: cairn_lmtp
// The DATA decoder (lmtp/parser.hpp data_reader): any bytes, fed in two
// pieces split where the input says, decode exactly as when fed at once;
// the message has no bare LF and never exceeds the limit.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "lmtp/parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::size_t limit = 1 + data[0] * 16;
  std::string_view in(reinterpret_cast<const char*>(data) + 2, size - 2);
  const std::size_t cut = in.empty() ? 0 : data[1] % (in.size() + 1);

  cairn::lmtp::data_reader whole(limit);
  std::size_t used_whole = whole.feed(in);

  cairn::lmtp::data_reader split(limit);
  std::size_t used = split.feed(in.substr(0, cut));
  if (!split.done()) used += split.feed(in.substr(cut));

  if (used != used_whole || split.done() != whole.done() || split.message() != whole.message() ||
      split.too_large() != whole.too_large())
    std::abort();
  const std::string& m = whole.message();
  if (m.size() > limit) std::abort();
  for (std::size_t i = 0; i < m.size(); ++i)
    if (m[i] == '\n' && (i == 0 || m[i - 1] != '\r')) std::abort();
  return 0;
}
