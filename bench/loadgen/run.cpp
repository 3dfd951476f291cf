#include "run.hpp"

#include <sys/resource.h>

#include <cstdio>
#include <iostream>
#include <thread>

#include "json.hpp"

namespace bench {

namespace {
constexpr const char* cmd_names[] = {"LOGIN",  "LIST",  "STATUS",  "SELECT", "FETCH headers", "FETCH body",
                                     "STORE",  "APPEND", "EXPUNGE", "IDLE",   "LOGOUT"};
static_assert(std::size(cmd_names) == static_cast<unsigned>(cmd_kind::count_));
}  // namespace

const char* cmd_name(cmd_kind k) { return cmd_names[static_cast<unsigned>(k)]; }

bool parse_cmd_kind(const std::string& s, cmd_kind& k) {
  // Accepts the row name or a short form: "FETCH_HEADERS", "fetch-body", ...
  std::string norm;
  for (char c : s) norm += (c == '_' || c == '-') ? ' ' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (unsigned i = 0; i < static_cast<unsigned>(cmd_kind::count_); ++i) {
    std::string n = cmd_names[i];
    for (auto& c : n) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (n == norm) {
      k = static_cast<cmd_kind>(i);
      return true;
    }
  }
  return false;
}

run::run(options o) : opt_(std::move(o)) {
  // The most connections a scenario may hold: raise the soft limit to the hard one.
  rlimit rl{};
  if (::getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &rl);
  }
  for (unsigned i = 0; i < std::max(1u, opt_.threads); ++i) threads_.push_back(std::make_unique<thread_state>());
  tls_.set_verify_mode(asio::ssl::verify_none);  // self-signed test certificates on loopback
  boost::system::error_code ec;
  server_ = tcp::endpoint(asio::ip::make_address(opt_.host, ec), static_cast<unsigned short>(opt_.port));
  if (ec) throw std::runtime_error("bad --host " + opt_.host);
  // Several loopback source addresses: each brings its own ~28,000
  // ephemeral ports towards one server port (TIME_WAIT included).
  auto base = asio::ip::make_address_v4("127.0.0.1").to_uint();
  for (unsigned i = 0; i < std::max(1u, opt_.sources); ++i)
    sources_.push_back(asio::ip::address_v4(base + 1 + i));
  for (const auto& s : opt_.skip) {
    cmd_kind k;
    if (!parse_cmd_kind(s, k)) throw std::runtime_error("unknown command in --skip: " + s);
    disable(k);
  }
}

std::shared_ptr<connection> run::make_connection(unsigned t) {
  auto c = std::make_shared<connection>(executor(t), opt_.tls ? &tls_ : nullptr);
  c->set_timeout(std::chrono::milliseconds(static_cast<long>(opt_.timeout * 1000)));
  threads_[t]->live.insert(c.get());
  return c;
}

asio::ip::address run::next_source() { return sources_[next_source_++ % sources_.size()]; }

std::string run::account_name(unsigned i) const {
  char b[256];
  std::snprintf(b, sizeof b, opt_.user_format.c_str(), i);
  return b;
}

std::string run::password_for(const std::string& account) const {
  std::string p = opt_.password;
  auto at = p.find("{user}");
  if (at != std::string::npos) p.replace(at, 6, account);
  return p;
}

snapshot take_snapshot(int server_pid, bool with_pss) {
  snapshot s;
  s.at = clock::now();
  s.self_cpu = self_cpu_seconds();
  s.machine = machine_cpu_now();
  s.server = sample_tree(server_pid, with_pss);
  return s;
}

void run::begin_window() {
  for (auto& t : threads_) {
    // Stats are per thread and only touched on that thread: reset them there.
    asio::post(t->ctx, [ts = t.get()] {
      ts->stats.clear();
      ts->sessions = ts->commands = ts->bytes_sent = ts->failures = 0;
    });
  }
  start_ = take_snapshot(opt_.server_pid);
  measuring_ = true;
}

void run::end_window() {
  measuring_ = false;
  end_ = take_snapshot(opt_.server_pid);
  window_done_ = true;
}

bool run::record(unsigned t, const std::string& name, clock::time_point started, const response& r) {
  const bool unsupported = r.unsupported();
  if (!measuring()) return !unsupported;
  auto& ts = *threads_[t];
  auto& s = ts.stats[name];
  if (unsupported) {
    ++s.unsupported;
    if (s.last_error.empty()) s.last_error = r.text.substr(0, 160);
    return false;
  }
  if (!r.ok()) {
    ++s.errors;
    if (s.last_error.empty()) s.last_error = r.st == response::status::failed ? "connection failed or timed out" : r.text.substr(0, 160);
    return true;
  }
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(clock::now() - started).count();
  s.latency.record(static_cast<std::uint64_t>(std::max<long>(us, 0)));
  ++ts.commands;
  return true;
}

void run::record_failure(unsigned t, const std::string& name, const std::string& why) {
  if (!measuring()) return;
  auto& s = threads_[t]->stats[name];
  ++s.errors;
  if (s.last_error.empty()) s.last_error = why.substr(0, 160);
}

std::chrono::nanoseconds run::reserve_start() {
  if (opt_.rate <= 0) return std::chrono::nanoseconds(0);
  const auto interval = static_cast<std::int64_t>(1e9 / opt_.rate);
  const std::int64_t now =
      std::chrono::duration_cast<std::chrono::nanoseconds>(clock::now().time_since_epoch()).count();
  std::int64_t slot = next_start_ns_.load();
  std::int64_t at;
  do {
    at = std::max(slot, now);
  } while (!next_start_ns_.compare_exchange_weak(slot, at + interval));
  return std::chrono::nanoseconds(at - now);
}

void run::run_threads() {
  std::vector<std::thread> extra;
  for (std::size_t i = 1; i < threads_.size(); ++i) extra.emplace_back([this, i] { threads_[i]->ctx.run(); });
  threads_[0]->ctx.run();
  for (auto& t : extra) t.join();
}

void run::close_all() {
  for (auto& t : threads_) {
    asio::post(t->ctx, [ts = t.get()] {
      auto copy = ts->live;
      for (auto* c : copy) c->close();
    });
  }
}

void run::hard_stop() {
  for (auto& t : threads_) t->ctx.stop();
}

void run::write_common(json& j) const {
  j.str("scenario", opt_.scenario).str("server", opt_.server).boolean("tls", opt_.tls).boolean("pipeline", opt_.pipeline);
  if (opt_.rate > 0) j.num("rate", opt_.rate);
  j.num("clients", static_cast<std::uint64_t>(opt_.clients)).num("threads", static_cast<std::uint64_t>(threads_.size()));
  if (!window_done_) return;
  const double wall = std::chrono::duration<double>(end_.at - start_.at).count();
  std::uint64_t sessions = 0, commands = 0, bytes = 0, failures = 0;
  for (const auto& t : threads_) {
    sessions += t->sessions;
    commands += t->commands;
    bytes += t->bytes_sent;
    failures += t->failures;
  }
  const double self = end_.self_cpu - start_.self_cpu;
  const double server = end_.server.cpu_seconds - start_.server.cpu_seconds;
  const double machine_busy = end_.machine.busy - start_.machine.busy;
  const double machine_total = end_.machine.total - start_.machine.total;
  j.num("window_s", wall);
  j.num("sessions", sessions).num("sessions_per_s", wall > 0 ? static_cast<double>(sessions) / wall : 0.0);
  j.num("commands_total", commands).num("commands_per_s", wall > 0 ? static_cast<double>(commands) / wall : 0.0);
  j.num("bytes_sent", bytes).num("session_failures", failures);
  // CPU in "cores": seconds of CPU per second of wall time.
  j.num("loadgen_cpu_cores", wall > 0 ? self / wall : 0.0);
  if (opt_.server_pid > 0) j.num("server_cpu_cores", wall > 0 ? server / wall : 0.0);
  j.num("machine_cpus", static_cast<std::uint64_t>(cpu_count()));
  j.num("machine_busy_cores", wall > 0 ? machine_busy / wall : 0.0);
  // Everything else: other people's compilers, the other idle servers.
  double other = machine_busy - self - (opt_.server_pid > 0 ? server : 0.0);
  j.num("other_cpu_cores", wall > 0 ? std::max(0.0, other) / wall : 0.0);
  j.num("machine_idle_cores", wall > 0 ? (machine_total - machine_busy) / wall : 0.0);
}

void run::write_commands(json& j) const {
  command_stats all;
  for (const auto& t : threads_) all.merge(t->stats);
  j.open("commands");
  for (const auto& [name, s] : all.all()) {
    j.open(name);
    j.num("count", s.latency.count()).num("errors", s.errors).num("unsupported", s.unsupported);
    j.num("p50_us", s.latency.quantile(0.5)).num("p99_us", s.latency.quantile(0.99));
    j.num("p999_us", s.latency.quantile(0.999)).num("max_us", s.latency.max()).num("mean_us", s.latency.mean());
    if (!s.last_error.empty()) j.str("example_error", s.last_error);
    j.close();
  }
  j.close();
}

awaitable<void> sleep_for(std::chrono::milliseconds d) {
  asio::steady_timer t(co_await asio::this_coro::executor);
  t.expires_after(d);
  auto [ec] = co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
  (void)ec;
}

}  // namespace bench
