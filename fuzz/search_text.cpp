// libFuzzer target for the text SEARCH derives from a message
// (store/search_text.hpp) and for the casemap (store/casemap.hpp): any bytes
// as a message. The texts and every header key must come out as valid
// UTF-8; deriving them twice must give the same result (the index removes
// a message's text by deriving it again); and the casemap must be
// compositional: the fold of a text is the folds of its pieces.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "protocol/writer.hpp"
#include "store/casemap.hpp"
#include "store/search_text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace cairn::store;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto m = parse_for_search(in);
  search_texts a, b;
  extract_search_texts(in, m, search_header | search_body, a);
  extract_search_texts(in, parse_for_search(in), search_header | search_body, b);
  if (a.header != b.header || a.body != b.body) __builtin_trap();
  if (!cairn::proto::is_valid_utf8(a.header) || !cairn::proto::is_valid_utf8(a.body)) __builtin_trap();
  header_keys k = extract_header_keys(in, m);
  for (const auto* v : {&k.subject, &k.from, &k.to, &k.cc, &k.bcc, &k.message_id, &k.in_reply_to, &k.references})
    if (*v) {
      if (v->value().find('\0') != std::string::npos) __builtin_trap();
      if (!cairn::proto::is_valid_utf8(casemap(header_value_text(**v)))) __builtin_trap();
    }
  // Compositional at a code point boundary in the middle of the input.
  std::string whole = casemap(in);
  if (!cairn::proto::is_valid_utf8(whole)) __builtin_trap();
  std::size_t cut = size / 2;
  while (cut > 0 && cut < size && (static_cast<unsigned char>(in[cut]) & 0xc0) == 0x80) --cut;
  // Only where the first half ends on a whole sequence does the split not
  // change how bytes are read.
  std::string_view left = in.substr(0, cut);
  if (cairn::proto::is_valid_utf8(left) && casemap(left) + casemap(in.substr(cut)) != whole) __builtin_trap();
  return 0;
}
