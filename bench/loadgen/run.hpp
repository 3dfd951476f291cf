#pragma once
// The load generator's run: options, threads (one io_context each), the
// measurement window, and the report every scenario prints (one JSON object
// on standard output; progress goes to standard error).
//
// A scenario is a function that spawns client coroutines on the run's
// threads and returns when the run is over. Every loop in a scenario is
// bounded: by the run's deadline (`stopping`), by a count, and every wait by
// the connection timeout.
#include <atomic>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "client.hpp"
#include "procinfo.hpp"
#include "stats.hpp"

namespace bench {

struct options {
  std::string scenario;
  std::string server = "server";        // label for the report
  std::string host = "127.0.0.1";
  unsigned port = 143;
  bool tls = false;
  bool pipeline = false;
  unsigned sources = 16;                // 127.0.0.2 .. 127.0.0.(1+sources)
  unsigned threads = 1;
  std::string user_format = "user%03d";
  unsigned accounts = 100;
  unsigned first_account = 0;
  std::string password = "secret";      // "{user}" is replaced by the account name
  std::uint64_t seed = 42;
  int server_pid = 0;                   // for server CPU and memory
  double timeout = 180;                 // seconds, every single wait
  // mixed / login / append
  unsigned clients = 10;
  double duration = 30;
  double warmup = 5;
  unsigned idle_ms = 50;
  double rate = 0;                      // mixed: sessions started per second (0: closed loop)
  std::vector<std::string> skip;        // mixed: commands left out (not supported everywhere)
  unsigned pool = 256;                  // messages pre-generated for APPEND
  unsigned window = 8;                  // append --pipeline: APPENDs in flight per client
  std::string account;                  // append / bigbox: the one account
  std::string mailbox = "INBOX";
  bool cleanup = false;                 // append: DELETE the mailbox afterwards
  // load
  unsigned messages = 500;
  std::string profile = "realistic";
  unsigned batch = 25;                  // MULTIAPPEND: messages per command
  unsigned conns = 4;
  bool folders = true;
  // idle
  std::vector<unsigned> steps;
  unsigned setup_concurrency = 64;
  double settle = 5;
  unsigned mem_reserve_mb = 2048;
  // bigbox
  unsigned repeat = 5;
  // gen
  std::string out_dir;
  unsigned count = 100;
};

// Mixed-workload command kinds (rows of the table).
enum class cmd_kind : unsigned {
  login, list, status, select, fetch_headers, fetch_body, store, append, expunge, idle, logout, count_
};
const char* cmd_name(cmd_kind k);  // "LOGIN", "FETCH headers", ...
bool parse_cmd_kind(const std::string& s, cmd_kind& k);

struct thread_state {
  asio::io_context ctx{1};
  command_stats stats;
  std::uint64_t sessions = 0;     // completed within the window
  std::uint64_t commands = 0;     // completed within the window
  std::uint64_t bytes_sent = 0;   // APPEND data within the window
  std::uint64_t failures = 0;     // sessions that ended early (connect/login failure, drop)
  std::unordered_set<connection*> live;
};

struct snapshot {
  clock::time_point at;
  double self_cpu = 0;
  machine_cpu machine;
  tree_sample server;
};

class run {
 public:
  explicit run(options o);
  const options& opt() const { return opt_; }

  unsigned threads() const { return static_cast<unsigned>(threads_.size()); }
  thread_state& thread(unsigned i) { return *threads_[i]; }
  asio::any_io_executor executor(unsigned i) { return threads_[i]->ctx.get_executor(); }

  // A new connection on thread `t`, registered so that stop() can close it.
  std::shared_ptr<connection> make_connection(unsigned t);
  void forget(unsigned t, connection* c) { threads_[t]->live.erase(c); }
  tcp::endpoint server() const { return server_; }
  asio::ip::address next_source();
  std::string account_name(unsigned i) const;
  std::string password_for(const std::string& account) const;

  // Measurement window: commands that complete while measuring() count.
  bool measuring() const { return measuring_.load(std::memory_order_relaxed); }
  bool stopping() const { return stopping_.load(std::memory_order_relaxed); }
  void begin_window();
  void end_window();
  void request_stop() { stopping_ = true; }

  // Records one command's outcome on thread `t` (only inside the window).
  // Returns false if the response says the command is not supported.
  bool record(unsigned t, const std::string& name, clock::time_point started, const response& r);
  void record_failure(unsigned t, const std::string& name, const std::string& why);

  // Mixed workload: commands found unsupported (or skipped by option).
  bool disabled(cmd_kind k) const { return disabled_[static_cast<unsigned>(k)].load(std::memory_order_relaxed); }
  void disable(cmd_kind k) { disabled_[static_cast<unsigned>(k)] = true; }
  bool was_unsupported(cmd_kind k) const { return unsupported_[static_cast<unsigned>(k)].load(); }
  void mark_unsupported(cmd_kind k) {
    unsupported_[static_cast<unsigned>(k)] = true;
    disable(k);
  }

  // Runs all threads until their work is done (or `hard_stop` closes what
  // is left). Called once, from main, after the scenario spawned its work.
  void run_threads();
  // Closes every live connection on every thread (from any thread).
  void close_all();
  // Stops the io_contexts (last resort after close_all).
  void hard_stop();

  // The report's common part: window, throughput, CPU of the load
  // generator, of the server and of everything else on the machine.
  void write_common(class json& j) const;
  void write_commands(class json& j) const;

  // Open-loop pacing (--rate): the time at which the next session may
  // start, shared by all clients; returns how long the caller must wait.
  std::chrono::nanoseconds reserve_start();

  asio::ssl::context& tls_context() { return tls_; }
  std::atomic<std::uint64_t> active{0};  // client coroutines still running

 private:
  options opt_;
  std::vector<std::unique_ptr<thread_state>> threads_;
  asio::ssl::context tls_{asio::ssl::context::tls_client};
  tcp::endpoint server_;
  std::vector<asio::ip::address> sources_;
  std::atomic<unsigned> next_source_{0};
  std::atomic<bool> measuring_{false};
  std::atomic<bool> stopping_{false};
  std::atomic<bool> disabled_[static_cast<unsigned>(cmd_kind::count_)]{};
  std::atomic<bool> unsupported_[static_cast<unsigned>(cmd_kind::count_)]{};
  std::atomic<std::int64_t> next_start_ns_{0};
  snapshot start_, end_;
  bool window_done_ = false;
};

snapshot take_snapshot(int server_pid, bool with_pss = false);

// A steady_timer sleep.
awaitable<void> sleep_for(std::chrono::milliseconds d);

// Scenarios (scenarios.cpp); each returns the process exit code.
int scenario_probe(run& r);
int scenario_load(run& r);
int scenario_prime(run& r);
int scenario_mixed(run& r);
int scenario_login(run& r);
int scenario_append(run& r);
int scenario_idle(run& r);
int scenario_bigbox(run& r);
int scenario_gen(const options& o);

}  // namespace bench
