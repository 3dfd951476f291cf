#include "client.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "protocol/parser.hpp"

namespace bench {
namespace {

constexpr std::size_t read_buffer_size = 16 * 1024;

cairn::proto::receiver_limits response_limits() {
  // Responses can carry whole messages (BODY[] of a 5 MB message, and up
  // to the 64 MB APPENDLIMIT): frame them without a line cap that matters.
  cairn::proto::receiver_limits l;
  l.max_command = 128u * 1024 * 1024;
  l.max_message = 128u * 1024 * 1024;
  l.literal8 = true;
  return l;
}

std::string lower(std::string_view s) {
  std::string o(s);
  for (auto& c : o) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return o;
}

}  // namespace

bool response::unsupported() const {
  if (st != status::no && st != status::bad) return false;
  std::string t = lower(text);
  return t.find("not supported") != std::string::npos || t.find("unknown command") != std::string::npos ||
         t.find("not implemented") != std::string::npos || t.find("unsupported") != std::string::npos;
}

std::optional<std::string> response::code_arg(std::string_view code) const {
  if (text.size() < 2 || text[0] != '[') return std::nullopt;
  auto close = text.find(']');
  if (close == std::string::npos) return std::nullopt;
  std::string_view inside(text.data() + 1, close - 1);
  if (inside.size() < code.size()) return std::nullopt;
  for (std::size_t i = 0; i < code.size(); ++i)
    if (std::toupper(static_cast<unsigned char>(inside[i])) != code[i]) return std::nullopt;
  if (inside.size() == code.size()) return std::string();
  if (inside[code.size()] != ' ') return std::nullopt;
  return std::string(inside.substr(code.size() + 1));
}

bool parse_tagged(std::string_view line, std::string& tag, response& r) {
  cairn::proto::parser p(line);
  auto t = p.tag();
  if (!t || !p.sp()) return false;
  auto word = p.keyword();
  if (!word) return false;
  if (*word == "OK") r.st = response::status::ok;
  else if (*word == "NO") r.st = response::status::no;
  else if (*word == "BAD") r.st = response::status::bad;
  else return false;
  tag.assign(*t);
  p.consume(' ');
  r.text.assign(p.rest());
  return true;
}

connection::connection(asio::any_io_executor ex, asio::ssl::context* tls_ctx)
    : socket_(ex), tls_ctx_(tls_ctx), timer_(ex), rx_(response_limits()) {}

connection::~connection() = default;

void connection::close() {
  if (!open_ && !socket_.is_open() && !tls_) return;
  open_ = false;
  boost::system::error_code ec;
  if (tls_) tls_->next_layer().close(ec);
  else socket_.close(ec);
  timer_.cancel();
}

bool connection::has_capability(std::string_view cap) const {
  std::string needle = " " + std::string(cap) + " ";
  return caps_.find(needle) != std::string::npos;
}

void connection::note_capabilities(std::string_view line) {
  // "* OK [CAPABILITY a b c] text", "* CAPABILITY a b c", "tag OK [CAPABILITY ...]"
  std::string up(line);
  for (auto& c : up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::size_t at = up.find("[CAPABILITY ");
  std::size_t end;
  if (at != std::string::npos) {
    at += 12;
    end = up.find(']', at);
  } else if (up.rfind("* CAPABILITY ", 0) == 0) {
    at = 13;
    end = up.size();
  } else {
    return;
  }
  if (end == std::string::npos) end = up.size();
  caps_ = " " + up.substr(at, end - at) + " ";
}

awaitable<void> connection::watchdog(std::weak_ptr<connection> weak) {
  // Holds no reference while it waits: a connection that is dropped cancels
  // its timer, and the watchdog then finds nothing to lock and ends.
  for (;;) {
    asio::steady_timer* timer = nullptr;
    {
      auto self = weak.lock();
      if (!self || !self->open_) co_return;
      auto now = clock::now();
      if (self->deadline_ <= now) {
        self->close();
        co_return;
      }
      // With no wait pending, check back once a minute.
      self->timer_.expires_at(std::min(self->deadline_, now + std::chrono::seconds(60)));
      timer = &self->timer_;
    }
    auto [ec] = co_await timer->async_wait(asio::as_tuple(asio::use_awaitable));
    (void)ec;
  }
}

awaitable<std::string> connection::open(tcp::endpoint server, asio::ip::address source, bool tls) {
  boost::system::error_code ec;
  socket_.open(server.protocol(), ec);
  if (ec) co_return "socket: " + ec.message();
#ifdef IP_BIND_ADDRESS_NO_PORT
  int one = 1;
  ::setsockopt(socket_.native_handle(), IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
#endif
  socket_.bind(tcp::endpoint(source, 0), ec);
  if (ec) co_return "bind " + source.to_string() + ": " + ec.message();
  open_ = true;
  arm();
  asio::co_spawn(socket_.get_executor(), watchdog(weak_from_this()), asio::detached);
  auto [cec] = co_await socket_.async_connect(server, asio::as_tuple(asio::use_awaitable));
  if (cec) {
    close();
    co_return "connect: " + cec.message();
  }
  socket_.set_option(tcp::no_delay(true), ec);
  if (tls) {
    tls_ = std::make_unique<asio::ssl::stream<tcp::socket>>(std::move(socket_), *tls_ctx_);
    auto [hec] = co_await tls_->async_handshake(asio::ssl::stream_base::client, asio::as_tuple(asio::use_awaitable));
    if (hec) {
      close();
      co_return "TLS handshake: " + hec.message();
    }
  }
  disarm();
  auto greeting = co_await read_response();
  if (!greeting) co_return "no greeting";
  if (greeting->rfind("* OK", 0) != 0 && greeting->rfind("* PREAUTH", 0) != 0) {
    close();
    co_return "greeting: " + greeting->substr(0, 200);
  }
  note_capabilities(*greeting);
  co_return "";
}

template <class Buffers>
awaitable<std::pair<boost::system::error_code, std::size_t>> connection::write_all(const Buffers& b) {
  if (tls_) {
    auto [ec, n] = co_await asio::async_write(*tls_, b, asio::as_tuple(asio::use_awaitable));
    co_return std::pair{ec, n};
  }
  auto [ec, n] = co_await asio::async_write(socket_, b, asio::as_tuple(asio::use_awaitable));
  co_return std::pair{ec, n};
}

awaitable<bool> connection::send(std::string_view bytes) {
  if (!open_) co_return false;
  arm();
  auto [ec, n] = co_await write_all(asio::buffer(bytes.data(), bytes.size()));
  disarm();
  if (ec) {
    close();
    co_return false;
  }
  co_return true;
}

awaitable<bool> connection::send(std::string_view a, std::string_view b, std::string_view c) {
  if (!open_) co_return false;
  std::array<asio::const_buffer, 3> bufs = {asio::buffer(a.data(), a.size()), asio::buffer(b.data(), b.size()),
                                             asio::buffer(c.data(), c.size())};
  arm();
  auto [ec, n] = co_await write_all(bufs);
  disarm();
  if (ec) {
    close();
    co_return false;
  }
  co_return true;
}

awaitable<std::optional<std::string>> connection::read_response() {
  for (;;) {
    if (pos_ < end_) {
      std::string_view in(buf_.get() + pos_, end_ - pos_);
      const std::size_t before = in.size();
      auto ev = rx_.feed(in);
      pos_ += before - in.size();
      if (ev == cairn::proto::receiver_event::command) co_return rx_.take_command();
      if (ev == cairn::proto::receiver_event::error) {
        close();
        co_return std::nullopt;
      }
      continue;  // need_more (all consumed) or a literal follows
    }
    if (!open_) co_return std::nullopt;
    if (!buf_) buf_ = std::make_unique<char[]>(read_buffer_size);
    arm();
    boost::system::error_code ec;
    std::size_t n = 0;
    if (tls_) {
      std::tie(ec, n) =
          co_await tls_->async_read_some(asio::buffer(buf_.get(), read_buffer_size), asio::as_tuple(asio::use_awaitable));
    } else {
      std::tie(ec, n) =
          co_await socket_.async_read_some(asio::buffer(buf_.get(), read_buffer_size), asio::as_tuple(asio::use_awaitable));
    }
    disarm();
    if (ec || n == 0) {
      close();
      co_return std::nullopt;
    }
    pos_ = 0;
    end_ = n;
  }
}

awaitable<response> connection::wait_for(const std::string& tag, const untagged_fn* on_untagged) {
  if (auto it = early_.find(tag); it != early_.end()) {
    response r = std::move(it->second);
    early_.erase(it);
    co_return r;
  }
  for (;;) {
    auto line = co_await read_response();
    if (!line) co_return response{};
    if (line->size() >= 2 && (*line)[0] == '*' && (*line)[1] == ' ') {
      if (line->rfind("* BYE", 0) == 0) {
        // The server is closing; the tagged reply may still follow (LOGOUT).
        if (on_untagged) (*on_untagged)(*line);
        continue;
      }
      if (line->find("CAPABILITY") != std::string::npos) note_capabilities(*line);
      if (on_untagged) (*on_untagged)(*line);
      continue;
    }
    if (!line->empty() && (*line)[0] == '+') continue;  // not expected here
    std::string t;
    response r;
    if (!parse_tagged(*line, t, r)) continue;
    if (r.text.rfind("[CAPABILITY ", 0) == 0) note_capabilities(r.text);
    if (t == tag) co_return r;
    early_[t] = std::move(r);
  }
}

awaitable<bool> connection::wait_continuation(const std::string& tag, const untagged_fn* on_untagged) {
  for (;;) {
    auto line = co_await read_response();
    if (!line) co_return false;
    if (!line->empty() && (*line)[0] == '+') co_return true;
    if (line->size() >= 2 && (*line)[0] == '*') {
      if (on_untagged) (*on_untagged)(*line);
      continue;
    }
    std::string t;
    response r;
    if (!parse_tagged(*line, t, r)) continue;
    early_[t] = std::move(r);
    if (t == tag) co_return false;
  }
}

awaitable<response> connection::command(const std::string& tag, std::string_view text, const untagged_fn* on_untagged) {
  std::string line;
  line.reserve(tag.size() + text.size() + 3);
  line += tag;
  line += ' ';
  line += text;
  line += "\r\n";
  if (!co_await send(line)) co_return response{};
  co_return co_await wait_for(tag, on_untagged);
}

}  // namespace bench
