// fuzz-deps: cairn_protocol
// Fuzzes the typed command readers (protocol/command.hpp) and the pieces
// they share (sequence sets, dates, list_depth): the first byte picks the
// reader, the rest is the text after the command name, literals in the
// receiver's form. Properties:
//  - a reader either succeeds or fails with a reason (parser::error());
//  - what a reader accepts is sane: sequence numbers are non-zero or "*",
//    FETCH has attributes, each with a response name; APPEND has messages;
//  - writer and parser agree: strings a reader returned, written back with
//    append_astring / append_string, read back the same (so no value can
//    break the framing);
//  - sequence sets resolve to ascending, merged, non-zero ranges, and their
//    text form reads back to the same ranges.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "protocol/command.hpp"
#include "protocol/datetime.hpp"
#include "protocol/parser.hpp"
#include "protocol/sequence_set.hpp"
#include "protocol/writer.hpp"

using namespace cairn::proto;

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

// Writes `s` as an astring and as a string, and reads each back.
void round_trip(std::string_view s) {
  if (s.find('\0') != std::string_view::npos) return;  // written as 0x80 by design
  for (int form = 0; form < 2; ++form) {
    std::string out;
    if (form == 0) append_astring(out, s);
    else append_string(out, s);
    parser p(out);
    auto back = form == 0 ? p.astring() : p.string();
    check(back.has_value() && *back == s && p.at_end());
  }
}

void check_set(const sequence_set& set) {
  if (set.saved) return;
  check(!set.ranges.empty());
  for (std::uint32_t largest : {0u, 1u, 7u, 0xffffffffu}) {
    number_ranges n = resolve(set, largest);
    std::uint32_t prev = 0;
    for (std::size_t i = 0; i < n.size(); ++i) {
      check(n[i].first >= 1 && n[i].first <= n[i].last);
      if (i) check(n[i].first > prev + 1 || prev == 0xffffffffu);
      prev = n[i].last;
    }
    if (!n.empty()) {
      // The text form reads back to the same ranges.
      std::string text = to_string(n);
      parser p(text);
      auto again = read_sequence_set(p);
      check(again.has_value() && p.at_end());
      check(resolve(*again, 0xffffffffu) == n);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const unsigned which = data[0];
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  (void)list_depth(text, 100);
  parser p(text, 8);
  bool ok = false;
  switch (which % 20) {
    case 0: {
      auto a = read_login(p);
      if ((ok = a.has_value())) {
        round_trip(a->user);
        round_trip(a->password);
      }
      break;
    }
    case 1: {
      auto a = read_authenticate(p);
      if ((ok = a.has_value())) check(!a->mechanism.empty());
      break;
    }
    case 2: {
      auto a = read_id(p);
      if ((ok = a.has_value())) {
        check(a->fields.size() <= 30);
        for (const auto& [k, v] : a->fields) {
          round_trip(k);
          if (v) round_trip(*v);
        }
      }
      break;
    }
    case 3: {
      auto a = read_enable(p);
      if ((ok = a.has_value())) check(!a->capabilities.empty());
      break;
    }
    case 4: {
      auto a = read_mailbox_only(p);
      if ((ok = a.has_value())) round_trip(a->mailbox);
      break;
    }
    case 5: {
      auto a = read_select(p);
      if ((ok = a.has_value())) {
        round_trip(a->mailbox);
        if (a->qresync) {
          check(a->qresync->uidvalidity != 0 && a->qresync->modseq != 0);
          if (a->qresync->known_uids) check_set(*a->qresync->known_uids);
        }
      }
      break;
    }
    case 6: {
      auto a = read_create(p);
      if ((ok = a.has_value())) {
        for (const auto& u : a->special_use) check(u.size() > 1 && u[0] == '\\');
      }
      break;
    }
    case 7: ok = read_rename(p).has_value(); break;
    case 8: {
      auto a = read_list(p);
      if ((ok = a.has_value())) {
        check(!a->patterns.empty());
        for (const auto& r : a->returns)
          if (r == "STATUS") check(!a->status_items.empty());
      }
      break;
    }
    case 9: ok = read_lsub(p).has_value(); break;
    case 10: {
      auto a = read_status(p);
      if ((ok = a.has_value())) check(!a->items.empty());
      break;
    }
    case 11: {
      auto a = read_append(p);
      if ((ok = a.has_value())) {
        check(!a->messages.empty());
        for (const auto& m : a->messages) {
          // The data is a view into the command text.
          check(m.data.data() >= text.data() && m.data.data() + m.data.size() <= text.data() + text.size());
          if (m.date) check(format_date_time(*m.date).size() == 26);
        }
      }
      break;
    }
    case 12: {
      auto a = read_fetch(p);
      if ((ok = a.has_value())) {
        check(!a->atts.empty());
        check_set(a->set);
        for (const auto& att : a->atts) check(!att.response_name().empty());
      }
      break;
    }
    case 13: {
      auto a = read_store(p);
      if ((ok = a.has_value())) check_set(a->set);
      break;
    }
    case 14: {
      auto a = read_copy(p);
      if ((ok = a.has_value())) check_set(a->set);
      break;
    }
    case 15: {
      auto a = read_uid_expunge(p);
      if ((ok = a.has_value())) check_set(a->set);
      break;
    }
    case 16: {
      auto a = read_sequence_set(p, 64);
      if ((ok = a.has_value())) check_set(*a);
      break;
    }
    case 17: {
      auto a = read_date_time(p);
      if ((ok = a.has_value())) {
        // Written back and read again: the same instant and zone.
        std::string q = "\"" + format_date_time(*a) + "\"";
        parser p2(q);
        auto b = read_date_time(p2);
        check(b.has_value() && b->unix_seconds == a->unix_seconds && b->offset_minutes == a->offset_minutes);
      }
      break;
    }
    case 18: ok = read_date(p).has_value(); break;
    default: {
      auto a = read_flag_list(p);
      if ((ok = a.has_value()))
        for (const auto& f : *a) check(!f.empty());
      break;
    }
  }
  if (!ok) check(p.failed() && !p.error().empty());
  return 0;
}
