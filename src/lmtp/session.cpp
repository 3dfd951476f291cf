#include "lmtp/session.hpp"

#include <cerrno>
#include <ctime>

#include "base/log.hpp"
#include "lmtp/parser.hpp"

namespace cairn::lmtp {

namespace {

bool aborted(const std::error_code& ec) { return ec.value() == ECANCELED; }

std::string hex_id(std::uint64_t n) {
  static const char digits[] = "0123456789abcdef";
  std::string s;
  do {
    s.insert(s.begin(), digits[n & 15]);
    n >>= 4;
  } while (n);
  while (s.size() < 6) s.insert(s.begin(), '0');
  return "L" + s;
}

// RFC 5322 date-time in local time, as a Received field ends with.
std::string rfc5322_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[64];
  std::size_t n = std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S %z", &tm);
  return std::string(buf, n);
}

// The reply to the final "." for one recipient (RFC 3463 codes).
reply delivery_reply(const std::error_code& ec, const std::string& rcpt, bool quota_temporary) {
  const std::string who = "<" + rcpt + "> ";
  if (!ec) return {250, "2.0.0", who + "Saved"};
  switch (static_cast<errc>(ec.value())) {
    case errc::over_quota:
      if (quota_temporary) return {452, "4.2.2", who + "Mailbox is full"};
      return {552, "5.2.2", who + "Mailbox is full"};
    case errc::disk_full: return {452, "4.3.1", who + "Insufficient system storage"};
    case errc::cannot: return {554, "5.4.6", who + "Mail loop detected"};
    case errc::too_large: return {552, "5.3.4", who + "Message too big for system"};
    case errc::not_found: return {550, "5.1.1", who + "User doesn't exist"};
    default: return {451, "4.3.0", who + "Temporary internal failure, try again later"};
  }
}

}  // namespace

// -- registry ---------------------------------------------------------------

void registry::add(const std::shared_ptr<session>& s) {
  std::lock_guard lk(mu_);
  all_[s.get()] = s;
}

void registry::remove(session* s) {
  std::lock_guard lk(mu_);
  all_.erase(s);
}

std::vector<std::shared_ptr<session>> registry::snapshot() const {
  std::lock_guard lk(mu_);
  std::vector<std::shared_ptr<session>> out;
  for (auto& [p, w] : all_)
    if (auto s = w.lock()) out.push_back(std::move(s));
  return out;
}

std::size_t registry::size() const {
  std::lock_guard lk(mu_);
  return all_.size();
}

// -- account_cache ------------------------------------------------------------

result<std::shared_ptr<store::account>> account_cache::get(store::backend& b, const std::string& id) {
  {
    std::lock_guard lk(mu_);
    if (auto it = open_.find(id); it != open_.end()) {
      it->second.second = ++clock_;
      return it->second.first;
    }
  }
  auto a = b.open_account(id);  // outside the lock: it may block
  if (!a) return a.error();
  std::lock_guard lk(mu_);
  if (open_.size() >= capacity_) {
    auto oldest = open_.begin();
    for (auto it = open_.begin(); it != open_.end(); ++it)
      if (it->second.second < oldest->second.second) oldest = it;
    open_.erase(oldest);
  }
  open_[id] = {*a, ++clock_};
  return a;
}

void account_cache::drop(const std::string& id) {
  std::lock_guard lk(mu_);
  open_.erase(id);
}

// -- session ----------------------------------------------------------------

session::session(services& svc, std::shared_ptr<const session_config> cfg, std::unique_ptr<net::stream> stream)
    : svc_(svc),
      cfg_(std::move(cfg)),
      stream_(std::move(stream)),
      id_(hex_id(++svc.counter)),
      timer_(stream_->executor()) {}

session::~session() = default;

void session::start(services& svc, std::shared_ptr<const session_config> cfg, std::unique_ptr<net::stream> stream) {
  auto ex = stream->executor();
  auto s = std::make_shared<session>(svc, std::move(cfg), std::move(stream));
  svc.sessions.add(s);
  net::asio::co_spawn(ex, [s]() -> net::awaitable<void> { co_await s->run(); },
                      [s](std::exception_ptr e) {
                        if (e) {
                          try {
                            std::rethrow_exception(e);
                          } catch (const std::exception& ex) {
                            log::error("lmtp session crashed", {{"session", s->id()}, {"what", ex.what()}});
                          }
                        }
                        s->svc_.sessions.remove(s.get());
                      });
}

void session::stop() {
  stop_requested_ = true;
  if (waiting_command_) stream_->cancel();
}

void session::arm_timer() {
  std::uint64_t gen = ++timer_generation_;
  timer_.expires_after(cfg_->lim.lmtp_timeout);
  std::weak_ptr<session> weak = weak_from_this();
  timer_.async_wait([weak, gen](const net::bec& ec) {
    if (ec) return;
    auto s = weak.lock();
    if (!s || s->timer_generation_ != gen) return;
    s->timer_fired_ = true;
    s->stream_->cancel();
  });
}

net::awaitable<bool> session::flush() {
  if (out_.empty()) co_return !closed_;
  std::string data;
  data.swap(out_);
  timer_fired_ = false;
  arm_timer();
  auto ec = co_await stream_->write(data);
  timer_.cancel();
  if (ec) {
    if (timer_fired_) timed_out_ = true;
    closed_ = true;
    co_return false;
  }
  co_return true;
}

net::awaitable<bool> session::fill(bool for_command) {
  // Replies to pipelined commands go out before the session waits.
  if (!out_.empty() && !co_await flush()) co_return false;
  // Only a wait for the next command may be cut short by stop(); replies
  // and DATA are never interrupted.
  if (for_command && stop_requested_) co_return false;
  waiting_command_ = for_command;
  timer_fired_ = false;
  arm_timer();
  auto ec = co_await stream_->wait();
  waiting_command_ = false;
  if (ec) {
    timer_.cancel();
    if (aborted(ec) && timer_fired_) timed_out_ = true;
    else if (!aborted(ec)) closed_ = true;
    co_return false;
  }
  std::error_code rec;
  std::string_view data = co_await stream_->read(rec);
  timer_.cancel();
  if (rec) {
    if (aborted(rec) && timer_fired_) timed_out_ = true;
    else if (!aborted(rec)) closed_ = true;
    co_return false;
  }
  if (data.empty()) {
    closed_ = true;
    co_return false;
  }
  in_.append(data);  // the buffer is valid only until the next suspension
  co_return true;
}

net::awaitable<std::optional<session::line>> session::read_line() {
  bool skipping = false;  // inside an over-long line, dropping it
  for (;;) {
    auto nl = in_.find('\n');
    if (nl != std::string::npos) {
      if (skipping || nl > cfg_->lim.lmtp_line) {
        in_.erase(0, nl + 1);
        co_return line{{}, true};
      }
      line l{in_.substr(0, nl), false};
      in_.erase(0, nl + 1);
      if (!l.text.empty() && l.text.back() == '\r') l.text.pop_back();
      co_return l;
    }
    if (in_.size() > cfg_->lim.lmtp_line) {
      skipping = true;
      in_.clear();
    }
    if (!co_await fill(true)) co_return std::nullopt;
  }
}

void session::reset_transaction() {
  in_transaction_ = false;
  sender_.clear();
  announced_size_ = 0;
  recipients_.clear();
}

std::string session::received_field(const std::string& recipient) const {
  std::string r = "from " + lhlo_ + " (" + stream_->peer_address() + ") by " + cfg_->hostname +
                  " (Cairn) with LMTP id " + id_ + "-" + std::to_string(transactions_) + " for <" + recipient +
                  ">; " + rfc5322_now();
  return r;
}

net::awaitable<void> session::handle_rcpt(const std::string& address) {
  if (recipients_.size() >= cfg_->lim.lmtp_recipients) {
    say(reply{452, "4.5.3", "Too many recipients"}.line());
    co_return;
  }
  result<store::recipient> who = errc::internal;
  std::function<void()> job = [&]() {
    who = store::resolve_recipient(svc_.store.users(), address, cfg_->recipients);
  };
  if (!co_await svc_.run(job)) {
    say(reply{451, "4.3.0", "Server busy, try again later"}.line());
    co_return;
  }
  if (!who) {
    if (who.error() == errc::not_found) {
      log::info("lmtp unknown recipient", {{"session", id_}, {"to", address}});
      say(reply{550, "5.1.1", "<" + address + "> User doesn't exist"}.line());
    } else if (who.error() == errc::parse_error) {
      say(reply{501, "5.1.3", "Invalid recipient address"}.line());
    } else {
      log::error("lmtp recipient lookup failed", {{"session", id_}, {"to", address}, {"error", who.error().message()}});
      say(reply{451, "4.3.0", "Temporary lookup failure, try again later"}.line());
    }
    co_return;
  }
  recipients_.push_back(accepted{address, std::move(*who)});
  say(reply{250, "2.1.5", "Ok"}.line());
}

net::awaitable<bool> session::handle_data() {
  say(reply{354, "", "Start mail input; end with <CRLF>.<CRLF>"}.line());
  data_reader rd(cfg_->lim.message_size, static_cast<std::size_t>(announced_size_));
  for (;;) {
    if (!in_.empty()) {
      std::size_t used = rd.feed(in_);
      in_.erase(0, used);  // what follows the end line is the next command
      if (rd.done()) break;
    }
    if (!co_await fill(false)) {
      // Gone (or timed out) before the final ".": nothing was accepted,
      // nothing is delivered; the client will try again.
      log::info("lmtp data interrupted", {{"session", id_}, {"received", rd.size()}});
      co_return false;
    }
  }
  ++transactions_;
  const std::string& msg = rd.message();
  for (const auto& r : recipients_) {
    reply rep;
    if (rd.too_large()) {
      rep = {552, "5.3.4", "Message too big for system"};
    } else {
      result<store::delivered> res = errc::internal;
      const store::delivery_envelope env{sender_, r.address, received_field(r.address)};
      const std::string folder = cfg_->detail_folders ? r.who.detail : std::string();
      std::function<void()> job = [&]() {
        auto acct = svc_.accounts.get(svc_.store, r.who.user.account_id);
        if (!acct) {
          res = acct.error();
          return;
        }
        res = store::deliver(**acct, msg, env, folder, cfg_->delivery);
        if (!res && res.error() == errc::not_found) svc_.accounts.drop(r.who.user.account_id);
      };
      if (!co_await svc_.run(job)) {
        rep = {451, "4.3.0", "<" + r.address + "> Server busy, try again later"};
      } else {
        rep = delivery_reply(res.error(), r.address, cfg_->quota_temporary);
        if (res) {
          log::info("lmtp delivered", {{"session", id_}, {"from", sender_}, {"to", r.address},
                                       {"user", r.who.user.name}, {"mailbox", res->mailbox},
                                       {"uid", res->appended.uids.empty() ? 0u : res->appended.uids[0]},
                                       {"size", msg.size()}});
        } else {
          log::write(rep.code / 100 == 4 && res.error() != errc::over_quota ? log::level::error : log::level::info,
                     "lmtp delivery failed",
                     {{"session", id_}, {"to", r.address}, {"user", r.who.user.name},
                      {"error", res.error().message()}, {"reply", rep.code}});
        }
      }
    }
    say(rep.line());
    // Each reply goes out as soon as its copy is safe (or refused).
    if (!co_await flush()) co_return false;
  }
  co_return true;
}

net::awaitable<void> session::run() {
  log::info("lmtp connect", {{"session", id_}, {"peer", stream_->peer_address()}});
  say(reply{220, "", cfg_->hostname + " Cairn LMTP ready"}.line());
  bool quit = false;
  if (co_await flush()) {
    while (!closed_ && !quit) {
      auto in = co_await read_line();
      if (!in) break;
      auto p = in->too_long ? parsed(reply{500, "5.5.2", "Line too long"}) : parse_command(in->text);
      if (auto* r = std::get_if<reply>(&p)) {
        say(r->line());
        if (++errors_ >= cfg_->lim.bad_commands) {
          say(reply{421, "4.7.0", cfg_->hostname + " Too many errors, closing connection"}.line());
          break;
        }
        continue;
      }
      const command& c = std::get<command>(p);
      bool error = false, gone = false;
      switch (c.v) {
        case verb::lhlo: {
          reset_transaction();
          lhlo_ = c.argument;
          std::string r = "250-" + cfg_->hostname + "\r\n";
          r += "250-PIPELINING\r\n250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n";
          r += "250 SIZE " + std::to_string(cfg_->lim.message_size) + "\r\n";
          say(r);
          break;
        }
        case verb::helo:
        case verb::ehlo:
          say(reply{500, "5.5.1", "This is LMTP: use LHLO"}.line());
          error = true;
          break;
        case verb::mail:
          if (lhlo_.empty()) {
            say(reply{503, "5.5.1", "Send LHLO first"}.line());
            error = true;
          } else if (in_transaction_) {
            say(reply{503, "5.5.1", "Nested MAIL command"}.line());
            error = true;
          } else if (c.size && *c.size > cfg_->lim.message_size) {
            say(reply{552, "5.3.4", "Message size exceeds fixed maximum message size"}.line());
          } else {
            in_transaction_ = true;
            sender_ = c.address;
            announced_size_ = c.size.value_or(0);
            say(reply{250, "2.1.0", "Ok"}.line());
          }
          break;
        case verb::rcpt:
          if (!in_transaction_) {
            say(reply{503, "5.5.1", "Send MAIL first"}.line());
            error = true;
          } else {
            co_await handle_rcpt(c.address);
          }
          break;
        case verb::data:
          if (!in_transaction_) {
            say(reply{503, "5.5.1", "Send MAIL first"}.line());
            error = true;
          } else if (recipients_.empty()) {
            // RFC 2033 section 4.2: no successful RCPT, DATA fails with 503.
            say(reply{503, "5.5.1", "No valid recipients"}.line());
            error = true;
          } else {
            gone = !co_await handle_data();
            reset_transaction();
          }
          break;
        case verb::rset:
          reset_transaction();
          say(reply{250, "2.0.0", "Ok"}.line());
          break;
        case verb::noop:
          say(reply{250, "2.0.0", "Ok"}.line());
          break;
        case verb::vrfy:
          say(reply{252, "2.5.2", "Cannot VRFY user, but will accept message for delivery"}.line());
          break;
        case verb::help:
          say(reply{214, "2.0.0", "Commands: LHLO MAIL RCPT DATA RSET NOOP QUIT VRFY"}.line());
          break;
        case verb::bdat:
          say(reply{502, "5.5.1", "Command not implemented"}.line());
          error = true;
          break;
        case verb::quit:
          say(reply{221, "2.0.0", cfg_->hostname + " Bye"}.line());
          quit = true;
          break;
      }
      if (gone) break;  // connection lost or timed out during DATA
      if (error) {
        if (++errors_ >= cfg_->lim.bad_commands) {
          say(reply{421, "4.7.0", cfg_->hostname + " Too many errors, closing connection"}.line());
          break;
        }
      } else {
        errors_ = 0;
      }
    }
  }
  if (timed_out_ && !closed_) {
    say(reply{421, "4.4.2", cfg_->hostname + " Timeout, closing connection"}.line());
    log::info("lmtp timeout", {{"session", id_}});
  } else if (stop_requested_ && !closed_ && !quit) {
    say(reply{421, "4.3.2", cfg_->hostname + " Server shutting down"}.line());
  }
  if (!closed_) co_await flush();
  timer_.cancel();
  stream_->close();
  closed_ = true;
  log::info("lmtp disconnect", {{"session", id_}, {"transactions", transactions_}});
}

}  // namespace cairn::lmtp
