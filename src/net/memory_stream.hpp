#pragma once
// A net::stream over memory, for the session fuzzer (fuzz/session.cpp) and
// tests that drive a real imap::session without a socket.
//
// The peer's bytes are all given up front; read() hands them out in pieces
// whose sizes cycle through `chunks` (so that pipelining and commands split
// across reads are exercised), then reports end of file. What the session
// writes is counted and kept up to `max_output` bytes.
//
// Every wait() and write() goes through the executor once (a post), as a
// socket's would: handlers queued meanwhile (hub wake-ups, timers, work
// finished on a worker) run between the session's steps. cancel() aborts a
// wait() in progress with operation_aborted, as on a socket; there is no
// TLS (start_tls fails, so STARTTLS and port 993 end the session).
//
// Not thread-safe: used by one session on one executor, like any stream.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "net/stream.hpp"

namespace cairn::net {

struct memory_stream_options {
  std::string peer = "127.0.0.1";
  bool loopback = true;
  // Sizes of successive reads, cycled; empty or 0 means "all that is left".
  std::vector<std::size_t> chunks;
  // Output bytes kept for output(); beyond that they are only counted.
  std::size_t max_output = 1 << 20;
};

class memory_stream final : public stream {
 public:
  memory_stream(asio::any_io_executor ex, std::string input, memory_stream_options options = {});

  awaitable<std::error_code> wait() override;
  awaitable<std::string_view> read(std::error_code& ec) override;
  awaitable<std::error_code> write(std::string_view data) override;
  awaitable<std::error_code> start_tls(std::shared_ptr<asio::ssl::context> ctx) override;
  bool secure() const override { return false; }
  void cancel() override;
  void close() override { closed_ = true; }

  asio::any_io_executor executor() override { return ex_; }
  const std::string& peer_address() const override { return options_.peer; }
  bool peer_is_loopback() const override { return options_.loopback; }
  std::size_t buffered() const override { return 0; }

  // What the session wrote (the first max_output bytes) and how much in all.
  const std::string& output() const { return output_; }
  std::uint64_t output_bytes() const { return output_bytes_; }
  std::size_t input_left() const { return input_.size() - pos_; }
  bool closed() const { return closed_; }

 private:
  asio::any_io_executor ex_;
  std::string input_;
  std::size_t pos_ = 0;
  std::size_t next_chunk_ = 0;
  memory_stream_options options_;
  std::string output_;
  std::uint64_t output_bytes_ = 0;
  bool closed_ = false;
  bool waiting_ = false;
  bool cancelled_ = false;
};

}  // namespace cairn::net
