// net::stream over a Unix-domain socket: LMTP from a local MTA (Postfix's
// lmtp:unix:...). The same two-step read as net/stream.cpp's TCP stream, so
// an idle connection holds no read buffer; no TLS on a local socket.
#include <array>

#include "lmtp/session.hpp"

namespace cairn::lmtp {

namespace {

using local_socket = net::asio::local::stream_protocol::socket;

constexpr std::size_t read_chunk = 16 * 1024;
thread_local std::array<char, read_chunk> t_read_buffer;

class unix_stream final : public net::stream {
 public:
  explicit unix_stream(local_socket s) : socket_(std::move(s)) {
    net::bec ec;
    socket_.non_blocking(true, ec);
  }
  ~unix_stream() override { close(); }

  net::awaitable<std::error_code> wait() override {
    auto [ec] = co_await socket_.async_wait(local_socket::wait_read, net::asio::as_tuple(net::asio::use_awaitable));
    co_return ec;
  }

  net::awaitable<std::string_view> read(std::error_code& ec) override {
    ec = {};
    for (;;) {
      net::bec rec;
      std::size_t n = socket_.read_some(net::asio::buffer(t_read_buffer), rec);
      if (rec == net::asio::error::would_block || rec == net::asio::error::try_again) {
        auto [wec] = co_await socket_.async_wait(local_socket::wait_read, net::asio::as_tuple(net::asio::use_awaitable));
        if (wec) {
          ec = wec;
          co_return std::string_view{};
        }
        continue;
      }
      ec = rec;
      co_return std::string_view(t_read_buffer.data(), ec ? 0 : n);
    }
  }

  net::awaitable<std::error_code> write(std::string_view data) override {
    auto [ec, n] = co_await net::asio::async_write(socket_, net::asio::buffer(data),
                                                   net::asio::as_tuple(net::asio::use_awaitable));
    (void)n;
    co_return ec;
  }

  net::awaitable<std::error_code> start_tls(std::shared_ptr<net::asio::ssl::context>) override {
    co_return std::error_code(make_error_code(net::asio::error::operation_not_supported));
  }

  bool secure() const override { return false; }

  void cancel() override {
    net::bec ec;
    socket_.cancel(ec);
  }

  void close() override {
    net::bec ec;
    if (!socket_.is_open()) return;
    socket_.shutdown(local_socket::shutdown_both, ec);
    socket_.close(ec);
  }

  net::asio::any_io_executor executor() override { return socket_.get_executor(); }
  const std::string& peer_address() const override { return peer_; }
  // Only processes that may open the socket file can connect.
  bool peer_is_loopback() const override { return true; }
  std::size_t buffered() const override { return 0; }

 private:
  local_socket socket_;
  std::string peer_ = "unix";
};

}  // namespace

std::unique_ptr<net::stream> make_unix_stream(net::asio::local::stream_protocol::socket socket) {
  return std::make_unique<unix_stream>(std::move(socket));
}

}  // namespace cairn::lmtp
