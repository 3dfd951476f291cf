#pragma once
// Cairn's error codes. One enum for every layer, so that what a client is told
// can be decided in one place (imap/response_code.cpp) and never leaks more
// than a fixed string: a NO never reveals whether another account's mailbox
// exists (Dovecot keeps one such enum with fixed client strings).
#include <string>
#include <system_error>

namespace cairn {

enum class errc {
  ok = 0,
  // Input from the network or a file.
  parse_error,        // malformed input; the caller knows the context
  too_large,          // a size limit was exceeded
  too_deep,           // a nesting limit was exceeded
  bad_charset,
  bad_utf7,
  bad_mailbox_name,
  // State of stored data.
  not_found,          // mailbox, message or user does not exist -> [NONEXISTENT]
  already_exists,     // -> [ALREADYEXISTS]
  has_children,       // DELETE of a \Noselect parent with children -> [HASCHILDREN]
  no_perm,            // -> [NOPERM]
  limit,              // a count limit (keywords, mailboxes) -> [LIMIT]
  over_quota,         // -> [OVERQUOTA]
  expunged,           // message expunged by another session -> [EXPUNGEISSUED]
  modified,           // UNCHANGEDSINCE failed
  in_use,             // -> [INUSE]
  try_create,         // target mailbox of APPEND/COPY/MOVE missing -> [TRYCREATE]
  cannot,             // the operation can never succeed -> [CANNOT]
  // Authentication.
  auth_failed,        // -> [AUTHENTICATIONFAILED]
  // Environment.
  disk_full,
  io_error,
  corrupted,
  busy,               // a bounded queue is full; try again -> [UNAVAILABLE]
  timeout,
  internal,           // a bug -> [SERVERBUG]
};

const std::error_category& cairn_category() noexcept;

inline std::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), cairn_category()};
}

}  // namespace cairn

template <>
struct std::is_error_code_enum<cairn::errc> : std::true_type {};
