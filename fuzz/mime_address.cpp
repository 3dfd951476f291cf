// libFuzzer: RFC 5322 address lists (ENVELOPE addresses) and their IMAP form.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mime/address.hpp"
#include "mime/imap.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace cairn::mime;
  std::string_view s(reinterpret_cast<const char*>(data), size);
  auto list = parse_address_list(s);
  // Each address consumes input, plus at most one group end marker each.
  if (list.size() > 2 * size + 2) __builtin_trap();
  for (const address& a : list) {
    bool group_end = !a.name && !a.route && !a.mailbox && !a.domain;
    if (!group_end && !a.mailbox) __builtin_trap();
  }
  envelope e;
  e.from = list;
  e.subject = std::string(s);
  (void)render_envelope(&e);
  auto few = parse_address_list(s, 3);
  if (few.size() > list.size()) __builtin_trap();
  return 0;
}
