#pragma once
// One LMTP connection (RFC 2033): a coroutine over the same net::stream the
// IMAP session uses, reading like the protocol: greeting, then commands
// until QUIT, a timeout, too many errors or shutdown.
//
//  - Commands are parsed by lmtp/parser.hpp (pure); replies to pipelined
//    commands are written together, before the session waits for input
//    (RFC 2920).
//  - RCPT resolves the recipient at once (store/recipient.hpp): an unknown
//    one is refused there, 550 5.1.1.
//  - After DATA, each accepted recipient gets its reply as soon as its copy
//    is durable (store/deliver.hpp), in RCPT order; never 250 for mail that
//    is not safe. A connection lost before the final "." delivers nothing.
//  - Memory: the message being received (at most limits.message_size, the
//    reader keeps no more) and one command line (limits.lmtp_line).
//  - Store work runs on the server's worker pool through services::run.
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/limits.hpp"
#include "net/asio.hpp"
#include "net/stream.hpp"
#include "store/deliver.hpp"
#include "store/recipient.hpp"
#include "store/store.hpp"

namespace cairn::lmtp {

// What a session needs from the configuration (a snapshot, as for IMAP).
struct session_config {
  std::string hostname = "localhost";  // lmtp.hostname
  cairn::limits lim;
  store::recipient_options recipients;  // delivery.local_domains, .recipient_delimiter
  store::delivery_options delivery;     // delivery.loop_limit (+ lim, test fault)
  bool detail_folders = false;          // delivery.detail_folders
  bool quota_temporary = false;         // delivery.quota_temporary: 452 4.2.2, not 552 5.2.2
};

// Runs `job` on a worker thread and resumes on the caller's executor;
// false (job not run) when the pool is saturated. `job` lives until the
// awaiting caller resumes.
using run_fn = std::function<net::awaitable<bool>(const std::function<void()>& job)>;

class session;

// Every live LMTP session, so that shutdown can tell each to finish.
class registry {
 public:
  void add(const std::shared_ptr<session>& s);
  void remove(session* s);
  std::vector<std::shared_ptr<session>> snapshot() const;
  std::size_t size() const;

 private:
  mutable std::mutex mu_;
  std::unordered_map<session*, std::weak_ptr<session>> all_;
};

// Accounts delivered to stay open for the next messages: opening one means
// opening its databases (and closing the last handle checkpoints them), far
// dearer than the delivery itself. At most `capacity`, the least recently
// used dropped first. Thread-safe (used from the worker pool).
class account_cache {
 public:
  explicit account_cache(std::size_t capacity = 64) : capacity_(capacity) {}
  result<std::shared_ptr<store::account>> get(store::backend& b, const std::string& account_id);
  // Forgets an account (it went away).
  void drop(const std::string& account_id);

 private:
  std::mutex mu_;
  std::size_t capacity_;
  std::uint64_t clock_ = 0;
  std::unordered_map<std::string, std::pair<std::shared_ptr<store::account>, std::uint64_t>> open_;
};

struct services {
  store::backend& store;
  run_fn run;
  registry sessions;
  std::atomic<std::uint64_t> counter{0};
  account_cache accounts;
};

class session : public std::enable_shared_from_this<session> {
 public:
  session(services& svc, std::shared_ptr<const session_config> cfg, std::unique_ptr<net::stream> stream);
  ~session();

  // Starts the session on its stream's executor.
  static void start(services& svc, std::shared_ptr<const session_config> cfg, std::unique_ptr<net::stream> stream);

  // Ends the session (421) when it next waits for a command; a transaction
  // being delivered finishes first.
  void stop();
  net::stream& stream() { return *stream_; }
  const std::string& id() const { return id_; }

 private:
  struct accepted {
    std::string address;  // as given in RCPT TO
    store::recipient who;
  };

  net::awaitable<void> run();
  // The next command line (without CRLF), or `too_long` for one past
  // limits.lmtp_line (dropped up to its end); nullopt when the connection
  // ended, timed out or the session was stopped.
  struct line {
    std::string text;
    bool too_long = false;
  };
  net::awaitable<std::optional<line>> read_line();
  // More input into in_ (pending replies written first); false when the
  // connection ended or timed out, or, waiting `for_command`, was stopped.
  net::awaitable<bool> fill(bool for_command);
  net::awaitable<bool> flush();
  void say(const std::string& line) { out_ += line; }
  void arm_timer();

  net::awaitable<void> handle_rcpt(const std::string& address);
  net::awaitable<bool> handle_data();  // false: the connection is gone
  void reset_transaction();
  std::string received_field(const std::string& recipient) const;

  services& svc_;
  std::shared_ptr<const session_config> cfg_;
  std::unique_ptr<net::stream> stream_;
  std::string id_;
  net::asio::steady_timer timer_;
  std::uint64_t timer_generation_ = 0;
  bool timer_fired_ = false;
  bool timed_out_ = false;
  bool closed_ = false;
  bool stop_requested_ = false;
  bool waiting_command_ = false;

  std::string in_;   // bytes read, not yet consumed
  std::string out_;  // replies not yet written
  std::string lhlo_;  // the client's LHLO name; empty before LHLO
  bool in_transaction_ = false;
  std::string sender_;
  std::uint64_t announced_size_ = 0;  // MAIL FROM's SIZE=, 0 when none
  std::vector<accepted> recipients_;
  unsigned errors_ = 0;
  std::uint64_t transactions_ = 0;
};

// A net::stream over a connected Unix-domain socket (the LMTP socket that
// Postfix uses). No TLS: start_tls answers an error.
std::unique_ptr<net::stream> make_unix_stream(net::asio::local::stream_protocol::socket socket);

}  // namespace cairn::lmtp
