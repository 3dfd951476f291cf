#pragma once
// The mbox format, both ways, pure (fuzzed: fuzz/mbox_split.cpp). Used by
// `cairn import` and `cairn export` (store/migrate.hpp).
//
// Reading (split_mbox):
//  - Messages start at lines beginning "From " (the From_ line); the file's
//    first non-blank line must be one. One blank line before the next
//    From_ line is the separator, not part of the message.
//  - A Content-Length field is trusted when it points exactly at the end of
//    the file or at the next From_ line (mboxcl2, as Solaris and Dovecot
//    write it: "From " lines inside are then not escaped); otherwise the
//    body ends at the next From_ line.
//  - Escaping: mboxrd removes one '>' from every line matching ^>+From ;
//    mboxo removes it only from ^>From  (mboxo cannot tell an escaped line
//    from one that began with ">From " originally).
//  - The fields that hold mbox state, not mail, are removed: Status and
//    X-Status (flags), X-Keywords (keywords), X-UID, X-IMAP, X-IMAPbase
//    and Content-Length (as Dovecot hides them). Status R is \Seen;
//    X-Status A, F, T, D are \Answered, \Flagged, \Draft, \Deleted.
//  - The From_ line's date ("Thu Nov 26 10:00:00 2026", optionally with a
//    numeric zone before or after the year) becomes the internal date; no
//    zone means local time, as mbox writers use.
//  - Memory: one message at a time (plus `data` itself, which the caller
//    may map). A message longer than `max_message` is reported, not kept.
// Writing (append_mbox_message): mboxrd, LF line ends, the From_ line from
// the Return-Path (else MAILER-DAEMON) and the internal date with its zone,
// flags in Status / X-Status / X-Keywords: what split_mbox reads back to
// the same message, flags and date.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "store/types.hpp"

namespace cairn::store {

enum class mbox_escaping { mboxrd, mboxo };

struct mbox_message {
  std::size_t offset = 0;              // of its From_ line in the file
  std::string envelope;                // the From_ line after "From "
  std::string data;                    // the message (line ends as in the file)
  flags fl;
  std::optional<zoned_time> date;      // from the From_ line, when it parses
  bool too_large = false;              // past max_message: `data` is empty
};

// Calls `fn` for each message in order; stops early when fn returns false.
// Returns false when `data` is not an mbox (its first non-blank line is not
// a From_ line); an empty file is an empty mbox.
bool split_mbox(std::string_view data, mbox_escaping esc, std::size_t max_message,
                const std::function<bool(mbox_message&&)>& fn);

// "Thu Nov 26 10:00:00 2026 [+0100]" after the sender in a From_ line.
std::optional<zoned_time> parse_from_line_date(std::string_view envelope);

// Appends one message (stored form, CRLF) to `out` as mboxrd (see above).
void append_mbox_message(std::string& out, std::string_view crlf_message, const flags& fl,
                         const zoned_time& date);

}  // namespace cairn::store
