// CAPABILITY, NOOP, CHECK, LOGOUT, ID, ENABLE, NAMESPACE, STARTTLS.
#include "base/log.hpp"
#include "imap/cmd/commands.hpp"
#include "protocol/command.hpp"

namespace cairn::imap {

net::awaitable<void> cmd_capability(session& s, command_context& ctx) {
  if (!ctx.args.expect_end()) co_return ctx.bad_syntax();
  s.untagged("CAPABILITY " + s.capabilities());
  ctx.ok("Capability completed");
}

net::awaitable<void> cmd_noop(session& s, command_context& ctx) {
  if (!ctx.args.expect_end()) co_return ctx.bad_syntax();
  s.poll_store();
  ctx.ok("NOOP completed");
}

net::awaitable<void> cmd_check(session& s, command_context& ctx) {
  // RFC 9051 removed CHECK; an IMAP4rev2 session does not have it.
  if (s.rev2()) co_return ctx.bad("Unknown command CHECK");
  if (!ctx.args.expect_end()) co_return ctx.bad_syntax();
  s.poll_store();
  ctx.ok("CHECK completed");  // every change is durable when answered
}

net::awaitable<void> cmd_logout(session& s, command_context& ctx) {
  if (!ctx.args.expect_end()) co_return ctx.bad_syntax();
  s.untagged("BYE Logging out");
  s.out() += ctx.tag + " OK Logout completed\r\n";
  ctx.replied = true;
  if (s.selected_state()) s.leave_selected();
  s.state() = logged_out{};
}

net::awaitable<void> cmd_id(session& s, command_context& ctx) {
  auto a = proto::read_id(ctx.args);
  if (!a) co_return ctx.bad_syntax();
  std::string client;
  for (const auto& [k, v] : a->fields) {
    if (!client.empty()) client += ", ";
    client += k + "=" + (v ? *v : std::string("NIL"));
  }
  if (!client.empty()) s.log_event("id", {{"client", client}});
  s.untagged("ID (\"name\" \"Cairn\" \"version\" \"" CAIRN_VERSION "\")");
  ctx.ok("ID completed");
}

net::awaitable<void> cmd_enable(session& s, command_context& ctx) {
  // RFC 5161 section 3.1: only in the authenticated state.
  if (s.selected_state()) co_return ctx.bad("ENABLE is not allowed with a mailbox selected");
  auto a = proto::read_enable(ctx.args);
  if (!a) co_return ctx.bad_syntax();
  // Capabilities not implemented (or unknown) are ignored (RFC 5161
  // section 3.1); what is newly enabled is listed.
  std::string enabled;
  auto add = [&](std::string_view c) {
    if (!enabled.empty()) enabled += ' ';
    enabled += c;
  };
  // QRESYNC implies CONDSTORE (RFC 7162 section 3.2.3): "ENABLE QRESYNC
  // CONDSTORE" enables both, in either order, and lists both (RFC 5161
  // section 3.1: the extensions this command enabled).
  const bool had_condstore = s.condstore(), had_qresync = s.qresync();
  bool listed_condstore = false, listed_qresync = false;
  for (const auto& c : a->capabilities) {
    if (c == "CONDSTORE" && !had_condstore && !listed_condstore) {
      s.enable_condstore();
      add("CONDSTORE");
      listed_condstore = true;
    } else if (c == "QRESYNC" && !had_qresync && !listed_qresync) {
      s.enable_qresync();
      add("QRESYNC");
      listed_qresync = true;
    } else if (c == "IMAP4REV2" && !s.rev2()) {
      // RFC 9051: no \Recent, ESEARCH for SEARCH, no CHECK or LSUB, UTF-8
      // mailbox names and quoted strings (Appendix A), LIST on SELECT.
      s.enable_rev2();
      s.enable_utf8();
      add("IMAP4rev2");
    } else if (c == "UTF8=ACCEPT" && !s.utf8_accept()) {
      // RFC 6855 section 3: UTF-8 in quoted strings and mailbox names.
      s.enable_utf8_accept();
      add("UTF8=ACCEPT");
    }
  }
  s.untagged(enabled.empty() ? "ENABLED" : "ENABLED " + enabled);
  ctx.ok("ENABLE completed");
}

net::awaitable<void> cmd_namespace(session& s, command_context& ctx) {
  if (!ctx.args.expect_end()) co_return ctx.bad_syntax();
  // One personal namespace, no others (RFC 2342).
  s.untagged("NAMESPACE ((\"\" \"/\")) NIL NIL");
  ctx.ok("NAMESPACE completed");
}

net::awaitable<void> cmd_starttls(session& s, command_context& ctx) {
  if (!ctx.args.expect_end()) co_return ctx.bad_syntax();
  if (s.stream().secure()) co_return ctx.bad("TLS is already active");
  if (!s.svc().tls.get()) co_return ctx.no("TLS is not configured", "UNAVAILABLE");
  ctx.ok("Begin TLS negotiation now");
  s.starttls_pending = true;
}

}  // namespace cairn::imap
