// IDLE (RFC 2177; RFC 9051 section 6.3.13): changes by any session, by
// delivery or by another process reach the client at once; "* OK Still
// here" keeps NAT boxes and mobile networks from dropping the connection.
#include "imap/cmd/commands.hpp"

namespace cairn::imap {

net::awaitable<void> cmd_idle(session& s, command_context& ctx) {
  if (!ctx.args.expect_end()) co_return ctx.bad_syntax();
  if (!co_await s.continuation("idling")) {
    ctx.replied = true;
    co_return;
  }
  using clock = std::chrono::steady_clock;
  const auto started = clock::now();
  const auto deadline = started + s.config().lim.timeout_after_login;
  auto keepalive_at = started + s.config().lim.idle_keepalive;
  s.poll_store();
  for (;;) {
    co_await s.sync_selected(true);
    if (std::holds_alternative<logged_out>(s.state())) {
      ctx.replied = true;
      co_return;
    }
    if (!co_await s.flush()) {
      ctx.replied = true;
      co_return;
    }
    auto ev = co_await s.idle_wait(std::min(keepalive_at, deadline));
    switch (ev) {
      case session::idle_event::changed: continue;
      case session::idle_event::keepalive:
        if (clock::now() >= deadline) {
          s.untagged("BYE Autologout; idle for too long");
          s.state() = logged_out{};
          ctx.replied = true;
          co_return;
        }
        s.untagged("OK Still here");
        keepalive_at = clock::now() + s.config().lim.idle_keepalive;
        continue;
      case session::idle_event::timeout:
      case session::idle_event::closed:
        if (s.stopping()) {
          s.untagged("BYE Server shutting down");
          s.state() = logged_out{};
        }
        ctx.replied = true;
        co_return;
      case session::idle_event::input: {
        auto line = co_await s.read_line();
        if (!line) {
          ctx.replied = true;
          co_return;
        }
        if (line->size() == 4 && ((*line)[0] | 0x20) == 'd' && ((*line)[1] | 0x20) == 'o' &&
            ((*line)[2] | 0x20) == 'n' && ((*line)[3] | 0x20) == 'e')
          co_return ctx.ok("IDLE terminated");
        co_return ctx.bad("Expected DONE");
      }
    }
  }
}

}  // namespace cairn::imap
