#pragma once
// The byte stream a session talks over: TCP, TLS over TCP (port 993 or after
// STARTTLS), or memory (tests and the session fuzzer). The session never
// sees a socket.
//
// Reading is two steps so that an idle connection holds no buffer: wait()
// until input is there (or the wait is cancelled), then read(), which
// returns bytes in a buffer that stays valid only until the caller next
// suspends: copy what you keep before awaiting anything else.
//
// cancel() aborts a pending wait/read/write (used for timeouts, IDLE wake-up
// and shutdown); the aborted call reports asio::error::operation_aborted.
// A stream is used by one coroutine at a time, on its own executor.
#include <memory>
#include <string>
#include <string_view>
#include <system_error>

#include "net/asio.hpp"

namespace cairn::net {

class stream {
 public:
  virtual ~stream() = default;

  virtual awaitable<std::error_code> wait() = 0;
  virtual awaitable<std::string_view> read(std::error_code& ec) = 0;
  virtual awaitable<std::error_code> write(std::string_view data) = 0;
  // Server side of a TLS handshake over this stream (port 993, STARTTLS).
  virtual awaitable<std::error_code> start_tls(std::shared_ptr<asio::ssl::context> ctx) = 0;
  virtual bool secure() const = 0;
  virtual void cancel() = 0;
  // Best-effort orderly close (TLS close_notify is not awaited).
  virtual void close() = 0;

  virtual asio::any_io_executor executor() = 0;
  virtual const std::string& peer_address() const = 0;  // "127.0.0.1", "::1"
  virtual bool peer_is_loopback() const = 0;
  // Bytes this stream holds for the connection (buffers, TLS state), for
  // memory accounting in tests; an estimate.
  virtual std::size_t buffered() const = 0;
  // TLS details for the log ("TLSv1.3 TLS_AES_256_GCM_SHA384"), empty in clear.
  virtual std::string tls_description() const { return {}; }
};

// A TCP connection, optionally upgraded to TLS.
std::unique_ptr<stream> make_tcp_stream(tcp::socket socket);

}  // namespace cairn::net
