// EXPUNGE and UID EXPUNGE (RFC 9051 section 6.4.3, RFC 4315 section 2.1).
#include "imap/cmd/commands.hpp"
#include "imap/command_table.hpp"
#include "protocol/command.hpp"

namespace cairn::imap {

net::awaitable<void> cmd_expunge(session& s, command_context& ctx) {
  std::optional<store::uid_ranges> only;
  auto* sel = s.selected_state();
  mailbox_view& v = *sel->view;
  if (ctx.uid) {
    auto a = proto::read_uid_expunge(ctx.args);
    if (!a) co_return ctx.bad_syntax();
    std::string why;
    auto uids = v.select(a->set, true, why);
    if (!uids) co_return ctx.bad(why);
    only.emplace();
    for (const auto& r : proto::from_sorted(*uids)) only->push_back({r.first, r.last});
    if (only->empty()) co_return ctx.ok("EXPUNGE completed");
  } else if (!ctx.args.expect_end()) {
    co_return ctx.bad_syntax();
  } else {
    // Only messages this session knows: one that arrived after its last
    // checkpoint, \Deleted by someone else, was never shown to this client
    // and is not its to remove.
    only.emplace();
    if (v.last_uid() > 0) only->push_back({1, v.last_uid()});
    if (only->empty()) co_return ctx.ok("EXPUNGE completed");
  }
  if (v.read_only) co_return ctx.no("Mailbox is read-only", "CANNOT");
  auto acct = sel->auth.account;
  const store::mailbox_id box = v.box.id;
  auto r = co_await s.blocking([&]() { return acct->expunge(box, only); });
  if (!r) co_return answer_busy(ctx);
  if (!*r) co_return answer_error(s, ctx, r->error());
  s.report_own_expunges(r->value().uids, r->value().modseq);
  s.request_purge();
  // RFC 7162 sections 3.2.7 and 3.2.9: the new HIGHESTMODSEQ when something
  // was expunged (required with QRESYNC, useful with CONDSTORE).
  ctx.highestmodseq_code = s.condstore() && !r->value().uids.empty();
  ctx.ok("EXPUNGE completed");
}

}  // namespace cairn::imap
