// fuzz-deps: cairn_protocol
// Fuzzes the command receiver (protocol/receiver.hpp) with the properties
// its header promises:
//  - the events do not depend on how the bytes are split: the whole input
//    at once, one byte at a time and random pieces give the same commands,
//    continuations and errors, in the same order;
//  - every call makes progress (consumes a byte or reports an event);
//  - memory is bounded: a command never holds more than max_command +
//    max_message bytes, nor more than max_command when APPEND gets no
//    special budget;
//  - a command's text has its literals whole, and an error carries a
//    fatal flag that ends the stream.
// The first bytes choose the limits, so small limits are reached quickly.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/receiver.hpp"

using namespace cairn::proto;

namespace {

struct outcome {
  std::vector<std::string> events;
  bool fatal = false;
};

// Runs `in` through a receiver, cut into pieces by `next_piece` (returns the
// next piece's size, at least 1).
template <class Cut>
outcome run(const receiver_limits& l, std::string_view in, Cut next_piece) {
  outcome o;
  receiver r(l);
  // Bound: every feed() either consumes or reports; events per byte are
  // at most a few, so this cannot loop.
  std::size_t guard = 4 * in.size() + 16;
  while (!in.empty() && !o.fatal) {
    std::size_t n = std::min<std::size_t>(next_piece(), in.size());
    std::string_view piece = in.substr(0, n);
    in.remove_prefix(n);
    while (!piece.empty()) {
      if (guard-- == 0) std::abort();  // no progress
      receiver_event e = r.feed(piece);
      // The limits hold whatever happens: a command's bytes stay within
      // cap, its buffer within what growing a string to cap may reserve.
      std::size_t cap = l.max_command + 16 + (l.append_literals ? l.max_message : 0);
      if (r.buffered() > 2 * cap + 64) std::abort();
      if (e == receiver_event::need_more) {
        if (!piece.empty()) std::abort();  // need_more means all was consumed
        break;
      }
      if (e == receiver_event::command) {
        std::string c = r.take_command();
        if (c.empty()) std::abort();
        if (c.size() > cap) std::abort();
        if (r.buffered() > 64) std::abort();  // take_command leaves it empty
        o.events.push_back("C" + c);
      } else if (e == receiver_event::continuation) {
        o.events.push_back("+");
      } else {
        const receiver_error& err = r.error();
        if (err.text.empty() || err.tag.empty()) std::abort();
        o.events.push_back("E" + err.tag + "|" + (err.fatal ? "F" : "") + "|" + err.code + "|" + err.text);
        if (err.fatal) o.fatal = true;
      }
      if (o.fatal) break;
    }
  }
  return o;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 3) return 0;
  receiver_limits l;
  l.max_command = 16 + (data[0] % 64) * 4;          // 16 .. 268
  l.max_message = (data[1] % 32) * 16;               // 0 .. 496
  l.append_literals = data[2] & 1;
  l.literal8 = data[2] & 2;
  std::uint32_t seed = 0x9e3779b9u ^ (data[2] >> 2);
  std::string_view in(reinterpret_cast<const char*>(data + 3), size - 3);

  outcome whole = run(l, in, [&]() { return in.size(); });
  outcome bytes = run(l, in, []() { return std::size_t{1}; });
  outcome random = run(l, in, [&]() {
    seed = seed * 1103515245u + 12345u;
    return std::size_t{1} + (seed >> 16) % 40;
  });
  if (whole.events != bytes.events || whole.events != random.events) std::abort();
  if (whole.fatal != bytes.fatal) std::abort();
  return 0;
}
