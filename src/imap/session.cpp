#include "imap/session.hpp"
#include "imap/cmd/search_common.hpp"

#include <algorithm>
#include <cerrno>

#include "base/log.hpp"
#include "base/memory.hpp"
#include "imap/command_table.hpp"
#include "imap/flags.hpp"
#include "store/flags.hpp"
#include "protocol/list_pattern.hpp"
#include "protocol/utf7.hpp"
#include "store/mailbox_name.hpp"

namespace cairn::imap {

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
  return s;
}

}  // namespace

void session_registry::trim_memory(std::size_t peak, std::size_t now) {
  const std::size_t before = resident_bytes();
  trim_free_memory();
  const std::size_t after = resident_bytes();
  log::info("memory trimmed", {{"sessions", now}, {"peak", peak}, {"rss_before_kib", before / 1024},
                               {"rss_after_kib", after / 1024}});
}

void command_context::bad_syntax() {
  bad(args.error().empty() ? std::string("Invalid arguments") : args.error());
}

session::session(services& svc, std::shared_ptr<const session_config> cfg, std::unique_ptr<net::stream> stream,
                 bool implicit_tls)
    : svc_(svc),
      cfg_(std::move(cfg)),
      stream_(std::move(stream)),
      implicit_tls_(implicit_tls),
      id_(hex_id(++svc.session_counter)),
      timer_(stream_->executor()) {
  apply_receiver_limits();
}

session::~session() = default;

void session::start(services& svc, std::shared_ptr<const session_config> cfg, std::unique_ptr<net::stream> stream,
                    bool implicit_tls) {
  auto ex = stream->executor();
  auto s = std::make_shared<session>(svc, std::move(cfg), std::move(stream), implicit_tls);
  svc.registry.add(s);
  net::asio::co_spawn(ex, [s]() -> net::awaitable<void> { co_await s->run(); },
                      [s](std::exception_ptr e) {
                        if (e) {
                          try {
                            std::rethrow_exception(e);
                          } catch (const std::exception& ex) {
                            log::error("session crashed", {{"session", s->id()}, {"what", ex.what()}});
                          }
                        }
                        s->svc().registry.remove(s.get());
                      });
}

void session::stop() {
  stop_requested_ = true;
  // Interrupt a wait for input; a running command finishes first.
  if (waiting_ && rx_.idle()) stream_->cancel();
}

void session::wake() {
  wake_pending_ = true;
  if (idling_) stream_->cancel();
}

authenticated* session::auth_state() {
  if (auto* a = std::get_if<authenticated>(&state_)) return a;
  if (auto* s = std::get_if<selected>(&state_)) return &s->auth;
  return nullptr;
}

selected* session::selected_state() { return std::get_if<selected>(&state_); }

void session::log_event(std::string_view event, std::initializer_list<log::kv> fields) const {
  if (log::current_level() > log::level::info) return;
  std::vector<log::kv> all{{"session", id_}, {"peer", stream_->peer_address()}};
  all.insert(all.end(), fields.begin(), fields.end());
  log::write(log::level::info, event, all.data(), all.data() + all.size());
}

bool session::login_allowed() const {
  return stream_->secure() || (stream_->peer_is_loopback() && cfg_->loopback_is_secure) ||
         cfg_->allow_plaintext_auth;
}

std::string session::capabilities() const {
  // Both revisions (RFC 9051 Appendix A): a client turns IMAP4rev2 on with ENABLE.
  std::string c = "IMAP4rev1 IMAP4rev2";
  const bool authed = std::holds_alternative<authenticated>(state_) || std::holds_alternative<selected>(state_);
  if (!authed) {
    c += " SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+";
    if (!stream_->secure()) c += " STARTTLS";
    if (login_allowed()) c += " AUTH=PLAIN";
    else c += " LOGINDISABLED";
    return c;
  }
  c += " SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ NAMESPACE UIDPLUS UNSELECT CHILDREN"
       " LIST-EXTENDED LIST-STATUS SPECIAL-USE CREATE-SPECIAL-USE MULTIAPPEND STATUS=SIZE BINARY MOVE CONDSTORE"
       " QRESYNC";
  c += " ESEARCH SEARCHRES WITHIN";  // SEARCH (imap/cmd/search.cpp)
  // SORT and THREAD (imap/cmd/sort.cpp): RFC 5256, RFC 5957, RFC 5267, RFC 9394.
  c += " SORT SORT=DISPLAY THREAD=ORDEREDSUBJECT THREAD=REFERENCES ESORT CONTEXT=SEARCH CONTEXT=SORT PARTIAL";
  c += " UTF8=ACCEPT";                // RFC 6855 (ENABLE, APPEND)
  c += " QUOTA QUOTA=RES-STORAGE QUOTA=RES-MESSAGE";  // RFC 9208 (cmd/quota.cpp)
  const auto* a = std::get_if<authenticated>(&state_);
  if (const auto* sel = std::get_if<selected>(&state_)) a = &sel->auth;
  const auto& admins = cfg_->quota_administrators;
  if (a && std::find(admins.begin(), admins.end(), a->user.name) != admins.end()) c += " QUOTASET";
  c += " APPENDLIMIT=";
  proto::append_number(c, cfg_->lim.message_size);
  return c;
}

void session::apply_receiver_limits() {
  proto::receiver_limits l;
  const bool authed = auth_state() != nullptr;
  l.max_command = authed ? cfg_->lim.line_after_login : cfg_->lim.line_before_login;
  l.max_message = cfg_->lim.message_size;
  // Before login APPEND is not allowed, so its literals get no more room
  // than any other command's (no account, no 64 MB buffers).
  l.append_literals = authed;
  l.literal8 = true;  // BINARY (RFC 3516): APPEND takes ~{n}
  rx_.set_limits(l);
}

std::optional<std::string> session::decode_mailbox(std::string_view wire, std::string& why) const {
  // Every refused name is logged (issue 11: names that try to reach other
  // accounts' folders or the file system, or pass the length and depth
  // limits, leave a trace): event="mailbox name refused" reason=...
  auto refuse = [&](std::string text) -> std::optional<std::string> {
    why = std::move(text);
    log_event("mailbox name refused", {{"reason", why}, {"bytes", wire.size()}});
    return std::nullopt;
  };
  std::string utf8;
  if (utf8_) {
    if (!proto::is_valid_utf8(wire)) return refuse("Mailbox name is not valid UTF-8");
    utf8 = std::string(wire);
  } else {
    auto d = proto::decode_mutf7(wire);
    if (!d) return refuse("Mailbox name is not valid modified UTF-7");
    utf8 = std::move(*d);
  }
  std::string_view reason;
  auto v = store::canonical_mailbox_name(utf8, &reason, cfg_->lim);
  if (!v) return refuse(reason.empty() ? std::string("Invalid mailbox name") : std::string(reason));
  return std::move(*v);
}

void session::append_mailbox(std::string& out, std::string_view stored) const {
  if (utf8_) {
    proto::append_astring(out, stored, text());
    return;
  }
  auto e = proto::encode_mutf7(stored);
  proto::append_astring(out, e ? std::string_view(*e) : stored, text());
}

void session::enter_authenticated(authenticated&& a) {
  state_ = std::move(a);
  apply_receiver_limits();
}

void session::enter_selected(std::unique_ptr<mailbox_view> view) {
  auto* a = auth_state();
  authenticated base = std::move(*a);
  std::weak_ptr<session> weak = weak_from_this();
  auto ex = stream_->executor();
  view->watch = svc_.notifications.subscribe(base.account->id(), view->box.id, view->told_modseq, [weak, ex]() {
    net::asio::post(ex, [weak]() {
      if (auto s = weak.lock()) s->wake();
    });
  });
  state_ = selected{std::move(base), std::move(view)};
}

void session::leave_selected() {
  if (auto* s = selected_state()) {
    // Leaving may let expunges others made (held back here, or not even
    // heard of yet) be purged: this session no longer counts.
    bool purge = purge_wanted_ || !s->view->pending_expunges.empty() ||
                 svc_.notifications.latest(s->auth.account->id(), s->view->box.id) > s->view->told_modseq;
    auto acct = s->auth.account;
    store::mailbox_id box = s->view->box.id;
    authenticated base = std::move(s->auth);
    state_ = std::move(base);  // drops the hub watch
    purge_wanted_ = false;
    if (purge) post_purge(std::move(acct), box);
  }
}

void session::post_purge(std::shared_ptr<store::account> acct, store::mailbox_id box) {
  hub* h = &svc_.notifications;
  svc_.workers.post([acct = std::move(acct), box, h]() {
    auto info = acct->mailbox(box);
    if (!info) return;
    store::modseq_t upto = h->safe_to_purge(acct->id(), box, info->highestmodseq);
    (void)acct->purge(box, upto);
  });
}

void session::report_own_expunges(const std::vector<store::uid_t>& uids, store::modseq_t) {
  auto* sel = selected_state();
  if (!sel) return;
  mailbox_view& v = *sel->view;
  remove_from_contexts(*this, uids);  // RFC 5267 4.3.4: REMOVEFROM first
  if (qresync_ && !uids.empty()) {
    std::vector<store::uid_t> known;
    for (auto u : uids)
      if (v.seq_of(u)) known.push_back(u);
    if (!known.empty()) untagged("VANISHED " + proto::to_string(proto::from_sorted(known)));
  }
  // Highest sequence number first, as for others' expunges (sync_selected).
  for (auto it = uids.rbegin(); it != uids.rend(); ++it) {
    auto seq = v.seq_of(*it);
    if (!seq) continue;
    if (!qresync_) untagged(std::to_string(*seq) + " EXPUNGE");
    v.uids.erase(v.uids.begin() + (*seq - 1));
    auto r = std::lower_bound(v.recent.begin(), v.recent.end(), *it);
    if (r != v.recent.end() && *r == *it) v.recent.erase(r);
    auto p = std::lower_bound(v.pending_expunges.begin(), v.pending_expunges.end(), *it);
    if (p != v.pending_expunges.end() && *p == *it) v.pending_expunges.erase(p);
    v.own_updates.erase(*it);
  }
}

void session::condstore_enabling_command() {
  if (condstore_) return;
  condstore_ = true;
  // With expunges held back, below them (RFC 7162 section 3.2).
  if (auto* sel = selected_state())
    untagged("OK [HIGHESTMODSEQ " +
             std::to_string(sel->view->pending_expunges.empty() ? sel->view->told_modseq : sel->view->held_below) +
             "] Highest");
}

void session::untagged(std::string_view line) {
  out_ += "* ";
  out_ += line;
  out_ += "\r\n";
}

net::awaitable<bool> session::flush() {
  if (out_.empty() || closed_) co_return !closed_;
  arm_timer(cfg_->lim.timeout_after_login);
  std::string data;
  data.swap(out_);
  auto ec = co_await stream_->write(data);
  timer_.cancel();
  if (ec) {
    closed_ = true;
    co_return false;
  }
  // Give large buffers back: an idle session should hold nothing.
  if (data.capacity() <= 4096) {
    data.clear();
    out_.swap(data);
  }
  co_return true;
}

net::awaitable<bool> session::continuation(std::string_view text) {
  out_ += "+ ";
  out_ += text;
  out_ += "\r\n";
  co_return co_await flush();
}

void session::arm_timer(std::chrono::steady_clock::duration d) {
  std::uint64_t gen = ++timer_generation_;
  timer_.expires_after(d);
  std::weak_ptr<session> weak = weak_from_this();
  timer_.async_wait([weak, gen](const net::bec& ec) {
    if (ec) return;
    auto s = weak.lock();
    if (!s || s->timer_generation_ != gen) return;
    s->timer_fired_ = true;
    s->stream_->cancel();
  });
}

net::awaitable<std::optional<proto::receiver_event>> session::next_event() {
  for (;;) {
    if (!pending_input_.empty()) {
      std::string_view in = pending_input_;
      auto ev = rx_.feed(in);
      pending_input_.erase(0, pending_input_.size() - in.size());
      if (ev != proto::receiver_event::need_more) co_return ev;
    }
    if (stop_requested_ && rx_.idle()) co_return std::nullopt;
    timer_fired_ = false;
    arm_timer(auth_state() ? cfg_->lim.timeout_after_login : cfg_->lim.timeout_before_login);
    waiting_ = true;
    auto ec = co_await stream_->wait();
    waiting_ = false;
    if (ec) {
      timer_.cancel();
      if (aborted(ec) && timer_fired_) timed_out_ = true;
      // A timeout leaves the connection open for "* BYE Autologout"; only
      // an error from the peer's side closes it here.
      if (!aborted(ec)) closed_ = true;
      co_return std::nullopt;
    }
    std::error_code rec;
    std::string_view in = co_await stream_->read(rec);
    timer_.cancel();
    if (rec) {
      if (aborted(rec) && timer_fired_) timed_out_ = true;
      else closed_ = true;
      co_return std::nullopt;
    }
    if (in.empty()) continue;
    auto ev = rx_.feed(in);
    // The read buffer is shared by the thread: keep the rest before anything
    // can suspend.
    if (!in.empty()) pending_input_.append(in);
    if (ev != proto::receiver_event::need_more) co_return ev;
  }
}

net::awaitable<std::optional<std::string>> session::read_line() {
  for (;;) {
    auto ev = co_await next_event();
    if (!ev) co_return std::nullopt;
    switch (*ev) {
      case proto::receiver_event::command: co_return rx_.take_command();
      case proto::receiver_event::continuation:
        // A literal inside a SASL response or after IDLE makes no sense.
        co_return std::string("*");
      case proto::receiver_event::error: co_return std::string("*");
      case proto::receiver_event::need_more: break;
    }
  }
}

net::awaitable<void> session::say_bye(std::string_view text) {
  untagged(std::string("BYE ") + std::string(text));
  co_await flush();
}

net::awaitable<bool> session::greet() {
  // limits.connections_per_ip counts connections from the start, logged in
  // or not (before the TLS handshake, the costly part): one address cannot
  // hold more than that many, however many never log in (issue 11).
  auto place = svc_.conn_limits.try_acquire_address(peer());
  if (!place) {
    log_event("limit", {{"what", "connections_per_ip"}, {"max", cfg_->lim.connections_per_ip}});
    if (!implicit_tls_) co_await say_bye("Too many connections from your address");
    co_return false;
  }
  address_ticket_ = std::move(*place);
  if (implicit_tls_) {
    arm_timer(cfg_->lim.timeout_before_login);
    timer_fired_ = false;
    auto ec = co_await stream_->start_tls(svc_.tls.get());
    timer_.cancel();
    if (ec) {
      log_event("tls failed", {{"reason", timer_fired_ ? std::string("timeout") : ec.message()}});
      co_return false;
    }
  }
  if (svc_.stopping) {
    co_await say_bye("Server shutting down");
    co_return false;
  }
  out_ += "* OK [CAPABILITY " + capabilities() + "] " + cfg_->greeting_name + " ready.\r\n";
  co_return co_await flush();
}

net::awaitable<void> session::run() {
  started_ = std::chrono::steady_clock::now();
  ++svc_.sessions;
  log_event("connect", {{"tls", implicit_tls_ ? "implicit" : "no"}});
  if (co_await greet()) {
    while (!closed_) {
      if (stop_requested_) {
        co_await say_bye("Server shutting down");
        break;
      }
      auto ev = co_await next_event();
      if (!ev) {
        if (timed_out_) {
          log_event("timeout", {{"authenticated", auth_state() ? "yes" : "no"}});
          co_await say_bye("Autologout; idle for too long");
        } else if (stop_requested_ && !closed_) {
          co_await say_bye("Server shutting down");
        }
        break;
      }
      if (*ev == proto::receiver_event::continuation) {
        if (!co_await continuation("Ready for literal data")) break;
        continue;
      }
      if (*ev == proto::receiver_event::error) {
        const auto& e = rx_.error();
        if (e.fatal) {
          log_event("abuse", {{"reason", e.text}, {"what", e.what}});
          // RFC 7888 section 5: a BYE for a literal too large SHOULD carry
          // TOOBIG.
          // (A named string: g++ 12 mishandles temporaries with destructors
          // inside a co_await expression.)
          std::string bye = e.code.empty() ? e.text : "[" + e.code + "] " + e.text;
          co_await say_bye(bye);
          break;
        }
        // Every refusal by a limit leaves a line, so an operator can tell a
        // client bumping into limits.* from a broken one (issue 11).
        log_event("limit", {{"what", e.what}, {"reason", e.text}});
        std::string line = e.tag;
        line += e.code == "TOOBIG" ? " NO " : " BAD ";
        if (!e.code.empty()) line += "[" + e.code + "] ";
        line += e.text;
        line += "\r\n";
        out_ += line;
        if (++bad_commands_ >= (auth_state() ? cfg_->lim.bad_commands : cfg_->lim.bad_commands_before_login)) {
          log_event("too many bad commands");
          co_await say_bye("Too many invalid commands");
          break;
        }
        if (!co_await flush()) break;
        continue;
      }
      if (*ev == proto::receiver_event::command) {
        co_await dispatch(rx_.take_command());
        if (std::holds_alternative<logged_out>(state_)) break;
      }
    }
  }
  timer_.cancel();
  // A client that vanished without LOGOUT may have been the last one that
  // could still fetch some expunged message: let it go now.
  if (selected_state()) leave_selected();
  stream_->close();
  closed_ = true;
  --svc_.sessions;
  auto secs = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started_).count();
  log_event("disconnect", {{"commands", commands_}, {"ms", secs}});
}

net::awaitable<void> session::dispatch(std::string&& raw) {
  ++commands_;
  proto::parser p(raw, cfg_->lim.nesting);
  auto tag = p.tag();
  std::string tag_s = tag ? std::string(*tag) : std::string("*");
  auto reply_bad = [&](std::string_view text) {
    out_ += tag_s;
    out_ += " BAD ";
    out_ += text;
    out_ += "\r\n";
  };
  std::optional<std::string> name;
  bool uid = false;
  if (tag && !p.at_end() && p.peek() != ' ') {
    // "a+1 NOOP": the tag is not "a"; answer untagged, as the receiver
    // does (proto::tag_of).
    tag_s = "*";
    reply_bad("Invalid tag");
  } else if (!tag || !p.consume(' ')) {
    reply_bad(tag ? "Missing command" : "Invalid tag");
  } else {
    name = p.keyword();
    if (name && *name == "UID") {
      uid = true;
      name = p.consume(' ') ? p.keyword() : std::nullopt;
    }
    if (!name) reply_bad(uid ? "Missing command after UID" : "Missing command");
  }

  const command_entry* entry = name ? find_command(*name) : nullptr;
  if (name && !entry) {
    reply_bad("Unknown command " + *name);
    name.reset();
  }
  if (entry && uid && !entry->uid_form) {
    reply_bad("UID " + *name + " is not a command");
    entry = nullptr;
  }
  if (entry) {
    unsigned have = std::holds_alternative<not_authenticated>(state_) ? unsigned(state_mask::not_authenticated)
                    : std::holds_alternative<authenticated>(state_)   ? unsigned(state_mask::authenticated)
                                                                      : unsigned(state_mask::selected);
    if (!(unsigned(entry->states) & have)) {
      reply_bad(have == unsigned(state_mask::not_authenticated) ? "Log in first"
                : entry->states == state_mask::selected          ? "No mailbox selected"
                                                                 : "Command not allowed now");
      entry = nullptr;
    }
  }
  if (entry && !p.at_end() && !p.consume(' ')) {
    reply_bad("Expected a space after the command name");
    entry = nullptr;
  } else if (entry && p.pos() > 0 && p.at_end() && raw.back() == ' ') {
    // The grammar has no trailing spaces (RFC 9051 section 9); refusing
    // them everywhere keeps "a NOOP " and "a LOGIN u p " alike.
    reply_bad("Unexpected space at the end of the command");
    entry = nullptr;
  }

  if (entry) {
    // limits.nesting after login; before login no command needs more than
    // one level (ID's list), as Dovecot allows no nested lists there.
    const unsigned cap = auth_state() ? cfg_->lim.nesting : 1;
    if (proto::list_depth(raw, cap) > cap) {
      log_event("limit", {{"what", "nesting"}, {"command", *name}, {"max", cap}});
      reply_bad("Too many nested parentheses");
      entry = nullptr;
    }
  }

  bool was_bad = !entry;
  if (entry) {
    command_context ctx{tag_s, *name, uid, p};
    expunges_reported_ = false;
    co_await entry->handler(*this, ctx);
    if (!ctx.replied && !closed_) {
      if (ctx.result.status != reply::kind::bad && entry->sync != sync_mode::none)
        co_await sync_selected(entry->sync == sync_mode::full || (entry->sync == sync_mode::uid_full && uid));
      // A checkpoint that reported expunges tells a CONDSTORE client the
      // new HIGHESTMODSEQ too: VANISHED and EXPUNGE carry no MODSEQ, so it
      // could not know (RFC 7162 section 6, example "A152 NOOP").
      if ((ctx.highestmodseq_code || (condstore_ && expunges_reported_)) && ctx.result.status == reply::kind::ok &&
          ctx.result.code.empty())
        if (auto* sel = selected_state(); sel && sel->view->pending_expunges.empty())
          ctx.result.code = "HIGHESTMODSEQ " + std::to_string(sel->view->told_modseq);
      // Expunges held back past this command (FETCH, STORE, SEARCH by
      // sequence number) have a MODSEQ below some MODSEQ this session may
      // have reported: RFC 7162 section 3.2 requires a HIGHESTMODSEQ below
      // theirs, or a client that computes its HIGHESTMODSEQ from FETCH
      // MODSEQs (section 6) and then loses the connection would never
      // hear of them.
      if (auto* sel = selected_state(); sel && condstore_ && !sel->view->pending_expunges.empty()) {
        std::string code = "HIGHESTMODSEQ " + std::to_string(sel->view->held_below);
        if (ctx.result.status == reply::kind::ok && ctx.result.code.empty()) ctx.result.code = code;
        else untagged("OK [" + code + "] Expunges not yet reported");
      }
      out_ += tag_s;
      switch (ctx.result.status) {
        case reply::kind::ok: out_ += " OK "; break;
        case reply::kind::no: out_ += " NO "; break;
        case reply::kind::bad: out_ += " BAD "; break;
      }
      if (!ctx.result.code.empty()) out_ += "[" + ctx.result.code + "] ";
      out_ += ctx.result.text.empty() ? std::string("Done") : ctx.result.text;
      out_ += "\r\n";
    }
    was_bad = ctx.result.status == reply::kind::bad;
  }
  if (was_bad) {
    unsigned limit = auth_state() ? cfg_->lim.bad_commands : cfg_->lim.bad_commands_before_login;
    if (++bad_commands_ >= limit) {
      log_event("too many bad commands");
      out_ += "* BYE Too many invalid commands\r\n";
      co_await flush();
      state_ = logged_out{};
      co_return;
    }
  } else {
    bad_commands_ = 0;
  }
  if (!co_await flush()) co_return;
  if (starttls_pending) {
    starttls_pending = false;
    // Whatever the client pipelined after STARTTLS in clear text is thrown
    // away, never executed after the handshake (RFC 9051 section 6.2.1;
    // CVE-2021-33515).
    if (!pending_input_.empty() || !rx_.idle())
      log_event("starttls injection discarded", {{"bytes", pending_input_.size()}});
    pending_input_.clear();
    pending_input_.shrink_to_fit();
    rx_ = proto::receiver();
    apply_receiver_limits();
    arm_timer(cfg_->lim.timeout_before_login);
    timer_fired_ = false;
    auto ec = co_await stream_->start_tls(svc_.tls.get());
    timer_.cancel();
    if (ec) {
      log_event("tls failed", {{"reason", timer_fired_ ? std::string("timeout") : ec.message()}});
      closed_ = true;
      state_ = logged_out{};
      co_return;
    }
    log_event("starttls", {{"tls", stream_->tls_description()}});
  }
}

net::awaitable<session::idle_event> session::idle_wait(std::chrono::steady_clock::time_point keepalive_at) {
  if (!pending_input_.empty()) co_return idle_event::input;
  if (stop_requested_) co_return idle_event::closed;
  if (wake_pending_) co_return idle_event::changed;
  timer_fired_ = false;
  auto now = std::chrono::steady_clock::now();
  arm_timer(keepalive_at > now ? keepalive_at - now : std::chrono::steady_clock::duration::zero());
  idling_ = true;
  waiting_ = true;
  auto ec = co_await stream_->wait();
  idling_ = false;
  waiting_ = false;
  timer_.cancel();
  if (!ec) co_return idle_event::input;
  if (!aborted(ec)) {
    closed_ = true;
    co_return idle_event::closed;
  }
  if (stop_requested_) co_return idle_event::closed;
  if (wake_pending_) co_return idle_event::changed;
  if (timer_fired_) co_return idle_event::keepalive;
  co_return idle_event::changed;
}

}  // namespace cairn::imap

namespace cairn::imap {

net::awaitable<void> session::sync_selected(bool expunge_ok) {
  auto* sel = selected_state();
  if (!sel) {
    wake_pending_ = false;  // nothing selected, nothing to tell (IDLE would spin)
    co_return;
  }
  mailbox_view& v = *sel->view;
  const std::string& acct_id = sel->auth.account->id();
  // Nothing to say unless the store moved past what this session was told
  // (the hub hears of every commit) or held-back expunges may now go out.
  bool changed = wake_pending_ || svc_.notifications.latest(acct_id, v.box.id) > v.told_modseq;
  bool flush_held = expunge_ok && !v.pending_expunges.empty();
  if (!changed && !flush_held) co_return;
  wake_pending_ = false;

  if (changed) {
    auto acct = sel->auth.account;
    store::mailbox_id box = v.box.id;
    store::modseq_t since = v.told_modseq;
    auto ch = co_await blocking([&]() { return acct->changes_since(box, since); });
    sel = selected_state();  // the state cannot change while we wait, but be sure
    if (!sel || !ch) co_return;
    if (!*ch) {
      if (ch->error() == errc::not_found) {
        // Deleted by another session: nothing more can be said about it.
        log_event("selected mailbox deleted");
        untagged("BYE Selected mailbox was deleted");
        state_ = logged_out{};
        co_return;
      }
      log::warn("sync failed", {{"session", id_}, {"error", ch->error().message()}});
      co_return;
    }
    store::changes& c = ch->value();
    // Expunged by others: held until a checkpoint that may report them.
    if (v.pending_expunges.empty()) v.held_below = since;
    for (const auto& r : c.expunged) {
      auto it = std::lower_bound(v.uids.begin(), v.uids.end(), r.first);
      for (; it != v.uids.end() && *it <= r.last; ++it)
        if (!v.is_pending_expunge(*it))
          v.pending_expunges.insert(std::upper_bound(v.pending_expunges.begin(), v.pending_expunges.end(), *it), *it);
    }
    // New messages, and flag changes of known ones.
    store::uid_t last = v.last_uid();
    std::vector<store::uid_t> added;
    bool new_keyword = false;
    std::string fetches;
    for (const auto& m : c.changed) {
      if (m.uid > last) {
        added.push_back(m.uid);
      } else if (auto seq = v.seq_of(m.uid); seq && !v.is_pending_expunge(m.uid)) {
        auto own = v.own_updates.find(m.uid);
        if (own != v.own_updates.end() && own->second >= m.modseq) continue;
        fetches += "* ";
        proto::append_number(fetches, *seq);
        fetches += " FETCH (UID ";
        proto::append_number(fetches, m.uid);
        fetches += " FLAGS ";
        append_flags(fetches, m.fl, v.is_recent(m.uid));
        if (condstore_) {
          fetches += " MODSEQ (";
          proto::append_number(fetches, m.modseq);
          fetches += ')';
        }
        fetches += ")\r\n";
      }
      for (const auto& k : m.fl.keywords)
        if (!std::any_of(v.keywords.begin(), v.keywords.end(), [&](const std::string& x) { return store::keyword_equal(x, k); }))
          new_keyword = true;
    }
    if (new_keyword) {
      auto kws = co_await blocking([&]() { return acct->keywords(box); });
      if (kws && *kws) {
        v.keywords = std::move(kws->value());
        untagged(flags_response(v.keywords));
        untagged(permanent_flags(v.keywords, v.read_only, v.keywords.size() < cfg_->lim.keywords_per_mailbox));
      }
    }
    out_ += fetches;
    if (!added.empty()) {
      v.uids.insert(v.uids.end(), added.begin(), added.end());
      if (!v.read_only && !rev2_) {
        auto floor = co_await blocking([&]() { return acct->claim_recent(box); });
        if (floor && *floor)
          for (auto u : added)
            if (u >= floor->value()) v.recent.push_back(u);
      }
      untagged(std::to_string(v.exists()) + " EXISTS");
      if (!rev2_) untagged(std::to_string(v.recent.size()) + " RECENT");
    }
    v.box = c.mailbox;
    v.told_modseq = c.mailbox.highestmodseq;
    for (auto it = v.own_updates.begin(); it != v.own_updates.end();)
      it = it->second <= v.told_modseq ? v.own_updates.erase(it) : std::next(it);
  }

  // RETURN (UPDATE) contexts: after EXISTS (ADDTO may name the new
  // messages), before EXPUNGE (REMOVEFROM names them while their numbers
  // still hold), RFC 5267 sections 4.3.3 and 4.3.4.
  if (changed && !v.contexts.empty()) {
    co_await update_contexts(*this);
    sel = selected_state();
    if (!sel) co_return;
  }
  if (expunge_ok && !sel->view->pending_expunges.empty() && qresync_) {
    // QRESYNC sessions hear of expunges as VANISHED (RFC 7162 section
    // 3.2.10.2), never as EXPUNGE.
    untagged("VANISHED " + proto::to_string(proto::from_sorted(v.pending_expunges)));
    expunges_reported_ = true;
    for (auto uid : v.pending_expunges) {
      auto seq = v.seq_of(uid);
      if (!seq) continue;
      v.uids.erase(v.uids.begin() + (*seq - 1));
      auto r = std::lower_bound(v.recent.begin(), v.recent.end(), uid);
      if (r != v.recent.end() && *r == uid) v.recent.erase(r);
    }
    v.pending_expunges.clear();
    purge_wanted_ = true;
  }
  if (expunge_ok && !v.pending_expunges.empty()) {
    // Highest sequence number first: each EXPUNGE's number is then right
    // when the client reads it, with no renumbering to track.
    for (auto it = v.pending_expunges.rbegin(); it != v.pending_expunges.rend(); ++it) {
      auto seq = v.seq_of(*it);
      if (!seq) continue;
      untagged(std::to_string(*seq) + " EXPUNGE");
      expunges_reported_ = true;
      v.uids.erase(v.uids.begin() + (*seq - 1));
      auto r = std::lower_bound(v.recent.begin(), v.recent.end(), *it);
      if (r != v.recent.end() && *r == *it) v.recent.erase(r);
    }
    v.pending_expunges.clear();
    purge_wanted_ = true;
  }
  // Purging may proceed past what this session knows once it holds nothing
  // back.
  if (v.pending_expunges.empty()) {
    v.watch.told(v.told_modseq);
    if (purge_wanted_) {
      purge_wanted_ = false;
      post_purge(sel->auth.account, v.box.id);
    }
  }
}

}  // namespace cairn::imap
