#include "net/memory_stream.hpp"

#include <algorithm>

namespace cairn::net {

memory_stream::memory_stream(asio::any_io_executor ex, std::string input, memory_stream_options options)
    : ex_(std::move(ex)), input_(std::move(input)), options_(std::move(options)) {}

awaitable<std::error_code> memory_stream::wait() {
  // One trip through the executor, during which cancel() may abort us.
  waiting_ = true;
  cancelled_ = false;
  co_await asio::post(ex_, asio::use_awaitable);
  waiting_ = false;
  if (cancelled_) {
    cancelled_ = false;
    co_return std::error_code(make_error_code(asio::error::operation_aborted));
  }
  if (closed_) co_return std::error_code(make_error_code(asio::error::bad_descriptor));
  if (pos_ >= input_.size()) co_return std::error_code(make_error_code(asio::error::eof));
  co_return std::error_code{};
}

awaitable<std::string_view> memory_stream::read(std::error_code& ec) {
  ec = {};
  if (closed_) {
    ec = make_error_code(asio::error::bad_descriptor);
    co_return std::string_view{};
  }
  if (pos_ >= input_.size()) {
    ec = make_error_code(asio::error::eof);
    co_return std::string_view{};
  }
  std::size_t n = input_.size() - pos_;
  if (!options_.chunks.empty()) {
    std::size_t c = options_.chunks[next_chunk_++ % options_.chunks.size()];
    if (c > 0) n = std::min(n, c);
  }
  std::string_view out(input_.data() + pos_, n);
  pos_ += n;
  co_return out;
}

awaitable<std::error_code> memory_stream::write(std::string_view data) {
  if (closed_) co_return std::error_code(make_error_code(asio::error::broken_pipe));
  output_bytes_ += data.size();
  if (output_.size() < options_.max_output)
    output_.append(data.substr(0, options_.max_output - output_.size()));
  co_await asio::post(ex_, asio::use_awaitable);
  co_return std::error_code{};
}

awaitable<std::error_code> memory_stream::start_tls(std::shared_ptr<asio::ssl::context>) {
  co_return std::error_code(make_error_code(asio::error::operation_not_supported));
}

void memory_stream::cancel() {
  if (waiting_) cancelled_ = true;
}

}  // namespace cairn::net
