// QUOTA (RFC 9208): GETQUOTA, GETQUOTAROOT, SETQUOTA.
//
// One quota root per account, named "" to its own sessions (RFC 9208
// section 4.2.2's example): every mailbox of the account, existing or not,
// is under it. Resources: STORAGE (units of 1024 octets, the sum of
// RFC822.SIZE of live messages, rounded down, as Dovecot reports it) and
// MESSAGE. The store enforces the limits on every path that adds mail
// (store.hpp, "Quota"); here they are only shown and set.
//
// SETQUOTA (QUOTASET) is for the accounts in quota.administrators. They may
// also name another account's root by its account name, e.g.
// GETQUOTA "bob@example.org"; to anyone else such a root does not exist.
#include <algorithm>
#include <cstdint>

#include "imap/cmd/commands.hpp"
#include "imap/command_table.hpp"
#include "protocol/command.hpp"

namespace cairn::imap {
namespace {

bool is_administrator(session& s) {
  const auto* a = s.auth_state();
  if (!a) return false;
  const auto& admins = s.config().quota_administrators;
  return std::find(admins.begin(), admins.end(), a->user.name) != admins.end();
}

// `* QUOTA root (STORAGE used limit MESSAGE used limit)`, limited resources
// only (RFC 9208 section 4.2.1: an unnamed resource has no limit).
std::string quota_line(session& s, std::string_view root, const store::quota_info& q) {
  std::string line = "QUOTA ";
  proto::append_astring(line, root, s.text());
  line += " (";
  bool first = true;
  if (q.limits.storage) {
    line += "STORAGE ";
    proto::append_number(line, q.storage_used / 1024);
    line += ' ';
    proto::append_number(line, *q.limits.storage / 1024);
    first = false;
  }
  if (q.limits.messages) {
    if (!first) line += ' ';
    line += "MESSAGE ";
    proto::append_number(line, q.messages_used);
    line += ' ';
    proto::append_number(line, *q.limits.messages);
  }
  line += ')';
  return line;
}

// The account a root names for this session: its own for "", another's by
// name for an administrator; nullptr when there is none (the caller answers
// NONEXISTENT).
struct root_account {
  std::shared_ptr<store::account> account;
  errc error = errc::ok;
};

root_account resolve_root(session& s, const std::string& root, bool admin) {
  auto* a = s.auth_state();
  if (root.empty() || root == a->user.name) return {a->account};
  if (!admin) return {nullptr, errc::not_found};
  auto u = s.svc().store.users().find_user(root);
  if (!u) return {nullptr, static_cast<errc>(u.error().value())};
  auto acct = s.svc().store.open_account(u->account_id);
  if (!acct) return {nullptr, static_cast<errc>(acct.error().value())};
  return {std::move(*acct)};
}

}  // namespace

net::awaitable<void> cmd_getquota(session& s, command_context& ctx) {
  auto root = ctx.args.astring();
  if (!root || !ctx.args.expect_end()) co_return ctx.bad_syntax();
  const bool admin = is_administrator(s);
  const std::string name = *root;
  auto r = co_await s.blocking([&]() -> result<store::quota_info> {
    auto ra = resolve_root(s, name, admin);
    if (!ra.account) return ra.error;
    return ra.account->quota();
  });
  if (!r) co_return answer_busy(ctx);
  if (!*r) {
    if (r->error() == errc::not_found) co_return ctx.no("No such quota root", "NONEXISTENT");
    co_return answer_error(s, ctx, r->error());
  }
  s.untagged(quota_line(s, name, r->value()));
  ctx.ok("GETQUOTA completed");
}

net::awaitable<void> cmd_getquotaroot(session& s, command_context& ctx) {
  auto mailbox = proto::read_mailbox(ctx.args);
  if (!mailbox || !ctx.args.expect_end()) co_return ctx.bad_syntax();
  std::string why;
  auto name = s.decode_mailbox(*mailbox, why);
  if (!name) co_return ctx.no(why, "CANNOT");
  auto acct = s.auth_state()->account;
  auto r = co_await s.blocking([&]() { return acct->quota(); });
  if (!r) co_return answer_busy(ctx);
  if (!*r) co_return answer_error(s, ctx, r->error());
  // The mailbox need not exist (RFC 9208 section 4.1.2): every name of the
  // account is under its one root.
  std::string line = "QUOTAROOT ";
  s.append_mailbox(line, *name);
  line += " \"\"";
  s.untagged(line);
  s.untagged(quota_line(s, "", r->value()));
  ctx.ok("GETQUOTAROOT completed");
}

net::awaitable<void> cmd_setquota(session& s, command_context& ctx) {
  auto root = ctx.args.astring();
  if (!root || !ctx.args.sp() || !ctx.args.open_list()) co_return ctx.bad_syntax();
  // RFC 9208 section 4.1.3: limits not listed are removed.
  store::quota_settings settings;
  settings.storage = {store::quota_setting::kind::unlimited, 0};
  settings.messages = {store::quota_setting::kind::unlimited, 0};
  std::string unknown;
  if (ctx.args.peek() == ')') {
    ctx.args.close_list();  // "()": every limit removed
  } else {
    do {
      auto res = ctx.args.keyword();
      if (!res || !ctx.args.sp()) co_return ctx.bad_syntax();
      auto limit = ctx.args.number64();
      if (!limit) co_return ctx.bad_syntax();
      if (*res == "STORAGE") {
        if (*limit > INT64_MAX / 1024) co_return ctx.bad("STORAGE limit too large");
        settings.storage = {store::quota_setting::kind::limit, *limit * 1024};
      } else if (*res == "MESSAGE") {
        settings.messages = {store::quota_setting::kind::limit, *limit};
      } else if (unknown.empty()) {
        unknown = *res;
      }
    } while (ctx.args.consume(' '));
    if (!ctx.args.close_list()) co_return ctx.bad_syntax();
  }
  if (!ctx.args.expect_end()) co_return ctx.bad_syntax();
  if (!is_administrator(s)) co_return ctx.no("Permission denied", "NOPERM");
  if (!unknown.empty()) co_return ctx.no("Unsupported quota resource " + unknown, "CANNOT");
  const std::string name = *root;
  auto r = co_await s.blocking([&]() -> result<store::quota_info> {
    auto ra = resolve_root(s, name, true);
    if (!ra.account) return ra.error;
    if (auto set = ra.account->set_quota(settings); !set) return set.error();
    return ra.account->quota();
  });
  if (!r) co_return answer_busy(ctx);
  if (!*r) {
    if (r->error() == errc::not_found) co_return ctx.no("No such quota root", "NONEXISTENT");
    co_return answer_error(s, ctx, r->error());
  }
  s.untagged(quota_line(s, name, r->value()));
  ctx.ok("SETQUOTA completed");
}

}  // namespace cairn::imap
