#include "net/stream.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <array>
#include <climits>

namespace cairn::net {
namespace {

// Reads go through one buffer per thread: a connection resumes on its own
// thread and copies what it keeps before it suspends again, so an idle
// connection holds no read buffer at all.
constexpr std::size_t read_chunk = 16 * 1024;
thread_local std::array<char, read_chunk> t_read_buffer;

// TLS is driven directly on the non-blocking socket (SSL_set_fd), not
// through asio::ssl::stream: Asio's stream keeps two 17 KB buffers plus a
// BIO pair per connection for its lifetime, whereas here OpenSSL frees its
// record buffers whenever the connection is idle (SSL_MODE_RELEASE_BUFFERS),
// which is what lets an idle TLS connection stay within a few KB.
class tcp_stream final : public stream {
 public:
  explicit tcp_stream(tcp::socket s) : socket_(std::move(s)) {
    bec ec;
    auto ep = socket_.remote_endpoint(ec);
    if (!ec) {
      auto addr = ep.address();
      if (addr.is_v6() && addr.to_v6().is_v4_mapped())
        addr = asio::ip::make_address_v4(asio::ip::v4_mapped, addr.to_v6());
      peer_ = addr.to_string();
      loopback_ = addr.is_loopback();
    } else {
      peer_ = "unknown";
    }
    socket_.non_blocking(true, ec);
    socket_.set_option(tcp::no_delay(true), ec);
  }

  ~tcp_stream() override {
    close();
    if (ssl_) SSL_free(ssl_);
  }

  awaitable<std::error_code> wait() override {
    if (ssl_ && SSL_pending(ssl_) > 0) co_return std::error_code{};
    co_return co_await wait_for(tcp::socket::wait_read);
  }

  awaitable<std::string_view> read(std::error_code& ec) override {
    ec = {};
    for (;;) {
      if (!ssl_) {
        bec rec;
        std::size_t n = socket_.read_some(asio::buffer(t_read_buffer), rec);
        if (rec == asio::error::would_block || rec == asio::error::try_again) {
          ec = co_await wait_for(tcp::socket::wait_read);
          if (ec) co_return std::string_view{};
          continue;
        }
        ec = rec;
        co_return std::string_view(t_read_buffer.data(), ec ? 0 : n);
      }
      ERR_clear_error();
      int n = SSL_read(ssl_, t_read_buffer.data(), static_cast<int>(t_read_buffer.size()));
      if (n > 0) co_return std::string_view(t_read_buffer.data(), static_cast<std::size_t>(n));
      ec = co_await on_ssl_error(n);
      if (ec) co_return std::string_view{};
    }
  }

  awaitable<std::error_code> write(std::string_view data) override {
    if (!ssl_) {
      auto [ec, n] = co_await asio::async_write(socket_, asio::buffer(data), asio::as_tuple(asio::use_awaitable));
      (void)n;
      co_return ec;
    }
    while (!data.empty()) {
      ERR_clear_error();
      int chunk = data.size() > INT_MAX ? INT_MAX : static_cast<int>(data.size());
      int n = SSL_write(ssl_, data.data(), chunk);
      if (n > 0) {
        data.remove_prefix(static_cast<std::size_t>(n));
        continue;
      }
      std::error_code ec = co_await on_ssl_error(n);
      if (ec) co_return ec;
    }
    co_return std::error_code{};
  }

  awaitable<std::error_code> start_tls(std::shared_ptr<asio::ssl::context> ctx) override {
    ctx_ = std::move(ctx);
    ssl_ = SSL_new(ctx_->native_handle());
    if (!ssl_ || SSL_set_fd(ssl_, static_cast<int>(socket_.native_handle())) != 1)
      co_return std::error_code(make_error_code(asio::error::no_memory));
    SSL_set_mode(ssl_, SSL_MODE_RELEASE_BUFFERS | SSL_MODE_ENABLE_PARTIAL_WRITE |
                           SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    SSL_set_accept_state(ssl_);
    for (;;) {
      ERR_clear_error();
      int r = SSL_do_handshake(ssl_);
      if (r == 1) co_return std::error_code{};
      std::error_code ec = co_await on_ssl_error(r);
      if (ec) co_return ec;
    }
  }

  bool secure() const override { return ssl_ != nullptr; }

  void cancel() override {
    bec ec;
    socket_.cancel(ec);
  }

  void close() override {
    bec ec;
    if (!socket_.is_open()) return;
    if (ssl_ && !closed_tls_) {
      closed_tls_ = true;
      ERR_clear_error();
      SSL_shutdown(ssl_);  // best effort: sends close_notify if the socket takes it
    }
    socket_.shutdown(tcp::socket::shutdown_both, ec);
    socket_.close(ec);
  }

  asio::any_io_executor executor() override { return socket_.get_executor(); }
  const std::string& peer_address() const override { return peer_; }
  bool peer_is_loopback() const override { return loopback_; }
  std::size_t buffered() const override { return 0; }

  std::string tls_description() const override {
    if (!ssl_) return {};
    std::string d = SSL_get_version(ssl_);
    d += ' ';
    d += SSL_get_cipher_name(ssl_);
    return d;
  }

 private:
  awaitable<std::error_code> wait_for(tcp::socket::wait_type w) {
    auto [ec] = co_await socket_.async_wait(w, asio::as_tuple(asio::use_awaitable));
    co_return ec;
  }

  // After an SSL call returned `r` <= 0: waits for the socket when OpenSSL
  // asks to, and returns an error code otherwise.
  awaitable<std::error_code> on_ssl_error(int r) {
    int err = SSL_get_error(ssl_, r);
    switch (err) {
      case SSL_ERROR_WANT_READ:
        co_return co_await wait_for(tcp::socket::wait_read);
      case SSL_ERROR_WANT_WRITE:
        co_return co_await wait_for(tcp::socket::wait_write);
      case SSL_ERROR_ZERO_RETURN:
        co_return std::error_code(make_error_code(asio::error::eof));
      case SSL_ERROR_SYSCALL:
        if (ERR_peek_error() == 0) co_return std::error_code(make_error_code(asio::error::eof));
        [[fallthrough]];
      default:
        ERR_clear_error();
        co_return std::error_code(make_error_code(asio::error::connection_reset));
    }
  }

  tcp::socket socket_;
  std::shared_ptr<asio::ssl::context> ctx_;
  SSL* ssl_ = nullptr;
  bool closed_tls_ = false;
  std::string peer_;
  bool loopback_ = false;
};

}  // namespace

std::unique_ptr<stream> make_tcp_stream(tcp::socket socket) {
  return std::make_unique<tcp_stream>(std::move(socket));
}

}  // namespace cairn::net
