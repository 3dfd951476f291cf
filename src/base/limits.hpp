#pragma once
// Every cap Cairn enforces, in one place, each with its configuration key
// (see server/config.cpp, which maps "[limits] key = value" onto these
// fields, and docs/limits.md). Defaults follow DESIGN.md; where a number is
// ours, the comment says why.
#include <chrono>
#include <cstddef>
#include <cstdint>

namespace cairn {

struct limits {
  // -- Protocol framing (protocol/receiver) ---------------------------------
  // limits.line_before_login: a command (line and its literals) before login.
  std::size_t line_before_login = 8 * 1024;
  // limits.line_after_login: a command after login, APPEND data excluded.
  std::size_t line_after_login = 64 * 1024;
  // limits.message_size: one APPEND message, and the messages of one
  // MULTIAPPEND together (the receiver holds the whole command); advertised
  // as APPENDLIMIT. Before login APPEND gets only line_before_login.
  std::size_t message_size = 64 * 1024 * 1024;
  // limits.nesting: parentheses in a command, MIME depth, search depth.
  unsigned nesting = 100;
  // limits.bad_commands_before_login: BYE after this many BADs before login
  // (Dovecot: 3).
  unsigned bad_commands_before_login = 3;
  // limits.bad_commands: BYE after this many consecutive BADs after login.
  unsigned bad_commands = 20;

  // -- Mailboxes and messages ------------------------------------------------
  // limits.keywords_per_mailbox: then NO [LIMIT] and \* leaves PERMANENTFLAGS.
  unsigned keywords_per_mailbox = 1000;
  // limits.update_contexts: SEARCH/SORT RETURN (UPDATE) contexts one
  // session keeps (RFC 5267 section 4.3.1: past it, NO [NOUPDATE]; at
  // least one must be allowed).
  unsigned update_contexts = 10;
  // limits.mailbox_name: bytes of a full mailbox name (UTF-8).
  std::size_t mailbox_name = 1024;
  // limits.mailbox_depth: levels of hierarchy in one name.
  unsigned mailbox_depth = 64;
  // limits.mailboxes_per_account
  unsigned mailboxes_per_account = 10000;
  // limits.mime_parts / limits.mime_header_bytes (Dovecot: 10,000 and 50 MiB).
  unsigned mime_parts = 10000;
  std::size_t mime_header_bytes = 50 * 1024 * 1024;
  // limits.expunge_history_days: how long expunged UIDs are remembered, with
  // their MODSEQ, for QRESYNC (days, fractions allowed; 0 = forever, the
  // default). A client whose MODSEQ is older hears of every UID that is
  // not live (RFC 7162 section 3.2.6): correct, only longer.
  std::chrono::seconds expunge_history{0};
  // limits.search_index_text: a message whose searchable text (decoded and
  // folded headers and text parts) passes this is left out of the full-text
  // index, and SEARCH BODY/TEXT reads it instead (docs/search.md).
  std::size_t search_index_text = 16 * 1024 * 1024;

  // -- Connections and sessions (net/, imap/) -------------------------------
  // limits.connections_per_user_ip: sessions of one account from one address.
  unsigned connections_per_user_ip = 50;
  // limits.connections_per_ip: 0 = no cap (many users share one NAT).
  unsigned connections_per_ip = 0;
  // limits.timeout_before_login (seconds; TLS handshakes included).
  std::chrono::seconds timeout_before_login{60};
  // limits.timeout_after_login (seconds; RFC 9051 section 5.4: at least 30 minutes).
  std::chrono::seconds timeout_after_login{30 * 60};
  // limits.idle_keepalive: "* OK Still here" during IDLE.
  std::chrono::seconds idle_keepalive{120};
  // limits.command_time: budget of one command's work (e.g. SEARCH), then NO.
  // 0 leaves no time: work that checks its budget stops at its first check
  // (what tests use to reach that answer without timing).
  std::chrono::seconds command_time{60};

  // -- LMTP (lmtp/) ---------------------------------------------------------
  // limits.lmtp_line: one LMTP command line (RFC 5321 section 4.5.3.1.4 asks
  // for at least 512 octets; parameters and long addresses need more).
  std::size_t lmtp_line = 4096;
  // limits.lmtp_recipients: RCPT commands in one transaction (RFC 5321
  // section 4.5.3.1.8: at least 100).
  unsigned lmtp_recipients = 1000;
  // limits.lmtp_timeout: waiting for a command or for more DATA (RFC 5321
  // section 4.5.3.2 suggests 5 minutes for commands, 3 for data blocks).
  std::chrono::seconds lmtp_timeout{300};

  // -- Authentication (auth/) ------------------------------------------------
  // limits.login_delay_initial_ms / limits.login_delay_max_ms: a failed login
  // delays that address's next attempt; the delay doubles to the cap.
  std::chrono::milliseconds login_delay_initial{250};
  std::chrono::milliseconds login_delay_max{15000};
  // limits.login_cache_seconds: how long a verified password is remembered.
  std::chrono::seconds login_cache_ttl{300};
  // limits.auth_queue: password checks waiting for a worker; then NO [UNAVAILABLE].
  unsigned auth_queue = 256;
};

}  // namespace cairn
