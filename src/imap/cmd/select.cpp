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
  // RFC 7162 section 3.2.5: QRESYNC needs ENABLE QRESYNC first (BAD).
  if (a->qresync && !s.qresync()) co_return ctx.bad("QRESYNC is not enabled");
  if (a->condstore) s.enable_condstore();  // RFC 7162 section 3.1.8

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
    store::account::listing msgs;
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
    auto msgs = acct->select_listing(l.box.id);
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
  view->uids = std::move(l.msgs.uids);
  const std::uint32_t first_unseen =
      l.msgs.first_unseen ? static_cast<std::uint32_t>(*l.msgs.first_unseen + 1) : 0;
  if (!s.rev2()) {
    // Only what the claim covered: below the UIDNEXT read before it, so
    // that no message is \Recent in two sessions.
    // IMAP4rev2 has no \Recent (RFC 9051 Appendix E, item 12).
    auto from = std::lower_bound(view->uids.begin(), view->uids.end(), l.recent_floor);
    auto to = std::lower_bound(from, view->uids.end(), l.box.uidnext);
    view->recent.assign(from, to);
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
  if (s.condstore()) s.untagged("OK [HIGHESTMODSEQ " + std::to_string(l.box.highestmodseq) + "] Highest");
  s.untagged(flags_response(view->keywords));
  s.untagged(permanent_flags(view->keywords, view->read_only, may_create));
  // QRESYNC (RFC 7162 section 3.2.5): what changed since the client's
  // MODSEQ, as if it had sent UID FETCH known-uids (FLAGS) (CHANGEDSINCE
  // modseq VANISHED); nothing when its UIDVALIDITY is stale.
  if (a->qresync && a->qresync->uidvalidity == l.box.uidvalidity) {
    const auto& q = *a->qresync;
    const store::uid_t top = l.box.uidnext > 1 ? l.box.uidnext - 1 : 0;
    proto::number_ranges known =
        q.known_uids ? proto::resolve(*q.known_uids, top) : proto::number_ranges{{1, top}};
    known = proto::clip(known, top);
    // Sequence match data (section 3.2.5.2): pairs that still match tell
    // that the client knows every expunge up to that UID.
    store::uid_t floor = 0;
    if (q.seq_match) {
      auto seqs = proto::resolve(q.seq_match->first, view->exists());
      auto us = proto::resolve(q.seq_match->second, top);
      // The two sets are walked pair by pair, never spelled out: the
      // grammar lets a client write "1:4294967295" for either, and
      // expanding that built vectors of four billion numbers (16 GB) per
      // SELECT (issue 11). Only pairs naming a message can match, so the
      // walk stops after exists() pairs at most.
      auto next_of = [](const proto::number_ranges& rs, std::size_t& i, std::uint64_t& at) -> std::optional<std::uint32_t> {
        while (i < rs.size() && at > rs[i].last) {
          if (++i < rs.size()) at = rs[i].first;
        }
        if (i >= rs.size()) return std::nullopt;
        return static_cast<std::uint32_t>(at++);
      };
      std::size_t si = 0, ui = 0;
      std::uint64_t sat = seqs.empty() ? 0 : seqs[0].first, uat = us.empty() ? 0 : us[0].first;
      for (std::size_t k = 0; k < view->exists(); ++k) {
        auto sq = next_of(seqs, si, sat);
        auto u = next_of(us, ui, uat);
        if (!sq || !u) break;
        if (*sq < 1 || *sq > view->exists() || view->uids[*sq - 1] != *u) break;
        floor = *u;
      }
    }
    const store::modseq_t since = q.modseq;
    auto ch = co_await s.blocking([&]() { return acct->changes_since(l.box.id, since); });
    if (!ch) co_return answer_busy(ctx);
    if (!*ch) co_return answer_error(s, ctx, ch->error());
    std::vector<store::uid_t> gone;
    for (const auto& r : ch->value().expunged)
      for (std::uint64_t u = std::max<std::uint64_t>(r.first, floor + 1); u <= r.last; ++u)
        if (proto::contains(known, static_cast<std::uint32_t>(u)) && !view->seq_of(static_cast<store::uid_t>(u)))
          gone.push_back(static_cast<store::uid_t>(u));
    if (!gone.empty()) s.untagged("VANISHED (EARLIER) " + proto::to_string(proto::from_sorted(gone)));
    for (const auto& m : ch->value().changed) {
      auto seq = view->seq_of(m.uid);
      if (!seq || !proto::contains(known, m.uid)) continue;
      std::string line = std::to_string(*seq) + " FETCH (UID " + std::to_string(m.uid) + " FLAGS ";
      append_flags(line, m.fl, view->is_recent(m.uid));
      line += " MODSEQ (" + std::to_string(m.modseq) + "))";
      s.untagged(line);
    }
  }
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
    // As EXPUNGE: only the messages this session knows.
    std::optional<store::uid_ranges> known;
    known.emplace();
    if (sel->view->last_uid() > 0) known->push_back({1, sel->view->last_uid()});
    auto r = co_await s.blocking([&]() { return acct->expunge(box, known); });
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
