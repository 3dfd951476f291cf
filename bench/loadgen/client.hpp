#pragma once
// One IMAP client connection for the load generator: plain or TLS, from a
// chosen loopback source address, with responses framed by Cairn's own
// protocol core (proto::receiver: lines and {n} literals) and read with
// proto::parser.
//
// Contract:
//  - Every wait is bounded: an operation that does not finish before the
//    connection's deadline (set_timeout) closes the socket, and the waiting
//    call returns a failure. Nothing throws; failures are values.
//  - Responses are returned whole (a line plus its literals, without the
//    final CRLF), as the receiver assembles them; memory is one read buffer
//    plus the response being assembled (a 5 MB BODY[] is held once).
//  - A connection belongs to one io_context thread; it is not thread-safe.
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "net/asio.hpp"
#include "protocol/receiver.hpp"

namespace bench {

namespace asio = boost::asio;
using boost::asio::awaitable;
using tcp = asio::ip::tcp;
using clock = std::chrono::steady_clock;

struct response {
  enum class status { ok, no, bad, bye, failed };
  status st = status::failed;
  std::string text;  // resp-text after the status word: "[CODE ...] human text"
  bool ok() const { return st == status::ok; }
  // A tagged NO or BAD that says the server does not implement the command
  // or item ("Unknown command", "not supported", "not implemented").
  bool unsupported() const;
  // The value of a response code, e.g. code_arg("APPENDUID") -> "1 17".
  std::optional<std::string> code_arg(std::string_view code) const;
};

using untagged_fn = std::function<void(std::string_view)>;

class connection : public std::enable_shared_from_this<connection> {
 public:
  connection(asio::any_io_executor ex, asio::ssl::context* tls_ctx);
  ~connection();
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;

  // Connects from `source` (the kernel picks the port at connect time, so
  // many source addresses multiply the usable ports), does the TLS
  // handshake when `tls`, and reads the greeting. Empty on success, else
  // what failed.
  awaitable<std::string> open(tcp::endpoint server, asio::ip::address source, bool tls);

  // Timeout of each following wait (a read or a write).
  void set_timeout(std::chrono::milliseconds t) { timeout_ = t; }

  awaitable<bool> send(std::string_view bytes);
  // Three pieces in one write, without copying them together (APPEND:
  // command line, message, CRLF).
  awaitable<bool> send(std::string_view a, std::string_view b, std::string_view c);
  // One response; nullopt if the connection failed, closed or timed out.
  awaitable<std::optional<std::string>> read_response();
  // Reads until the tagged response of `tag` (untagged ones go to
  // `on_untagged`; a tagged response of another pipelined command is kept
  // for its own wait_for).
  awaitable<response> wait_for(const std::string& tag, const untagged_fn* on_untagged = nullptr);
  // Reads until a continuation request "+ ..." (true) or the tagged
  // response of `tag` (false, kept for wait_for).
  awaitable<bool> wait_continuation(const std::string& tag, const untagged_fn* on_untagged = nullptr);
  // send(tag SP text CRLF), then wait_for(tag).
  awaitable<response> command(const std::string& tag, std::string_view text, const untagged_fn* on_untagged = nullptr);

  // A fresh tag ("a1", "a2", ...).
  // (Appended, not "a" + to_string(): GCC 12 -O3 warns falsely on that
  // operator+ [-Wstringop-overflow], and the bench builds with -Werror too.)
  std::string next_tag() {
    std::string t = std::to_string(++tags_);
    t.insert(t.begin(), 'a');
    return t;
  }
  // Capabilities from the greeting or the last [CAPABILITY ...] code seen,
  // upper-cased, space-separated, with spaces at both ends for searching.
  const std::string& capabilities() const { return caps_; }
  bool has_capability(std::string_view cap) const;
  bool is_open() const { return open_; }
  void close();
  // Frees the read buffer while nothing is buffered (idle connections).
  void trim() {
    if (pos_ >= end_) buf_.reset();
  }

 private:
  static awaitable<void> watchdog(std::weak_ptr<connection> weak);
  void arm() { deadline_ = clock::now() + timeout_; }
  void disarm() { deadline_ = clock::time_point::max(); }
  void note_capabilities(std::string_view line);
  template <class Buffers>
  awaitable<std::pair<boost::system::error_code, std::size_t>> write_all(const Buffers& b);

  tcp::socket socket_;
  std::unique_ptr<asio::ssl::stream<tcp::socket>> tls_;
  asio::ssl::context* tls_ctx_;
  asio::steady_timer timer_;
  clock::time_point deadline_ = clock::time_point::max();
  std::chrono::milliseconds timeout_{120000};
  cairn::proto::receiver rx_;
  std::unique_ptr<char[]> buf_;
  std::size_t pos_ = 0, end_ = 0;
  std::unordered_map<std::string, response> early_;  // tagged replies read ahead (pipelining)
  std::string caps_ = " ";
  unsigned long tags_ = 0;
  bool open_ = false;
};

// Parses a tagged status line "tag OK text" into `r`; false if it is not one.
bool parse_tagged(std::string_view line, std::string& tag, response& r);

}  // namespace bench
