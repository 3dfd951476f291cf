#include "server/server.hpp"

#include <array>

#include <grp.h>
#include <signal.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <mutex>
#include <optional>
#include <thread>

#include "auth/conn_limits.hpp"
#include "auth/throttle.hpp"
#include "auth/verifier.hpp"
#include "base/log.hpp"
#include "imap/hub.hpp"
#include "imap/session.hpp"
#include "imap/workers.hpp"
#include "net/asio.hpp"
#include "net/stream.hpp"
#include "net/tls.hpp"
#include "server/lmtp_front.hpp"
#include "server/notify.hpp"
#include "store/store.hpp"

namespace cairn::server {
namespace asio = net::asio;
using net::tcp;

namespace {

void chown_tree(const std::filesystem::path& dir, uid_t uid, gid_t gid) {
  std::error_code ec;
  if (::chown(dir.c_str(), uid, gid) != 0)
    throw config_error(dir.string() + ": cannot change owner: " + std::strerror(errno));
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec); !ec && it != std::filesystem::end(it);
       it.increment(ec))
    if (::lchown(it->path().c_str(), uid, gid) != 0)
      throw config_error(it->path().string() + ": cannot change owner: " + std::strerror(errno));
}

std::shared_ptr<asio::ssl::context> load_tls(const config& c, bool& created) {
  net::tls_files files{c.certificate, c.key};
  std::string error;
  created = false;
  if (files.certificate.empty()) {
    created = net::ensure_self_signed(c.data_dir, files, error);
    if (!error.empty()) throw config_error("tls: " + error);
  }
  auto ctx = net::make_server_context(files, error);
  if (!ctx) throw config_error("tls: " + error);
  return ctx;
}

std::shared_ptr<const imap::session_config> session_config_of(const config& c) {
  auto s = std::make_shared<imap::session_config>();
  s->lim = c.lim;
  s->allow_plaintext_auth = c.allow_plaintext_auth;
  s->loopback_is_secure = c.loopback_is_secure;
  s->greeting_name = c.greeting;
  s->quota_administrators = c.quota.administrators;
  return s;
}

struct listener {
  tcp::acceptor acceptor;
  bool implicit_tls;
  endpoint where;
};

}  // namespace

void drop_privileges(const std::string& user, const std::filesystem::path& dir) {
  if (::geteuid() != 0 || user.empty()) return;
  struct passwd* pw = ::getpwnam(user.c_str());
  if (!pw)
    throw config_error("server.user: no user \"" + user +
                       "\" (create it with `useradd --system " + user + "`, or set server.user)");
  struct stat st{};
  if (::stat(dir.c_str(), &st) == 0 && (st.st_uid != pw->pw_uid || st.st_gid != pw->pw_gid)) {
    log::info("data folder owner changed", {{"path", dir.string()}, {"user", user}});
    chown_tree(dir, pw->pw_uid, pw->pw_gid);
  }
  if (::setgroups(0, nullptr) != 0 || ::setgid(pw->pw_gid) != 0 || ::setuid(pw->pw_uid) != 0)
    throw config_error("server.user: cannot switch to \"" + user + "\": " + std::strerror(errno));
}

void become_data_owner(const std::filesystem::path& dir) {
  if (::geteuid() != 0) return;
  struct stat st{};
  if (::stat(dir.c_str(), &st) != 0 || st.st_uid == 0) return;
  if (::setgroups(0, nullptr) != 0 || ::setgid(st.st_gid) != 0 || ::setuid(st.st_uid) != 0)
    throw config_error(dir.string() + ": cannot switch to the owner of the data folder");
}

int serve(config cfg, overrides_fn overrides) {
  log::set_level(cfg.log_level);
  // TLS runs OpenSSL on the socket itself (net/stream.cpp: SSL_set_fd), and
  // its socket BIO writes with write(2), not send(MSG_NOSIGNAL): a client
  // that goes away while the server writes to it (a BYE, a close_notify)
  // would raise SIGPIPE and kill the whole server. Write errors are
  // handled where they happen (EPIPE).
  ::signal(SIGPIPE, SIG_IGN);
  try {
    std::error_code ec;
    std::filesystem::create_directories(cfg.data_dir, ec);
    if (ec) throw config_error("server.data: cannot create " + cfg.data_dir.string() + ": " + ec.message());
    ::chmod(cfg.data_dir.c_str(), 0700);

    bool created = false;
    net::tls_provider tls;
    tls.set(load_tls(cfg, created));
    if (created)
      log::info("self-signed certificate created",
                {{"certificate", (cfg.data_dir / "tls-cert.pem").string()}, {"key", (cfg.data_dir / "tls-key.pem").string()}});

    const unsigned n = cfg.threads ? cfg.threads : std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::unique_ptr<asio::io_context>> ctxs;
    for (unsigned i = 0; i < n; ++i) ctxs.push_back(std::make_unique<asio::io_context>(1));

    // Bind while still root (ports below 1024).
    std::vector<listener> listeners;
    auto bind = [&](const endpoint& e, bool implicit_tls) {
      net::bec bec;
      auto addr = asio::ip::make_address(e.address, bec);
      if (bec) throw config_error((implicit_tls ? "server.imaps" : "server.imap") + std::string(": bad address ") + e.address);
      tcp::acceptor a(*ctxs[0]);
      tcp::endpoint ep(addr, e.port);
      a.open(ep.protocol(), bec);
      if (!bec) a.set_option(tcp::acceptor::reuse_address(true), bec);
      if (!bec) a.bind(ep, bec);
      if (!bec) a.listen(asio::socket_base::max_listen_connections, bec);
      if (bec)
        throw config_error((implicit_tls ? "server.imaps " : "server.imap ") + e.text() + ": " + bec.message());
      listeners.push_back(listener{std::move(a), implicit_tls, e});
    };
    for (const auto& e : cfg.imap) bind(e, false);
    for (const auto& e : cfg.imaps) bind(e, true);
    lmtp_front lmtp(cfg, *ctxs[0]);  // LMTP listeners (issue 10)

    drop_privileges(cfg.user, cfg.data_dir);
    // SIGHUP reads the certificate and key again as the server's user: say
    // now if that user cannot read them (a key only root may read, as
    // certbot leaves it), not at the first renewal.
    for (const auto& f : {cfg.certificate, cfg.key})
      if (!f.empty() && ::access(f.c_str(), R_OK) != 0)
        log::warn("the server's user cannot read this file: SIGHUP will not reload the certificate",
                  {{"path", f.string()}, {"user", cfg.user}});

    store::embedded_options so;
    so.data_dir = cfg.data_dir;
    so.keywords_per_mailbox = cfg.lim.keywords_per_mailbox;
    so.mailboxes_per_account = cfg.lim.mailboxes_per_account;
    so.mailbox_name_bytes = cfg.lim.mailbox_name;
    so.mailbox_depth = cfg.lim.mailbox_depth;
    so.expunge_history = cfg.lim.expunge_history;
    so.search_index_text = cfg.lim.search_index_text;
    so.index_later = true;
    so.default_quota = default_quota_of(cfg);
    so.keep_open = cfg.store_keep_open;
    so.sort_cache_messages = cfg.store_sort_cache_messages;
    so.flags_cache_messages = cfg.store_flags_cache_messages;
    if (::access(cfg.data_dir.c_str(), R_OK | W_OK | X_OK) != 0)
      throw config_error("server.data: " + cfg.data_dir.string() + " is not accessible to the server's user" +
                         (cfg.user.empty() ? std::string() : " \"" + cfg.user + "\"") + " (check the folders above it)");
    auto backend = store::open_embedded(so);
    if (!backend) throw config_error("server.data: cannot open the store in " + cfg.data_dir.string() + ": " +
                                     backend.error().message());

    auth::verifier_options vo;
    vo.workers = cfg.auth_workers;
    vo.queue = cfg.lim.auth_queue;
    vo.cache_ttl = cfg.lim.login_cache_ttl;
    vo.cache_entries = cfg.login_cache_entries;
    vo.params = cfg.argon2;
    auth::verifier verifier(vo);
    auth::throttle_options to;
    to.initial = cfg.lim.login_delay_initial;
    to.max = cfg.lim.login_delay_max;
    to.forget_after = cfg.login_throttle_forget;
    to.max_addresses = cfg.login_throttle_addresses;
    to.ipv6_prefix = cfg.login_throttle_ipv6_prefix;
    auth::throttle throttle(to);
    auth::conn_limits conns(auth::conn_caps{cfg.lim.connections_per_user_ip, cfg.lim.connections_per_ip});
    imap::worker_pool workers(cfg.store_workers, cfg.store_queue);
    imap::hub hub;
    (*backend)->set_change_listener([&hub](const store::change_event& ev) {
      if (ev.mailbox == store::account_deleted) hub.notify_account(ev.account_id);
      else hub.notify(ev.account_id, ev.mailbox, ev.highestmodseq);
    });
    imap::services svc{**backend, verifier, throttle, conns, workers, hub, tls};
    lmtp.start(ctxs, **backend, workers);

    // Changes committed by other processes (cairn deliver, import, ...)
    // arrive as datagrams on the data folder's socket (server/notify.hpp).
    auto sock_path = notify_socket_path(cfg.data_dir);
    std::filesystem::remove(sock_path, ec);
    // Objects that use a context are destroyed before the contexts (see the
    // end of serve()): unique_ptrs, so they can be released in that order.
    auto notify_holder = std::make_unique<asio::local::datagram_protocol::socket>(*ctxs[0]);
    auto& notify_sock = *notify_holder;
    {
      net::bec nec;
      notify_sock.open(asio::local::datagram_protocol(), nec);
      if (!nec) notify_sock.bind(asio::local::datagram_protocol::endpoint(sock_path.string()), nec);
      if (nec) throw config_error("server.data: cannot create " + sock_path.string() + ": " + nec.message());
      ::chmod(sock_path.c_str(), 0600);
    }
    asio::co_spawn(*ctxs[0], [&]() -> net::awaitable<void> {
      std::array<char, 512> buf;
      for (;;) {
        auto [rec, n] = co_await notify_sock.async_receive(asio::buffer(buf), asio::as_tuple(asio::use_awaitable));
        if (rec) {
          if (rec == asio::error::operation_aborted || !notify_sock.is_open()) co_return;
          continue;
        }
        if (auto ev = decode_change(std::string_view(buf.data(), n))) {
          if (ev->mailbox == store::account_deleted) {
            // `cairn user del` removed it: every session of it hears so at
            // once (a selected mailbox reads as deleted: BYE).
            (*backend)->forget_account(ev->account_id);
            hub.notify_account(ev->account_id);
          } else {
            hub.notify(ev->account_id, ev->mailbox, ev->highestmodseq);
          }
        }
      }
    }, asio::detached);

    std::mutex cfg_mu;
    std::shared_ptr<const imap::session_config> current = session_config_of(cfg);
    auto snapshot = [&]() {
      std::lock_guard lk(cfg_mu);
      return current;
    };

    std::atomic<unsigned> next{0};
    for (auto& l : listeners) {
      asio::co_spawn(*ctxs[0], [&, lp = &l]() -> net::awaitable<void> {
        for (;;) {
          auto& target = *ctxs[next++ % ctxs.size()];
          auto [aec, sock] = co_await lp->acceptor.async_accept(target, asio::as_tuple(asio::use_awaitable));
          if (aec) {
            if (aec == asio::error::operation_aborted || !lp->acceptor.is_open()) co_return;
            // EMFILE and friends: log, wait a little, keep accepting.
            log::warn("accept failed", {{"listener", lp->where.text()}, {"error", aec.message()}});
            asio::steady_timer t(*ctxs[0], std::chrono::milliseconds(100));
            co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
            continue;
          }
          if (svc.stopping) {
            net::bec ig;
            sock.close(ig);
            continue;
          }
          imap::session::start(svc, snapshot(), net::make_tcp_stream(std::move(sock)), lp->implicit_tls);
        }
      }, asio::detached);
    }

    // Signals are handled on the first context.
    // Objects bound to ctxs[0] live in optionals so that they can go before
    // the contexts do (below): an I/O object outliving its io_context
    // touches freed memory in its destructor.
    std::optional<asio::signal_set> signals_slot;
    signals_slot.emplace(*ctxs[0], SIGTERM, SIGINT, SIGHUP);
    asio::signal_set& signals = *signals_slot;
    std::optional<asio::steady_timer> shutdown_timer;
    shutdown_timer.emplace(*ctxs[0]);
    std::function<void()> poll_shutdown;
    std::chrono::steady_clock::time_point shutdown_deadline;
    bool stopping = false;
    std::function<void()> wait_signal;
    wait_signal = [&]() {
      signals.async_wait([&](const net::bec& sec, int signo) {
        if (sec) return;
        if (signo == SIGHUP) {
          try {
            config fresh = cfg.source.empty() ? cfg : load_config(cfg.source);
            if (overrides) overrides(fresh);
            bool made = false;
            tls.set(load_tls(fresh, made));
            log::set_level(fresh.log_level);
            {
              std::lock_guard lk(cfg_mu);
              current = session_config_of(fresh);
            }
            // The connection caps too (they were read once at start-up):
            // new connections and logins get the new ones.
            conns.set_caps(auth::conn_caps{fresh.lim.connections_per_user_ip, fresh.lim.connections_per_ip});
            lmtp.reload(fresh);
            if (fresh.imap.size() != cfg.imap.size() || fresh.imaps.size() != cfg.imaps.size() ||
                fresh.data_dir != cfg.data_dir)
              log::warn("reload: listener and data folder changes take effect after a restart");
            log::info("configuration reloaded", {{"file", cfg.source.string()}});
          } catch (const std::exception& e) {
            log::error("reload failed, keeping the running configuration", {{"error", e.what()}});
          }
          wait_signal();
          return;
        }
        if (stopping) return;
        stopping = true;
        log::info("shutting down", {{"signal", signo == SIGTERM ? "TERM" : "INT"}, {"sessions", svc.registry.size()}});
        svc.stopping = true;
        for (auto& l : listeners) {
          net::bec ig;
          l.acceptor.close(ig);
        }
        for (auto& s : svc.registry.snapshot()) {
          auto ex = s->stream().executor();
          asio::post(ex, [s]() { s->stop(); });
        }
        lmtp.stop();
        // Wait for sessions to finish their commands and say BYE.
        shutdown_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(cfg.shutdown_grace_seconds);
        poll_shutdown = [&]() {
          if ((svc.registry.size() == 0 && lmtp.sessions() == 0) ||
              std::chrono::steady_clock::now() >= shutdown_deadline) {
            if (svc.registry.size()) log::warn("sessions still running at shutdown", {{"count", svc.registry.size()}});
            for (auto& c : ctxs) c->stop();
            return;
          }
          shutdown_timer->expires_after(std::chrono::milliseconds(20));
          shutdown_timer->async_wait([&](const net::bec& e) {
            if (!e) poll_shutdown();
          });
        };
        poll_shutdown();
      });
    };
    wait_signal();

    std::string where;
    for (auto& l : listeners) {
      // The port actually bound (a configured port 0 picks a free one).
      net::bec lec;
      auto local = l.acceptor.local_endpoint(lec);
      endpoint bound = l.where;
      if (!lec) bound.port = local.port();
      if (!where.empty()) where += ' ';
      where += l.implicit_tls ? "imaps=" : "imap=";
      where += bound.text();
    }
    log::info("started", {{"version", CAIRN_VERSION}, {"listen", where}, {"lmtp", lmtp.describe()},
                          {"data", cfg.data_dir.string()},
                          {"threads", n}, {"user", ::geteuid() == 0 ? std::string("root") : cfg.user}});

    std::vector<std::thread> threads;
    for (unsigned i = 1; i < n; ++i)
      threads.emplace_back([&, i]() {
        auto guard = asio::make_work_guard(*ctxs[i]);
        ctxs[i]->run();
      });
    {
      auto guard = asio::make_work_guard(*ctxs[0]);
      ctxs[0]->run();
    }
    for (auto& t : threads) t.join();
    // The worker pools first: a job that ends holds a work guard on its
    // session's context, released on the worker thread (ASan saw that
    // touch a destroyed io_context); jobs still queued are dropped, their
    // guards released while the contexts exist. Then the sessions still
    // parked in a context, which reference the services, then the
    // contexts.
    verifier.stop();
    workers.stop();
    listeners.clear();
    lmtp.close_listeners();
    shutdown_timer.reset();
    signals_slot.reset();
    notify_holder.reset();
    ctxs.clear();
    std::filesystem::remove(sock_path, ec);
    log::info("stopped");
    return 0;
  } catch (const config_error& e) {
    log::error("cannot start", {{"reason", e.what()}});
    return 2;
  }
}

}  // namespace cairn::server
