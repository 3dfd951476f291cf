// The scenarios of issue 4 (and the helpers that prepare the servers for
// them). Each spawns its client coroutines on the run's threads and a
// controller on thread 0 that opens and closes the measurement window.
//
// Later issues add their scenarios here (see the list in main.cpp): a new
// scenario is a function `int scenario_x(run&)` plus one line in main.
#include <algorithm>
#include <cinttypes>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "json.hpp"
#include "mailgen.hpp"
#include "rng.hpp"
#include "run.hpp"

namespace bench {
namespace {

using namespace std::chrono_literals;

std::string imap_quoted(std::string_view s) {
  std::string o = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    o += c;
  }
  return o + "\"";
}

std::string login_text(const run& R, const std::string& user) {
  return "LOGIN " + imap_quoted(user) + " " + imap_quoted(R.password_for(user));
}

// "* 17 EXISTS" -> 17
bool parse_exists(std::string_view line, std::uint32_t& n) {
  if (line.size() < 10 || line.substr(0, 2) != "* " || line.substr(line.size() - 7) != " EXISTS") return false;
  std::uint32_t v = 0;
  for (std::size_t i = 2; i < line.size() - 7; ++i) {
    if (line[i] < '0' || line[i] > '9') return false;
    v = v * 10 + static_cast<std::uint32_t>(line[i] - '0');
  }
  n = v;
  return true;
}

// The uid from "[APPENDUID uidvalidity uid]" (0 if absent).
std::uint32_t appended_uid(const response& r) {
  auto arg = r.code_arg("APPENDUID");
  if (!arg) return 0;
  auto sp = arg->find(' ');
  if (sp == std::string::npos) return 0;
  return static_cast<std::uint32_t>(std::strtoul(arg->c_str() + sp + 1, nullptr, 10));
}

mail_spec spec_for(const run& R, const std::string& account, std::uint64_t count, mail_profile p) {
  mail_spec s;
  s.seed = mix(R.opt().seed, std::hash<std::string>{}(account));
  s.profile = p;
  s.recipient = account + "@example.org";
  s.count = count;
  return s;
}

std::vector<std::string> make_pool(const run& R, unsigned n) {
  mail_spec s;
  s.seed = mix(R.opt().seed, 0x9001);
  s.recipient = "bench@example.org";
  s.count = std::max(1u, n);
  std::vector<std::string> pool;
  pool.reserve(n);
  for (unsigned i = 0; i < n; ++i) pool.push_back(generate_message(s, i));
  return pool;
}

// Closes the connection and forgets it when the session ends, however it ends.
struct conn_guard {
  run& R;
  unsigned t;
  std::shared_ptr<connection> c;
  ~conn_guard() {
    c->close();
    R.forget(t, c.get());
  }
};

// One timed command of the mixed workload; disables the kind for the rest
// of the run if the server says it does not support it.
awaitable<response> exec(run& R, unsigned t, connection& c, cmd_kind k, std::string_view text,
                         const untagged_fn* u = nullptr) {
  std::string tag = c.next_tag();
  auto t0 = clock::now();
  response r = co_await c.command(tag, text, u);
  if (!R.record(t, cmd_name(k), t0, r)) R.mark_unsupported(k);
  co_return r;
}

struct batch_item {
  cmd_kind kind;
  std::string text;
  std::string tag;
  response result;
};

// Pipelining: every command of the batch in one write, then the replies in
// order; each command's latency runs from the write to its own reply.
awaitable<void> exec_batch(run& R, unsigned t, connection& c, std::vector<batch_item>& items, const untagged_fn* u) {
  std::string out;
  for (auto& it : items) {
    it.tag = c.next_tag();
    out += it.tag + " " + it.text + "\r\n";
  }
  auto t0 = clock::now();
  if (!co_await c.send(out)) {
    for (auto& it : items) R.record(t, cmd_name(it.kind), t0, it.result);
    co_return;
  }
  for (auto& it : items) {
    it.result = co_await c.wait_for(it.tag, u);
    if (!R.record(t, cmd_name(it.kind), t0, it.result)) R.mark_unsupported(it.kind);
  }
}

// APPEND of `msg` with LITERAL+ when the server has it, else a
// synchronizing literal (wait for "+").
awaitable<response> append_message(connection& c, const std::string& tag, std::string_view mailbox,
                                   std::string_view flags, std::string_view date, std::string_view msg) {
  const bool nonsync = c.has_capability("LITERAL+");
  std::string line = tag + " APPEND " + std::string(mailbox);
  if (!flags.empty()) line += " " + std::string(flags);
  if (!date.empty()) line += " \"" + std::string(date) + "\"";
  line += " {" + std::to_string(msg.size()) + (nonsync ? "+}\r\n" : "}\r\n");
  if (nonsync) {
    if (!co_await c.send(line, msg, "\r\n")) co_return response{};
    co_return co_await c.wait_for(tag);
  }
  if (!co_await c.send(line)) co_return response{};
  if (!co_await c.wait_continuation(tag)) co_return co_await c.wait_for(tag);
  if (!co_await c.send(msg, "\r\n", "")) co_return response{};
  co_return co_await c.wait_for(tag);
}

awaitable<void> idle_pause(run& R, unsigned t, connection& c) {
  std::string tag = c.next_tag();
  auto t0 = clock::now();
  if (!co_await c.send(tag + " IDLE\r\n")) {
    R.record(t, "IDLE", t0, response{});
    co_return;
  }
  if (!co_await c.wait_continuation(tag)) {
    response r = co_await c.wait_for(tag);
    if (!R.record(t, "IDLE", t0, r)) R.mark_unsupported(cmd_kind::idle);
    co_return;
  }
  response plus;
  plus.st = response::status::ok;
  R.record(t, "IDLE", t0, plus);
  co_await sleep_for(std::chrono::milliseconds(R.opt().idle_ms));
  auto t1 = clock::now();
  if (!co_await c.send("DONE\r\n")) {
    R.record(t, "IDLE done", t1, response{});
    co_return;
  }
  R.record(t, "IDLE done", t1, co_await c.wait_for(tag));
}

// ---------------------------------------------------------------------------
// Mixed workload: what a mail client does when a user opens it, reads a
// message, files one, waits a moment and leaves.

awaitable<bool> mixed_session(run& R, unsigned t, rng& r, const std::vector<std::string>& pool) {
  const auto& o = R.opt();
  const std::string user = R.account_name(o.first_account + static_cast<unsigned>(r.below(o.accounts)));
  auto cp = R.make_connection(t);
  conn_guard guard{R, t, cp};
  connection& c = *cp;

  auto t0 = clock::now();
  std::string err = co_await c.open(R.server(), R.next_source(), o.tls);
  if (!err.empty()) {
    R.record_failure(t, "CONNECT", err);
    co_return false;
  }
  response connected;
  connected.st = response::status::ok;
  R.record(t, "CONNECT", t0, connected);

  response login = co_await exec(R, t, c, cmd_kind::login, login_text(R, user));
  if (!login.ok()) co_return false;

  std::uint32_t exists = 0;
  untagged_fn on_untagged = [&exists](std::string_view line) { parse_exists(line, exists); };
  static constexpr const char* status_boxes[] = {"Sent", "Drafts", "Trash"};

  if (o.pipeline) {
    std::vector<batch_item> b;
    if (!R.disabled(cmd_kind::list)) b.push_back({cmd_kind::list, "LIST \"\" \"*\"", {}, {}});
    if (!R.disabled(cmd_kind::status))
      for (const char* box : status_boxes)
        b.push_back({cmd_kind::status, std::string("STATUS ") + box + " (MESSAGES UNSEEN UIDNEXT)", {}, {}});
    b.push_back({cmd_kind::select, "SELECT INBOX", {}, {}});
    co_await exec_batch(R, t, c, b, &on_untagged);
    if (!b.back().result.ok()) co_return false;
  } else {
    if (!R.disabled(cmd_kind::list)) co_await exec(R, t, c, cmd_kind::list, "LIST \"\" \"*\"");
    for (const char* box : status_boxes) {
      if (R.disabled(cmd_kind::status)) break;
      co_await exec(R, t, c, cmd_kind::status, std::string("STATUS ") + box + " (MESSAGES UNSEEN UIDNEXT)");
    }
    response sel = co_await exec(R, t, c, cmd_kind::select, "SELECT INBOX", &on_untagged);
    if (!sel.ok()) co_return false;
  }

  // Read one of the newest messages (not the very newest: other sessions of
  // the account append and expunge there).
  const std::uint32_t n = exists;
  const std::uint32_t lo = n > 49 ? n - 49 : 1;
  const std::uint32_t k = n > 30 ? lo + static_cast<std::uint32_t>(r.below(20)) : std::max<std::uint32_t>(1, n / 2);
  const std::string headers = "FETCH " + std::to_string(lo) + ":" + std::to_string(n) +
                              " (UID FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[HEADER.FIELDS (DATE FROM TO CC SUBJECT "
                              "MESSAGE-ID IN-REPLY-TO REFERENCES CONTENT-TYPE)])";
  const std::string body = "FETCH " + std::to_string(k) + " (BODY.PEEK[])";
  const std::string seen = "STORE " + std::to_string(k) + " +FLAGS (\\Seen)";
  if (n > 0) {
    if (o.pipeline) {
      std::vector<batch_item> b;
      if (!R.disabled(cmd_kind::fetch_headers)) b.push_back({cmd_kind::fetch_headers, headers, {}, {}});
      if (!R.disabled(cmd_kind::fetch_body)) b.push_back({cmd_kind::fetch_body, body, {}, {}});
      if (!R.disabled(cmd_kind::store)) b.push_back({cmd_kind::store, seen, {}, {}});
      if (!b.empty()) co_await exec_batch(R, t, c, b, &on_untagged);
    } else {
      if (!R.disabled(cmd_kind::fetch_headers)) co_await exec(R, t, c, cmd_kind::fetch_headers, headers, &on_untagged);
      if (!R.disabled(cmd_kind::fetch_body)) co_await exec(R, t, c, cmd_kind::fetch_body, body, &on_untagged);
      if (!R.disabled(cmd_kind::store)) co_await exec(R, t, c, cmd_kind::store, seen, &on_untagged);
    }
  }

  // File a message (a draft saved, a copy of a sent one) and delete it again,
  // so that mailboxes keep their size over a long run.
  if (!R.disabled(cmd_kind::append) && !pool.empty()) {
    const std::string& msg = pool[r.below(pool.size())];
    std::string tag = c.next_tag();
    auto ta = clock::now();
    response ar = co_await append_message(c, tag, "INBOX", "(\\Seen)", "", msg);
    if (!R.record(t, cmd_name(cmd_kind::append), ta, ar)) R.mark_unsupported(cmd_kind::append);
    if (ar.ok() && R.measuring()) R.thread(t).bytes_sent += msg.size();
    const std::uint32_t uid = appended_uid(ar);
    std::vector<batch_item> b;
    if (uid && !R.disabled(cmd_kind::store))
      b.push_back({cmd_kind::store, "UID STORE " + std::to_string(uid) + " +FLAGS.SILENT (\\Deleted)", {}, {}});
    if (!R.disabled(cmd_kind::expunge)) b.push_back({cmd_kind::expunge, "EXPUNGE", {}, {}});
    if (o.pipeline) {
      if (!b.empty()) co_await exec_batch(R, t, c, b, &on_untagged);
    } else {
      for (auto& it : b)
        if (!R.disabled(it.kind)) co_await exec(R, t, c, it.kind, it.text, &on_untagged);
    }
  }

  if (!R.disabled(cmd_kind::idle)) co_await idle_pause(R, t, c);
  response bye = co_await exec(R, t, c, cmd_kind::logout, "LOGOUT");
  if (!bye.ok()) co_return false;
  if (R.measuring()) ++R.thread(t).sessions;
  co_return true;
}

awaitable<void> mixed_client(run& R, unsigned t, unsigned id, const std::vector<std::string>& pool) {
  rng r(mix(R.opt().seed, 1000 + id));
  while (!R.stopping()) {
    if (auto wait = R.reserve_start(); wait.count() > 0) {
      // Open loop: sessions start at the given rate, whatever the latency.
      co_await sleep_for(std::chrono::duration_cast<std::chrono::milliseconds>(wait));
      if (R.stopping()) break;
    }
    bool ok = co_await mixed_session(R, t, r, pool);
    if (!ok) {
      if (R.measuring()) ++R.thread(t).failures;
      if (!R.stopping()) co_await sleep_for(100ms);
    }
  }
  --R.active;
}

// Warm-up, window, stop; then close whatever is still open.
awaitable<void> timed_controller(run& R) {
  const auto& o = R.opt();
  co_await sleep_for(std::chrono::milliseconds(static_cast<long>(o.warmup * 1000)));
  R.begin_window();
  co_await sleep_for(std::chrono::milliseconds(static_cast<long>(o.duration * 1000)));
  R.end_window();
  R.request_stop();
  for (int i = 0; i < 50 && R.active > 0; ++i) co_await sleep_for(100ms);
  R.close_all();
  for (int i = 0; i < 100 && R.active > 0; ++i) co_await sleep_for(100ms);
  if (R.active > 0) R.hard_stop();
}

void print(const json& j) { std::cout << j.text() << std::endl; }

// ---------------------------------------------------------------------------
// Logins: connect (+ TLS handshake), greeting, LOGIN, LOGOUT, again.

awaitable<void> login_client(run& R, unsigned t, unsigned id) {
  const auto& o = R.opt();
  unsigned next = id;
  while (!R.stopping()) {
    const std::string user = R.account_name(o.first_account + next % std::max(1u, o.accounts));
    next += std::max(1u, o.clients);
    auto cp = R.make_connection(t);
    conn_guard guard{R, t, cp};
    connection& c = *cp;
    auto t0 = clock::now();
    std::string err = co_await c.open(R.server(), R.next_source(), o.tls);
    if (!err.empty()) {
      R.record_failure(t, "CONNECT", err);
      if (R.measuring()) ++R.thread(t).failures;
      co_await sleep_for(100ms);
      continue;
    }
    response connected;
    connected.st = response::status::ok;
    R.record(t, "CONNECT", t0, connected);
    bool ok;
    if (o.pipeline) {
      std::vector<batch_item> b = {{cmd_kind::login, login_text(R, user), {}, {}}, {cmd_kind::logout, "LOGOUT", {}, {}}};
      co_await exec_batch(R, t, c, b, nullptr);
      ok = b[0].result.ok() && b[1].result.ok();
    } else {
      response lr = co_await exec(R, t, c, cmd_kind::login, login_text(R, user));
      ok = lr.ok() && (co_await exec(R, t, c, cmd_kind::logout, "LOGOUT")).ok();
    }
    if (R.measuring()) {
      if (ok) ++R.thread(t).sessions;
      else ++R.thread(t).failures;
    }
  }
  --R.active;
}

// ---------------------------------------------------------------------------
// APPEND into one mailbox of one account, durable (the server answers OK
// only when the message is on disk).

awaitable<void> append_client(run& R, unsigned t, unsigned id, const std::vector<std::string>& pool) {
  const auto& o = R.opt();
  const std::string mailbox = imap_quoted(o.mailbox);
  for (int attempt = 0; attempt < 100 && !R.stopping(); ++attempt) {
    auto cp = R.make_connection(t);
    conn_guard guard{R, t, cp};
    connection& c = *cp;
    std::string err = co_await c.open(R.server(), R.next_source(), o.tls);
    if (!err.empty() || !(co_await c.command(c.next_tag(), login_text(R, o.account))).ok()) {
      R.record_failure(t, "APPEND", err.empty() ? "login failed" : err);
      co_await sleep_for(200ms);
      continue;
    }
    if (!c.has_capability("LITERAL+") && o.pipeline) {
      // Without LITERAL+ every APPEND waits for "+": nothing to pipeline.
    }
    std::uint64_t j = 0;
    struct in_flight {
      std::string tag;
      clock::time_point t0;
      std::size_t size;
    };
    std::deque<in_flight> window;
    const unsigned depth = o.pipeline && c.has_capability("LITERAL+") ? std::max(1u, o.window) : 1;
    while (c.is_open()) {
      while (window.size() < depth && !R.stopping()) {
        const std::string& msg = pool[(id * 7919 + j++) % pool.size()];
        std::string tag = c.next_tag();
        auto t0 = clock::now();
        if (depth == 1) {
          response r = co_await append_message(c, tag, mailbox, "", "", msg);
          R.record(t, "APPEND", t0, r);
          if (r.ok() && R.measuring()) R.thread(t).bytes_sent += msg.size();
          if (!r.ok()) break;
          continue;
        }
        std::string line = tag + " APPEND " + mailbox + " {" + std::to_string(msg.size()) + "+}\r\n";
        if (!co_await c.send(line, msg, "\r\n")) break;
        window.push_back({tag, t0, msg.size()});
      }
      if (window.empty()) {
        if (R.stopping() || !c.is_open()) break;
        continue;
      }
      in_flight f = window.front();
      window.pop_front();
      response r = co_await c.wait_for(f.tag);
      R.record(t, "APPEND", f.t0, r);
      if (r.ok() && R.measuring()) R.thread(t).bytes_sent += f.size;
      if (R.stopping() && window.empty()) break;
    }
    if (R.stopping()) break;
  }
  --R.active;
}

awaitable<void> simple_session(run& R, const std::string& user, std::vector<std::string> commands, bool& ok) {
  auto cp = R.make_connection(0);
  conn_guard guard{R, 0, cp};
  connection& c = *cp;
  ok = false;
  std::string err = co_await c.open(R.server(), R.next_source(), R.opt().tls);
  if (!err.empty()) {
    std::cerr << "loadgen: " << err << "\n";
    co_return;
  }
  if (!(co_await c.command(c.next_tag(), login_text(R, user))).ok()) {
    std::cerr << "loadgen: login as " << user << " failed\n";
    co_return;
  }
  ok = true;
  for (const auto& cmd : commands) {
    response r = co_await c.command(c.next_tag(), cmd);
    if (!r.ok() && r.text.find("ALREADYEXISTS") == std::string::npos &&
        r.text.find("already exists") == std::string::npos) {
      std::cerr << "loadgen: " << cmd << ": " << r.text << "\n";
    }
  }
  co_await c.command(c.next_tag(), "LOGOUT");
}

// ---------------------------------------------------------------------------
// Idle connections: log in, SELECT, IDLE, and stay; memory per connection.

struct idle_state {
  std::atomic<unsigned> next{0};         // index of the next connection to set up
  std::atomic<unsigned> target{0};       // set up connections up to this index
  std::atomic<unsigned> established{0};
  std::atomic<unsigned> failed{0};
  std::atomic<bool> memory_low{false};
  std::atomic<unsigned> workers_busy{0};
  std::string first_error;
};

awaitable<void> idle_hold(run& R, unsigned t, std::shared_ptr<connection> cp) {
  conn_guard guard{R, t, cp};
  cp->set_timeout(std::chrono::hours(24));  // an idle connection waits as long as the run lasts
  cp->trim();
  // Keep reading: "* OK Still here", EXISTS from other sessions.
  while (!R.stopping() && cp->is_open()) {
    auto line = co_await cp->read_response();
    if (!line) break;
    cp->trim();
  }
  --R.active;
}

awaitable<bool> idle_setup(run& R, unsigned t, unsigned index, idle_state& st) {
  const auto& o = R.opt();
  const std::string user = R.account_name(o.first_account + index % std::max(1u, o.accounts));
  auto cp = R.make_connection(t);
  connection& c = *cp;
  auto fail = [&](const std::string& why) {
    if (st.first_error.empty()) st.first_error = why;
    ++st.failed;
    c.close();
    R.forget(t, &c);
    return false;
  };
  auto t0 = clock::now();
  std::string err = co_await c.open(R.server(), R.next_source(), o.tls);
  if (!err.empty()) co_return fail(err);
  response connected;
  connected.st = response::status::ok;
  R.record(t, "CONNECT", t0, connected);
  response lr = co_await exec(R, t, c, cmd_kind::login, login_text(R, user));
  if (!lr.ok()) co_return fail("LOGIN: " + lr.text);
  response sr = co_await exec(R, t, c, cmd_kind::select, "SELECT INBOX");
  if (!sr.ok()) co_return fail("SELECT: " + sr.text);
  std::string tag = c.next_tag();
  auto ti = clock::now();
  if (!co_await c.send(tag + " IDLE\r\n") || !co_await c.wait_continuation(tag)) co_return fail("IDLE refused");
  response plus;
  plus.st = response::status::ok;
  R.record(t, "IDLE", ti, plus);
  ++st.established;
  ++R.active;
  asio::co_spawn(R.executor(t), idle_hold(R, t, cp), asio::detached);
  co_return true;
}

// A setup worker: takes the next index while below the target. (All on
// thread 0: setting up is paced by the server, and holding costs nothing.)
awaitable<void> idle_worker(run& R, idle_state& st) {
  for (;;) {
    if (R.stopping() || st.memory_low) break;
    unsigned i = st.next.load();
    if (i >= st.target.load()) break;
    st.next = i + 1;
    co_await idle_setup(R, 0, i, st);
  }
  --st.workers_busy;
}

awaitable<void> idle_controller(run& R, idle_state& st, std::vector<std::string>& step_reports) {
  const auto& o = R.opt();
  using std::chrono::milliseconds;
  auto measure = [&](unsigned requested) {
    tree_sample s = sample_tree(o.server_pid, true);
    json j;
    j.open();
    j.num("requested", static_cast<std::uint64_t>(requested));
    j.num("connections", static_cast<std::uint64_t>(st.established.load()));
    j.num("server_pss_kib", s.pss_kib).num("server_rss_kib", s.rss_kib);
    j.num("server_processes", static_cast<std::uint64_t>(s.processes));
    j.num("mem_available_kib", mem_available_kib()).num("loadgen_rss_kib", self_rss_kib());
    j.num("failed", static_cast<std::uint64_t>(st.failed.load()));
    j.close();
    step_reports.push_back(j.text());
    std::cerr << "loadgen idle: " << st.established.load() << " connections, server PSS " << s.pss_kib / 1024
              << " MiB in " << s.processes << " processes\n";
  };
  co_await sleep_for(milliseconds(static_cast<long>(o.settle * 1000)));
  measure(0);
  R.begin_window();
  for (unsigned step : o.steps) {
    st.target = step;
    const unsigned workers = std::max(1u, std::min(o.setup_concurrency, step));
    st.workers_busy = workers;
    for (unsigned w = 0; w < workers; ++w) asio::co_spawn(R.executor(0), idle_worker(R, st), asio::detached);
    // Wait for the step, watching memory; bounded by the per-connection timeout.
    const auto deadline = clock::now() + std::chrono::seconds(static_cast<long>(o.timeout)) +
                          std::chrono::milliseconds(static_cast<long>(step) * 200);
    unsigned last = 0;
    auto last_progress = clock::now();
    while (st.workers_busy > 0 && clock::now() < deadline) {
      co_await sleep_for(500ms);
      if (mem_available_kib() < static_cast<std::uint64_t>(o.mem_reserve_mb) * 1024) st.memory_low = true;
      if (st.established != last) {
        last = st.established;
        last_progress = clock::now();
      } else if (clock::now() - last_progress > std::chrono::seconds(static_cast<long>(o.timeout))) {
        break;  // no progress for a whole timeout: give up on this step
      }
    }
    if (st.failed > std::max(10u, step / 100)) st.memory_low = true;  // stop: the server refuses
    co_await sleep_for(milliseconds(static_cast<long>(o.settle * 1000)));
    measure(step);
    if (st.memory_low || st.established < step) break;
  }
  R.end_window();
  R.request_stop();
  R.close_all();
  for (int i = 0; i < 300 && R.active > 0; ++i) co_await sleep_for(100ms);
  if (R.active > 0) R.hard_stop();
}

}  // namespace

// ---------------------------------------------------------------------------

int scenario_mixed(run& R) {
  const auto& o = R.opt();
  std::cerr << "loadgen mixed: generating " << o.pool << " messages for APPEND\n";
  const std::vector<std::string> pool = make_pool(R, o.pool);
  for (unsigned i = 0; i < o.clients; ++i) {
    ++R.active;
    const unsigned t = i % R.threads();
    asio::co_spawn(R.executor(t), mixed_client(R, t, i, pool), asio::detached);
  }
  asio::co_spawn(R.executor(0), timed_controller(R), asio::detached);
  R.run_threads();
  json j;
  j.open();
  R.write_common(j);
  j.num("idle_ms", static_cast<std::uint64_t>(o.idle_ms));
  j.open_array("unsupported");
  for (unsigned k = 0; k < static_cast<unsigned>(cmd_kind::count_); ++k)
    if (R.was_unsupported(static_cast<cmd_kind>(k))) j.str("", cmd_name(static_cast<cmd_kind>(k)));
  j.close();
  j.open_array("skipped");
  for (const auto& s : o.skip) j.str("", s);
  j.close();
  R.write_commands(j);
  j.close();
  print(j);
  return 0;
}

int scenario_login(run& R) {
  const auto& o = R.opt();
  for (unsigned i = 0; i < o.clients; ++i) {
    ++R.active;
    const unsigned t = i % R.threads();
    asio::co_spawn(R.executor(t), login_client(R, t, i), asio::detached);
  }
  asio::co_spawn(R.executor(0), timed_controller(R), asio::detached);
  R.run_threads();
  json j;
  j.open();
  R.write_common(j);
  R.write_commands(j);
  j.close();
  print(j);
  return 0;
}

int scenario_append(run& R) {
  const auto& o = R.opt();
  if (o.account.empty()) throw std::runtime_error("append needs --account");
  std::cerr << "loadgen append: generating " << o.pool << " messages\n";
  const std::vector<std::string> pool = make_pool(R, std::max(1u, o.pool));
  bool ok = false;
  asio::co_spawn(R.executor(0), simple_session(R, o.account, {"CREATE " + imap_quoted(o.mailbox)}, ok), asio::detached);
  R.thread(0).ctx.run();
  R.thread(0).ctx.restart();
  if (!ok) return 1;
  for (unsigned i = 0; i < o.clients; ++i) {
    ++R.active;
    const unsigned t = i % R.threads();
    asio::co_spawn(R.executor(t), append_client(R, t, i, pool), asio::detached);
  }
  asio::co_spawn(R.executor(0), timed_controller(R), asio::detached);
  R.run_threads();
  std::uint64_t total = 0;
  for (const auto& p : pool) total += p.size();
  json j;
  j.open();
  R.write_common(j);
  j.num("pool_messages", static_cast<std::uint64_t>(pool.size()));
  j.num("pool_mean_bytes", pool.empty() ? 0.0 : static_cast<double>(total) / static_cast<double>(pool.size()));
  R.write_commands(j);
  j.close();
  if (o.cleanup) {
    // A fresh run state for the clean-up session (the timed run stopped).
    run cleanup(o);
    bool cok = false;
    asio::co_spawn(cleanup.executor(0), simple_session(cleanup, o.account, {"DELETE " + imap_quoted(o.mailbox)}, cok),
                   asio::detached);
    cleanup.run_threads();
  }
  print(j);
  return 0;
}

int scenario_idle(run& R) {
  auto& o = R.opt();
  if (o.steps.empty()) throw std::runtime_error("idle needs --steps");
  if (o.server_pid <= 0) throw std::runtime_error("idle needs --server-pid (memory is the point)");
  idle_state st;
  std::vector<std::string> steps;
  asio::co_spawn(R.executor(0), idle_controller(R, st, steps), asio::detached);
  R.run_threads();
  json j;
  j.open();
  R.write_common(j);
  j.num("established", static_cast<std::uint64_t>(st.established.load()));
  j.num("failed", static_cast<std::uint64_t>(st.failed.load()));
  j.boolean("memory_low", st.memory_low.load());
  if (!st.first_error.empty()) j.str("first_error", st.first_error);
  R.write_commands(j);
  j.close();
  // Splice the step objects in as an array (they are complete JSON objects).
  std::string text = j.text();
  std::string arr = ",\"steps\":[";
  for (std::size_t i = 0; i < steps.size(); ++i) arr += (i ? "," : "") + steps[i];
  arr += "]";
  text.insert(text.size() - 1, arr);
  std::cout << text << std::endl;
  return 0;
}

namespace {

awaitable<void> bigbox_runs(run& R, std::uint64_t& lines, std::uint32_t& exists) {
  const auto& o = R.opt();
  R.begin_window();
  for (unsigned rep = 0; rep < o.repeat; ++rep) {
    auto cp = R.make_connection(0);
    conn_guard guard{R, 0, cp};
    connection& c = *cp;
    std::string err = co_await c.open(R.server(), R.next_source(), o.tls);
    if (err.empty()) {
      response lr = co_await c.command(c.next_tag(), login_text(R, o.account));
      if (!lr.ok()) err = "LOGIN: " + lr.text;
    }
    if (!err.empty()) {
      R.record_failure(0, "SELECT", err);
      continue;
    }
    std::uint64_t n = 0;
    untagged_fn on_untagged = [&n, &exists](std::string_view line) {
      if (line.find(" FETCH ") != std::string_view::npos) ++n;
      else parse_exists(line, exists);
    };
    const std::string box = imap_quoted(o.mailbox);
    if (o.pipeline) {
      std::vector<batch_item> b = {{cmd_kind::select, "SELECT " + box, {}, {}},
                                   {cmd_kind::fetch_headers, "FETCH 1:* (UID FLAGS)", {}, {}}};
      std::string out = "";
      for (auto& it : b) {
        it.tag = c.next_tag();
        out += it.tag + " " + it.text + "\r\n";
      }
      auto t0 = clock::now();
      if (co_await c.send(out)) {
        b[0].result = co_await c.wait_for(b[0].tag, &on_untagged);
        R.record(0, "SELECT", t0, b[0].result);
        b[1].result = co_await c.wait_for(b[1].tag, &on_untagged);
        R.record(0, "FETCH 1:* (UID FLAGS)", t0, b[1].result);
      }
    } else {
      std::string tag = c.next_tag();
      auto t0 = clock::now();
      response sr = co_await c.command(tag, "SELECT " + box, &on_untagged);
      R.record(0, "SELECT", t0, sr);
      if (sr.ok()) {
        tag = c.next_tag();
        auto t1 = clock::now();
        response fr = co_await c.command(tag, "FETCH 1:* (UID FLAGS)", &on_untagged);
        R.record(0, "FETCH 1:* (UID FLAGS)", t1, fr);
      }
    }
    lines = n;
    co_await c.command(c.next_tag(), "LOGOUT");
  }
  R.end_window();
}

awaitable<void> probe_session(run& R, json& j, bool& ok) {
  const auto& o = R.opt();
  const std::string user = R.account_name(o.first_account);
  auto cp = R.make_connection(0);
  conn_guard guard{R, 0, cp};
  connection& c = *cp;
  std::string err = co_await c.open(R.server(), R.next_source(), o.tls);
  if (!err.empty()) {
    std::cerr << "loadgen probe: " << err << "\n";
    co_return;
  }
  response cap = co_await c.command(c.next_tag(), "CAPABILITY");
  response lr = co_await c.command(c.next_tag(), login_text(R, user));
  if (!lr.ok()) {
    std::cerr << "loadgen probe: LOGIN failed: " << lr.text << "\n";
    co_return;
  }
  (void)cap;
  co_await c.command(c.next_tag(), "CAPABILITY");
  std::uint32_t exists = 0;
  untagged_fn on_untagged = [&exists](std::string_view line) { parse_exists(line, exists); };
  auto kind_ok = [&](const response& r) { return !r.unsupported(); };
  j.open("supported");
  j.boolean(cmd_name(cmd_kind::login), true);
  j.boolean(cmd_name(cmd_kind::list), kind_ok(co_await c.command(c.next_tag(), "LIST \"\" \"*\"")));
  j.boolean(cmd_name(cmd_kind::status),
            kind_ok(co_await c.command(c.next_tag(), "STATUS Sent (MESSAGES UNSEEN UIDNEXT)")));
  response sel = co_await c.command(c.next_tag(), "SELECT INBOX", &on_untagged);
  j.boolean(cmd_name(cmd_kind::select), kind_ok(sel));
  const std::uint32_t n = std::max<std::uint32_t>(exists, 1);
  j.boolean(cmd_name(cmd_kind::fetch_headers),
            kind_ok(co_await c.command(c.next_tag(), "FETCH " + std::to_string(n) +
                                                        " (UID FLAGS BODY.PEEK[HEADER.FIELDS (DATE FROM SUBJECT)])")));
  j.boolean(cmd_name(cmd_kind::fetch_body), kind_ok(co_await c.command(c.next_tag(), "FETCH " + std::to_string(n) + " (BODY.PEEK[])")));
  // APPEND, STORE and EXPUNGE in a mailbox of the probe's own, deleted
  // afterwards, so that the loaded mail stays the same on every server.
  co_await c.command(c.next_tag(), "CREATE BenchProbe");
  const std::string msg = "From: probe@example.org\r\nSubject: probe\r\n\r\nprobe\r\n";
  std::string tag = c.next_tag();
  response ar = co_await append_message(c, tag, "BenchProbe", "(\\Seen)", "", msg);
  j.boolean(cmd_name(cmd_kind::append), kind_ok(ar));
  const std::uint32_t uid = appended_uid(ar);
  co_await c.command(c.next_tag(), "SELECT BenchProbe");
  response st = co_await c.command(c.next_tag(), "UID STORE " + std::to_string(uid ? uid : 1) + " +FLAGS.SILENT (\\Deleted)");
  j.boolean(cmd_name(cmd_kind::store), kind_ok(st));
  response ex = co_await c.command(c.next_tag(), "EXPUNGE");
  j.boolean(cmd_name(cmd_kind::expunge), kind_ok(ex));
  co_await c.command(c.next_tag(), "SELECT INBOX");
  co_await c.command(c.next_tag(), "DELETE BenchProbe");
  tag = c.next_tag();
  bool idle_ok = false;
  if (co_await c.send(tag + " IDLE\r\n")) {
    if (co_await c.wait_continuation(tag)) {
      idle_ok = true;
      co_await c.send("DONE\r\n");
    }
    co_await c.wait_for(tag);
  }
  j.boolean(cmd_name(cmd_kind::idle), idle_ok);
  j.boolean(cmd_name(cmd_kind::logout), true);
  j.close();
  j.str("capabilities", c.capabilities());
  j.num("inbox_messages", static_cast<std::uint64_t>(exists));
  co_await c.command(c.next_tag(), "LOGOUT");
  ok = true;
}

awaitable<void> prime_worker(run& R, std::atomic<unsigned>& next, std::atomic<unsigned>& good, std::atomic<unsigned>& bad) {
  const auto& o = R.opt();
  for (;;) {
    unsigned i = next++;
    if (i >= o.accounts) break;
    const std::string user = R.account_name(o.first_account + i);
    auto cp = R.make_connection(0);
    conn_guard guard{R, 0, cp};
    connection& c = *cp;
    std::string err = co_await c.open(R.server(), R.next_source(), o.tls);
    if (err.empty() && (co_await c.command(c.next_tag(), login_text(R, user))).ok()) {
      ++good;
      co_await c.command(c.next_tag(), "LOGOUT");
    } else {
      ++bad;
      std::cerr << "loadgen prime: " << user << ": " << (err.empty() ? "login failed" : err) << "\n";
    }
  }
}

// Loads one account: standard folders, then `messages` into INBOX and a
// tenth as many into Sent and Archive, in MULTIAPPEND batches.
awaitable<void> load_account(run& R, const std::string& user, std::uint64_t& msgs, std::uint64_t& bytes, bool& ok) {
  const auto& o = R.opt();
  auto cp = R.make_connection(0);
  conn_guard guard{R, 0, cp};
  connection& c = *cp;
  ok = false;
  std::string err = co_await c.open(R.server(), R.next_source(), o.tls);
  if (!err.empty()) {
    std::cerr << "loadgen load: " << user << ": " << err << "\n";
    co_return;
  }
  response lr = co_await c.command(c.next_tag(), login_text(R, user));
  if (!lr.ok()) {
    std::cerr << "loadgen load: " << user << ": LOGIN " << lr.text << "\n";
    co_return;
  }
  const mail_profile profile = o.profile == "small" ? mail_profile::small : mail_profile::realistic;
  struct target {
    const char* box;
    std::uint64_t count;
  };
  std::vector<target> targets = {{"INBOX", o.messages}};
  if (o.folders) {
    for (const char* f : {"Drafts", "Sent", "Trash", "Junk", "Archive", "Projects", "Receipts"}) {
      response r = co_await c.command(c.next_tag(), std::string("CREATE ") + f);
      (void)r;  // ALREADYEXISTS where the server provisions it
      co_await c.command(c.next_tag(), std::string("SUBSCRIBE ") + f);
    }
    targets.push_back({"Sent", o.messages / 10});
    targets.push_back({"Archive", o.messages / 10});
  }
  const bool multi = c.has_capability("MULTIAPPEND") && c.has_capability("LITERAL+");
  for (const auto& tg : targets) {
    mail_spec spec = spec_for(R, user + "/" + tg.box, tg.count, profile);
    spec.recipient = user + "@example.org";
    std::uint64_t i = 0;
    while (i < tg.count) {
      // One command: up to `batch` messages or ~16 MB.
      std::string tag = c.next_tag();
      std::string cmd = tag + " APPEND " + tg.box;
      std::uint64_t in_batch = 0;
      std::size_t batch_bytes = 0;
      std::vector<std::string> parts;
      while (i < tg.count && in_batch < (multi ? std::max(1u, o.batch) : 1u) && batch_bytes < 16u * 1024 * 1024) {
        std::string m = generate_message(spec, i);
        cmd += " " + append_flags(spec, i) + " \"" + internal_date(spec, i) + "\" {" + std::to_string(m.size()) +
               (multi ? "+}\r\n" : "}\r\n");
        if (!multi) {
          // One message, synchronizing literal.
          if (!co_await c.send(cmd) || !co_await c.wait_continuation(tag) || !co_await c.send(m, "\r\n", "")) {
            std::cerr << "loadgen load: " << user << ": APPEND failed\n";
            co_return;
          }
          cmd.clear();
        } else {
          cmd += m;
        }
        batch_bytes += m.size();
        bytes += m.size();
        ++in_batch;
        ++i;
      }
      if (multi) {
        cmd += "\r\n";
        if (!co_await c.send(cmd)) co_return;
      }
      response r = co_await c.wait_for(tag);
      if (!r.ok()) {
        std::cerr << "loadgen load: " << user << " " << tg.box << ": APPEND " << r.text << "\n";
        co_return;
      }
      msgs += in_batch;
    }
  }
  co_await c.command(c.next_tag(), "LOGOUT");
  ok = true;
}

awaitable<void> load_worker(run& R, std::atomic<unsigned>& next, std::uint64_t& msgs, std::uint64_t& bytes,
                            std::atomic<unsigned>& failed) {
  const auto& o = R.opt();
  for (;;) {
    unsigned i = next++;
    if (i >= o.accounts) break;
    const std::string user = o.account.empty() ? R.account_name(o.first_account + i) : o.account;
    bool ok = false;
    co_await load_account(R, user, msgs, bytes, ok);
    if (!ok) ++failed;
    std::cerr << "loadgen load: " << user << (ok ? " done" : " FAILED") << "\n";
  }
}

}  // namespace

int scenario_bigbox(run& R) {
  std::uint64_t lines = 0;
  std::uint32_t exists = 0;
  asio::co_spawn(R.executor(0), bigbox_runs(R, lines, exists), asio::detached);
  R.run_threads();
  json j;
  j.open();
  R.write_common(j);
  j.num("messages", static_cast<std::uint64_t>(exists)).num("fetch_lines", lines);
  R.write_commands(j);
  j.close();
  print(j);
  return 0;
}

int scenario_probe(run& R) {
  json j;
  j.open();
  j.str("server", R.opt().server);
  bool ok = false;
  asio::co_spawn(R.executor(0), probe_session(R, j, ok), asio::detached);
  R.run_threads();
  j.close();
  if (!ok) return 1;
  print(j);
  return 0;
}

int scenario_prime(run& R) {
  std::atomic<unsigned> next{0}, good{0}, bad{0};
  auto t0 = clock::now();
  for (unsigned w = 0; w < std::max(1u, R.opt().clients); ++w)
    asio::co_spawn(R.executor(0), prime_worker(R, next, good, bad), asio::detached);
  R.run_threads();
  json j;
  j.open();
  j.str("scenario", "prime").str("server", R.opt().server);
  j.num("logins", static_cast<std::uint64_t>(good.load())).num("failed", static_cast<std::uint64_t>(bad.load()));
  j.num("seconds", std::chrono::duration<double>(clock::now() - t0).count());
  j.close();
  print(j);
  return bad ? 1 : 0;
}

int scenario_load(run& R) {
  const auto& o = R.opt();
  std::atomic<unsigned> next{0}, failed{0};
  std::uint64_t msgs = 0, bytes = 0;
  auto t0 = clock::now();
  for (unsigned w = 0; w < std::max(1u, o.conns); ++w)
    asio::co_spawn(R.executor(0), load_worker(R, next, msgs, bytes, failed), asio::detached);
  R.run_threads();
  json j;
  j.open();
  j.str("scenario", "load").str("server", o.server);
  j.num("messages", msgs).num("bytes", bytes).num("failed_accounts", static_cast<std::uint64_t>(failed.load()));
  j.num("seconds", std::chrono::duration<double>(clock::now() - t0).count());
  j.close();
  print(j);
  return failed ? 1 : 0;
}

int scenario_gen(const options& o) {
  mail_spec spec;
  spec.seed = o.seed;
  spec.profile = o.profile == "small" ? mail_profile::small : mail_profile::realistic;
  spec.count = o.count;
  std::vector<std::size_t> sizes;
  if (!o.out_dir.empty()) std::filesystem::create_directories(o.out_dir);
  for (unsigned i = 0; i < o.count; ++i) {
    std::string m = generate_message(spec, i);
    sizes.push_back(m.size());
    if (!o.out_dir.empty()) {
      char name[64];
      std::snprintf(name, sizeof name, "/%06u.eml", i);
      std::ofstream(o.out_dir + name, std::ios::binary) << m;
    }
  }
  std::sort(sizes.begin(), sizes.end());
  auto at = [&](double q) { return sizes.empty() ? 0 : sizes[std::min(sizes.size() - 1, static_cast<std::size_t>(q * static_cast<double>(sizes.size())))]; };
  std::uint64_t total = 0;
  for (auto s : sizes) total += s;
  json j;
  j.open();
  j.str("scenario", "gen").num("messages", static_cast<std::uint64_t>(sizes.size())).num("bytes", total);
  j.num("min", static_cast<std::uint64_t>(sizes.empty() ? 0 : sizes.front()));
  j.num("p50", static_cast<std::uint64_t>(at(0.5))).num("p90", static_cast<std::uint64_t>(at(0.9)));
  j.num("p99", static_cast<std::uint64_t>(at(0.99))).num("max", static_cast<std::uint64_t>(sizes.empty() ? 0 : sizes.back()));
  j.num("mean", sizes.empty() ? 0.0 : static_cast<double>(total) / static_cast<double>(sizes.size()));
  j.close();
  print(j);
  return 0;
}

}  // namespace bench
