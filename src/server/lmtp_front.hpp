#pragma once
// The LMTP side of `cairn serve` (docs/delivery.md): TCP listeners
// (lmtp.listen, --lmtp) and the Unix socket (lmtp.socket), bound while
// still root, each connection an lmtp::session on one of the server's
// io_contexts, store work on the server's worker pool. Kept apart from
// server.cpp so that the IMAP wiring stays as it is.
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "imap/workers.hpp"
#include "lmtp/session.hpp"
#include "net/asio.hpp"
#include "server/config.hpp"
#include "store/store.hpp"

namespace cairn::server {

// The LMTP session settings for a configuration.
std::shared_ptr<const lmtp::session_config> lmtp_config_of(const config& c);
// The delivery settings shared by LMTP and `cairn deliver`, including the
// test-only fault from CAIRN_TEST_DELIVERY_FAULT ("ERROR[:RECIPIENT]",
// ERROR one of io_error, disk_full, over_quota, busy, corrupted).
store::delivery_options delivery_options_of(const config& c);
store::recipient_options recipient_options_of(const config& c);

class lmtp_front {
 public:
  // Binds every listener on `ctx` (call as root, before dropping
  // privileges). A stale socket file nobody listens on is replaced; one in
  // use stops start-up. Throws config_error.
  lmtp_front(const config& cfg, net::asio::io_context& ctx);
  ~lmtp_front();  // removes the socket file

  // Starts accepting; connections are spread over `ctxs`.
  void start(std::vector<std::unique_ptr<net::asio::io_context>>& ctxs, store::backend& store,
             imap::worker_pool& workers);
  // SIGHUP: new connections use the new settings.
  void reload(const config& cfg);
  // Shutdown: stop accepting; each session ends (421) at its next command.
  void stop();
  // Destroys the acceptors; call before their io_context goes.
  void close_listeners();
  std::size_t sessions() const;
  // "lmtp=127.0.0.1:2424 unix:/var/lib/cairn/lmtp.sock", for the start-up line.
  std::string describe() const;
  bool empty() const { return tcp_.empty() && !unix_; }

 private:
  std::shared_ptr<const lmtp::session_config> snapshot();

  struct tcp_listener {
    net::tcp::acceptor acceptor;
    endpoint where;
  };
  std::vector<std::unique_ptr<tcp_listener>> tcp_;
  std::unique_ptr<net::asio::local::stream_protocol::acceptor> unix_;
  std::filesystem::path socket_path_;
  bool own_socket_ = false;
  std::unique_ptr<lmtp::services> svc_;
  std::mutex cfg_mu_;
  std::shared_ptr<const lmtp::session_config> cfg_;
  std::atomic<bool> stopping_{false};
};

}  // namespace cairn::server
