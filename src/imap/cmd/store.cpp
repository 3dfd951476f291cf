// STORE and UID STORE (RFC 9051 section 6.4.6).
#include <algorithm>

#include "imap/cmd/commands.hpp"
#include "imap/command_table.hpp"
#include "imap/flags.hpp"
#include "protocol/command.hpp"
#include "store/flags.hpp"

namespace cairn::imap {

net::awaitable<void> cmd_store(session& s, command_context& ctx) {
  auto a = proto::read_store(ctx.args);
  if (!a) co_return ctx.bad_syntax();
  auto* sel = s.selected_state();
  if (a->unchanged_since) s.condstore_enabling_command();  // RFC 7162 section 3.1
  mailbox_view& v = *sel->view;
  if (v.read_only) co_return ctx.no("Mailbox is read-only", "CANNOT");
  std::string why;
  auto uids = v.select(a->set, ctx.uid, why);
  if (!uids) co_return ctx.bad(why);
  if (uids->empty()) co_return ctx.ok("STORE completed");

  const store::flags fl = to_store_flags(a->flags);
  const store::flag_op op = a->mode == proto::store_mode::add      ? store::flag_op::add
                            : a->mode == proto::store_mode::remove ? store::flag_op::remove
                                                                   : store::flag_op::set;
  auto acct = sel->auth.account;
  const store::mailbox_id box = v.box.id;
  store::uid_ranges ranges;
  for (const auto& r : proto::from_sorted(*uids)) ranges.push_back({r.first, r.last});
  struct outcome {
    store::store_result res;
    std::vector<store::message_meta> now;  // every message of the set, for the FETCH replies
  };
  const bool silent = a->silent;
  const bool condstore = s.condstore();
  auto r = co_await s.blocking([&]() -> result<outcome> {
    outcome o;
    auto res = acct->store_flags(box, *uids, op, fl, a->unchanged_since);
    if (!res) return res.error();
    o.res = std::move(*res);
    if (!silent || condstore) {
      auto now = acct->messages_any(box, ranges);
      if (!now) return now.error();
      o.now = std::move(*now);
    }
    return o;
  });
  if (!r) co_return answer_busy(ctx);
  if (!*r) {
    if (r->error() == errc::limit) co_return ctx.no("Too many keywords in this mailbox", "LIMIT");
    co_return answer_error(s, ctx, r->error());
  }
  outcome& o = r->value();
  // A later checkpoint need not repeat this change: the reply tells the new
  // flags in full, or (.SILENT) the client knows them because it knew the
  // message's state before (its MODSEQ was already told here). A .SILENT
  // store over another session's unreported change is reported at the
  // checkpoint, or that change would be lost to this client.
  // After a NO (some messages were expunged) the client cannot tell what
  // changed: the checkpoint reports the messages that did.
  const bool answered_no = !o.res.expunged.empty();
  for (std::size_t k = 0; k < o.res.updated.size(); ++k) {
    const auto& m = o.res.updated[k];
    if (!silent || (!answered_no && o.res.previous[k] <= v.told_modseq)) v.own_updates[m.uid] = m.modseq;
  }
  // New keywords join FLAGS and PERMANENTFLAGS (RFC 9051 section 7.3.5).
  bool new_keyword = false;
  for (const auto& k : fl.keywords)
    if (!std::any_of(v.keywords.begin(), v.keywords.end(),
                     [&](const std::string& x) { return store::keyword_equal(x, k); }))
      new_keyword = true;
  if (new_keyword && op != store::flag_op::remove) {
    auto kws = co_await s.blocking([&]() { return acct->keywords(box); });
    if (kws && *kws) {
      v.keywords = std::move(kws->value());
      s.untagged(flags_response(v.keywords));
      s.untagged(permanent_flags(v.keywords, false, v.keywords.size() < s.config().lim.keywords_per_mailbox));
    }
  }
  // The new flags of every message of the set (RFC 9051 section 6.4.6),
  // with UID in the UID form and for QRESYNC, and MODSEQ once CONDSTORE is
  // on. A .SILENT store under CONDSTORE still reports each changed
  // message's new MODSEQ (RFC 7162 section 3.1.3, example 14).
  std::vector<store::uid_t> changed;
  for (const auto& m : o.res.updated) changed.push_back(m.uid);
  std::sort(changed.begin(), changed.end());
  for (const auto& m : o.now) {
    if (m.expunged) continue;
    const bool was_changed = std::binary_search(changed.begin(), changed.end(), m.uid);
    if (silent && !was_changed) continue;
    auto seq = v.seq_of(m.uid);
    if (!seq) continue;
    std::string line = std::to_string(*seq) + " FETCH (";
    if (ctx.uid || s.qresync()) line += "UID " + std::to_string(m.uid) + " ";
    if (!silent) {
      line += "FLAGS ";
      append_flags(line, m.fl, v.is_recent(m.uid));
    }
    if (condstore) {
      if (!silent) line += ' ';
      line += "MODSEQ (" + std::to_string(m.modseq) + ")";
    }
    line += ')';
    s.untagged(line);
  }
  // UNCHANGEDSINCE failures (RFC 7162 section 3.1.3): sequence numbers for
  // STORE, UIDs for UID STORE.
  std::string modified;
  if (!o.res.modified.empty()) {
    std::vector<std::uint32_t> ids;
    for (auto u : o.res.modified) {
      if (ctx.uid) ids.push_back(u);
      else if (auto seq = v.seq_of(u)) ids.push_back(*seq);
    }
    std::sort(ids.begin(), ids.end());
    modified = "MODIFIED " + proto::to_string(proto::from_sorted(ids));
  }
  // A message another session expunged and this one was not told of yet
  // (RFC 2180 section 4.2.1; DESIGN.md "Sessions agree").
  if (!o.res.expunged.empty())
    co_return ctx.no("Some of the requested messages no longer exist",
                     modified.empty() ? std::string("EXPUNGEISSUED") : modified);
  if (!modified.empty()) co_return ctx.ok("Conditional STORE failed", modified);
  ctx.ok("STORE completed");
}

}  // namespace cairn::imap
