// SELECT, EXAMINE, CLOSE, UNSELECT (RFC 9051 sections 6.3.2, 6.3.3, 6.4.1,
// 6.4.2; RFC 3691).
#include <algorithm>

#include "imap/cmd/commands.hpp"
#include "imap/command_table.hpp"
#include "imap/flags.hpp"
#include "protocol/command.hpp"

namespace cairn::imap {
namespace {

// "inbox" selects INBOX: a case difference is not a name to report.
bool ascii_iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'a' && x <= 'z') x = static_cast<char>(x - 32);
    if (y >= 'a' && y <= 'z') y = static_cast<char>(y - 32);
    if (x != y) return false;
  }
  return true;
}

}  // namespace

net::awaitable<void> cmd_select(session& s, command_context& ctx) {
  const bool examine = ctx.name == "EXAMINE";
  auto a = proto::read_select(ctx.args);
  if (!a) co_return ctx.bad_syntax();
  if (a->condstore || a->qresync) co_return ctx.bad("CONDSTORE and QRESYNC are not enabled");

  // A SELECT always leaves the selected mailbox first, even when it fails
  // (RFC 9051 section 6.3.2); [CLOSED] tells the client where the old
  // mailbox's responses end.
  if (s.selected_state()) {
    s.leave_selected();
    s.untagged("OK [CLOSED] Previous mailbox closed");
  }
  std::string why;
  auto name = s.decode_mailbox(a->mailbox, why);
  if (!name) co_return ctx.no(why, "CANNOT");

  auto acct = s.auth_state()->account;
  struct loaded {
    store::mailbox_info box;
    std::vector<store::message_meta> msgs;
    std::vector<std::string> keywords;
    store::uid_t recent_floor = 0;
  };
  const bool claim = !examine && !s.rev2();
  std::string mbox = *name;
  auto r = co_await s.blocking([&]() -> result<loaded> {
    loaded l;
    auto box = acct->mailbox(mbox);
    if (!box) return box.error();
    l.box = std::move(*box);
    // \Recent (RFC 3501 section 2.3.2): a read-write session claims what
    // no session has seen; a read-only one only looks.
    if (claim && l.box.recent_floor < l.box.uidnext) {
      auto f = acct->claim_recent(l.box.id);
      if (!f) return f.error();
      l.recent_floor = *f;
    } else {
      l.recent_floor = l.box.recent_floor;
    }
    auto msgs = acct->messages(l.box.id);
    if (!msgs) return msgs.error();
    l.msgs = std::move(*msgs);
    auto kws = acct->keywords(l.box.id);
    if (!kws) return kws.error();
    l.keywords = std::move(*kws);
    // The listing may be newer than l.box; the view starts at l.box's
    // MODSEQ, so a change in between is reported once more, never missed.
    return l;
  });
  if (!r) co_return answer_busy(ctx);
  if (!*r) co_return answer_error(s, ctx, r->error());
  loaded& l = r->value();

  auto view = std::make_unique<mailbox_view>();
  view->box = l.box;
  view->read_only = examine;
  view->told_modseq = l.box.highestmodseq;
  view->keywords = std::move(l.keywords);
  view->uids.reserve(l.msgs.size());
  std::uint32_t first_unseen = 0;
  for (const auto& m : l.msgs) {
    view->uids.push_back(m.uid);
    // Only what the claim covered: below the UIDNEXT read before it, so
    // that no message is \Recent in two sessions.
    // IMAP4rev2 has no \Recent (RFC 9051 Appendix E, item 12).
    if (!s.rev2() && m.uid >= l.recent_floor && m.uid < l.box.uidnext) view->recent.push_back(m.uid);
    if (!first_unseen && !(m.fl.system & store::flag_seen)) first_unseen = view->exists();
  }
  const bool may_create = view->keywords.size() < s.config().lim.keywords_per_mailbox;
  s.untagged(std::to_string(view->exists()) + " EXISTS");
  if (s.rev2()) {
    // RFC 9051 section 6.3.2: the mailbox's name as a LIST response (its
    // attributes may be left out), with OLDNAME when the name given was
    // not in the stored (NFC) form.
    std::string list = "LIST () \"/\" ";
    s.append_mailbox(list, *name);
    if (a->mailbox != *name && !ascii_iequal(a->mailbox, *name)) {
      list += " (\"OLDNAME\" (";
      proto::append_astring(list, a->mailbox, s.text());
      list += "))";
    }
    s.untagged(list);
  } else {
    s.untagged(std::to_string(view->recent.size()) + " RECENT");
    if (first_unseen) s.untagged("OK [UNSEEN " + std::to_string(first_unseen) + "] First unseen");
  }
  s.untagged("OK [UIDVALIDITY " + std::to_string(l.box.uidvalidity) + "] UIDs valid");
  s.untagged("OK [UIDNEXT " + std::to_string(l.box.uidnext) + "] Predicted next UID");
  s.untagged(flags_response(view->keywords));
  s.untagged(permanent_flags(view->keywords, view->read_only, may_create));
  s.enter_selected(std::move(view));
  // Messages expunged while nobody watched (before a restart, by another
  // process) are purged once the sessions watching now have been told.
  s.post_purge(acct, l.box.id);
  // Changes committed between the listing and now reach the client at the
  // next checkpoint through changes_since(told_modseq).
  if (examine) ctx.ok("EXAMINE completed", "READ-ONLY");
  else ctx.ok("SELECT completed", "READ-WRITE");
}

net::awaitable<void> cmd_close(session& s, command_context& ctx) {
  if (!ctx.args.expect_end()) co_return ctx.bad_syntax();
  auto* sel = s.selected_state();
  if (!sel->view->read_only) {
    // CLOSE expunges silently (RFC 9051 section 6.4.1): no EXPUNGE responses.
    auto acct = sel->auth.account;
    store::mailbox_id box = sel->view->box.id;
    auto r = co_await s.blocking([&]() { return acct->expunge(box); });
    if (r && !*r && r->error() != errc::not_found) {
      s.leave_selected();
      co_return answer_error(s, ctx, r->error());
    }
    if (r && *r && !r->value().uids.empty()) s.request_purge();
  }
  s.leave_selected();
  ctx.ok("CLOSE completed");
}

net::awaitable<void> cmd_unselect(session& s, command_context& ctx) {
  if (!ctx.args.expect_end()) co_return ctx.bad_syntax();
  s.leave_selected();
  ctx.ok("UNSELECT completed");
}

}  // namespace cairn::imap
