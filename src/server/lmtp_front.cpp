#include "server/lmtp_front.hpp"

#include <grp.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "base/log.hpp"

namespace cairn::server {

namespace asio = net::asio;
using local = asio::local::stream_protocol;

namespace {

std::string host_name() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0 || !buf[0]) return "localhost";
  return buf;
}

std::optional<store::delivery_fault> fault_from_env() {
  const char* v = std::getenv("CAIRN_TEST_DELIVERY_FAULT");
  if (!v || !*v) return std::nullopt;
  std::string s(v);
  store::delivery_fault f;
  auto colon = s.find(':');
  std::string what = s.substr(0, colon);
  if (colon != std::string::npos) f.recipient = s.substr(colon + 1);
  if (what == "io_error") f.error = errc::io_error;
  else if (what == "disk_full") f.error = errc::disk_full;
  else if (what == "over_quota") f.error = errc::over_quota;
  else if (what == "busy") f.error = errc::busy;
  else if (what == "corrupted") f.error = errc::corrupted;
  else return std::nullopt;
  log::warn("test fault injection is on", {{"variable", "CAIRN_TEST_DELIVERY_FAULT"}, {"value", s}});
  return f;
}

// Is anything accepting on the Unix socket at `p`?
bool socket_in_use(const std::filesystem::path& p) {
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_un sa{};
  sa.sun_family = AF_UNIX;
  std::strncpy(sa.sun_path, p.c_str(), sizeof sa.sun_path - 1);
  bool used = ::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0;
  ::close(fd);
  return used;
}

}  // namespace

store::recipient_options recipient_options_of(const config& c) {
  store::recipient_options r;
  r.local_domains = c.delivery.local_domains;
  r.delimiters = c.delivery.recipient_delimiter;
  return r;
}

store::delivery_options delivery_options_of(const config& c) {
  store::delivery_options d;
  d.loop_limit = c.delivery.loop_limit;
  d.lim = c.lim;
  static const std::optional<store::delivery_fault> fault = fault_from_env();
  d.fault = fault;
  return d;
}

std::shared_ptr<const lmtp::session_config> lmtp_config_of(const config& c) {
  auto s = std::make_shared<lmtp::session_config>();
  s->hostname = c.lmtp.hostname.empty() ? host_name() : c.lmtp.hostname;
  s->lim = c.lim;
  s->recipients = recipient_options_of(c);
  s->delivery = delivery_options_of(c);
  s->detail_folders = c.delivery.detail_folders;
  s->quota_temporary = c.delivery.quota_temporary;
  return s;
}

lmtp_front::lmtp_front(const config& cfg, asio::io_context& ctx) : cfg_(lmtp_config_of(cfg)) {
  for (const auto& e : cfg.lmtp.listen) {
    net::bec ec;
    auto addr = asio::ip::make_address(e.address, ec);
    if (ec) throw config_error("lmtp.listen: bad address " + e.address);
    auto l = std::make_unique<tcp_listener>(tcp_listener{net::tcp::acceptor(ctx), e});
    net::tcp::endpoint ep(addr, e.port);
    l->acceptor.open(ep.protocol(), ec);
    if (!ec) l->acceptor.set_option(net::tcp::acceptor::reuse_address(true), ec);
    if (!ec) l->acceptor.bind(ep, ec);
    if (!ec) l->acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) throw config_error("lmtp.listen " + e.text() + ": " + ec.message());
    net::bec lec;
    auto bound = l->acceptor.local_endpoint(lec);
    if (!lec) l->where.port = bound.port();
    tcp_.push_back(std::move(l));
  }

  if (cfg.lmtp.socket.empty()) return;
  socket_path_ = cfg.lmtp.socket.is_absolute() ? cfg.lmtp.socket : cfg.data_dir / cfg.lmtp.socket;
  if (socket_path_.native().size() >= sizeof(sockaddr_un{}.sun_path))
    throw config_error("lmtp.socket: path too long for a Unix socket: " + socket_path_.string());
  struct stat st {};
  if (::lstat(socket_path_.c_str(), &st) == 0) {
    if (!S_ISSOCK(st.st_mode))
      throw config_error("lmtp.socket: " + socket_path_.string() + " exists and is not a socket");
    if (socket_in_use(socket_path_))
      throw config_error("lmtp.socket: " + socket_path_.string() + " is in use by another process");
    ::unlink(socket_path_.c_str());
  }
  // Created with no access, then opened up: no window where the socket is
  // more open than configured.
  mode_t old = ::umask(0777);
  unix_ = std::make_unique<local::acceptor>(ctx);
  net::bec ec;
  local::endpoint ep(socket_path_.string());
  unix_->open(ep.protocol(), ec);
  if (!ec) unix_->bind(ep, ec);
  ::umask(old);
  if (!ec) unix_->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) throw config_error("lmtp.socket " + socket_path_.string() + ": " + ec.message());
  own_socket_ = true;

  // Owner: the server's user (it runs as that after dropping privileges);
  // group: lmtp.socket_group (e.g. postfix) or that user's group.
  if (::geteuid() == 0) {
    uid_t uid = static_cast<uid_t>(-1);
    gid_t gid = static_cast<gid_t>(-1);
    if (!cfg.user.empty()) {
      if (struct passwd* pw = ::getpwnam(cfg.user.c_str())) {
        uid = pw->pw_uid;
        gid = pw->pw_gid;
      }
    }
    if (!cfg.lmtp.socket_group.empty()) {
      struct group* gr = ::getgrnam(cfg.lmtp.socket_group.c_str());
      if (!gr) throw config_error("lmtp.socket_group: no group \"" + cfg.lmtp.socket_group + "\"");
      gid = gr->gr_gid;
    }
    if (::chown(socket_path_.c_str(), uid, gid) != 0)
      throw config_error("lmtp.socket: cannot change owner of " + socket_path_.string() + ": " +
                         std::strerror(errno));
  } else if (!cfg.lmtp.socket_group.empty()) {
    struct group* gr = ::getgrnam(cfg.lmtp.socket_group.c_str());
    if (!gr || ::chown(socket_path_.c_str(), static_cast<uid_t>(-1), gr->gr_gid) != 0)
      throw config_error("lmtp.socket_group: cannot give " + socket_path_.string() + " to group \"" +
                         cfg.lmtp.socket_group + "\"");
  }
  if (::chmod(socket_path_.c_str(), static_cast<mode_t>(cfg.lmtp.socket_mode)) != 0)
    throw config_error("lmtp.socket: cannot set the mode of " + socket_path_.string() + ": " + std::strerror(errno));
}

lmtp_front::~lmtp_front() {
  close_listeners();
  if (own_socket_) ::unlink(socket_path_.c_str());
}

void lmtp_front::close_listeners() {
  tcp_.clear();
  unix_.reset();
}

std::shared_ptr<const lmtp::session_config> lmtp_front::snapshot() {
  std::lock_guard lk(cfg_mu_);
  return cfg_;
}

void lmtp_front::reload(const config& cfg) {
  auto fresh = lmtp_config_of(cfg);
  std::lock_guard lk(cfg_mu_);
  cfg_ = std::move(fresh);
}

void lmtp_front::start(std::vector<std::unique_ptr<asio::io_context>>& ctxs, store::backend& store,
                       imap::worker_pool& workers) {
  if (empty()) return;
  lmtp::run_fn run = [&workers](const std::function<void()>& job) -> net::awaitable<bool> {
    auto fn = [&job]() {
      job();
      return true;
    };
    auto r = co_await workers.run(fn);
    co_return r.has_value();
  };
  svc_.reset(new lmtp::services{store, std::move(run), {}, {}, lmtp::account_cache(64)});
  auto next = std::make_shared<std::atomic<unsigned>>(0);
  auto* ctx_list = &ctxs;
  for (auto& l : tcp_) {
    asio::co_spawn(l->acceptor.get_executor(), [this, lp = l.get(), next, ctx_list]() -> net::awaitable<void> {
      for (;;) {
        auto& target = *(*ctx_list)[(*next)++ % ctx_list->size()];
        auto [aec, sock] = co_await lp->acceptor.async_accept(target, asio::as_tuple(asio::use_awaitable));
        if (aec) {
          if (aec == asio::error::operation_aborted || !lp->acceptor.is_open()) co_return;
          log::warn("accept failed", {{"listener", "lmtp " + lp->where.text()}, {"error", aec.message()}});
          asio::steady_timer t(lp->acceptor.get_executor(), std::chrono::milliseconds(100));
          co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
          continue;
        }
        if (stopping_) {
          net::bec ig;
          sock.close(ig);
          continue;
        }
        lmtp::session::start(*svc_, snapshot(), net::make_tcp_stream(std::move(sock)));
      }
    }, asio::detached);
  }
  if (unix_) {
    asio::co_spawn(unix_->get_executor(), [this, next, ctx_list]() -> net::awaitable<void> {
      for (;;) {
        auto& target = *(*ctx_list)[(*next)++ % ctx_list->size()];
        local::socket sock(target);
        auto [aec] = co_await unix_->async_accept(sock, asio::as_tuple(asio::use_awaitable));
        if (aec) {
          if (aec == asio::error::operation_aborted || !unix_->is_open()) co_return;
          log::warn("accept failed", {{"listener", "lmtp unix:" + socket_path_.string()}, {"error", aec.message()}});
          asio::steady_timer t(unix_->get_executor(), std::chrono::milliseconds(100));
          co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
          continue;
        }
        if (stopping_) {
          net::bec ig;
          sock.close(ig);
          continue;
        }
        lmtp::session::start(*svc_, snapshot(), lmtp::make_unix_stream(std::move(sock)));
      }
    }, asio::detached);
  }
}

void lmtp_front::stop() {
  stopping_ = true;
  for (auto& l : tcp_) {
    net::bec ig;
    l->acceptor.close(ig);
  }
  if (unix_) {
    net::bec ig;
    unix_->close(ig);
  }
  if (!svc_) return;
  for (auto& s : svc_->sessions.snapshot()) {
    auto ex = s->stream().executor();
    asio::post(ex, [s]() { s->stop(); });
  }
}

std::size_t lmtp_front::sessions() const { return svc_ ? svc_->sessions.size() : 0; }

std::string lmtp_front::describe() const {
  std::string d;
  for (const auto& l : tcp_) {
    if (!d.empty()) d += ' ';
    d += l->where.text();
  }
  if (unix_) {
    if (!d.empty()) d += ' ';
    d += "unix:" + socket_path_.string();
  }
  return d;
}

}  // namespace cairn::server
