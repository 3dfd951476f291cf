#pragma once
// One IMAP connection: a coroutine that reads like the protocol (greeting,
// then command after command until LOGOUT, BYE or a dropped connection).
//
//  - State is a std::variant (STYLE.md example 4): not_authenticated,
//    authenticated (carries the account), selected (carries the account and
//    the mailbox view). Nothing is a pointer that may be null.
//  - One gate decides what each state allows: the command table
//    (imap/command_table.cpp). Handlers live in imap/cmd/, one file per
//    command or family.
//  - The session owns its stream; input is read only when it is wanted
//    (back-pressure), and an idle session holds no read buffer.
//  - Store calls run on the worker pool (imap/workers.hpp).
//  - Untagged updates of the selected mailbox are sent at checkpoints only
//    (after each command, before its tagged reply; during IDLE), with
//    EXPUNGE held back where RFC 9051 section 7.5.1 forbids it.
#include <algorithm>
#include <chrono>
#include <mutex>
#include <unordered_map>
#include <vector>
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "auth/conn_limits.hpp"
#include "auth/throttle.hpp"
#include "auth/verifier.hpp"
#include "base/limits.hpp"
#include "base/log.hpp"
#include "imap/hub.hpp"
#include "imap/mailbox_view.hpp"
#include "imap/workers.hpp"
#include "net/asio.hpp"
#include "net/stream.hpp"
#include "net/tls.hpp"
#include "protocol/parser.hpp"
#include "protocol/receiver.hpp"
#include "protocol/writer.hpp"
#include "store/store.hpp"

namespace cairn::imap {

// What a session needs from the configuration (a snapshot: a SIGHUP reload
// applies to connections made after it).
struct session_config {
  cairn::limits lim;
  // Allow LOGIN and AUTHENTICATE over unencrypted connections from peers
  // other than loopback (RFC 9051 section 11.1 says no by default).
  bool allow_plaintext_auth = false;
  // A loopback peer may log in without TLS: nothing crosses a network, and
  // local tools (webmail on the same host, fetchmail) need no certificate.
  // False treats loopback like any other address (tests of LOGINDISABLED).
  bool loopback_is_secure = true;
  std::string greeting_name = "Cairn";
  // quota.administrators: accounts that may SETQUOTA (RFC 9208 QUOTASET).
  std::vector<std::string> quota_administrators;
};

class session;

// Every live session, so that shutdown can tell each to finish.
//
// It also gives memory back after a burst: when the number of sessions
// has fallen to half of its peak since the last time (and the peak was
// worth it), the allocator is asked to return its free pages
// (base/memory.hpp). Otherwise the process would stay at the high-water
// mark of its busiest moment (issue 11: memory returns after an attack).
class session_registry {
 public:
  void add(const std::shared_ptr<session>& s) {
    std::lock_guard lk(mu_);
    all_[s.get()] = s;
    peak_ = std::max(peak_, all_.size());
  }
  void remove(session* s) {
    bool trim = false;
    std::size_t peak = 0, now = 0;
    {
      std::lock_guard lk(mu_);
      all_.erase(s);
      if (peak_ >= trim_from && all_.size() <= peak_ / 2) {
        trim = true;
        peak = peak_;
        now = all_.size();
        peak_ = all_.size();
        // The table's buckets stay at their peak size otherwise.
        if (all_.empty()) all_ = {};
      }
    }
    if (trim) trim_memory(peak, now);
  }
  std::vector<std::shared_ptr<session>> snapshot() const {
    std::lock_guard lk(mu_);
    std::vector<std::shared_ptr<session>> out;
    out.reserve(all_.size());
    for (auto& [p, w] : all_)
      if (auto s = w.lock()) out.push_back(std::move(s));
    return out;
  }
  std::size_t size() const {
    std::lock_guard lk(mu_);
    return all_.size();
  }

 private:
  // Bursts smaller than this are not worth a trim (each walks the heaps).
  static constexpr std::size_t trim_from = 64;
  static void trim_memory(std::size_t peak, std::size_t now);

  mutable std::mutex mu_;
  std::unordered_map<session*, std::weak_ptr<session>> all_;
  std::size_t peak_ = 0;
};

// Services shared by every session of the server.
struct services {
  store::backend& store;
  auth::verifier& verifier;
  auth::throttle& throttle;
  auth::conn_limits& conn_limits;
  worker_pool& workers;
  hub& notifications;
  net::tls_provider& tls;
  session_registry registry;
  std::atomic<bool> stopping{false};
  std::atomic<std::uint64_t> sessions{0};
  std::atomic<std::uint64_t> session_counter{0};
};

struct not_authenticated {};
struct authenticated {
  store::user_record user;
  std::shared_ptr<store::account> account;
  auth::conn_limits::ticket ticket;
};
struct selected {
  authenticated auth;
  std::unique_ptr<mailbox_view> view;
};
struct logged_out {};
using session_state = std::variant<not_authenticated, authenticated, selected, logged_out>;

enum class state_mask : unsigned {
  not_authenticated = 1,
  authenticated = 2,
  selected = 4,
  any = 7,
  after_login = 6,
};

// The result of a command, written as the tagged reply after any untagged
// updates (so that, e.g., NOOP's EXISTS comes before its OK).
struct reply {
  enum class kind { ok, no, bad } status = kind::ok;
  std::string code;  // response code without brackets, e.g. "READ-WRITE"
  std::string text;
};

class session;

struct command_context {
  std::string tag;
  std::string name;  // upper-case, without "UID "
  bool uid = false;
  proto::parser& args;  // positioned at the first argument
  reply result;
  // Set by a handler that already wrote its tagged reply (AUTHENTICATE
  // continuations, LOGOUT) or ended the session.
  bool replied = false;
  // The tagged OK carries [HIGHESTMODSEQ n], with n as known after the
  // checkpoint (RFC 7162 sections 3.2.7, 3.2.9; RFC 6851 section 4.4).
  bool highestmodseq_code = false;

  void ok(std::string text, std::string code = {}) { result = {reply::kind::ok, std::move(code), std::move(text)}; }
  void no(std::string text, std::string code = {}) { result = {reply::kind::no, std::move(code), std::move(text)}; }
  void bad(std::string text, std::string code = {}) { result = {reply::kind::bad, std::move(code), std::move(text)}; }
  // A BAD naming the parser's error.
  void bad_syntax();
};

class session : public std::enable_shared_from_this<session> {
 public:
  session(services& svc, std::shared_ptr<const session_config> cfg, std::unique_ptr<net::stream> stream,
          bool implicit_tls);
  ~session();

  // Starts the session on its stream's executor.
  static void start(services& svc, std::shared_ptr<const session_config> cfg, std::unique_ptr<net::stream> stream,
                    bool implicit_tls);

  // Ends the session at its next checkpoint with "* BYE" (graceful shutdown).
  void stop();
  bool stopping() const { return stop_requested_; }

  // --- for command handlers ---------------------------------------------
  services& svc() { return svc_; }
  const session_config& config() const { return *cfg_; }
  const std::string& id() const { return id_; }
  net::stream& stream() { return *stream_; }
  session_state& state() { return state_; }
  const std::string& peer() const { return stream_->peer_address(); }
  // The account of an authenticated or selected session (else nullptr).
  authenticated* auth_state();
  selected* selected_state();

  // Output: lines are collected and flushed at the end of a command, or
  // earlier with flush() when a handler streams much data.
  void untagged(std::string_view line);  // "* " + line + CRLF
  std::string& out() { return out_; }     // raw output, caller writes CRLFs
  net::awaitable<bool> flush();
  net::awaitable<bool> continuation(std::string_view text);  // "+ text" CRLF, flushed

  // Reads one line for AUTHENTICATE's continuation (or IDLE's DONE);
  // nullopt when the connection ended or timed out.
  net::awaitable<std::optional<std::string>> read_line();

  // Runs `fn` on the store worker pool. nullopt when the pool is saturated;
  // the caller answers NO [UNAVAILABLE].
  // `fn` is taken by reference: it lives until the end of the caller's
  // co_await full-expression, which outlasts the call.
  template <class F>
  net::awaitable<std::optional<std::invoke_result_t<F&>>> blocking(F&& fn) {
    return svc_.workers.run(fn);
  }

  // Client capabilities and what it enabled (RFC 5161 ENABLE).
  bool utf8() const { return utf8_; }
  // ENABLE UTF8=ACCEPT itself (RFC 6855): utf8() is also set by IMAP4rev2.
  bool utf8_accept() const { return utf8_accept_; }
  void enable_utf8_accept() { utf8_accept_ = utf8_ = true; }
  bool rev2() const { return rev2_; }
  bool condstore() const { return condstore_; }
  bool qresync() const { return qresync_; }
  void enable_utf8() { utf8_ = true; }
  void enable_rev2() { rev2_ = true; }
  void enable_condstore() { condstore_ = true; }
  // A CONDSTORE-enabling command (RFC 7162 section 3.1): the first one with
  // a mailbox selected makes the server send HIGHESTMODSEQ.
  void condstore_enabling_command();
  void enable_qresync() { qresync_ = true; condstore_ = true; }
  proto::text_mode text() const { return {utf8_}; }

  // The CAPABILITY list for the current state.
  std::string capabilities() const;
  bool login_allowed() const;  // TLS, loopback, or allowed by configuration

  // Mailbox names: from the wire (modified UTF-7 or UTF-8) to a stored name,
  // and back. decode_mailbox validates (store/mailbox_name) and canonicalises
  // INBOX; on failure `why` says what to answer.
  std::optional<std::string> decode_mailbox(std::string_view wire, std::string& why) const;
  void append_mailbox(std::string& out, std::string_view stored) const;

  // State transitions.
  void enter_authenticated(authenticated&& a);
  void enter_selected(std::unique_ptr<mailbox_view> view);
  void leave_selected();  // back to authenticated

  // Sends what changed in the selected mailbox since the session was last
  // told. `expunge_ok` false holds back EXPUNGE/VANISHED (FETCH, STORE,
  // SEARCH in their sequence-number forms, RFC 9051 section 7.5.1).
  net::awaitable<void> sync_selected(bool expunge_ok);

  // This session expunged these messages itself (EXPUNGE, MOVE): reports
  // them now (EXPUNGE responses) and drops them from the view.
  void report_own_expunges(const std::vector<store::uid_t>& uids, store::modseq_t modseq);
  // Expunged messages may be purged for good once every session watching
  // the mailbox has been told: ask for it at the end of the next checkpoint.
  void request_purge() { purge_wanted_ = true; }
  // Purges what every watcher has been told of, on a worker, without waiting.
  void post_purge(std::shared_ptr<store::account> acct, store::mailbox_id box);

  // Wakes the session when its selected mailbox changes (hub callback).
  void wake();
  // The next checkpoint asks the store even if the hub heard nothing (NOOP,
  // CHECK and IDLE poll, so news from a lost notification is never stuck).
  void poll_store() { wake_pending_ = true; }

  // IDLE: waits for input, a mailbox change, keep-alive or timeout.
  enum class idle_event { input, changed, keepalive, timeout, closed };
  net::awaitable<idle_event> idle_wait(std::chrono::steady_clock::time_point keepalive_at);

  void log_event(std::string_view event, std::initializer_list<log::kv> fields = {}) const;

 private:
  net::awaitable<void> run();
  net::awaitable<void> dispatch(std::string&& raw);
  // The next receiver event; nullopt when input ended (closed, timed out or
  // stopped: see closed_, timed_out_, stop_requested_).
  net::awaitable<std::optional<proto::receiver_event>> next_event();
  net::awaitable<bool> greet();
  void arm_timer(std::chrono::steady_clock::duration d);
  void apply_receiver_limits();
  net::awaitable<void> say_bye(std::string_view text);
  net::awaitable<bool> handle_starttls(const std::string& tag);
  friend net::awaitable<void> cmd_starttls(session&, command_context&);

  services& svc_;
  std::shared_ptr<const session_config> cfg_;
  std::unique_ptr<net::stream> stream_;
  bool implicit_tls_;
  std::string id_;
  session_state state_;
  proto::receiver rx_;
  std::string pending_input_;  // bytes read but not yet fed (pipelining)
  std::string out_;
  net::asio::steady_timer timer_;
  std::uint64_t timer_generation_ = 0;
  bool timed_out_ = false;
  bool stop_requested_ = false;
  bool wake_pending_ = false;
  bool waiting_ = false;       // in wait(), cancellable by stop
  bool idling_ = false;        // in IDLE's wait, cancellable by wake
  bool timer_fired_ = false;
  bool purge_wanted_ = false;
  bool expunges_reported_ = false;  // by the checkpoint of the current command
  bool closed_ = false;
  bool utf8_ = false, rev2_ = false, condstore_ = false, qresync_ = false;
  bool utf8_accept_ = false;
  unsigned bad_commands_ = 0;
  // This connection's place among its address's (limits.connections_per_ip).
  auth::conn_limits::ticket address_ticket_;
  std::chrono::steady_clock::time_point started_;
  std::uint64_t commands_ = 0;

 public:
  // STARTTLS was accepted: the handler's tagged OK is flushed, then the
  // session discards pending input and performs the handshake.
  bool starttls_pending = false;
};

}  // namespace cairn::imap
