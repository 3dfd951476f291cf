#pragma once
// The one place that decides what each state allows (STYLE.md example 4,
// after Dovecot's imap-commands.c): every command's name, the states it is
// valid in, whether "UID <name>" exists, and which checkpoint follows it.
#include <string_view>

#include "imap/session.hpp"

namespace cairn::imap {

// Which untagged updates may be sent before the tagged reply (RFC 9051
// section 7.5.1 and 5.5).
enum class sync_mode {
  none,        // no checkpoint (LOGOUT, STARTTLS, AUTHENTICATE, ...)
  full,        // EXISTS, FETCH and EXPUNGE
  no_expunge,  // FETCH, STORE, SEARCH by sequence number: no EXPUNGE
  uid_full,    // full in the UID form, else no_expunge
};

using handler_fn = net::awaitable<void> (*)(session&, command_context&);

struct command_entry {
  std::string_view name;
  state_mask states;
  bool uid_form;
  sync_mode sync;
  handler_fn handler;
};

// nullptr for an unknown command. `upper` is the command name in upper case.
const command_entry* find_command(std::string_view upper);

// Answers a store error with the right NO and RFC 5530 code, logging what an
// operator needs; never says more than the fixed text to the client.
void answer_error(session& s, command_context& ctx, std::error_code ec);
// The answer when the worker pool is saturated.
void answer_busy(command_context& ctx);

}  // namespace cairn::imap
