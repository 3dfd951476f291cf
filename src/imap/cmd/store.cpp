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
  if (a->unchanged_since) co_return ctx.bad("CONDSTORE is not enabled");
  auto* sel = s.selected_state();
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
  auto r = co_await s.blocking([&]() -> result<outcome> {
    outcome o;
    auto res = acct->store_flags(box, *uids, op, fl);
    if (!res) return res.error();
    o.res = std::move(*res);
    if (!silent) {
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
  for (const auto& m : o.res.updated) v.own_updates[m.uid] = m.modseq;
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
  if (!silent) {
    // The new flags of every message of the set (RFC 9051 section 6.4.6),
    // with UID in the UID form.
    for (const auto& m : o.now) {
      if (m.expunged) continue;
      auto seq = v.seq_of(m.uid);
      if (!seq) continue;
      std::string line = std::to_string(*seq) + " FETCH (";
      if (ctx.uid) line += "UID " + std::to_string(m.uid) + " ";
      line += "FLAGS ";
      append_flags(line, m.fl, v.is_recent(m.uid));
      line += ')';
      s.untagged(line);
    }
  }
  // A message another session expunged and this one was not told of yet
  // (RFC 2180 section 4.2.1; DESIGN.md "Sessions agree").
  if (!o.res.expunged.empty())
    co_return ctx.no("Some of the requested messages no longer exist", "EXPUNGEISSUED");
  ctx.ok("STORE completed");
}

}  // namespace cairn::imap
