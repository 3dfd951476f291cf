#pragma once
// The command receiver: turns the byte stream from a client into whole
// commands (RFC 9051 sections 2.2 and 4.3), with no socket and no parsing of
// arguments. A command is one line, or several lines joined by literals:
//
//     a001 LOGIN {5}\r\n          <- the receiver asks for "+ " (synchronizing)
//     alice {6+}\r\n              <- non-synchronizing (LITERAL+, RFC 7888)
//     secret\r\n
//
// Contract:
//  - feed() consumes bytes from the front of `in` and stops at the first
//    event: need_more (all of `in` was consumed; call again with more),
//    continuation (the session must now send "+ ..." and keep feeding),
//    command (take_command() returns it) or error (error() says what to
//    answer). After every event but need_more, bytes may remain in `in`
//    (pipelining): call feed() again with what is left.
//  - A command's bytes, literal data included, are returned exactly as sent
//    without the final CRLF; literals appear in place as "{n}\r\n" + n bytes
//    (or "{n+}", "~{n}"), which the argument parser reads the same way.
//  - Memory is bounded by the limits: a line or a command longer than
//    max_command is never stored (it is skipped to its end and answered with
//    an error); a literal is stored only when it is acceptable. APPEND (the
//    only command whose literals are message data) may carry literals up to
//    max_message in all (when append_literals is set), and its lines stay
//    within max_command; every other command's lines and literals together
//    stay within max_command. So a command never holds more than
//    max_command + max_message bytes.
//  - A synchronizing literal that is too large is refused before "+" is
//    sent (Dovecot does this too): the client must then drop the command,
//    and the receiver expects a new command. A non-synchronizing one is
//    already on its way: the receiver skips its bytes and the rest of the
//    command and stays in step (Stalwart's receiver does the same); one
//    larger than max_skip() is a fatal error (BYE), not worth reading.
//  - A command line that never ends: its bytes are discarded as they come
//    and the error is reported at its end; once max_skip() + max_command
//    bytes have been skipped the error is fatal.
//  - max_skip() is max_message when APPEND may carry messages (after
//    login), max_command otherwise: before login nothing legitimate is
//    longer than a command line.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace cairn::proto {

struct receiver_limits {
  std::size_t max_command = 8 * 1024;            // limits::line_before_login / _after_login
  // limits::message_size: the literals of one APPEND command together (one
  // message, or all of a MULTIAPPEND), since the receiver holds the whole
  // command; a non-synchronizing literal larger than this is not skipped
  // but fatal.
  std::size_t max_message = 64 * 1024 * 1024;
  // APPEND's literals get max_message instead of max_command. Off before
  // login (APPEND is not allowed there): otherwise anyone could make the
  // server hold max_message bytes per connection without an account.
  bool append_literals = true;
  bool literal8 = false;                         // "~{n}" accepted (BINARY, RFC 3516)
};

enum class receiver_event { need_more, continuation, command, error };

struct receiver_error {
  std::string tag;          // the command's tag, or "*" when it had none yet
  bool fatal = false;       // answer with "* BYE" and close the connection
  std::string code;         // RFC 5530 response code, e.g. "TOOBIG", or empty
  std::string text;         // human-readable reason
  // Which limit refused it, for the log: "line" (limits.line_*), "literal"
  // (limits.message_size or the line limits), "literal8" (not allowed here).
  const char* what = "line";
};

class receiver {
 public:
  explicit receiver(receiver_limits limits = {});

  receiver_event feed(std::string_view& in);

  // The command after receiver_event::command. Leaves the receiver empty.
  std::string take_command();
  const receiver_error& error() const { return error_; }

  // Limits for the next command (e.g. larger after login).
  void set_limits(const receiver_limits& l) { limits_ = l; }
  const receiver_limits& limits() const { return limits_; }

  // Bytes held for the command being received (for memory accounting).
  std::size_t buffered() const { return cmd_.capacity(); }
  // True between commands: nothing of a command received yet.
  bool idle() const { return state_ == state::line && cmd_.empty() && !discarding_; }

 private:
  enum class state { line, literal };

  receiver_event end_of_line();
  receiver_event fail(bool fatal, std::string code, std::string text, const char* what);
  receiver_event finish_discard();
  std::size_t budget_for_literal() const;
  std::size_t max_skip() const;
  void note_command_kind();

  receiver_limits limits_;
  state state_ = state::line;
  std::string cmd_;               // the command so far (not while discarding)
  std::size_t line_start_ = 0;    // where the current line starts in cmd_
  std::size_t literal_left_ = 0;  // bytes of literal still to come
  std::size_t counted_ = 0;       // bytes counted against max_command
  bool is_append_ = false;        // known once the first line is complete
  std::size_t append_bytes_ = 0;  // APPEND literal bytes accepted so far
  bool kind_known_ = false;
  // Skipping a refused command: nothing is stored; the tag and reason are
  // kept for the answer at its end.
  bool discarding_ = false;
  std::size_t discarded_ = 0;
  std::string tail_;              // last bytes of the skipped line, to spot "{n}"
  receiver_error pending_;
  receiver_error error_;
};

// The tag at the start of a command ("*" if there is none), for answers to
// commands that could not be parsed.
std::string_view tag_of(std::string_view command);

}  // namespace cairn::proto
