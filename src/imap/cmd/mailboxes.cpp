// CREATE, DELETE, RENAME, SUBSCRIBE, UNSUBSCRIBE (RFC 9051 sections 6.3.4
// to 6.3.8; RFC 6154 CREATE-SPECIAL-USE).
#include <algorithm>

#include "imap/cmd/commands.hpp"
#include "imap/command_table.hpp"
#include "protocol/command.hpp"
#include "store/mailbox_name.hpp"

namespace cairn::imap {
namespace {

// The special-use attributes a mailbox may be created with. \All and
// \Flagged name virtual mailboxes, which Cairn does not have.
bool creatable_special_use(std::string_view a) {
  for (const char* x : {"\\Archive", "\\Drafts", "\\Junk", "\\Sent", "\\Trash"})
    if (a.size() == std::string_view(x).size() &&
        std::equal(a.begin(), a.end(), x, [](char p, char q) { return (p | 0x20) == (q | 0x20); }))
      return true;
  return false;
}

std::string canonical_special_use(std::string_view a) {
  for (const char* x : {"\\Archive", "\\Drafts", "\\Junk", "\\Sent", "\\Trash"})
    if (std::equal(a.begin(), a.end(), x, x + std::string_view(x).size(),
                   [](char p, char q) { return (p | 0x20) == (q | 0x20); }))
      return x;
  return std::string(a);
}

bool has_children(const std::vector<store::mailbox_info>& all, std::string_view name) {
  for (const auto& m : all)
    if (m.name.size() > name.size() && m.name.compare(0, name.size(), name) == 0 && m.name[name.size()] == '/')
      return true;
  return false;
}

}  // namespace

net::awaitable<void> cmd_create(session& s, command_context& ctx) {
  auto a = proto::read_create(ctx.args);
  if (!a) co_return ctx.bad_syntax();
  // A trailing delimiter says the client means to create children below
  // the name (RFC 9051 section 6.3.4): create the name itself.
  std::string wire = a->mailbox;
  if (wire.size() > 1 && wire.back() == '/') wire.pop_back();
  std::string why;
  auto name = s.decode_mailbox(wire, why);
  if (!name) co_return ctx.no(why, "CANNOT");
  if (*name == "INBOX") co_return ctx.no("Mailbox already exists", "ALREADYEXISTS");
  if (a->special_use.size() > 1) co_return ctx.no("Only one special-use attribute per mailbox", "USEATTR");
  std::string use;
  if (!a->special_use.empty()) {
    if (!creatable_special_use(a->special_use[0]))
      co_return ctx.no("Unsupported special-use attribute", "USEATTR");
    use = canonical_special_use(a->special_use[0]);
  }
  auto acct = s.auth_state()->account;
  std::string target = *name;
  auto r = co_await s.blocking([&]() -> result<void> {
    // Superior names are created too, as RFC 9051 section 6.3.4 recommends.
    std::string_view parent = store::parent_mailbox(target);
    std::vector<std::string> parents;
    while (!parent.empty()) {
      parents.emplace_back(parent);
      parent = store::parent_mailbox(parent);
    }
    for (auto it = parents.rbegin(); it != parents.rend(); ++it) {
      auto c = acct->create_mailbox(*it);
      if (!c && c.error() != errc::already_exists) return c.error();
    }
    auto c = acct->create_mailbox(target, use);
    if (!c) return c.error();
    return {};
  });
  if (!r) co_return answer_busy(ctx);
  if (!*r) co_return answer_error(s, ctx, r->error());
  ctx.ok("CREATE completed");
}

net::awaitable<void> cmd_delete(session& s, command_context& ctx) {
  auto a = proto::read_mailbox_only(ctx.args);
  if (!a) co_return ctx.bad_syntax();
  std::string why;
  auto name = s.decode_mailbox(a->mailbox, why);
  if (!name) co_return ctx.no(why, "CANNOT");
  if (*name == "INBOX") co_return ctx.no("INBOX can't be deleted", "CANNOT");
  auto acct = s.auth_state()->account;
  std::string target = *name;
  auto r = co_await s.blocking([&]() -> result<void> {
    auto d = acct->delete_mailbox(target);
    if (d || d.error() != errc::not_found) return d;
    // A name that exists only because it has children is \Noselect: it
    // cannot be deleted (RFC 9051 section 6.3.5).
    auto all = acct->mailboxes();
    if (all && has_children(*all, target)) return errc::has_children;
    return errc::not_found;
  });
  if (!r) co_return answer_busy(ctx);
  if (!*r) co_return answer_error(s, ctx, r->error());
  // Deleting the selected mailbox leaves the authenticated state: nothing
  // is left to show.
  if (auto* sel = s.selected_state(); sel && sel->view->box.name == target) {
    s.leave_selected();
    s.untagged("OK [CLOSED] Mailbox deleted");
  }
  ctx.ok("DELETE completed");
}

net::awaitable<void> cmd_rename(session& s, command_context& ctx) {
  auto a = proto::read_rename(ctx.args);
  if (!a) co_return ctx.bad_syntax();
  std::string why;
  auto from = s.decode_mailbox(a->from, why);
  if (!from) co_return ctx.no(why, "CANNOT");
  std::string to_wire = a->to;
  if (to_wire.size() > 1 && to_wire.back() == '/') to_wire.pop_back();
  auto to = s.decode_mailbox(to_wire, why);
  if (!to) co_return ctx.no(why, "CANNOT");
  if (*to == "INBOX") co_return ctx.no("Mailbox already exists", "ALREADYEXISTS");
  if (*from == *to) co_return ctx.no("Mailbox already exists", "ALREADYEXISTS");
  if (to->size() > from->size() && to->compare(0, from->size(), *from) == 0 && (*to)[from->size()] == '/' &&
      *from != "INBOX")
    co_return ctx.no("Can't move a mailbox below itself", "CANNOT");
  auto acct = s.auth_state()->account;
  std::string f = *from, t = *to;
  auto r = co_await s.blocking([&]() -> result<void> {
    // The new name's superiors are created as for CREATE.
    std::string_view parent = store::parent_mailbox(t);
    std::vector<std::string> parents;
    while (!parent.empty()) {
      parents.emplace_back(parent);
      parent = store::parent_mailbox(parent);
    }
    // Check first: creating superiors for a rename that then fails would
    // leave them behind.
    auto dst = acct->mailbox(t);
    if (dst) return errc::already_exists;
    for (auto it = parents.rbegin(); it != parents.rend(); ++it) {
      if (*it == f) continue;
      auto c = acct->create_mailbox(*it);
      if (!c && c.error() != errc::already_exists) return c.error();
    }
    return acct->rename_mailbox(f, t);
  });
  if (!r) co_return answer_busy(ctx);
  if (!*r) co_return answer_error(s, ctx, r->error());
  ctx.ok("RENAME completed");
}

namespace {
net::awaitable<void> set_subscription(session& s, command_context& ctx, bool on) {
  auto a = proto::read_mailbox_only(ctx.args);
  if (!a) co_return ctx.bad_syntax();
  std::string why;
  auto name = s.decode_mailbox(a->mailbox, why);
  if (!name) co_return ctx.no(why, "CANNOT");
  auto acct = s.auth_state()->account;
  std::string target = *name;
  auto r = co_await s.blocking([&]() -> result<void> {
    if (on) {
      // RFC 9051 section 6.3.7 lets a server check that the mailbox exists;
      // like Dovecot we do, so that a typo is noticed.
      auto m = acct->mailbox(target);
      if (!m) return m.error();
    }
    return acct->set_subscribed(target, on);
  });
  if (!r) co_return answer_busy(ctx);
  if (!*r) co_return answer_error(s, ctx, r->error());
  ctx.ok(on ? "SUBSCRIBE completed" : "UNSUBSCRIBE completed");
}
}  // namespace

net::awaitable<void> cmd_subscribe(session& s, command_context& ctx) { co_await set_subscription(s, ctx, true); }
net::awaitable<void> cmd_unsubscribe(session& s, command_context& ctx) { co_await set_subscription(s, ctx, false); }

}  // namespace cairn::imap
