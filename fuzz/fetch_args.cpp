// libFuzzer: FETCH / UID FETCH arguments (proto::read_fetch: sequence set,
// items, macros, sections, partials, modifiers) as the receiver hands them
// over, literals included. Checks beyond "no crash":
//  - a refusal always carries a reason (it becomes the tagged BAD's text);
//  - an accepted item is well formed (non-zero part numbers, non-zero
//    partial length, BINARY sections without a section text);
//  - round trip: the items written back in request form (the response name
//    with PEEK and the partial's length put back) parse to the same items,
//    so the names Cairn echoes are ones the grammar accepts.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "protocol/command.hpp"
#include "protocol/parser.hpp"

namespace {

using namespace cairn::proto;

std::string request_form(const fetch_att& a) {
  std::string n = a.response_name();
  if (a.partial) n.erase(n.rfind('<'));  // "<origin>" -> put back "<origin.length>"
  if (a.peek) n.insert(a.item == fetch_item::binary ? 6 : 4, ".PEEK");
  if (a.partial) n += "<" + std::to_string(a.partial->first) + "." + std::to_string(a.partial->second) + ">";
  return n;
}

bool same(const fetch_att& x, const fetch_att& y) {
  return x.item == y.item && x.peek == y.peek && x.partial == y.partial && x.section.part == y.section.part &&
         x.section.what == y.section.what && x.section.fields == y.section.fields;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view s(reinterpret_cast<const char*>(data), size);
  parser p(s);
  auto a = read_fetch(p);
  if (!a) {
    if (p.error().empty()) __builtin_trap();
    return 0;
  }
  if (a->atts.empty()) __builtin_trap();
  std::string again = "1 (";
  for (std::size_t i = 0; i < a->atts.size(); ++i) {
    const fetch_att& x = a->atts[i];
    for (auto n : x.section.part)
      if (n == 0) __builtin_trap();
    if (x.partial && x.partial->second == 0) __builtin_trap();
    if ((x.item == fetch_item::binary || x.item == fetch_item::binary_size) &&
        x.section.what != section_spec::kind::all)
      __builtin_trap();
    if (x.section.what == section_spec::kind::mime && x.section.part.empty()) __builtin_trap();
    if (x.response_name().empty()) __builtin_trap();
    if (i) again += ' ';
    again += request_form(x);
  }
  again += ')';
  parser q(again);
  auto b = read_fetch(q);
  if (!b || b->atts.size() != a->atts.size()) __builtin_trap();
  for (std::size_t i = 0; i < a->atts.size(); ++i)
    if (!same(a->atts[i], b->atts[i])) __builtin_trap();
  return 0;
}
