#pragma once
// LMTP on the wire (RFC 2033 over RFC 5321), pure: no sockets, no store.
// Fuzzed (fuzz/lmtp_command.cpp, fuzz/lmtp_data.cpp).
//
//  - parse_command(line) turns one command line (without its CRLF) into a
//    command, or into the reply that refuses it. Never throws; memory is
//    linear in the line, which the caller bounds (limits.lmtp_line).
//  - data_reader decodes the DATA body as it arrives: undoes dot-stuffing,
//    makes every bare LF a CRLF, keeps NUL and bare CR bytes as they are,
//    and finds the end (a line holding only "."; ".\n" accepted as well).
//    It keeps at most `max_size` bytes of message and, past that, reads on
//    to the end without keeping anything, so the session stays in step and
//    answers "too large" for each recipient.
#include <cstddef>
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace cairn::lmtp {

// A reply: "CODE ENHANCED TEXT", e.g. {250, "2.1.0", "Ok"}. `enhanced`
// (RFC 2034, codes from RFC 3463) is empty for the greeting and LHLO.
struct reply {
  int code = 250;
  std::string enhanced;
  std::string text;
  // "250 2.1.0 Ok\r\n"
  std::string line() const;
  bool positive() const { return code >= 200 && code < 300; }
};

enum class verb { lhlo, mail, rcpt, data, rset, noop, quit, vrfy, helo, ehlo, help, bdat };

enum class body_type { unspecified, seven_bit, eight_bit_mime };

struct command {
  verb v = verb::noop;
  // LHLO: the client's name. VRFY: the argument.
  std::string argument;
  // MAIL, RCPT: the mailbox of the path: "local@domain" (a quoted local
  // part unquoted; a source route dropped), empty for MAIL FROM:<>.
  std::string address;
  // MAIL parameters (RFC 1870 SIZE, RFC 6152 BODY).
  std::optional<std::uint64_t> size;
  body_type body = body_type::unspecified;
};

using parsed = std::variant<command, reply>;

// One command line, without CRLF. A refusal is a reply such as 500 5.5.2
// (unknown command), 501 5.5.4 (bad arguments), 501 5.1.3 / 5.1.7 (bad
// recipient / sender address), 555 5.5.4 (unknown MAIL/RCPT parameter).
parsed parse_command(std::string_view line);

// The mailbox of a reverse- or forward-path ("<...>"), as command::address;
// nullopt when the path is malformed. Exposed for tests.
std::optional<std::string> parse_path(std::string_view path, bool allow_null);

class data_reader {
 public:
  // `expected`: the size MAIL FROM announced (SIZE=), if any: room for it
  // is made at once, so a large message is not copied as the buffer grows.
  explicit data_reader(std::size_t max_size, std::size_t expected = 0) : max_(max_size) {
    if (expected) out_.reserve(std::min(expected + expected / 32 + 2, max_size));
  }

  // Consumes bytes of the DATA body and returns how many it took: all of
  // `in`, or fewer when the end line came (what follows is the next
  // command, PIPELINING).
  std::size_t feed(std::string_view in);

  bool done() const { return state_ == state::done; }
  // More than max_size bytes came: message() holds only the start.
  bool too_large() const { return too_large_; }
  // The message as decoded so far (CRLF line ends, no stuffing dots).
  std::string& message() { return out_; }
  // Bytes of message decoded, kept or not.
  std::uint64_t size() const { return size_; }

 private:
  enum class state { line_start, dot, dot_cr, in_line, cr, done };
  void put(char c);

  std::size_t max_;
  state state_ = state::line_start;
  std::string out_;
  std::uint64_t size_ = 0;
  bool too_large_ = false;
};

}  // namespace cairn::lmtp
